package sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Rank 0 shuffles the jobs (seeded) and broadcasts the order, as in the article; then it hands
 * them out as ranks ask for work (--schedule dynamic, lesson 06's way, the default) or gives each
 * rank one block of the order (--schedule blocks, lesson 02's way), and computes too. A rank sends
 * each result of a job of 10 ms or more to rank 0 as it is made, a line of text, and those of
 * quicker jobs together, at most a tenth of a second's worth (and at once when a job fails); rank 0
 * puts them in the partial file within a tenth of a second; at the end come the CSV, the pictures
 * and a summary. --resume runs only what is missing. When bigJob throws for a job, the run stops
 * with one line naming the job, its parameters, the rank and the exception (--keep-going: the job
 * is listed in OUT-failures.csv and the others go on).
 */
public final class Sweep {

    /** Your function: one job's parameter values in, its results out (a record of numbers and words, or one). */
    @FunctionalInterface
    public interface Computation<R> {
        R run(Job job) throws Exception;
    }

    /** From the other ranks to rank 0: a result's line, a failure's line, or a request for work ("?"). */
    static final int TO_ROOT = 11;
    /** From rank 0: a piece of work {first position, count}; a count of 0 means there is no more. */
    static final int WORK = 12;
    /** From rank 0 to a rank whose job failed: its failure and every result before it are on disk. */
    static final int SAVED = 13;
    /** How many requests for work a rank keeps open: with 2, the next piece is there when one ends. */
    static final int AHEAD = 2;
    /**
     * A rank sends its results to rank 0 together, in one message, once they are this many
     * characters or {@link #SEND_NANOS} old: a message per result would make rank 0's answering the
     * whole run's work when jobs take microseconds.
     */
    static final int SEND_CHARS = 1 << 16;
    static final long SEND_NANOS = 100_000_000L;
    /** The result of a job this long or longer is sent at once: the next job may be as long, and it waits for nothing. */
    static final double SEND_AT_ONCE_SECONDS = 0.01;
    /** How many sent messages a rank keeps in hand before it waits for the oldest half of them. */
    static final int SENDS_IN_FLIGHT = 16;

    /** Whether rank 0 has said how to go on after a failed job (a rank's own copy of this class, so one per run). */
    private static boolean stopSaid;

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
        }).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();
        Settings settings = settings(args, parameters);
        Columns columns = columns(results);

        // Rank 0 takes the results file and, with --resume, leaves out what is done; it shuffles the
        // rest (slow and fast jobs mix in every share) and every rank gets the order.
        int[] count = new int[1];
        int[] order = null;
        ResultLog log = null;
        if (rank == 0) {
            log = ResultLog.open(settings, columns);
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

        world.Barrier();
        Runner runner = new Runner(settings, columns, bigJob, rank, System.nanoTime());
        if (rank == 0) {
            serveAndWork(world, runner, log, order, size);
            Pictures.draw(settings, log, size);
            log.finish(size);
        } else {
            askForWork(world, runner, order);
        }
        MPI.Finalize();
        if (log != null && !log.failed().isEmpty()) {
            throw new launcher.ExitStatus(1, log.failed().size() + " of " + order.length + " jobs failed");
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
     * this one runs jobs too, from the same counter.
     */
    private static void serveAndWork(Intracomm world, Runner runner, ResultLog log, int[] order, int size) throws Exception {
        Pieces pieces = new Pieces(order.length, size, runner.settings.schedule());
        Background server = Background.start("serve", () -> {
            List<Request> answers = new ArrayList<>();
            int handedOut = 0;
            int received = 0;
            for (int stops = 0; stops < AHEAD * (size - 1) || received < handedOut; ) {
                Status status = world.Probe(MPI.ANY_SOURCE, TO_ROOT);
                char[] text = new char[status.Get_count(MPI.CHAR)];
                world.Recv(text, 0, text.length, MPI.CHAR, status.source, TO_ROOT);
                String message = new String(text);
                if (!message.equals("?")) {
                    for (String line : Batch.lines(message)) {
                        Result r = Result.parse(line, runner.columns);
                        log.add(r);
                        received++;
                        if (!r.ok() && !runner.settings.keepGoing()) {
                            // The run is about to end: the failure and what came before it go to disk first.
                            stopping(log);
                            answers.add(world.Isend(new int[0], 0, 0, MPI.INT, status.source, SAVED));
                        }
                    }
                    continue;
                }
                int[] piece = pieces.take(status.source);
                answers.add(world.Isend(piece, 0, 2, MPI.INT, status.source, WORK));
                handedOut += piece[1];
                if (piece[1] == 0) {
                    stops++;
                }
            }
            Request.Waitall(answers.toArray(new Request[0]));
        });
        try {
            for (int[] piece = pieces.take(0); piece[1] > 0; piece = pieces.take(0)) {
                for (int i = piece[0]; i < piece[0] + piece[1]; i++) {
                    Result r = runner.run(order[i]);
                    log.add(r);
                    if (!r.ok() && !runner.settings.keepGoing()) {
                        stopping(log);
                        throw runner.failure(r);
                    }
                }
            }
        } finally {
            log.flush();
        }
        server.join();
    }

    /** Rank 0, when a job has failed and the run ends: what is on disk, and how to go on (said once). */
    private static synchronized void stopping(ResultLog log) {
        log.flush();
        if (stopSaid) {
            return;
        }
        stopSaid = true;
        int kept = log.all().size();
        System.err.println("sweep: " + kept + (kept == 1 ? " result is in " : " results are in ") + log.settings().partial() + "; mend bigJob, then run"
                + " again with --resume to run only the " + (log.settings().jobs() - kept) + " missing job"
                + (log.settings().jobs() - kept == 1 ? "" : "s")
                + " (or --keep-going to record failures and go on)");
    }

    /**
     * Every other rank: asks for work AHEAD times, and once more after each piece; sends its results
     * to rank 0 together ({@link Batch}), at once when a job fails and at the end of each piece.
     */
    private static void askForWork(Intracomm world, Runner runner, int[] order) throws Exception {
        List<Request> sent = new ArrayList<>();
        for (int i = 0; i < AHEAD; i++) {
            send(world, sent, "?");
        }
        Batch batch = new Batch();
        int[] piece = new int[2];
        for (int stops = 0; stops < AHEAD; ) {
            world.Recv(piece, 0, 2, MPI.INT, 0, WORK);
            if (piece[1] == 0) {
                stops++;
                continue;
            }
            for (int i = piece[0]; i < piece[0] + piece[1]; i++) {
                Result r = runner.run(order[i]);
                batch.add(r.line().stripTrailing());
                boolean stop = !r.ok() && !runner.settings.keepGoing();
                if (stop || batch.full() || r.seconds() >= SEND_AT_ONCE_SECONDS) {
                    send(world, sent, batch.take());
                }
                if (stop) {
                    // Wait until rank 0 has written this rank's results and the failure, then end the run.
                    world.Recv(new int[0], 0, 0, MPI.INT, 0, SAVED);
                    throw runner.failure(r);
                }
            }
            if (!batch.isEmpty()) {
                send(world, sent, batch.take());
            }
            send(world, sent, "?");
        }
        Request.Waitall(sent.toArray(new Request[0]));
    }

    /** Sends {@code text} to rank 0; keeps at most {@link #SENDS_IN_FLIGHT} sends in hand, waiting for the oldest. */
    private static void send(Intracomm world, List<Request> sent, String text) throws Exception {
        if (sent.size() >= SENDS_IN_FLIGHT) {
            List<Request> oldest = sent.subList(0, SENDS_IN_FLIGHT / 2);
            Request.Waitall(oldest.toArray(new Request[0]));
            oldest.clear();
        }
        char[] chars = text.toCharArray();
        sent.add(world.Isend(chars, 0, chars.length, MPI.CHAR, 0, TO_ROOT));
    }

    /**
     * Result lines gathered for one message to rank 0, each written as its length, a colon and the
     * line (a line may hold a line break inside a quoted field, so none separates them).
     */
    static final class Batch {
        private final StringBuilder text = new StringBuilder();
        private long since = System.nanoTime();

        void add(String line) {
            if (text.length() == 0) {
                since = System.nanoTime();
            }
            text.append(line.length()).append(':').append(line);
        }

        /** Big enough, or old enough, to send. */
        boolean full() {
            return text.length() >= SEND_CHARS || System.nanoTime() - since >= SEND_NANOS;
        }

        boolean isEmpty() {
            return text.length() == 0;
        }

        /** The message, and an empty batch. */
        String take() {
            String message = text.toString();
            text.setLength(0);
            return message;
        }

        /** The lines of a message {@link #take} made. */
        static List<String> lines(String message) {
            List<String> lines = new ArrayList<>();
            for (int at = 0; at < message.length(); ) {
                int colon = message.indexOf(':', at);
                int end = colon + 1 + Integer.parseInt(message.substring(at, colon));
                lines.add(message.substring(colon + 1, end));
                at = end;
            }
            return lines;
        }
    }

    /**
     * The pieces of the order rank 0 hands out. Dynamic: guided, a 1/(2 x ranks) share of what is
     * left, at least one job, so early pieces are large and the last ones single jobs. Blocks: each
     * rank's block of the order, r*n/size up to (r+1)*n/size, once.
     */
    static final class Pieces {
        private final int jobs;
        private final int size;
        private final boolean blocks;
        private final AtomicInteger next = new AtomicInteger();
        private final boolean[] given;

        Pieces(int jobs, int size, Settings.Schedule schedule) {
            this.jobs = jobs;
            this.size = size;
            this.blocks = schedule == Settings.Schedule.BLOCKS;
            this.given = new boolean[size];
        }

        /** The next piece for {@code rank}: {first position, count}; count 0: no more. */
        synchronized int[] take(int rank) {
            if (blocks) {
                if (given[rank]) {
                    return new int[] {0, 0};
                }
                given[rank] = true;
                int from = (int) ((long) rank * jobs / size);
                return new int[] {from, (int) ((long) (rank + 1) * jobs / size) - from};
            }
            int first = next.get();
            int count = Math.min(Math.max(1, (jobs - first) / (2 * size)), jobs - first);
            next.set(first + count);
            return new int[] {first, count};
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
                Object[] values = columns.values(bigJob.run(new Job(job, settings.grid())));
                String nan = settings.failOnNan() ? columns.nan(values) : null;
                if (nan == null) {
                    return Result.of(job, rank, (start - t0) / 1e9, (System.nanoTime() - start) / 1e9, values);
                }
                problem = new ArithmeticException("the result '" + nan + "' is NaN (--fail-on-nan)");
            } catch (Exception | StackOverflowError | AssertionError e) {
                problem = e;
            }
            if (!settings.keepGoing()) {
                thrown.put(job, problem); // the run ends with it
            }
            return Result.failed(job, rank, (start - t0) / 1e9, (System.nanoTime() - start) / 1e9, problem.toString());
        }

        /** The exception that ends the run for a failed job: its parameters, and what bigJob threw, with bigJob's stack. */
        JobFailed failure(Result r) {
            Parameters grid = settings.grid();
            return new JobFailed("job " + r.job() + " of " + grid.jobs() + " (" + grid.describe(r.job()) + ")",
                    thrown.get(r.job()));
        }
    }
}
