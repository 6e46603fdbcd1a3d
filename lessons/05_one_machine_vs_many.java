///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 05: one machine or many. The same sweep as lesson 02 (1296 bigJob calls over the
// article's grid), done twice: with plain Java threads on this machine, and with MPI ranks.
// 第 05 课，对应原文“安装mpi4py”一节末尾 MPI 与 Multiprocessing 的比较：同一批任务，单机线程池和 MPI 的各个 rank 各算一遍。
// Article section: "MPI vs multiprocessing" (the end of hello world): MPI is harder to write,
// but it reaches past one machine, while Python's multiprocessing stays on one.
//
// Run it:   jbang lessons/05_one_machine_vs_many.java               8 ranks and 8 threads
//           jbang lessons/05_one_machine_vs_many.java -np 4 -dev niodev
//
// What to expect: the same 1296 values both ways, and on one machine the thread pool a little
// faster: it shares memory, so nothing is copied or sent. MPI earns its keep when one machine is
// not enough: the MPI version runs unchanged on a cluster's hundreds of cores (see slurm/), the
// thread pool never leaves this machine. Use threads within a machine, MPI across machines (or
// both: a rank per machine, threads inside it).
//
// bigJob is the sweep's own (BigJob.mandel in library/sweep/, which lessons 02 and 06 use too), so
// all of them compute the same thing. The sweep's shared code draws pictures, hence JFreeChart.
//DEPS org.jfree:jfreechart:1.5.6
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java

import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import sweep.BigJob;
import sweep.Settings;

class OneMachineVsMany {

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(8).checking(Settings::parse).start(args); // --a, --b, --iterations as in lesson 02
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings grid = Settings.parse(args); // the article's 36 x 36 grid unless --a or --b say otherwise
        int jobs = grid.jobs();

        // One machine: a pool of as many threads as there are ranks, sharing one array of results.
        double[] byThreads = new double[jobs];
        double threadSeconds = 0;
        if (rank == 0) {
            long start = System.nanoTime();
            ForkJoinPool pool = new ForkJoinPool(size);
            pool.submit(() -> IntStream.range(0, jobs).parallel()
                    .forEach(j -> byThreads[j] = BigJob.mandel(grid.a(j), grid.b(j), grid.iterations()))).get();
            pool.shutdown();
            threadSeconds = (System.nanoTime() - start) / 1e9;
        }

        // Many: the MPI ranks split the jobs into blocks (rank r takes jobs r*n/size up to
        // (r+1)*n/size), compute their own, and Gatherv brings every block to rank 0 in order.
        world.Barrier();
        long start = System.nanoTime();
        int[] counts = new int[size];
        int[] displs = new int[size];
        for (int r = 0; r < size; r++) {
            displs[r] = (int) ((long) r * jobs / size);
            counts[r] = (int) ((long) (r + 1) * jobs / size) - displs[r];
        }
        double[] mine = new double[counts[rank]];
        for (int i = 0; i < mine.length; i++) {
            int j = displs[rank] + i;
            mine[i] = BigJob.mandel(grid.a(j), grid.b(j), grid.iterations());
        }
        double[] byRanks = new double[rank == 0 ? jobs : 0];
        world.Gatherv(mine, 0, mine.length, MPI.DOUBLE, byRanks, 0, counts, displs, MPI.DOUBLE, 0);
        double rankSeconds = (System.nanoTime() - start) / 1e9;

        if (rank == 0) {
            boolean same = java.util.Arrays.equals(byThreads, byRanks);
            System.out.printf(Locale.ROOT, "one machine, %d threads (ForkJoinPool): %6.3f s%n", size, threadSeconds);
            System.out.printf(Locale.ROOT, "MPI, %d ranks (MPJ Express):             %6.3f s%n", size, rankSeconds);
            System.out.println("the same " + jobs + " values both ways: " + (same ? "yes" : "NO"));
            System.out.printf(Locale.ROOT, "threads / MPI time: %.2f on %d cores%n", threadSeconds / rankSeconds,
                    Runtime.getRuntime().availableProcessors());
        }
        MPI.Finalize();
    }
}
