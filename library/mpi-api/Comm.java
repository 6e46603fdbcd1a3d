// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class Comm {
    public Group group;

    Comm() {
    }

    public void Abort(int a0) throws MPIException {
        throw Missing.error();
    }

    public void Attr_delete(int a0) throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object Attr_get(int a0) throws MPIException {
        throw Missing.error();
    }

    public void Bsend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Prequest Bsend_init(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public static int Compare(Comm a0, Comm a1) throws MPIException {
        throw Missing.error();
    }

    public Intercomm Create_intercomm(Comm a0, int a1, int a2, int a3) throws MPIException {
        throw Missing.error();
    }

    public void Free() throws MPIException {
        throw Missing.error();
    }

    public Group Group() throws MPIException {
        throw Missing.error();
    }

    public Request Ibsend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Status Iprobe(int a0, int a1) throws MPIException {
        throw Missing.error();
    }

    public Request Irecv(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Request Irsend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Request Isend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Request Issend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public int Pack_size(int a0, Datatype a1) throws MPIException {
        throw Missing.error();
    }

    public Status Probe(int a0, int a1) throws MPIException {
        throw Missing.error();
    }

    public int Rank() throws MPIException {
        throw Missing.error();
    }

    public Status Recv(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Prequest Recv_init(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public void Rsend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Prequest Rsend_init(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public void Send(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Prequest Send_init(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Status Sendrecv(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5, java.lang.Object a6, int a7, int a8, Datatype a9, int a10, int a11) throws MPIException {
        throw Missing.error();
    }

    public Status Sendrecv_replace(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5, int a6, int a7) throws MPIException {
        throw Missing.error();
    }

    public int Size() throws MPIException {
        throw Missing.error();
    }

    public void Ssend(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public Prequest Ssend_init(java.lang.Object a0, int a1, int a2, Datatype a3, int a4, int a5) throws MPIException {
        throw Missing.error();
    }

    public boolean Test_inter() throws MPIException {
        throw Missing.error();
    }

    public int Topo_test() throws MPIException {
        throw Missing.error();
    }

    public java.lang.Object clone() throws MPIException {
        throw Missing.error();
    }
}
