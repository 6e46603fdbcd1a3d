package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    /** Each job's result by its number (null: none yet): no boxing or tree per result, in job order for free. */
    private final Result[] done;
    private int doneCount;
    /** The jobs whose results an earlier run left (--resume). */
    private final java.util.BitSet resumed = new java.util.BitSet();
    private final Map<Integer, Result> before;
    private final List<Result> failed = new ArrayList<>();
    private final Journal journal;
    private final Progress progress;

    private ResultLog(Settings settings, Columns columns, OneWriter writer) {
        this.settings = settings;
        this.columns = columns;
        this.writer = writer;
        this.before = Resume.previous(settings, columns);
        this.journal = new Journal(settings.partial(), Resume.header(settings, columns),
                new TreeMap<>(before).values());
        this.progress = new Progress(settings.quiet(), settings.jobs() - before.size());
        this.done = new Result[settings.jobs()];
        for (Result r : before.values()) {
            done[r.job()] = r;
            resumed.set(r.job());
        }
        doneCount = before.size();
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
        for (int j = resumed.nextClearBit(0); j < settings.jobs(); j = resumed.nextClearBit(j + 1)) {
            todo.add(j);
        }
        return todo;
    }

    /** How many results this run will bring, for the progress line (fewer when jobs are dropped). */
    public synchronized void expect(int results) {
        progress.expect(results);
    }

    /** Records one result, or one job's failure. */
    public synchronized void add(Result r) {
        journal.add(r);
        if (r.ok()) {
            if (done[r.job()] == null) {
                doneCount++;
            }
            done[r.job()] = r;
        } else {
            failed.add(r);
        }
        progress.arrived();
    }

    /** Writes every result received so far to the partial file now. */
    public void flush() {
        journal.flush();
    }

    /** The results of this run only (not those a --resume started from). */
    public synchronized List<Result> thisRun() {
        List<Result> fresh = new ArrayList<>();
        for (Result r : done) {
            if (r != null && !resumed.get(r.job())) {
                fresh.add(r);
            }
        }
        fresh.addAll(failed);
        return fresh;
    }

    /** Every result there is, this run's and those a --resume started from, by job. */
    public synchronized List<Result> all() {
        List<Result> all = new ArrayList<>(doneCount);
        for (Result r : done) {
            if (r != null) {
                all.add(r);
            }
        }
        return all;
    }

    /** The jobs of this run whose bigJob failed. */
    public synchronized List<Result> failed() {
        return List.copyOf(failed);
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
        journal.close();
        CsvFiles.write(settings, columns, all(), failed);
        try {
            Files.deleteIfExists(settings.partial());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.out(), e);
        }
        if (writer != null) {
            writer.release();
        }
        Summary.lines(settings, thisRun(), ranks, doneCount, failed.size()).forEach(System.out::println);
    }
}
