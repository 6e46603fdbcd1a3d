package sweep;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import launcher.BadInput;
import launcher.Launch;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;

/**
 * A sweep of your own: your serial function, run for every combination of your parameters, shared
 * among the ranks. What lessons 02 and 06 show step by step, as one call:
 *
 * <pre>
 *   public static void main(String[] args) throws Exception {
 *       Sweep.run(args, PARAMETERS, Results.class, MyStudy::bigJob);
 *   }
 * </pre>
 *
 * Rank 0 shuffles the jobs (seeded: slow and fast jobs mix in every share), then hands them out in
 * pieces as ranks ask for work (--schedule dynamic, lesson 06's way, the default) or gives each
 * rank one block of the order (--schedule blocks, lesson 02's way), and computes too. A piece is
 * sized by how long jobs take ({@link Pieces}): a tenth of a second's worth at most, and a shrinking
 * share of what is left, so microsecond jobs go by the ten thousand and long ones one by one. A
 * rank sends its results to rank 0 together, as bytes ({@link Batch}): at the end of each piece,
 * every tenth of a second, at once for a job of 10 ms or more and when a job fails; rank 0 keeps
 * them as columns ({@link ResultTable}) and appends them to the partial file within a tenth of a
 * second; at the end come the CSV, the pictures and a summary. --resume runs only what is missing.
 * When bigJob throws for a job, the run stops with one line naming the job, its parameters, the
 * rank and the exception (--keep-going: the job is listed in OUT-failures.csv and the others go on).
 */
public final class Sweep {

    /** Your function: one job's parameter values in, its results out (a record of numbers and words, or one). */
    @FunctionalInterface
    public interface Computation<R> {
        R run(Job job) throws Exception;
    }

    /** From the other ranks to rank 0: results, failures and requests for work ({@link Batch}). */
    static final int TO_ROOT = 11;
    /** From rank 0: a piece of work, the numbers of its jobs; none means there is no more. */
    static final int WORK = 12;
    /**
     * From rank 0 to a rank whose job failed (without --keep-going): 0, the job runs again
     * (--retries), go on; 1, the failure and every result before it are on disk, end the run.
     */
    static final int VERDICT = 13;
    /** How many requests for work a rank keeps open: with 2, the next piece is there when one ends. */
    static final int AHEAD = 2;
    /** A rank sends its results once they are this many bytes or {@link #SEND_NANOS} old. */
    static final int SEND_BYTES = 1 << 16;
    static final long SEND_NANOS = 100_000_000L;
    /** The result of a job this long or longer is sent at once: the next job may be as long, and it waits for nothing. */
    static final double SEND_AT_ONCE_SECONDS = 0.01;
    /** How many sent messages a rank keeps in hand before it waits for the oldest half of them. */
    static final int SENDS_IN_FLIGHT = 16;
    /** How many answers rank 0 keeps in hand, at least, before it lets go of those that have arrived. */
    static final int ANSWERS_KEPT = 128;

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Sweep() {
    }

