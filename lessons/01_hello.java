///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 01: hello world. Rank 0 sends a string to rank 1; every other rank reports that it is idle.
// 第 01 课，对应原文“安装mpi4py”中的 hello world（MPI_test.py）：rank 0 把 'Hello, world' 发给 rank 1，其余 rank 报告空闲。
// Article section: "安装mpi4py", its hello world (MPI_test.py), run there as `mpiexec -np 8 python MPI_test.py`.
//
// Run it:   jbang lessons/01_hello.java                    8 ranks, as threads of one JVM
//           jbang lessons/01_hello.java -np 4 -dev niodev  4 ranks, each a JVM of its own
//           jbang lessons/01_hello.java -help              all launcher options
//
// What to expect: "rank 1: Hello, world" and "rank N: idle" for N = 2..7, in any order; rank 0
// prints nothing. The order changes from run to run, because the ranks run at the same time.
//
// MPJ Express comes from $MPJ_HOME, or from where scripts/setup installs it (the launcher finds it).
//SOURCES ../library/launcher/*.java

import launcher.Mpiexec;
import mpi.MPI;

class Hello {

    public static void main(String[] args) throws Exception {
        // What `mpiexec -np 8` does for the Python version: start 8 ranks (or -np N) that each run
        // this same main: 8 ranks when there is no -np, and at least 2. The article's program breaks
        // with one rank (rank 0 would send to a rank that does not exist), so this one asks for at
        // least 2 and says so if it gets fewer.
        Mpiexec.ranks(8).atLeast(2).start(args);

        // From here on we are one rank among many. mpi4py starts MPI when it is imported and ends
        // it when Python exits; MPJ Express does neither by itself, so the program calls MPI.Init
        // and, last, MPI.Finalize. MPI.Init also removes the arguments MPJ Express puts first (rank, size or
        // configuration, device) and returns the program's own.
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();

        if (rank == 0) {
            // mpi4py's comm.send(msg, dest=1) pickles any Python object. MPJ Express sends arrays;
            // MPI.OBJECT means "Java objects, serialized". Arguments: buffer, offset, count, type,
            // destination rank, tag.
            String[] msg = {"Hello, world"};
            MPI.COMM_WORLD.Send(msg, 0, 1, MPI.OBJECT, 1, 0);
        } else if (rank == 1) {
            // A blocking receive from rank 0 with tag 0, into an array that must exist beforehand.
            String[] msg = new String[1];
            MPI.COMM_WORLD.Recv(msg, 0, 1, MPI.OBJECT, 0, 0);
            System.out.println("rank " + rank + ": " + msg[0]);
        } else {
            System.out.println("rank " + rank + ": idle");
        }

        // Every rank says it is done; a rank that leaves without it keeps the others waiting.
        MPI.Finalize();
    }
}
