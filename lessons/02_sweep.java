///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 02: a parameter sweep. One serial function, bigJob(a, b), runs for every pair (a, b) of a
// grid, and the ranks share the jobs between them.
// 第 02 课，对应原文“mpi4py实现并行计算”：参数扫描，rank 0 打乱任务，Bcast 广播任务顺序，各 rank 分块运行 bigJob，结果汇总到 rank 0。
// Article section: "mpi4py实现并行计算" (bigjobMPI), run there as `mpiexec -n 128 python myscript.py`.
//
// Run it:   jbang lessons/02_sweep.java                                  8 ranks, the article's 36 x 36 grid
//           jbang lessons/02_sweep.java -np 7 --schedule article         the article's own split; warns what it drops
//           jbang lessons/02_sweep.java -dev niodev --job sleep --out runs/sleep.csv
//           jbang lessons/02_sweep.java -help        every option: the grid (--a, --b), --job, --schedule
//                                                    (see step 4), --out, --resume, and the launcher's
//
// What the port fixes: the article's int(numjobs/size) drops numjobs % size jobs without a word
// (16 of 1296 at -n 128, 1 at 7 ranks); here every job runs exactly once for any number of ranks.
// The article's undefined names (arr_eps, arr_alpha, np) are gone and bigJob is a real computation.
// Its results, which the article throws away, come back to rank 0, are kept on disk as they arrive,
// and are drawn. Lesson 06 hands the jobs out as ranks finish instead (dynamic scheduling).
//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;
import sweep.BigJob;
import sweep.Pictures;
import sweep.Result;
import sweep.ResultLog;
import sweep.Settings;

class Sweep {

    /** The message tag of a finished job's result. */
    static final int RESULT = 1;

    public static void main(String[] args) throws Exception {
        // Like `mpiexec -n 8` (8 ranks unless -np says otherwise; 1 rank is enough). The sweep's
        // options are checked once, before any rank starts: bad input is one line.
        Mpiexec.ranks(8).checking(Settings.check(Settings.Program.LESSON_02)).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = Settings.parse(args);

        // 1. The jobs: every pair (a, b) of the grid, settings.jobs() of them, numbered in the
        //    article's nested-loop order (its job_content): job j is (settings.a(j), settings.b(j)).

        // 2. Rank 0 decides the order. Shuffling mixes slow and fast jobs into every rank's share
        //    (the article's random.shuffle, seeded here so that a run can be repeated). Rank 0 also
        //    keeps the results: ResultLog takes --out for this run and, with --resume, leaves out
        //    the jobs an earlier run finished.
        int[] count = new int[1];
        int[] order = null;
        ResultLog log = null;
        if (rank == 0) {
            log = ResultLog.open(settings);
            List<Integer> todo = log.missing(); // 0 .. jobs-1, less what --resume found done
            Collections.shuffle(todo, new Random(settings.seed()));
            order = todo.stream().mapToInt(Integer::intValue).toArray();
            count[0] = order.length;
        }

        // 3. comm.bcast(job_all_idx, root=0): every rank gets the order. MPJ Express broadcasts into
        //    an array each rank has already made, so the length goes first, then the order itself.
        world.Bcast(count, 0, 1, MPI.INT, 0);
        if (rank != 0) {
            order = new int[count[0]];
        }
        world.Bcast(order, 0, count[0], MPI.INT, 0);

        // 4. Each rank's share of the order: positions from..to-1.
        int n = order.length;
        int total = n; // results rank 0 will get
        int from;
        int to;
        if (settings.schedule() == Settings.Schedule.ARTICLE) {
            // The article's split: k = int(numjobs/size), rank r takes [r*k, (r+1)*k). The last
            // n % size jobs belong to nobody; this option runs it anyway and names them.
            int k = n / size;
            from = rank * k;
            to = from + k;
            total = k * size;
            if (rank == 0 && n % size != 0) {
                System.err.println("sweep: warning: the article's schedule drops " + n % size + " of " + n
                        + " jobs (int(numjobs/size) rounds down): " + settings.jobList(order, k * size));
            }
        } else {
            // No job lost: cut at r*n/size instead, so shares differ by at most one job and the
            // last one ends at n for any number of ranks.
            from = (int) ((long) rank * n / size);
            to = (int) ((long) (rank + 1) * n / size);
        }

        // 5. Start the clock together, so that times from different ranks line up, and run bigJob
        //    on the share. Every result goes to rank 0 the moment it is ready (four doubles: job,
        //    value, start, seconds); rank 0 writes it to disk within 0.1 s, so a killed run loses
        //    only the jobs that were running or had just finished. (Iprobe, Isend, Waitall and
        //    ANY_SOURCE are lesson 03's; here is only what each does for the sweep.)
        world.Barrier();
        long t0 = System.nanoTime();
        if (rank == 0) {
            log.expect(total); // for the progress line, at most once a second on stderr
            int others = total - (to - from);
            for (int i = from; i < to; i++) {
                log.add(BigJob.run(settings, order[i], rank, t0));
                // Between its own jobs, rank 0 takes in what has arrived: Iprobe says whether a
                // message is waiting, without waiting for one.
                while (others > 0 && world.Iprobe(MPI.ANY_SOURCE, RESULT) != null) {
                    receiveResult(world, log);
                    others--;
                }
            }
            for (; others > 0; others--) {
                receiveResult(world, log);
            }
        } else {
            // Isend, not Send: rank 0 takes results only between its own jobs, and a blocking Send
            // may wait until it does (MPI allows that, and MPJ Express's multicore device does).
            List<Request> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                Result r = BigJob.run(settings, order[i], rank, t0);
                sent.add(world.Isend(r.message(), 0, Result.DOUBLES, MPI.DOUBLE, 0, RESULT));
            }
            Request.Waitall(sent.toArray(new Request[0]));
        }

        // 6. Rank 0 has every result: the pictures, then the CSV (sorted) and a summary of the run.
        if (rank == 0) {
            Pictures.draw(settings, log, size);
            log.finish(size);
        }
        MPI.Finalize();
    }

    /** Rank 0: receives one result from whichever rank sent it, and records it. */
    static void receiveResult(Intracomm world, ResultLog log) throws Exception {
        double[] message = new double[Result.DOUBLES];
        Status status = world.Recv(message, 0, message.length, MPI.DOUBLE, MPI.ANY_SOURCE, RESULT);
        log.add(Result.of(message, 0, status.source));
    }
}