    /**
     * Runs the sweep: starts the ranks (8 by default; -np N), and in each rank runs its share of the
     * jobs. Returns only in a rank, after MPI.Finalize.
     */
    public static <R> void run(String[] args, Parameters parameters, Class<R> results, Computation<? extends R> bigJob)
            throws Exception {
        // A sweep takes as long as its jobs do: no time limit unless -timeout gives one. Every rank
        // runs the main that called this.
        Mpiexec.ranks(8).timeout(0).program(CALLER.getCallerClass()).checking(new Launch.ArgumentCheck() {
            @Override
            public void check(String[] programArgs) {
                Settings.check(settings(programArgs, parameters), columns(results));
            }

            @Override
            public String usage() {
                return Settings.usage(Settings.Program.OWN, parameters);
            }

            @Override
            public String stopped(String[] programArgs, boolean timedOut) {
                return settings(programArgs, parameters).stoppedLine(timedOut);
            }
        }).start(args);
        // MPJ Express passes "<rank> <np-or-config> <device>" before the program's own arguments.
        String device = args.length >= 3 ? (args[2].equals("smpdev") ? "multicore" : args[2]) : null;
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = settings(args, parameters);
        Columns columns = columns(results);
        List<String> hosts = hosts(world);

        // Rank 0 takes the results file and, with --resume, leaves out what is done; it shuffles the
        // rest (slow and fast jobs mix in every share) and hands the jobs out by their numbers.
        int[] order = null;
        ResultLog log = null;
        if (rank == 0) {
            log = ResultLog.open(settings, columns);
            log.ranAs(List.of(args), device, size, hosts);
            order = log.missingJobs();
            shuffle(order, new Random(settings.seed()));
        }
        // What the loop over the jobs uses is loaded before the clock starts (on multicore each
        // rank loads its classes for itself).
        Batch batch = new Batch(columns);
        new Job(0, settings.grid(), settings.seed()).index();
        world.Barrier();
        Runner runner = new Runner(settings, columns, bigJob, rank, System.nanoTime());
        if (rank == 0) {
            serveAndWork(world, runner, log, order, size);
            // The pictures are drawn while the CSV is written: the ranks are done, their cores free.
            Pictures.Drawing pictures = Pictures.start(settings, log, size);
            log.finish(size, pictures::finish);
        } else {
            askForWork(world, runner, batch);
        }
        MPI.Finalize();
        if (log != null && !log.failed().isEmpty()) {
            throw new launcher.ExitStatus(1, log.failed().size() + " of " + order.length + " jobs failed");
        }
    }

