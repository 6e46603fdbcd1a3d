// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class CartParms {
    public int[] coords;
    public int[] dims;
    public boolean[] periods;

    CartParms() {
    }
}
