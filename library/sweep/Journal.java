package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The results file of a run in progress, {@code OUT.partial}: a first line saying which sweep it
 * belongs to ({@link #HEADER} and the settings), then one line per result ({@link Result#line}),
 * with a line {@link #RUN} N where the results of run N (a --resume) begin.
 * Lines are appended in one write at most every tenth of a second (a write per result would cost
 * rank 0 a system call each), so a killed run leaves whole lines only; whatever is still waiting
 * is written when the JVM shuts down (a rank stopped by the launcher, Ctrl-C, SIGTERM).
 */
final class Journal {

    /** The first line's start; "v2": results after the rank and times, several columns, failures. */
    static final String HEADER = "# partial results of a sweep (v2): ";
    /** What the first line of a partial file from an earlier version starts with. */
    static final String HEADER_V1 = "# partial results of a sweep: ";
    /** A line that says the results after it are run N's ("#run 2"); before the first such line, run 1's. */
    static final String RUN = "#run ";
    private static final long WRITE_EVERY_NANOS = 100_000_000L;
    /** A resume's earlier results are written in pieces of about this many bytes. */
    private static final int WRITE_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final Text unwritten = new Text();
    private final Thread atExit;
    private long lastWrite = System.nanoTime();

    /** Opens {@code file} to append to; a new file gets its header line and {@code before}, the results resumed from. */
    Journal(Path file, String header, ResultTable before) {
        this.file = file;
        try {
            boolean fresh = !Files.exists(file);
            boolean torn = !fresh && !Resume.endsWithLineBreak(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            int now = before.run();
            if (fresh) {
                unwritten.add(HEADER).add(header).add('\n');
                int run = 1;
                for (int job = before.next(0); job >= 0; job = before.next(job + 1)) {
                    if (before.run(job) != run) {
                        run = before.run(job);
                        unwritten.add(RUN).whole(run).add('\n');
                    }
                    add(before, job);
                    if (unwritten.length() >= WRITE_BYTES) {
                        write();
                    }
                }
                if (now != run) {
                    unwritten.add(RUN).whole(now).add('\n');
                }
            } else {
                // A killed run's last line may be cut short: what this run adds starts on a line of its own.
                unwritten.add(torn ? "\n" : "").add(RUN).whole(now).add('\n');
            }
            write();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        atExit = new Thread(this::flush, "sweep-journal");
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /** Adds one result or failure: on disk within a tenth of a second. */
    synchronized void add(Result r) {
        r.appendLine(unwritten);
        written();
    }

    /** Adds job {@code job}'s result from {@code table}: on disk within a tenth of a second. */
    synchronized void add(ResultTable table, int job) {
        unwritten.whole(job).add(',').whole(table.rank(job)).add(',').seconds(table.start(job)).add(',')
                .seconds(table.seconds(job));
        table.appendValues(unwritten, job);
        unwritten.add('\n');
        written();
    }

    /** Writes what is waiting if the last write is a tenth of a second ago. */
    private void written() {
        long now = System.nanoTime();
        if (now - lastWrite >= WRITE_EVERY_NANOS) {
            write();
            lastWrite = now;
        }
    }

    /** Writes what is waiting now. */
    synchronized void flush() {
        if (channel.isOpen()) {
            write();
        }
    }

    /** Writes what is waiting and closes the file (which stays, until the CSV replaces it). */
    synchronized void close() {
        flush();
        try {
            channel.close();
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left for it to do
        }
    }

    /** Appends the waiting lines in one write. */
    private void write() {
        if (unwritten.isEmpty()) {
            return;
        }
        try {
            unwritten.writeTo(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
