// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Request {

    Request() {
    }

    public void Cancel() throws MPIException {
        throw Missing.error();
    }

    public boolean Is_null() throws MPIException {
        throw Missing.error();
    }

    public Status Test() throws MPIException {
        throw Missing.error();
    }

    public static Status[] Testall(Request[] a0) throws MPIException {
        throw Missing.error();
    }

    public static Status Testany(Request[] a0) throws MPIException {
        throw Missing.error();
    }

    public static Status[] Testsome(Request[] a0) throws MPIException {
        throw Missing.error();
    }

    public Status Wait() throws MPIException {
        throw Missing.error();
    }

    public static Status[] Waitall(Request[] a0) throws MPIException {
        throw Missing.error();
    }

    public static Status Waitany(Request[] a0) throws MPIException {
        throw Missing.error();
    }

    public static Status[] Waitsome(Request[] a0) throws MPIException {
        throw Missing.error();
    }

}
