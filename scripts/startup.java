///usr/bin/env jbang "$0" "$@" ; exit $?
// For scripts/bench-scale: where a rank JVM's start-up goes. Each rank prints one line: its pid,
// when its JVM started (ms since 1970), the milliseconds from then to main, and those inside
// MPI.Init; then the ranks wait (rank 0 for the file named by the first argument, the others in a
// Barrier) while the benchmark reads their threads, sockets and memory in /proc, and end cleanly
// once the benchmark makes that file, so that the run succeeds and its class-data archive is kept.
//SOURCES ../library/launcher/*.java

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import launcher.Mpiexec;
import mpi.MPI;

class Startup {
    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(16).start(args);
        long jvmStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        long age = ageMillis(); // not main minus jvmStart: that start is rounded to the boot's whole second
        long cpuAtMain = cpuMillis();
        long main = System.currentTimeMillis();
        args = MPI.Init(args);
        long inited = System.currentTimeMillis();
        System.out.println("rank " + MPI.COMM_WORLD.Rank() + " pid " + ProcessHandle.current().pid() + " start "
                + jvmStart + " main " + age + " init " + (inited - main) + " cpu-main " + cpuAtMain
                + " cpu-init " + (cpuMillis() - cpuAtMain));
        System.out.flush();
        if (MPI.COMM_WORLD.Rank() == 0) {
            Path go = Path.of(args[0]);
            while (!Files.exists(go)) {
                Thread.sleep(50);
            }
        }
        MPI.COMM_WORLD.Barrier();
        MPI.Finalize();
    }

    /** Milliseconds since this process started, both ends read from the kernel's clock since boot. */
    static long ageMillis() throws Exception {
        double up = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        String stat = Files.readString(Path.of("/proc/self/stat"));
        long startTicks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
        return Math.round(up * 1000) - startTicks * 10; // USER_HZ is 100 on Linux
    }

    static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(0L);
    }
}
