// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Graphcomm extends Intracomm {

    Graphcomm() {
    }

    public GraphParms Get() throws MPIException {
        throw Missing.error();
    }

    public int Map(int[] a0, int[] a1) throws MPIException {
        throw Missing.error();
    }

    public int[] Neighbours(int a0) throws MPIException {
        throw Missing.error();
    }

    public int Topo_test() throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object clone() throws MPIException {
        throw Missing.error();
    }
}
