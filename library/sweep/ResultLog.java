package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import launcher.BadInput;

/**
 * Rank 0's record of a sweep's results as they arrive: in memory, in the partial file
 * ({@link Journal}) within a tenth of a second, with progress on stderr ({@link Progress}). With
 * --resume it starts from what an earlier run left ({@link Resume}) and the run does only what is
 * missing. At the end the CSV is written whole, sorted by job, through a temporary file, and the
 * partial file goes. While a run writes, it holds the lock of {@link OneWriter}: a second run with
 * the same --out is refused.
 */
public final class ResultLog {

    private final Settings settings;
    private final Columns columns;
    private final OneWriter writer;
    private final ResultTable table;
    private final List<Result> failed = new ArrayList<>();
    private final Journal journal;
    private final Progress progress;
    /** Set once a failed job ends the run: what is on disk then is what the run keeps, and said so. */
    private boolean stopped;
    /** Failures this run has seen, also those after it stopped. */
    private int failures;
    /** How many times each job that failed was run (--retries). */
    private final java.util.Map<Integer, Integer> attempts = new java.util.HashMap<>();

    /**
     * Where the results came from ({@link Provenance}), this run last; written at the start, a stop
     * and the end, in this order, by a thread of its own: making it costs a JSON mapper's first use
     * and reading the code's jars, which need not hold up the jobs. Its fields are that thread's.
     */
    private final java.util.concurrent.ExecutorService recorder = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "sweep-provenance");
                t.setDaemon(true);
                return t;
            });
    private final List<java.util.concurrent.Future<?>> recorded = new ArrayList<>();
    private Provenance provenance;
    private Provenance.Run run;

    private ResultLog(Settings settings, Columns columns, OneWriter writer, Class<?> program) {
        this.settings = settings;
        this.columns = columns;
        this.writer = writer;
        this.table = new ResultTable(settings.jobs(), columns);
        Resume.load(settings, table);
        // This run's number follows the runs the provenance lists (and those the results name).
        Provenance before = settings.resume() ? Provenance.read(Provenance.file(settings)) : null;
        if (before != null && !before.sweep().equals(Provenance.sweep(settings, columns))) {
            before = null;
        }
        int last = table.lastRun();
        if (before != null) {
            for (Provenance.Run r : before.runs()) {
                last = Math.max(last, r.run());
            }
        }
        table.nowRun(last + 1);
        this.journal = new Journal(settings.partial(), Resume.header(settings, columns), table);
        this.progress = new Progress(settings.quiet(), settings.jobs() - table.count());
        Provenance earlier = before;
        int number = table.run();
        recorded.add(recorder.submit(() -> {
            java.nio.file.Path study = Provenance.studyFile(program);
            provenance = earlier != null ? earlier : Provenance.of(settings, columns, program, study);
            run = Provenance.start(number, settings, program, study);
            Provenance.Run previous = provenance.runs().isEmpty() ? null : provenance.runs().get(provenance.runs().size() - 1);
            if (previous != null && previous.code() != null && run.code() != null && !previous.code().equals(run.code())) {
                System.err.println("sweep: the code has changed since run " + previous.run() + " (" + previous.code()
                        + ", now " + run.code() + "); the CSV's run column tells their rows apart");
            }
            provenance = provenance.with(run);
            provenance.write(Provenance.file(settings));
        }));
    }

    /**
     * Completes this run's entry in the provenance with what only the ranks know: the program's
     * arguments, the device, how many ranks and their hosts.
     */
    public synchronized void ranAs(List<String> arguments, String device, int ranks, List<String> hosts) {
        recorded.add(recorder.submit(() -> {
            run = run.as(arguments, device, ranks, hosts);
            provenance = provenance.with(run);
            provenance.write(Provenance.file(settings));
        }));
    }

    /**
     * Writes this run's entry as it ends, with how many {@code ranks} ran it where {@link #ranAs}
     * did not say (a lesson; 0: unknown), and waits until it is on disk (rethrowing what went wrong).
     */
    private void ended(int ranks) {
        int fresh = table.count() - table.resumedCount();
        int failedJobs = failures;
        String when = Provenance.now();
        recorded.add(recorder.submit(() -> {
            if (run.ranks() == 0) {
                run = run.as(run.arguments(), run.device(), ranks, run.hosts());
            }
            provenance = provenance.with(run.ended(when, fresh, failedJobs));
            provenance.write(Provenance.file(settings));
        }));
        recorder.shutdown();
        try {
            for (java.util.concurrent.Future<?> written : recorded) {
                written.get(); // the first that failed says why
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** A lesson's log: one result column, bigJob's value. */
    public static ResultLog open(Settings s) {
        return open(s, Columns.VALUE);
    }

    /**
     * Rank 0, before anything is written: takes the results file for this run and, with --resume,
     * reads what an earlier run finished. A second run with the same --out that started at the same
     * moment (and so passed the launcher's check too) ends with the one line that names the first.
     */
    public static ResultLog open(Settings s, Columns columns) {
        Class<?> program = CALLER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getPackageName().equals("sweep")).findFirst().orElse(null));
        Settings.overwriting(s, columns); // refused when the results of another sweep would go
        try {
            Files.createDirectories(s.out().getParent());
        } catch (IOException e) {
            throw new BadInput("--out " + s.out() + ": cannot make the folder " + s.out().getParent() + " (" + e + ")");
        }
        return new ResultLog(s, columns, OneWriter.take(s), program); // BadInput, status 2, naming the other run
    }

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The jobs this run must do: all of them, or with --resume those an earlier run did not finish. */
    public List<Integer> missing() {
        List<Integer> todo = new ArrayList<>();
        for (int j : missingJobs()) {
            todo.add(j);
        }
        return todo;
    }

    /** {@link #missing}, as numbers in an array. */
    synchronized int[] missingJobs() {
        return table.missing(settings.jobs());
    }

    /** How many results this run will bring, for the progress line (fewer when jobs are dropped). */
    public synchronized void expect(int results) {
        progress.expect(results);
    }

    /**
     * Records one result, or one job's failure. Returns false for a failure that is not recorded
     * because the job runs again (--retries): the caller hands it out once more.
     */
    public synchronized boolean add(Result r) {
        if (stopped) {
            late(r.job(), r.rank(), r.error());
            return true;
        }
        if (r.ok()) {
            table.put(r);
            journal.add(table, r.job());
        } else {
            int tries = attempts.merge(r.job(), 1, Integer::sum);
            if (tries <= settings.retries()) {
                System.err.println("sweep: job " + r.job() + " of " + settings.jobs() + " (" + settings.grid().describe(r.job())
                        + ") failed on rank " + r.rank() + " (" + r.error() + "); running it again, attempt " + (tries + 1)
                        + " of " + (settings.retries() + 1));
                return false;
            }
            failures++;
            failed.add(r);
            journal.add(r);
        }
        progress.arrived();
        return true;
    }

    /** How many times job {@code job} was run and failed (0 for one that never failed). */
    synchronized int attempts(int job) {
        return attempts.getOrDefault(job, 0);
    }

    /** A result or failure that arrives after a failed job stopped the run: a failure is named, a result waits for --resume. */
    private void late(int job, int rank, String error) {
        if (error != null) {
            failures++;
            System.err.println("sweep: job " + job + " of " + settings.jobs() + " (" + settings.grid().describe(job)
                    + ") failed too, on rank " + rank + ": " + error);
        }
    }

    /**
     * A failed job ends the run: what is on disk now is what the run keeps, and nothing more is
     * recorded. Returns the line that says so and how to go on, or null if it was said already.
     */
    synchronized String stop() {
        journal.flush();
        if (stopped) {
            return null;
        }
        stopped = true;
        ended(0);
        int kept = table.count();
        int missing = settings.jobs() - kept;
        return "sweep: " + kept + (kept == 1 ? " result is in " : " results are in ") + settings.partial()
                + "; mend bigJob, then run again with --resume to run only the " + missing + " missing job"
                + (missing == 1 ? "" : "s") + " (or --keep-going to record failures and go on)";
    }

    /**
     * Records the results and failures in a message from {@code rank} ({@link Batch}); hands its
     * requests for work to {@code asks}. Returns how many results and failures it held.
     */
    synchronized int add(ByteBuffer message, int rank, Asks asks) {
        int[] received = {0};
        Batch.read(message, new Batch.Reader() {
            @Override
            public void result(int job, double start, double seconds, ByteBuffer in) {
                received[0]++;
                if (stopped) {
                    // The run is ending: this job runs again with --resume. Its values are passed over.
                    for (Columns.Kind kind : columns.kinds()) {
                        Batch.value(in, kind);
                    }
                    return;
                }
                table.put(job, rank, start, seconds);
                for (int c = 0; c < columns.size(); c++) {
                    switch (columns.kinds().get(c)) {
                        case REAL -> table.setReal(job, c, in.getDouble());
                        case WHOLE -> table.setWhole(job, c, in.getLong());
                        case WORD, CURVE -> table.set(job, c, Batch.value(in, columns.kinds().get(c)));
                    }
                }
                journal.add(table, job);
                progress.arrived();
            }

            @Override
            public void failure(int job, double start, double seconds, String error) {
                received[0]++;
                asks.failed(job, !add(Result.failed(job, rank, start, seconds, error)));
            }

            @Override
            public void ask(int jobs, double seconds) {
                asks.ask(jobs, seconds);
            }
        });
        return received[0];
    }

    /** Where the requests for work in a message go, and what became of a failed job. */
    interface Asks {
        void ask(int jobs, double seconds);

        /** Job {@code job} failed; {@code again}: it runs again (--retries), else it is recorded as failed. */
        void failed(int job, boolean again);
    }

    /** Writes every result received so far to the partial file now. */
    public void flush() {
        journal.flush();
    }

    /** How many jobs have a result, this run's and those a --resume started from. */
    public synchronized int count() {
        return table.count();
    }

    /** The jobs of this run whose bigJob failed. */
    public synchronized List<Result> failed() {
        return List.copyOf(failed);
    }

    /** Every result there is (this run's and those a --resume started from), by job: for the pictures. */
    ResultTable table() {
        return table;
    }

    public Settings settings() {
        return settings;
    }

    public Columns columns() {
        return columns;
    }

    /**
     * Writes the CSV whole and the list of failed jobs if there are any ({@link CsvFiles}), removes
     * the partial file, lets go of the results file, and says what the run did ({@link Summary}).
     */
    public synchronized void finish(int ranks) {
        finish(ranks, () -> { });
    }

    /** {@link #finish(int)}, doing {@code beforeSummary} (waiting for the pictures) once the files are written. */
    synchronized void finish(int ranks, Runnable beforeSummary) {
        journal.close();
        List<List<String>> best = new ArrayList<>();
        Background bestFile = Background.start("best parameters", () -> best.add(Best.write(settings, table)));
        CsvFiles.write(settings, table, failed, this::attempts);
        try {
            bestFile.join();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ended(ranks);
        try {
            Files.deleteIfExists(settings.partial());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.out(), e);
        }
        try {
            beforeSummary.run();
        } finally {
            if (writer != null) {
                writer.release();
            }
        }
        Summary.Tally tally = new Summary.Tally(ranks);
        for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
            if (!table.resumed(job)) {
                tally.add(table.rank(job), table.start(job), table.seconds(job));
            }
        }
        for (Result r : failed) {
            tally.add(r.rank(), r.start(), r.seconds());
        }
        Summary.lines(settings, tally, table.count(), failed.size()).forEach(System.out::println);
        best.get(0).forEach(System.out::println);
    }
}
