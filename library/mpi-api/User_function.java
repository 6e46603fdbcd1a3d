// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public abstract class User_function {

    public User_function() {
        throw Missing.error();
    }

    public abstract void Call(java.lang.Object a0, int a1, java.lang.Object a2, int a3, int a4, Datatype a5) throws MPIException;
}
