// The mpiJava 1.2 API as MPJ Express 0.44 declares it, without its code (see Missing.java).
package mpi;

public class MPI {
    public static int ANY_SOURCE;
    public static int ANY_TAG;
    public static Op BAND;
    public static Datatype BOOLEAN;
    public static Op BOR;
    public static int BSEND_OVERHEAD;
    public static Op BXOR;
    public static Datatype BYTE;
    public static int CART;
    public static Datatype CHAR;
    public static Comm COMM_NULL;
    public static Comm COMM_SELF;
    public static Intracomm COMM_WORLD;
    public static final int CONGRUENT = 3;
    public static final boolean DEBUG = true;
    public static Datatype DOUBLE;
    public static Datatype DOUBLE2;
    public static Status EMPTY_STATUS;
    public static Errhandler ERRORS_ARE_FATAL;
    public static Errhandler ERRORS_RETURN;
    public static Datatype FLOAT;
    public static Datatype FLOAT2;
    public static int GRAPH;
    public static Group GROUP_EMPTY;
    public static Group GROUP_NULL;
    public static int HOST;
    public static final int IDENT = 0;
    public static Datatype INT;
    public static Datatype INT2;
    public static int IO;
    public static Op LAND;
    public static Datatype LB;
    public static Datatype LONG;
    public static Datatype LONG2;
    public static Op LOR;
    public static Op LXOR;
    public static Op MAX;
    public static Op MAXLOC;
    public static Op MIN;
    public static Op MINLOC;
    public static Datatype NULL;
    public static final int NUM_OF_PROCESSORS = Missing.number();
    public static Datatype OBJECT;
    public static Datatype PACKED;
    public static int PROC_NULL;
    public static Op PROD;
    public static int RECV_OVERHEAD;
    public static Request REQUEST_NULL;
    public static int SEND_OVERHEAD;
    public static Datatype SHORT;
    public static Datatype SHORT2;
    public static final int SIMILAR = 1;
    public static Op SUM;
    public static int TAG_UB;
    public static int THREAD_FUNNELED;
    public static int THREAD_MULTIPLE;
    public static int THREAD_SERIALIZED;
    public static int THREAD_SINGLE;
    public static Datatype UB;
    public static int UNDEFINED;
    public static final int UNEQUAL = 2;
    public static boolean isOldSelected;

    public MPI() {
        throw Missing.error();
    }

    public static void Buffer_attach(java.nio.ByteBuffer a0) throws MPIException {
        throw Missing.error();
    }

    public static void Buffer_detach() throws MPIException {
        throw Missing.error();
    }

    public static Errhandler Errorhandler_get() throws MPIException {
        throw Missing.error();
    }

    public static void Errorhandler_set(Errhandler a0) throws MPIException {
        throw Missing.error();
    }

    public static void Finalize() throws MPIException {
        throw Missing.error();
    }

    public static java.lang.String Get_processor_name() throws MPIException {
        throw Missing.error();
    }

    public static java.lang.String[] Init(java.lang.String[] a0) throws MPIException {
        throw Missing.error();
    }

    public static boolean Initialized() throws MPIException {
        throw Missing.error();
    }

    public static double Wtick() throws MPIException {
        throw Missing.error();
    }

    public static double Wtime() throws MPIException {
        throw Missing.error();
    }

    public static java.lang.String[] initThread(int a0, int a1, java.lang.String[] a2) {
        throw Missing.error();
    }

    public static boolean isMainThread() {
        throw Missing.error();
    }

    public static int queryThread() {
        throw Missing.error();
    }
}
