package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

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

    private ResultLog(Settings settings, Columns columns, OneWriter writer) {
        this.settings = settings;
        this.columns = columns;
        this.writer = writer;
        this.table = new ResultTable(settings.jobs(), columns);
        Resume.load(settings, table);
        this.journal = new Journal(settings.partial(), Resume.header(settings, columns), table);
        this.progress = new Progress(settings.quiet(), settings.jobs() - table.count());
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
        return new ResultLog(s, columns, OneWriter.take(s)); // BadInput, status 2, naming the other run
    }

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

    /** Records one result, or one job's failure. */
    public synchronized void add(Result r) {
        if (r.ok()) {
            table.put(r);
            journal.add(table, r.job());
        } else {
            failed.add(r);
            journal.add(r);
        }
        progress.arrived();
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
                table.put(job, rank, start, seconds);
                for (int c = 0; c < columns.size(); c++) {
                    switch (columns.kinds().get(c)) {
                        case REAL -> table.setReal(job, c, in.getDouble());
                        case WHOLE -> table.setWhole(job, c, in.getLong());
                        case WORD -> table.set(job, c, Batch.value(in, Columns.Kind.WORD));
                    }
                }
                journal.add(table, job);
                progress.arrived();
                received[0]++;
            }

            @Override
            public void failure(int job, double start, double seconds, String error) {
                Result r = Result.failed(job, rank, start, seconds, error);
                failed.add(r);
                journal.add(r);
                progress.arrived();
                received[0]++;
            }

            @Override
            public void ask(int jobs, double seconds) {
                asks.ask(jobs, seconds);
            }
        });
        return received[0];
    }

    /** Where the requests for work in a message go. */
    interface Asks {
        void ask(int jobs, double seconds);
    }

    /** Writes every result received so far to the partial file now. */
    public void flush() {
        journal.flush();
    }

    /** How many jobs have a result, this run's and those a --resume started from. */
    public synchronized int count() {
        return table.count();
    }

    /** How many jobs of this run failed so far. */
    synchronized int failedCount() {
        return failed.size();
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
        CsvFiles.write(settings, table, failed);
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
    }
}
