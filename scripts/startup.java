///usr/bin/env jbang "$0" "$@" ; exit $?
// For scripts/bench-scale: where a rank JVM's start-up goes. Each rank prints one line: its pid,
// when its JVM started (ms since 1970), the milliseconds from then to main, and those inside
// MPI.Init; then it waits for a message that never comes, so that the benchmark can read its
// threads, sockets and memory in /proc, and ends the run itself.
//SOURCES ../library/launcher/*.java

import java.time.Instant;
import launcher.Mpiexec;
import mpi.MPI;

class Startup {
    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(16).start(args);
        long jvmStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        long main = System.currentTimeMillis();
        args = MPI.Init(args);
        long inited = System.currentTimeMillis();
        System.out.println("rank " + MPI.COMM_WORLD.Rank() + " pid " + ProcessHandle.current().pid() + " start "
                + jvmStart + " main " + (main - jvmStart) + " init " + (inited - main));
        MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, MPI.ANY_SOURCE, 42);
    }
}
