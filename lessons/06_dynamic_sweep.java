///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 06: dynamic scheduling. Lesson 02's sweep, with the jobs handed out as ranks finish
// instead of split up front: ranks ask rank 0 for work, and rank 0 computes too.
// 第 06 课，接原文“mpi4py实现并行计算”：动态调度，各 rank 算完一批再向 rank 0 要下一批，快的多算，慢的少算，rank 0 也参与计算。
// Article section: "mpi4py实现并行计算" (bigjobMPI), whose static split balances only on average.
//
// Run it:   jbang lessons/06_dynamic_sweep.java                          8 ranks, the article's 36 x 36 grid
//           jbang lessons/06_dynamic_sweep.java -np 4 -dev niodev --job sleep
//
// Options: lesson 02's (--a, --b, --job, --iterations, --seed, --out, --resume, --quiet), without
// --schedule. The results, the CSV, --resume and the pictures are lesson 02's too: a run of one
// lesson can be resumed by the other, and the timeline picture shows the difference in balance.
//
// MPI and threads: rank 0 answers requests in a second thread while its main thread runs jobs.
// Real MPI must be told when more than one thread of a rank calls it: MPI_Init_thread asks for a
// level, SINGLE, FUNNELED (only the main thread calls MPI), SERIALIZED (any thread, one at a time)
// or MULTIPLE (any thread, at any time), and says what the library provides. Here only the server
// thread calls MPI while the work goes on, so SERIALIZED is enough; were both threads to call MPI
// at once, it would take MULTIPLE, which not every MPI build provides. MPJ Express 0.44 is
// written to be thread-safe: MPI.queryThread() always answers THREAD_MULTIPLE, and its
// MPI.initThread is an empty stub (it initialises nothing), so MPI.Init is the call to use.
//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;
import sweep.Background;
import sweep.BigJob;
import sweep.Pictures;
import sweep.Result;
import sweep.ResultLog;
import sweep.Settings;

class DynamicSweep {

    /** The message tag of a request for work (with the results of the last chunk) and of its answer. */
    static final int WORK = 2;
    /** How many chunks a rank asks for ahead: with 2, the next chunk is there when one ends. */
    static final int AHEAD = 2;

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(8).checking(Settings.check(Settings.Program.LESSON_06)).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = Settings.parse(args, Settings.Program.LESSON_06);

        // 1.-3. As in lesson 02: rank 0 takes --out, shuffles the jobs still to do, and Bcasts the order.
        int[] count = new int[1];
        int[] order = null;
        ResultLog log = null;
        if (rank == 0) {
            log = ResultLog.open(settings);
            List<Integer> todo = log.missing();
            Collections.shuffle(todo, new Random(settings.seed()));
            order = todo.stream().mapToInt(Integer::intValue).toArray();
            count[0] = order.length;
        }
        world.Bcast(count, 0, 1, MPI.INT, 0);
        if (rank != 0) {
            order = new int[count[0]];
        }
        world.Bcast(order, 0, count[0], MPI.INT, 0);

        // 4. No shares fixed up front: every rank has the order, so work is just "positions first
        //    to first+count-1", handed out by rank 0 as ranks ask for it. A rank with slow jobs
        //    asks less often, and no rank waits while there is work left.
        world.Barrier();
        long t0 = System.nanoTime();
        if (rank == 0) {
            // Rank 0 calls MPI from a second thread from here on: see "MPI and threads" in the header.
            serveAndWork(world, settings, log, order, size, t0);
        } else {
            askForWork(world, settings, rank, order, t0);
        }

        // 5. As in lesson 02: the pictures, the CSV and a summary.
        if (rank == 0) {
            Pictures.draw(settings, log, size);
            log.finish(size);
        }
        MPI.Finalize();
    }

    /**
     * Rank 0: a second thread answers requests for work while this thread runs jobs too, from the
     * same counter (a rank 0 that only handed out work would leave a core idle). Chunks are guided:
     * a share of what is left, so early chunks are large and few messages are needed, and the last
     * ones are single jobs, so that all ranks finish together.
     */
    static void serveAndWork(Intracomm world, Settings settings, ResultLog log, int[] order, int size, long t0)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        int most = chunk(order.length, size);
        Background server = Background.start("serve", () -> {
            double[] msg = new double[Result.DOUBLES * most];
            List<Request> answers = new ArrayList<>();
            // Each rank keeps AHEAD requests open; it is done when it has had that many "stop"s.
            for (int stops = 0; stops < AHEAD * (size - 1); ) {
                // A request brings the results of the asking rank's last chunk (none at first).
                Status status = world.Recv(msg, 0, msg.length, MPI.DOUBLE, MPI.ANY_SOURCE, WORK);
                for (int r = 0; r < status.Get_count(MPI.DOUBLE) / Result.DOUBLES; r++) {
                    log.add(Result.of(msg, Result.DOUBLES * r, status.source));
                }
                int[] chunk = take(next, order.length, size); // {first, count}; count 0: no more work
                // Isend, not Send: the asking rank is busy with a chunk and not receiving yet, and a
                // blocking Send may wait until it is (MPJ Express's multicore device does).
                answers.add(world.Isend(chunk, 0, 2, MPI.INT, status.source, WORK));
                if (chunk[1] == 0) {
                    stops++;
                }
            }
            Request.Waitall(answers.toArray(new Request[0]));
        });
        for (int[] chunk = take(next, order.length, size); chunk[1] > 0; chunk = take(next, order.length, size)) {
            for (int i = chunk[0]; i < chunk[0] + chunk[1]; i++) {
                log.add(BigJob.run(settings, order[i], 0, t0));
            }
        }
        server.join();
    }

    /**
     * Every other rank: ask for AHEAD chunks, then with each chunk's results ask for one more, so
     * that work is always waiting and no time goes to the round trip to rank 0.
     */
    static void askForWork(Intracomm world, Settings settings, int rank, int[] order, long t0) throws Exception {
        List<Request> sent = new ArrayList<>();
        for (int i = 0; i < AHEAD; i++) {
            sent.add(world.Isend(new double[0], 0, 0, MPI.DOUBLE, 0, WORK)); // a request without results
        }
        int[] chunk = new int[2];
        for (int stops = 0; stops < AHEAD; ) {
            world.Recv(chunk, 0, 2, MPI.INT, 0, WORK);
            if (chunk[1] == 0) {
                stops++;
                continue;
            }
            double[] results = new double[Result.DOUBLES * chunk[1]];
            for (int i = 0; i < chunk[1]; i++) {
                Result r = BigJob.run(settings, order[chunk[0] + i], rank, t0);
                System.arraycopy(r.message(), 0, results, Result.DOUBLES * i, Result.DOUBLES);
            }
            sent.add(world.Isend(results, 0, results.length, MPI.DOUBLE, 0, WORK));
        }
        Request.Waitall(sent.toArray(new Request[0]));
    }

    /** A guided chunk: a 1/(2 x ranks) share of the jobs left, at least one. */
    static int chunk(int left, int size) {
        return Math.max(1, left / (2 * size));
    }

    /** Takes the next chunk of the order from the shared counter: {first position, count}. */
    static int[] take(AtomicInteger next, int jobs, int size) {
        while (true) {
            int first = next.get();
            int count = Math.min(chunk(jobs - first, size), Math.max(0, jobs - first));
            if (next.compareAndSet(first, first + count)) {
                return new int[] {first, count};
            }
        }
    }
}
