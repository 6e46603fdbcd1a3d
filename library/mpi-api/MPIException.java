// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class MPIException extends java.lang.RuntimeException {

    public MPIException() {
        super();
    }

    public MPIException(java.lang.String a0) {
        super(a0);
    }

    public MPIException(java.lang.Throwable a0) {
        super(a0);
    }
}
