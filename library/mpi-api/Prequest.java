// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Prequest extends Request {

    Prequest() {
    }

    public void Start() throws MPIException {
        throw Missing.error();
    }

    public static void Startall(Prequest[] a0) throws MPIException {
        throw Missing.error();
    }
}
