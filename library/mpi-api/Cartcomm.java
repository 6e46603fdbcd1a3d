// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Cartcomm extends Intracomm {

    Cartcomm() {
    }

    public int[] Coords(int a0) throws MPIException {
        throw Missing.error();
    }

    public static void Dims_create(int a0, int[] a1) throws MPIException {
        throw Missing.error();
    }

    public CartParms Get() throws MPIException {
        throw Missing.error();
    }

    public int Map(int[] a0, boolean[] a1) throws MPIException {
        throw Missing.error();
    }

    public int Rank(int[] a0) throws MPIException {
        throw Missing.error();
    }

    public ShiftParms Shift(int a0, int a1) throws MPIException {
        throw Missing.error();
    }

    public Cartcomm Sub(boolean[] a0) throws MPIException {
        throw Missing.error();
    }

    public int Topo_test() throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object clone() throws MPIException {
        throw Missing.error();
    }
}
