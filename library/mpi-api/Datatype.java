// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public abstract class Datatype {
    public int baseType;

    public Datatype() {
        throw Missing.error();
    }

    public void Commit() throws MPIException {
        throw Missing.error();
    }

    public static Datatype Contiguous(int a0, Datatype a1) throws MPIException {
        throw Missing.error();
    }

    public int Extent() throws MPIException {
        throw Missing.error();
    }

    public static Datatype Hindexed(int[] a0, int[] a1, Datatype a2) throws MPIException {
        throw Missing.error();
    }

    public static Datatype Hvector(int a0, int a1, int a2, Datatype a3) throws MPIException {
        throw Missing.error();
    }

    public static Datatype Indexed(int[] a0, int[] a1, Datatype a2) throws MPIException {
        throw Missing.error();
    }

    public int Lb() throws MPIException {
        throw Missing.error();
    }

    public int Size() throws MPIException {
        throw Missing.error();
    }

    public static Datatype Struct(int[] a0, int[] a1, Datatype[] a2) throws MPIException {
        throw Missing.error();
    }

    public int Ub() throws MPIException {
        throw Missing.error();
    }

    public static Datatype Vector(int a0, int a1, int a2, Datatype a3) throws MPIException {
        throw Missing.error();
    }


    public void free() {
        throw Missing.error();
    }

    public int getByteSize() {
        throw Missing.error();
    }

    public int getType() {
        throw Missing.error();
    }
}
