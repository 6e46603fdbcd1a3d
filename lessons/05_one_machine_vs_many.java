///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 05: one machine or many. The same sweep as lesson 02 (1296 bigJob calls over the
// article's grid), done twice: with plain Java threads on this machine, and with MPI ranks.
// 第 05 课，对应原文“安装mpi4py”一节末尾 MPI 与 Multiprocessing 的比较：同一批任务，单机多线程和 MPI 的各个 rank 各算一遍。
// Article section: "安装mpi4py", its end (MPI against Multiprocessing): MPI is harder to write,
// but it reaches past one machine, while Python's multiprocessing stays on one.
//
// Run it:   jbang lessons/05_one_machine_vs_many.java               8 ranks and 8 threads
//           jbang lessons/05_one_machine_vs_many.java -np 4 -dev niodev --a 0.03:0.5:12 --job sleep
//           jbang lessons/05_one_machine_vs_many.java -help         the options: lesson 02's --a, --b, --job, --iterations
//
// What to expect: the same values both ways, in about the same time on one machine (the
// threads share memory and send nothing; the ranks send their blocks once). MPI earns its keep
// when one machine is not enough: the MPI version runs unchanged on a cluster's hundreds of cores (see slurm/), the
// threads never leave this machine. Use threads within a machine, MPI across machines (or both:
// a rank per machine, threads inside it).
//
// The steps, one method each: 1. oneMachine (threads), 2. manyMachines (ranks), 3. compare.
// bigJob is the sweep's own (BigJob in library/sweep/, which lessons 02 and 06 use too), so all of
// them compute the same thing. The sweep's shared code draws pictures, hence JFreeChart.
//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java

import java.util.Arrays;
import java.util.Locale;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import sweep.BigJob;
import sweep.Settings;

class OneMachineVsMany {

    /** A step's values, job by job, and the seconds it took. */
    record Run(double[] values, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        // The grid and the job as in lesson 02 (--a, --b, --job, --iterations), checked before any
        // rank starts: a bad option is one line and exit status 2.
        Mpiexec.ranks(8).checking(Settings.check(Settings.Program.LESSON_05)).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = Settings.parse(args, Settings.Program.LESSON_05);

        Run byThreads = rank == 0 ? oneMachine(settings, size) : null;
        world.Barrier(); // the ranks start together, once the threads are done
        Run byRanks = manyMachines(world, rank, size, settings);
        if (rank == 0) {
            compare(byThreads, byRanks);
        }
        MPI.Finalize();
    }

    /** Where the block of worker {@code w} of {@code workers} starts: blocks differ by one job at most. */
    static int blockStart(int w, int workers, int jobs) {
        return (int) ((long) w * jobs / workers);
    }

    /**
     * 1. One machine: rank 0 alone starts as many threads as there are ranks. Thread t takes the
     * block rank t takes in step 2 and writes its values straight into one array that all the
     * threads share; join() waits for them. (Python's multiprocessing needs processes and copies
     * the results back; Java threads run in parallel and share memory. Either way, one machine.)
     */
    static Run oneMachine(Settings settings, int threads) throws InterruptedException {
        long start = System.nanoTime();
        int jobs = settings.jobs();
        double[] values = new double[jobs];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int from = blockStart(t, threads, jobs);
            int to = blockStart(t + 1, threads, jobs);
            workers[t] = new Thread(() -> {
                for (int j = from; j < to; j++) {
                    values[j] = BigJob.value(settings, j);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "1. one machine, %d threads:     %6.3f s%n", threads, seconds);
        return new Run(values, seconds);
    }

    /**
     * 2. Many machines: each rank computes its own block into its own array (ranks share no
     * memory, they may be on different machines), and Gatherv brings every block to rank 0 in order.
     */
    static Run manyMachines(Intracomm world, int rank, int size, Settings settings) throws Exception {
        long start = System.nanoTime();
        int jobs = settings.jobs();
        int[] counts = new int[size];
        int[] displs = new int[size];
        for (int r = 0; r < size; r++) {
            displs[r] = blockStart(r, size, jobs);
            counts[r] = blockStart(r + 1, size, jobs) - displs[r];
        }
        double[] mine = new double[counts[rank]];
        for (int i = 0; i < mine.length; i++) {
            mine[i] = BigJob.value(settings, displs[rank] + i);
        }
        double[] all = new double[rank == 0 ? jobs : 0];
        world.Gatherv(mine, 0, mine.length, MPI.DOUBLE, all, 0, counts, displs, MPI.DOUBLE, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rank == 0) {
            System.out.printf(Locale.ROOT, "2. MPI, %d ranks (MPJ Express): %6.3f s%n", size, seconds);
        }
        return new Run(all, seconds);
    }

    /** 3. Both ways gave the same values, job for job; and how their times compare. */
    static void compare(Run byThreads, Run byRanks) {
        double[] values = byRanks.values();
        System.out.printf(Locale.ROOT, "3. the same %d values both ways: %s; their mean: %.6f%n", values.length,
                Arrays.equals(byThreads.values(), values) ? "yes" : "NO", Arrays.stream(values).average().orElse(0));
        System.out.printf(Locale.ROOT, "   threads / MPI time: %.2f on %d cores%n", byThreads.seconds() / byRanks.seconds(),
                Runtime.getRuntime().availableProcessors());
    }
}
