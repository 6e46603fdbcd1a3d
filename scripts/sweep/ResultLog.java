package sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rank 0's record of the results as they arrive.
 *
 * <p>Every result is appended to {@code OUT.partial} the moment it arrives, so a run that is
 * killed (any rank, the launcher, a scheduler's time limit) loses only the jobs that were running.
 * {@code --resume} reads that file back and the run does only what is missing. At the end the CSV
 * is written whole, sorted, through a temporary file, and the partial file goes.
 */
public final class ResultLog {

    /** One finished job. {@code start} is seconds since the sweep began, on the rank that ran it. */
    public record Result(int job, double value, int rank, double start, double seconds) {
    }

    private static final String MAGIC = "# partial results of lessons/02_sweep.java: ";
    private static final String CSV_HEADER = "a,b,value,rank,start,seconds";

    private final Settings settings;
    private final Map<Integer, Result> done = new TreeMap<>();
    private final Map<Integer, Result> before;
    private final BufferedWriter journal;
    private final int expected;
    private final long startNanos = System.nanoTime();
    private long lastProgress = System.nanoTime();
    private int arrived;

    private ResultLog(Settings settings, Map<Integer, Result> before, int expected) throws IOException {
        this.settings = settings;
        this.before = before;
        this.expected = expected;
        boolean fresh = !Files.exists(settings.partial());
        journal = Files.newBufferedWriter(settings.partial(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            journal.write(MAGIC + settings.describe() + "\n");
            for (Result r : before.values()) {
                journal.write(line(r));
            }
            journal.flush();
        }
        done.putAll(before);
    }

    /** The results a --resume run starts from (empty without --resume). */
    public static Map<Integer, Result> previous(Settings s) {
        if (!s.resume()) {
            return Map.of();
        }
        try {
            if (Files.exists(s.partial())) {
                return readPartial(s);
            }
            if (Files.exists(s.out())) {
                return readCsv(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }

    /** Opens the log for a run that will bring {@code expected} new results. */
    public static ResultLog open(Settings s, Map<Integer, Result> before, int expected) {
        try {
            return new ResultLog(s, before, expected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + s.partial(), e);
        }
    }

    /** What --resume finds must be this sweep's; and without --resume, a partial run is not overwritten. */
    static void checkResume(Settings s) {
        if (!s.resume()) {
            if (Files.exists(s.partial())) {
                throw new IllegalArgumentException(s.partial() + " holds the results of an interrupted run; add --resume"
                        + " to finish it, or delete the file to start over");
            }
            return;
        }
        try {
            previous(s); // reads what --resume would start from, refusing another sweep's results
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("--resume: cannot read the earlier results: " + e.getCause().getMessage());
        }
    }

    private static Map<Integer, Result> readPartial(Settings s) throws IOException {
        List<String> lines = Files.readAllLines(s.partial(), StandardCharsets.UTF_8);
        String want = MAGIC + s.describe();
        if (lines.isEmpty() || !lines.get(0).equals(want)) {
            String had = lines.isEmpty() ? "nothing" : lines.get(0).startsWith(MAGIC)
                    ? lines.get(0).substring(MAGIC.length()) : "something else";
            throw new IllegalArgumentException("--resume: " + s.partial() + " is from a different sweep (" + had
                    + "; this one is " + s.describe() + "); use the same options, or delete the file to start over");
        }
        Map<Integer, Result> found = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length != 5) {
                continue; // the last line of a killed run may be cut short: that job runs again
            }
            try {
                int job = Integer.parseInt(f[0]);
                if (job >= 0 && job < s.jobs()) {
                    found.put(job, new Result(job, Double.parseDouble(f[1]), Integer.parseInt(f[2]),
                            Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                }
            } catch (NumberFormatException torn) {
                // as above
            }
        }
        return found;
    }

    /** A finished CSV: every row must be a point of this grid (an article-scheme run may lack some). */
    private static Map<Integer, Result> readCsv(Settings s) throws IOException {
        Map<String, Integer> jobOf = new HashMap<>();
        for (int j = 0; j < s.jobs(); j++) {
            jobOf.put(s.a(j) + "," + s.b(j), j);
        }
        List<String> lines = Files.readAllLines(s.out(), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
            throw new IllegalArgumentException("--resume: " + s.out() + " is not a CSV written by this lesson");
        }
        Map<Integer, Result> found = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Integer job = f.length == 6 ? jobOf.get(f[0] + "," + f[1]) : null;
            if (job == null) {
                throw new IllegalArgumentException("--resume: " + s.out() + " is from a different grid (it has a row for a="
                        + (f.length > 1 ? f[0] + ", b=" + f[1] : line) + "; this sweep is " + s.describe()
                        + "); use the same options, or another --out");
            }
            found.put(job, new Result(job, Double.parseDouble(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5])));
        }
        return found;
    }

    /** Records one result: on disk at once, then in memory; prints progress at most once a second. */
    public synchronized void add(Result r) {
        try {
            journal.write(line(r));
            journal.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.partial(), e);
        }
        done.put(r.job(), r);
        arrived++;
        long now = System.nanoTime();
        if (!settings.quiet() && now - lastProgress >= 1_000_000_000L && arrived < expected) {
            lastProgress = now;
            double elapsed = (now - startNanos) / 1e9;
            double left = elapsed / arrived * (expected - arrived);
            System.err.printf(Locale.ROOT, "sweep: %d/%d jobs done (%d%%), %.1f s elapsed, about %.1f s left%n",
                    arrived, expected, 100L * arrived / expected, elapsed, left);
        }
    }

    /** The results of this run only (not those a --resume started from). */
    public synchronized List<Result> thisRun() {
        List<Result> fresh = new ArrayList<>();
        for (Result r : done.values()) {
            if (!before.containsKey(r.job())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    public synchronized List<Result> all() {
        return new ArrayList<>(done.values());
    }

    /** Writes the CSV whole (sorted by a, then b) and removes the partial file. */
    public synchronized void finish() {
        Path tmp = settings.out().resolveSibling(settings.out().getFileName() + ".tmp");
        try {
            journal.close();
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(CSV_HEADER + "\n");
                for (Result r : done.values()) {
                    w.write(settings.a(r.job()) + "," + settings.b(r.job()) + "," + r.value() + "," + r.rank() + ","
                            + seconds(r.start()) + "," + seconds(r.seconds()) + "\n");
                }
            }
            Files.move(tmp, settings.out(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(settings.partial());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.out(), e);
        }
    }

    private static String line(Result r) {
        return r.job() + "," + r.value() + "," + r.rank() + "," + r.start() + "," + r.seconds() + "\n";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }
}
