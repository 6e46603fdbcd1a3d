// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Intracomm extends Comm {

    Intracomm() {
    }

    public void Allgather(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int a6, Datatype a7) throws MPIException {
        throw Missing.error();
    }

    public void Allgatherv(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int[] a6, int[] a7, Datatype a8) throws MPIException {
        throw Missing.error();
    }

    public void Allreduce(java.lang.Object a0, int a1, java.lang.Object a2, int a3, int a4, Datatype a5, Op a6) throws MPIException {
        throw Missing.error();
    }

    public void Alltoall(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int a6, Datatype a7) throws MPIException {
        throw Missing.error();
    }

    public void Alltoallv(java.lang.Object a0, int a1, int[] a2, int[] a3, Datatype a4, java.lang.Object a5, int a6, int[] a7, int[] a8, Datatype a9) throws MPIException {
        throw Missing.error();
    }

    public void Barrier() throws MPIException {
        throw Missing.error();
    }

    public void Bcast(java.lang.Object a0, int a1, int a2, Datatype a3, int a4) throws MPIException {
        throw Missing.error();
    }

    public static int Compare(Comm a0, Comm a1) throws MPIException {
        throw Missing.error();
    }

    public Intracomm Create(Group a0) throws MPIException {
        throw Missing.error();
    }

    public Cartcomm Create_cart(int[] a0, boolean[] a1, boolean a2) throws MPIException {
        throw Missing.error();
    }

    public Graphcomm Create_graph(int[] a0, int[] a1, boolean a2) {
        throw Missing.error();
    }

    public void Gather(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int a6, Datatype a7, int a8) throws MPIException {
        throw Missing.error();
    }

    public void Gatherv(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int[] a6, int[] a7, Datatype a8, int a9) throws MPIException {
        throw Missing.error();
    }

    public void Reduce(java.lang.Object a0, int a1, java.lang.Object a2, int a3, int a4, Datatype a5, Op a6, int a7) throws MPIException {
        throw Missing.error();
    }

    public void Reduce_scatter(java.lang.Object a0, int a1, java.lang.Object a2, int a3, int[] a4, Datatype a5, Op a6) throws MPIException {
        throw Missing.error();
    }

    public void Scan(java.lang.Object a0, int a1, java.lang.Object a2, int a3, int a4, Datatype a5, Op a6) throws MPIException {
        throw Missing.error();
    }

    public void Scatter(java.lang.Object a0, int a1, int a2, Datatype a3, java.lang.Object a4, int a5, int a6, Datatype a7, int a8) throws MPIException {
        throw Missing.error();
    }

    public void Scatterv(java.lang.Object a0, int a1, int[] a2, int[] a3, Datatype a4, java.lang.Object a5, int a6, int a7, Datatype a8, int a9) throws MPIException {
        throw Missing.error();
    }

    public Intracomm Split(int a0, int a1) throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object clone() throws MPIException {
        throw Missing.error();
    }
}
