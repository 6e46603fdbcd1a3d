// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Op {
    public int opCode;

    Op() {
    }

    public Op(User_function a0, boolean a1) throws MPIException {
        throw Missing.error();
    }

    public Op(User_function a0, boolean a1, int a2) throws MPIException {
        throw Missing.error();
    }


    public void free() throws MPIException {
        throw Missing.error();
    }
}
