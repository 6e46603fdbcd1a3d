///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 02: a parameter sweep. One serial function, bigJob(a, b), runs for every pair (a, b) of a
// grid, and the ranks share the jobs between them.
// Article section: "mpi4py实现并行计算" (bigjobMPI), run there as `mpiexec -n 128 python myscript.py`.
//
// Run it:   jbang lessons/02_sweep.java                                  8 ranks, the article's 36 x 36 grid
//           jbang lessons/02_sweep.java -np 4 --schedule dynamic
//           jbang lessons/02_sweep.java -dev niodev --job sleep --schedule article
//
// Options (the launcher's -np, -dev, -timeout, -l too):
//   --a START:STOP:COUNT, --b START:STOP:COUNT   the grid, as numpy.linspace (default 0.03:0.5:36, 0.05:0.95:36)
//   --job mandel|sleep       bigJob: a Mandelbrot area estimate (uses the CPU), or a known wait per job
//   --iterations N           mandel: steps before a point counts as inside (default 2000)
//   --schedule blocks|article|dynamic   who runs which job, see step 4 (default blocks)
//   --seed N                 seed of rank 0's shuffle (default 2020)
//   --out FILE               the results as CSV (default sweep.csv); FILE-heatmap.png, FILE-timeline.png beside it
//   --resume                 after a run was stopped or killed: run only the jobs that are missing
//   --quiet                  no progress lines
//
// What the port fixes: the article's int(numjobs/size) drops numjobs % size jobs without a word
// (16 of 1296 at -n 128, 1 at 7 ranks); here every job runs exactly once for any number of ranks,
// and --schedule article runs the original and names the jobs it drops. The article's undefined
// names (arr_eps, arr_alpha, np) are gone and bigJob is a real computation. Its results, which the
// article throws away, come back to rank 0, are kept on disk as they arrive, and are drawn.
//DEPS org.jfree:jfreechart:1.5.6
//SOURCES ../scripts/launcher/*.java
//SOURCES ../scripts/sweep/*.java

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;
import sweep.Background;
import sweep.Pictures;
import sweep.ResultLog;
import sweep.ResultLog.Result;
import sweep.Settings;

class Sweep {

    /** Message tags: a finished job's result; (dynamic schedule) a request for work and its answer. */
    static final int RESULT = 1;
    static final int WORK = 2;

    public static void main(String[] args) throws Exception {
        // Like `mpiexec -n 8`. The sweep's own options are checked once, before any rank starts.
        Mpiexec.start(args, 8, 1, Settings::check);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = Settings.parse(args);

        // 1. The jobs: every pair (a, b) of the grid, in the article's nested-loop order, so job j
        //    is (a[j / |b|], b[j % |b|]); settings.a(j) and settings.b(j) give them.
        int numjobs = settings.jobs();

        // 2. Rank 0 decides the order. Shuffling mixes slow and fast jobs into every rank's share
        //    (the article's random.shuffle, seeded here so that a run can be repeated). With
        //    --resume, the jobs already done are left out.
        int[] count = new int[1];
        int[] order = null;
        Map<Integer, Result> before = Map.of();
        if (rank == 0) {
            before = ResultLog.previous(settings);
            List<Integer> todo = new ArrayList<>();
            for (int j = 0; j < numjobs; j++) {
                if (!before.containsKey(j)) {
                    todo.add(j);
                }
            }
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

        // 4. Who runs which job.
        //    article: rank r takes order[r*k, (r+1)*k) with k = int(numjobs/size): the last
        //             numjobs % size jobs belong to nobody.
        //    blocks:  the same blocks, split at r*numjobs/size, so they differ by at most one job
        //             and cover every job.
        //    dynamic: ranks ask rank 0 for more work as they finish, so fast ranks take more and
        //             no rank waits while there is work left (the order is Bcast to all, so rank 0
        //             only needs to say which part of it to run).
        //    Every result goes to rank 0 the moment it is ready; rank 0 writes it to disk at once.
        int n = order.length;
        boolean article = settings.schedule().equals("article");
        int k = n / size;
        int from = article ? rank * k : (int) ((long) rank * n / size);
        int to = article ? (rank + 1) * k : (int) ((long) (rank + 1) * n / size);
        ResultLog log = null;
        if (rank == 0) {
            log = ResultLog.open(settings, before, article ? k * size : n);
            if (article && n % size != 0) {
                warnDropped(settings, order, k * size);
            }
        }

        // 5. Start the clock together, so that times from different ranks line up, and work.
        world.Barrier();
        long t0 = System.nanoTime();
        if (settings.schedule().equals("dynamic")) {
            if (rank == 0) {
                serveAndWork(world, settings, log, order, size, t0);
            } else {
                askForWork(world, settings, rank, order, t0);
            }
        } else if (rank == 0) {
            // Rank 0 runs its own block, while a second thread receives everyone else's results.
            ResultLog results = log;
            int others = (article ? k * size : n) - (to - from);
            Background collector = Background.start("collect", () -> {
                double[] msg = new double[4];
                for (int i = 0; i < others; i++) {
                    Status status = world.Recv(msg, 0, 4, MPI.DOUBLE, MPI.ANY_SOURCE, RESULT);
                    results.add(fromMessage(msg, 0, status.source));
                }
            });
            for (int i = from; i < to; i++) {
                log.add(run(order[i], rank, settings, t0));
            }
            collector.join();
        } else {
            // Isend: rank 0 takes results one at a time, and a blocking Send may wait for it.
            List<Request> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                sent.add(world.Isend(toMessage(run(order[i], rank, settings, t0)), 0, 4, MPI.DOUBLE, 0, RESULT));
            }
            Request.Waitall(sent.toArray(new Request[0]));
        }

        // 6. Rank 0 has every result: the CSV, a summary and the pictures.
        if (rank == 0) {
            log.finish();
            report(settings, log, size);
        }
        MPI.Finalize();
    }

