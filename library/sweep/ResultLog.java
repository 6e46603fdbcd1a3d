package sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * <p>Every result is appended to {@code OUT.partial} within a tenth of a second of its arrival, so
 * a run that is killed (any rank, the launcher, a scheduler's time limit) loses only the jobs that
 * were running or had just finished.
 * {@code --resume} reads that file back and the run does only what is missing. At the end the CSV
 * is written whole, sorted, through a temporary file, and the partial file goes. While a run
 * writes, it holds the lock of {@link OneWriter}: a second run with the same --out is refused.
 */
public final class ResultLog {

    /** One finished job. {@code start} is seconds since the sweep began, on the rank that ran it. */
    public record Result(int job, double value, int rank, double start, double seconds) {

        /** The result as a message: four doubles (job, value, start, seconds); the sender is its rank. */
        public double[] message() {
            return new double[] {job, value, start, seconds};
        }

        /** The result at position {@code at} of a message from {@code rank}. */
        public static Result of(double[] message, int at, int rank) {
            return new Result((int) message[at], message[at + 1], rank, message[at + 2], message[at + 3]);
        }
    }

    /** Doubles per result in a message. */
    public static final int DOUBLES = 4;

    private static final String MAGIC = "# partial results of a sweep: ";
    private static final String CSV_HEADER = "a,b,value,rank,start,seconds";

    private final Settings settings;
    private final OneWriter writer;
    private final Map<Integer, Result> done = new TreeMap<>();
    private final Map<Integer, Result> before;
    private final FileChannel journal;
    /** Lines not yet on disk: written together at most every {@link #WRITE_EVERY_NANOS}. */
    private final StringBuilder unwritten = new StringBuilder();
    private long lastWrite = System.nanoTime();
    private final long startNanos = System.nanoTime();
    private long lastProgress = System.nanoTime();
    private int expected;
    private int arrived;

    private ResultLog(Settings settings, OneWriter writer) throws IOException {
        this.settings = settings;
        this.writer = writer;
        this.before = previous(settings);
        boolean fresh = !Files.exists(settings.partial());
        journal = FileChannel.open(settings.partial(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (fresh) {
            unwritten.append(MAGIC + settings.describe() + "\n");
            for (Result r : before.values()) {
                unwritten.append(line(r));
            }
            writeUnwritten();
        }
        done.putAll(before);
        expected = settings.jobs() - before.size();
    }

    /**
     * Rank 0, before anything is written: takes the results file for this run (a second run with
     * the same --out is refused: one line, exit status 2) and, with --resume, reads what an earlier
     * run finished.
     */
    public static ResultLog open(Settings s) {
        OneWriter writer;
        try {
            writer = OneWriter.take(s);
        } catch (IllegalArgumentException busy) {
            // Another run started at the same moment and passed the launcher's check too.
            System.err.println("sweep: " + busy.getMessage());
            System.exit(2);
            return null;
        }
        try {
            return new ResultLog(s, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + s.partial(), e);
        }
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
        expected = results;
    }

    /** The results a --resume run starts from (empty without --resume). */
    static Map<Integer, Result> previous(Settings s) {
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

    /**
     * Records one result: on disk within a tenth of a second (writing each one at once would cost
     * rank 0 a system call per result), and in memory; prints progress at most once a second.
     */
    public synchronized void add(Result r) {
        unwritten.append(line(r));
        long now = System.nanoTime();
        if (now - lastWrite >= WRITE_EVERY_NANOS) {
            writeUnwritten();
            lastWrite = now;
        }
        done.put(r.job(), r);
        arrived++;
        if (!settings.quiet() && now - lastProgress >= 1_000_000_000L && arrived < expected) {
            lastProgress = now;
            double elapsed = (now - startNanos) / 1e9;
            double left = elapsed / arrived * (expected - arrived);
            System.err.printf(Locale.ROOT, "sweep: %d/%d jobs done (%d%%), %.1f s elapsed, about %.1f s left%n",
                    arrived, expected, 100L * arrived / expected, elapsed, left);
        }
    }

    private static final long WRITE_EVERY_NANOS = 100_000_000L;

    /** Appends the waiting lines in one write, so that a killed run leaves whole lines only. */
    private void writeUnwritten() {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(unwritten.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
            unwritten.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.partial(), e);
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

    /**
     * Writes the CSV whole (sorted by a, then b), removes the partial file, lets go of the results
     * file, and says what the run did: its time, its balance across the ranks, where the results are.
     */
    public synchronized void finish(int ranks) {
        Path tmp = settings.out().resolveSibling(settings.out().getFileName() + ".tmp");
        writeUnwritten();
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
        if (writer != null) {
            writer.release();
        }
        summary(ranks);
    }

    /** Parallel efficiency: work done / (ranks x wall time); and the spread of busy time over the ranks. */
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
        String spread = min > 0 ? String.format(Locale.ROOT, "%.2f", max / min) : "n/a (a rank had no job)";
        System.out.printf(Locale.ROOT, "sweep: %d jobs on %d rank%s, schedule %s: %.3f s, parallel efficiency %.3f,"
                        + " busy time per rank max/min %s%n", fresh.size(), ranks, ranks == 1 ? "" : "s",
                settings.schedule(), wall, wall > 0 ? busy / (ranks * wall) : 1.0, spread);
        System.out.println("sweep: " + done.size() + " of " + settings.jobs() + " results in " + settings.out());
    }

    private static String line(Result r) {
        return r.job() + "," + r.value() + "," + r.rank() + "," + r.start() + "," + r.seconds() + "\n";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }
}
