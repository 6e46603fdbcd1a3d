// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Intercomm extends Comm {

    Intercomm() {
    }

    public Intracomm Merge(boolean a0) throws MPIException {
        throw Missing.error();
    }

    public Group Remote_group() throws MPIException {
        throw Missing.error();
    }

    public int Remote_size() throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object clone() throws MPIException {
        throw Missing.error();
    }
}