    /**
     * Dynamic schedule, rank 0: a second thread answers requests for work while this thread runs
     * jobs too, from the same counter (a rank 0 that only handed out work would leave one rank's
     * worth of the machine idle). Work goes out in guided chunks: a share of what is left, so
     * early chunks are large and few messages are needed, and the last ones are single jobs,
     * so that all ranks finish together.
     */
    static void serveAndWork(Intracomm world, Settings settings, ResultLog log, int[] order, int size, long t0)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        int most = chunk(order.length, size);
        Background server = Background.start("serve", () -> {
            double[] msg = new double[4 * most];
            List<Request> answers = new ArrayList<>();
            // Each worker keeps AHEAD requests open; it is done when it has had that many "stop"s.
            for (int stops = 0; stops < AHEAD * (size - 1); ) {
                // A request brings the results of the asking rank's last chunk (none at first).
                Status status = world.Recv(msg, 0, msg.length, MPI.DOUBLE, MPI.ANY_SOURCE, WORK);
                for (int r = 0; r < status.Get_count(MPI.DOUBLE) / 4; r++) {
                    log.add(fromMessage(msg, 4 * r, status.source));
                }
                int[] chunk = take(next, order.length, size); // {first, count}; count 0: no more work
                // Isend, not Send: the worker is busy with a chunk and not receiving yet. A blocking
                // Send may wait until it is (MPI allows that, and MPJ's multicore device does), and
                // every other rank would wait with us.
                answers.add(world.Isend(chunk, 0, 2, MPI.INT, status.source, WORK));
                if (chunk[1] == 0) {
                    stops++;
                }
            }
            Request.Waitall(answers.toArray(new Request[0]));
        });
        for (int[] chunk = take(next, order.length, size); chunk[1] > 0; chunk = take(next, order.length, size)) {
            for (int i = chunk[0]; i < chunk[0] + chunk[1]; i++) {
                log.add(run(order[i], 0, settings, t0));
            }
        }
        server.join();
    }

    /** How many chunks a worker asks for ahead: with 2, the next chunk is there when one ends. */
    static final int AHEAD = 2;

    /** A guided chunk: a 1/(2 x ranks) share of the jobs left, at least one. */
    static int chunk(int left, int size) {
        return Math.max(1, left / (2 * size));
    }

    /** Takes the next chunk of the order from the shared counter: {first index, count}. */
    static int[] take(AtomicInteger next, int jobs, int size) {
        while (true) {
            int first = next.get();
            int count = Math.min(chunk(jobs - first, size), Math.max(0, jobs - first));
            if (next.compareAndSet(first, first + count)) {
                return new int[] {first, count};
            }
        }
    }

    /**
     * Dynamic schedule, every other rank: ask for AHEAD chunks, then with each chunk's results ask
     * for one more, so that work is always waiting and no time goes to the round trip to rank 0.
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
            double[] results = new double[4 * chunk[1]];
            for (int i = 0; i < chunk[1]; i++) {
                System.arraycopy(toMessage(run(order[chunk[0] + i], rank, settings, t0)), 0, results, 4 * i, 4);
            }
            sent.add(world.Isend(results, 0, results.length, MPI.DOUBLE, 0, WORK));
        }
        Request.Waitall(sent.toArray(new Request[0]));
    }

    /** Runs bigJob for one job and times it. */
    static Result run(int job, int rank, Settings s, long t0) {
        double a = s.a(job);
        double b = s.b(job);
        long start = System.nanoTime();
        double value = s.job().equals("sleep") ? sleepJob(a, s) : mandelJob(a, b, s.iterations());
        long end = System.nanoTime();
        return new Result(job, value, rank, (start - t0) / 1e9, (end - start) / 1e9);
    }

    /**
     * bigJob that uses the CPU: how much of a small square of the complex plane lies in the
     * Mandelbrot set. For 16 x 16 points c around (2.5a - 1.6) + (b - 0.5)i, z -> z*z + c is iterated
     * from 0 until |z| > 2 (outside) or for `iterations` steps (inside). Points inside cost every
     * step and points far outside a few, so some jobs take a thousand times longer than others.
     */
    static double mandelJob(double a, double b, int iterations) {
        double centreX = 2.5 * a - 1.6;
        double centreY = b - 0.5;
        double side = 0.02;
        int points = 16;
        int inside = 0;
        for (int i = 0; i < points; i++) {
            for (int k = 0; k < points; k++) {
                double cx = centreX + side * ((i + 0.5) / points - 0.5);
                double cy = centreY + side * ((k + 0.5) / points - 0.5);
                double x = 0;
                double y = 0;
                int step = 0;
                while (step < iterations && x * x + y * y <= 4) {
                    double t = x * x - y * y + cx;
                    y = 2 * x * y + cy;
                    x = t;
                    step++;
                }
                if (step == iterations) {
                    inside++;
                }
            }
        }
        return (double) inside / (points * points);
    }

    /**
     * bigJob with a known cost, for measuring schedules on a machine with few cores (waiting jobs
     * do not compete for them): waits from 1.2 ms at the smallest a to 7.3 ms at the largest.
     * Its value is the wait in milliseconds.
     */
    static double sleepJob(double a, Settings s) {
        Settings.Range range = s.a();
        double share = range.count() > 1 ? (a - range.start()) / (range.stop() - range.start()) : 0;
        double millis = 1.2 + 6.1 * share;
        long until = System.nanoTime() + (long) (millis * 1e6);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return millis;
    }

    /** A result as MPJ Express sends it here: four doubles (job, value, start, seconds). */
    static double[] toMessage(Result r) {
        return new double[] {r.job(), r.value(), r.start(), r.seconds()};
    }

    /** The result at position {@code at} of a message from {@code rank}. */
    static Result fromMessage(double[] m, int at, int rank) {
        return new Result((int) m[at], m[at + 1], rank, m[at + 2], m[at + 3]);
    }

    /** The article's schedule leaves the jobs after the last full block to nobody: say which. */
    static void warnDropped(Settings s, int[] order, int firstDropped) {
        int dropped = order.length - firstDropped;
        StringBuilder which = new StringBuilder();
        for (int i = firstDropped; i < order.length && i < firstDropped + 20; i++) {
            which.append(i > firstDropped ? ", " : "").append(String.format(Locale.ROOT, "(a=%s, b=%s)",
                    s.a(order[i]), s.b(order[i])));
        }
        if (dropped > 20) {
            which.append(" and ").append(dropped - 20).append(" more");
        }
        System.err.println("sweep: warning: the article's schedule drops " + dropped + " of " + order.length
                + " jobs (int(numjobs/size) rounds down): " + which);
    }

    /** What the run did: its balance across the ranks, and where the results are. */
    static void report(Settings s, ResultLog log, int size) {
        List<Result> fresh = log.thisRun();
        double wall = 0;
        double busy = 0;
        double[] perRank = new double[size];
        for (Result r : fresh) {
            wall = Math.max(wall, r.start() + r.seconds());
            busy += r.seconds();
            perRank[r.rank()] += r.seconds();
        }
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double b : perRank) {
            max = Math.max(max, b);
            min = Math.min(min, b);
        }
        String spread = min > 0 ? String.format(Locale.ROOT, "%.2f", max / min) : "n/a (a rank had no job)";
        System.out.printf(Locale.ROOT, "sweep: %d jobs on %d rank%s, schedule %s: %.3f s, parallel efficiency %.3f,"
                        + " busy time per rank max/min %s%n", fresh.size(), size, size == 1 ? "" : "s", s.schedule(), wall,
                wall > 0 ? busy / (size * wall) : 1.0, spread);
        List<Result> all = log.all();
        Pictures.heatMap(s, all, s.picture("heatmap"));
        Pictures.timeline(s, fresh, size, s.picture("timeline"));
        System.out.println("sweep: " + all.size() + " of " + s.jobs() + " results in " + s.out());
        System.out.println("sweep: pictures " + s.picture("heatmap") + " and " + s.picture("timeline"));
    }
}
