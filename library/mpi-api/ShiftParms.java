// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class ShiftParms {
    public int rank_dest;
    public int rank_source;

    ShiftParms() {
    }
}
