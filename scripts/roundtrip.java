///usr/bin/env jbang "$0" "$@" ; exit $?
// A two-rank round trip for lessons/00_install_check.java: rank 0 sends 41 to rank 1, which sends
// back one more. Prints "round trip: rank 0 sent 41 and got 42 back" when MPJ Express works.
//SOURCES ../library/launcher/*.java

import launcher.Mpiexec;
import mpi.MPI;

class RoundTrip {
    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(2).atLeast(2).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int[] number = {41};
        if (rank == 0) {
            MPI.COMM_WORLD.Send(number, 0, 1, MPI.INT, 1, 0);
            MPI.COMM_WORLD.Recv(number, 0, 1, MPI.INT, 1, 0);
            System.out.println("round trip: rank 0 sent 41 and got " + number[0] + " back");
        } else if (rank == 1) {
            MPI.COMM_WORLD.Recv(number, 0, 1, MPI.INT, 0, 0);
            number[0]++;
            MPI.COMM_WORLD.Send(number, 0, 1, MPI.INT, 0, 0);
        }
        MPI.Finalize();
    }
}
