// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Status {
    public int count;
    public int countInBytes;
    public int index;
    public int numEls;
    public int source;
    public java.util.UUID srcID;
    public int tag;

    public Status() {
        throw Missing.error();
    }

    public int Get_count(Datatype a0) throws MPIException {
        throw Missing.error();
    }

    public int Get_elements(Datatype a0) throws MPIException {
        throw Missing.error();
    }

    public boolean Test_cancelled() throws MPIException {
        throw Missing.error();
    }

    public void free() {
        throw Missing.error();
    }
}