    /** Rank 0: the hosts the ranks run on, each once, in rank order, with how many ranks it has ("node1 x40"). */
    private static List<String> hosts(Intracomm world) throws Exception {
        byte[] mine = Arrays.copyOf(launcher.HostName.of().getBytes(java.nio.charset.StandardCharsets.UTF_8), HOST_BYTES);
        byte[] all = new byte[HOST_BYTES * world.Size()]; // MPJ Express copies into it on every rank
        world.Gather(mine, 0, HOST_BYTES, MPI.BYTE, all, 0, HOST_BYTES, MPI.BYTE, 0);
        java.util.Map<String, Integer> ranks = new java.util.LinkedHashMap<>();
        for (int r = 0; world.Rank() == 0 && r < world.Size(); r++) {
            int end = 0;
            while (end < HOST_BYTES && all[r * HOST_BYTES + end] != 0) {
                end++;
            }
            ranks.merge(new String(all, r * HOST_BYTES, end, java.nio.charset.StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return ranks.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList();
    }

    /** A host name's bytes sent at most (longer names are cut). */
    private static final int HOST_BYTES = 64;

    /** Shuffles {@code jobs} as Collections.shuffle shuffles a list with {@code random}: the same order for the same seed. */
    static void shuffle(int[] jobs, Random random) {
        for (int i = jobs.length; i > 1; i--) {
            int j = random.nextInt(i);
            int t = jobs[i - 1];
            jobs[i - 1] = jobs[j];
            jobs[j] = t;
        }
    }

    /** The settings, with every mistake of the parameters' declarations as bad input. */
    static Settings settings(String[] args, Parameters parameters) {
        List<String> mistakes = parameters.mistakes();
        if (!mistakes.isEmpty()) {
            throw new BadInput(mistakes.get(0));
        }
        for (String name : parameters.names()) {
            if (Arrays.stream(Settings.Option.values()).anyMatch(o -> o.flag.equals("--" + name))) {
                throw new BadInput("the parameter '" + name + "' has the name of the sweep's option --" + name
                        + "; call it something else");
            }
        }
        return Settings.parse(args, Settings.Program.OWN, parameters);
    }

    static Columns columns(Class<?> results) {
        return Columns.of(results);
    }

    /**
     * Rank 0: a second thread answers the other ranks (their results, their requests for work) while
     * this one runs jobs too, from the same pieces.
     */
    private static void serveAndWork(Intracomm world, Runner runner, ResultLog log, int[] order, int size) throws Exception {
        Pieces pieces = new Pieces(order, size, runner.settings.schedule());
        Background server = Background.start("serve", () -> {
            List<Request> answers = new ArrayList<>();
            int[] handedOut = {0};
            int[] stops = {0};
            int[] kept = {ANSWERS_KEPT};
            byte[] message = new byte[SEND_BYTES * 2];
            for (int received = 0; stops[0] < AHEAD * (size - 1) || received < handedOut[0]; ) {
                Status status = world.Probe(MPI.ANY_SOURCE, TO_ROOT);
                int length = status.Get_count(MPI.BYTE);
                if (length > message.length) {
                    message = new byte[Math.max(length, 2 * message.length)];
                }
                int from = status.source;
                world.Recv(message, 0, length, MPI.BYTE, from, TO_ROOT);
                received += log.add(ByteBuffer.wrap(message, 0, length), from, new ResultLog.Asks() {
                    @Override
                    public void ask(int jobs, double seconds) {
                        int[] piece = pieces.take(from, jobs, seconds);
                        answers.add(world.Isend(piece, 0, piece.length, MPI.INT, from, WORK));
                        handedOut[0] += piece.length;
                        if (piece.length == 0) {
                            stops[0]++;
                        }
                    }

                    @Override
                    public void failed(int job, boolean again) {
                        if (again) {
                            pieces.retry(job, from);
                        } else if (!runner.settings.keepGoing()) {
                            // The run is about to end: the failure and what came before it go to disk first.
                            stopping(log);
                        }
                        if (!runner.settings.keepGoing()) {
                            // The rank waits to hear whether to go on (the job runs again) or to stop.
                            answers.add(world.Isend(new int[] {again ? 0 : 1}, 0, 1, MPI.INT, from, VERDICT));
                        }
                    }
                });
                if (answers.size() >= 2 * kept[0]) {
                    // Long jobs go one at a time: let go of the answers that have arrived; those on
                    // their way are looked at again once as many more are kept.
                    answers.removeIf(r -> r.Test() != null);
                    kept[0] = Math.max(ANSWERS_KEPT, answers.size());
                }
            }
            Request.Waitall(answers.toArray(new Request[0]));
        });
        try {
            int jobs = 0;
            double seconds = 0;
            for (int[] piece = pieces.take(0, jobs, seconds); piece.length > 0; piece = pieces.take(0, jobs, seconds)) {
                long began = System.nanoTime();
                for (int job : piece) {
                    Result r = runner.run(job);
                    if (!log.add(r)) {
                        pieces.retry(job, 0);
                    } else if (!r.ok() && !runner.settings.keepGoing()) {
                        stopping(log);
                        throw runner.failure(r);
                    }
                }
                jobs = piece.length;
                seconds = (System.nanoTime() - began) / 1e9;
            }
        } finally {
            log.flush();
        }
        server.join();
    }

    /** Rank 0, when a job has failed and the run ends: what is on disk stays as it is, and how to go on is said once. */
    private static void stopping(ResultLog log) {
        String said = log.stop();
        if (said != null) {
            System.err.println(said);
        }
    }

    /**
     * Every other rank: asks for work AHEAD times, and once more after each piece, saying how long
     * it took; sends its results to rank 0 together ({@link Batch}), with each request, every tenth
     * of a second, and at once after a long job or a failed one.
     */
    private static void askForWork(Intracomm world, Runner runner, Batch batch) throws Exception {
        List<Request> sent = new ArrayList<>();
        for (int i = 0; i < AHEAD; i++) {
            batch.ask(0, 0);
            send(world, sent, batch.take());
        }
        int[] piece = new int[1024];
        for (int stops = 0; stops < AHEAD; ) {
            Status status = world.Probe(0, WORK);
            int count = status.Get_count(MPI.INT);
            if (count > piece.length) {
                piece = new int[Math.max(count, 2 * piece.length)];
            }
            world.Recv(piece, 0, count, MPI.INT, 0, WORK);
            if (count == 0) {
                stops++;
                continue;
            }
            long began = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Result r = runner.run(piece[i]);
                batch.add(r);
                boolean stop = !r.ok() && !runner.settings.keepGoing();
                if (stop || batch.full(SEND_BYTES, SEND_NANOS) || r.seconds() >= SEND_AT_ONCE_SECONDS) {
                    send(world, sent, batch.take());
                }
                if (stop) {
                    // Rank 0 says whether the job runs again (--retries) or the run ends; then this
                    // rank's results and the failure are on disk.
                    int[] verdict = new int[1];
                    world.Recv(verdict, 0, 1, MPI.INT, 0, VERDICT);
                    if (verdict[0] == 1) {
                        throw runner.failure(r);
                    }
                }
            }
            batch.ask(count, (System.nanoTime() - began) / 1e9);
            send(world, sent, batch.take());
        }
        Request.Waitall(sent.toArray(new Request[0]));
    }

    /** Sends {@code message} to rank 0; keeps at most {@link #SENDS_IN_FLIGHT} sends in hand, waiting for the oldest. */
    private static void send(Intracomm world, List<Request> sent, byte[] message) throws Exception {
        if (sent.size() >= SENDS_IN_FLIGHT) {
            List<Request> oldest = sent.subList(0, SENDS_IN_FLIGHT / 2);
            Request.Waitall(oldest.toArray(new Request[0]));
            oldest.clear();
        }
        sent.add(world.Isend(message, 0, message.length, MPI.BYTE, 0, TO_ROOT));
    }

    /**
     * The pieces of the order rank 0 hands out, as job numbers. Dynamic: a piece is at most
     * {@link #PIECE_SECONDS} of work, judged by how long the last pieces took (their jobs per
     * second, each piece's report weighing half as much as the one after it), and at most a
     * 1/(2 x ranks) share of what is left, so the last pieces are single jobs and no rank waits long
     * for the others at the end; before any piece has come back, pieces are single jobs. Blocks:
     * each rank's block of the order, r*n/size up to (r+1)*n/size, once.
     */
    static final class Pieces {
        /** How long a piece should take at most, at the pace of the last pieces. */
        static final double PIECE_SECONDS = 0.1;

        private final int[] order;
        private final int size;
        private final boolean blocks;
        private final boolean[] given;
        /** Failed jobs to run again (--retries), and the rank each failed on last. */
        private final java.util.ArrayDeque<int[]> again = new java.util.ArrayDeque<>();
        private int next;
        private double jobsSeen;
        private double secondsSeen;

        Pieces(int[] order, int size, Settings.Schedule schedule) {
            this.order = order;
            this.size = size;
            this.blocks = schedule == Settings.Schedule.BLOCKS;
            this.given = new boolean[size];
        }

        /**
         * The next piece for {@code rank}, which says its last piece had {@code jobs} jobs and took
         * {@code seconds} (0 and 0 at first); an empty piece: no more.
         */
        synchronized int[] take(int rank, int jobs, double seconds) {
            // A job to run again goes to another rank than the one it failed on, where one asks
            // before the order is done; then to any.
            for (java.util.Iterator<int[]> it = again.iterator(); it.hasNext(); ) {
                int[] retry = it.next();
                if (retry[1] != rank || size == 1 || left() == 0) {
                    it.remove();
                    return new int[] {retry[0]};
                }
            }
            if (blocks) {
                if (given[rank]) {
                    return new int[0];
                }
                given[rank] = true;
                int from = (int) ((long) rank * order.length / size);
                return Arrays.copyOfRange(order, from, (int) ((long) (rank + 1) * order.length / size));
            }
            if (jobs > 0) {
                jobsSeen = jobsSeen / 2 + jobs;
                secondsSeen = secondsSeen / 2 + seconds;
            }
            int left = left();
            long paced = jobsSeen == 0 ? 1 : secondsSeen <= 0 ? left : (long) (PIECE_SECONDS * jobsSeen / secondsSeen);
            int count = (int) Math.min(left, Math.max(1, Math.min(paced, left / (2L * size))));
            int[] piece = Arrays.copyOfRange(order, next, next + count);
            next += count;
            return piece;
        }

        /** Job {@code job}, which failed on {@code rank}, runs again: it goes out before the rest. */
        synchronized void retry(int job, int rank) {
            again.add(new int[] {job, rank});
        }

        /** How many jobs of the order are not handed out yet; with blocks, 1 while a rank has not taken its block, then 0. */
        private int left() {
            if (blocks) {
                int taken = 0;
                for (boolean g : given) {
                    taken += g ? 1 : 0;
                }
                return taken == size ? 0 : 1;
            }
            return order.length - next;
        }
    }

    /** A job still running after --job-timeout seconds: its error says "timeout". */
    static final class JobTimedOut extends Exception {
        JobTimedOut(double seconds) {
            super("timeout: still running after " + Csv.param(seconds) + " s (--job-timeout)");
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Runs bigJob for one job on one rank, timed, and turns what it returned or threw into a Result. */
    static final class Runner {
        final Settings settings;
        final Columns columns;
        private final Computation<?> bigJob;
        private final int rank;
        private final long t0;
        /** What each failed job threw, for the report that ends a run. */
        private final java.util.Map<Integer, Throwable> thrown = new java.util.HashMap<>();
        /** With --job-timeout: the thread that runs bigJob, made when first needed. */
        private ExecutorService worker;
        private volatile Thread workerThread;

        Runner(Settings settings, Columns columns, Computation<?> bigJob, int rank, long t0) {
            this.settings = settings;
            this.columns = columns;
            this.bigJob = bigJob;
            this.rank = rank;
            this.t0 = t0;
        }

        Result run(int job) {
            long start = System.nanoTime();
            Throwable problem;
            try {
                Object[] values = columns.values(settings.jobTimeout() > 0 ? limited(job) : bigJob.run(job(job)));
                String nan = settings.failOnNan() ? columns.nan(values) : null;
                if (nan == null) {
                    return Result.of(job, rank, (start - t0) / 1e9, (System.nanoTime() - start) / 1e9, values);
                }
                problem = new ArithmeticException("the result '" + nan + "' is NaN (--fail-on-nan)");
            } catch (JobTimedOut e) {
                problem = e;
            } catch (ExecutionException e) {
                problem = e.getCause();
            } catch (Exception | StackOverflowError | AssertionError e) {
                problem = e;
            }
            if (!settings.keepGoing()) {
                thrown.put(job, problem); // the run ends with it
            }
            return Result.failed(job, rank, (start - t0) / 1e9, (System.nanoTime() - start) / 1e9, problem.toString());
        }

        private Job job(int job) {
            return new Job(job, settings.grid(), settings.seed());
        }

        /**
         * bigJob in a thread of its own, for at most --job-timeout seconds. A job that runs longer
         * is interrupted and left behind (Java cannot stop a thread that does not look): it is
         * the JVM's last thread to stop, at the end of the run; the next job gets a new thread.
         */
        private Object limited(int job) throws Exception {
            if (worker == null) {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "bigJob of rank " + rank);
                    t.setDaemon(true);
                    t.setContextClassLoader(loader);
                    workerThread = t;
                    return t;
                });
            }
            Future<?> running = worker.submit(() -> bigJob.run(job(job)));
            try {
                return running.get((long) (settings.jobTimeout() * 1e9), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                JobTimedOut e = new JobTimedOut(settings.jobTimeout());
                e.setStackTrace(where(workerThread.getStackTrace())); // where the job was when its time was up
                running.cancel(true);
                worker.shutdownNow();
                worker = null;
                throw e;
            }
        }

        /** A stuck job's stack down to bigJob, without the thread's own frames below it. */
        private static StackTraceElement[] where(StackTraceElement[] stack) {
            List<StackTraceElement> frames = new ArrayList<>();
            for (StackTraceElement f : stack) {
                if (f.getClassName().contains("$$Lambda") || f.getClassName().startsWith("java.util.concurrent.")) {
                    break;
                }
                frames.add(new StackTraceElement(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber()));
            }
            return frames.toArray(new StackTraceElement[0]);
        }

        /** The exception that ends the run for a failed job: its parameters, and what bigJob threw, with bigJob's stack. */
        JobFailed failure(Result r) {
            Parameters grid = settings.grid();
            return new JobFailed("job " + r.job() + " of " + grid.jobs() + " (" + grid.describe(r.job()) + ")",
                    thrown.get(r.job()));
        }
    }
}
