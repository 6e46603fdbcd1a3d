package sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private final Map<Integer, Result> done = new TreeMap<>();
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
        done.putAll(before);
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
        OneWriter writer;
        try {
            writer = OneWriter.take(s);
        } catch (IllegalArgumentException busy) {
            throw new launcher.ExitStatus(2, busy.getMessage());
        }
        return new ResultLog(s, columns, writer);
    }

    /** The jobs this run must do: all of them, or with --resume those an earlier run did not finish. */
    public List<Integer> missing() {
        List<Integer> todo = new ArrayList<>();
        for (int j = 0; j < settings.jobs(); j++) {
            if (!before.containsKey(j)) {
                todo.add(j);
            }
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
            done.put(r.job(), r);
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
        for (Result r : done.values()) {
            if (!before.containsKey(r.job())) {
                fresh.add(r);
            }
        }
        fresh.addAll(failed);
        return fresh;
    }

    /** Every result there is, this run's and those a --resume started from, by job. */
    public synchronized List<Result> all() {
        return new ArrayList<>(done.values());
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
     * Writes the CSV whole (sorted by job, so by the parameters in the order declared) and the list
     * of failed jobs if there are any, removes the partial file, lets go of the results file, and
     * says what the run did: its time, its balance across the ranks, where the results are.
     */
    public synchronized void finish(int ranks) {
        journal.close();
        Parameters grid = settings.grid();
        List<String> rows = new ArrayList<>();
        for (Result r : done.values()) {
            List<String> f = new ArrayList<>(params(r.job()));
            f.addAll(r.fields());
            f.addAll(List.of(String.valueOf(r.rank()), Result.seconds(r.start()), Result.seconds(r.seconds())));
            rows.add(String.join(",", f));
        }
        write(settings.out(), Resume.csvHeader(grid, columns), rows);
        List<String> failures = new ArrayList<>();
        for (Result r : failed) {
            List<String> f = new ArrayList<>(params(r.job()));
            f.addAll(List.of(String.valueOf(r.rank()), Csv.field(r.error())));
            failures.add(String.join(",", f));
        }
        try {
            if (failures.isEmpty()) {
                Files.deleteIfExists(settings.failures()); // an earlier run's list is out of date
            } else {
                write(settings.failures(), String.join(",", grid.names()) + ",rank,error", failures);
            }
            Files.deleteIfExists(settings.partial());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.out(), e);
        }
        if (writer != null) {
            writer.release();
        }
        summary(ranks);
    }

    private List<String> params(int job) {
        List<String> f = new ArrayList<>();
        for (Object v : settings.grid().values(job)) {
            f.add(Csv.paramField(v));
        }
        return f;
    }

    /** Written through a temporary file, so the file on disk is always whole. */
    private static void write(Path file, String header, List<String> rows) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(header + "\n");
                for (String row : rows) {
                    w.write(row + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Parallel efficiency: the time the ranks spent in bigJob over (ranks x wall time), 1 when no
     * rank was ever idle; and how much longer the busiest rank worked than the least busy one.
     */
    private void summary(int ranks) {
        List<Result> fresh = thisRun();
        double wall = 0;
        double busy = 0;
        double[] perRank = new double[ranks];
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
        String spread = ranks == 1 ? "" : min > 0
                ? String.format(Locale.ROOT, ", the busiest rank worked %.2f times as long as the least busy", max / min)
                : ", a rank had no job";
        System.out.printf(Locale.ROOT, "sweep: %d jobs on %d rank%s, schedule %s: %.3f s, parallel efficiency %.3f"
                        + " (1 = no rank ever idle)%s%n", fresh.size(), ranks, ranks == 1 ? "" : "s",
                settings.schedule().word(), wall, wall > 0 ? busy / (ranks * wall) : 1.0, spread);
        System.out.println("sweep: " + done.size() + " of " + settings.jobs() + " results in " + settings.out());
        if (!failed.isEmpty()) {
            System.out.println("sweep: " + failed.size() + " job" + (failed.size() == 1 ? "" : "s") + " failed, listed with"
                    + " the error in " + settings.failures() + "; mend bigJob, then run again with --resume to run only"
                    + " the missing jobs");
        }
    }
}
