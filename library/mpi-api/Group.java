// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Group {
    public static final int EMPTY = 3;
    public int code;

    Group() {
    }

    public static int Compare(Group a0, Group a1) throws MPIException {
        throw Missing.error();
    }

    public static Group Difference(Group a0, Group a1) throws MPIException {
        throw Missing.error();
    }

    public Group Excl(int[] a0) throws MPIException {
        throw Missing.error();
    }

    public Group Incl(int[] a0) throws MPIException {
        throw Missing.error();
    }

    public static Group Intersection(Group a0, Group a1) throws MPIException {
        throw Missing.error();
    }

    public Group Range_excl(int[][] a0) throws MPIException {
        throw Missing.error();
    }

    public Group Range_incl(int[][] a0) throws MPIException {
        throw Missing.error();
    }

    public int Rank() throws MPIException {
        throw Missing.error();
    }

    public int Size() throws MPIException {
        throw Missing.error();
    }

    public static int[] Translate_ranks(Group a0, int[] a1, Group a2) throws MPIException {
        throw Missing.error();
    }

    public static Group Union(Group a0, Group a1) throws MPIException {
        throw Missing.error();
    }


    public void free() {
        throw Missing.error();
    }
}
