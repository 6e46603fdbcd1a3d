package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The results file of a run in progress, {@code OUT.partial}: a first line saying which sweep it
 * belongs to ({@link #HEADER} and the settings), then one line per result ({@link Result#line}).
 * Lines are appended in one write at most every tenth of a second (a write per result would cost
 * rank 0 a system call each), so a killed run leaves whole lines only; whatever is still waiting
 * is written when the JVM shuts down (a rank stopped by the launcher, Ctrl-C, SIGTERM).
 */
final class Journal {

    /** The first line's start; "v2": results after the rank and times, several columns, failures. */
    static final String HEADER = "# partial results of a sweep (v2): ";
    /** What the first line of a partial file from an earlier version starts with. */
    static final String HEADER_V1 = "# partial results of a sweep: ";
    private static final long WRITE_EVERY_NANOS = 100_000_000L;
    private static final int KEEP_CHARS = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final StringBuilder unwritten = new StringBuilder();
    private final Thread atExit;
    private long lastWrite = System.nanoTime();

    /** Opens {@code file} to append to; a new file gets its header line and {@code before}, the results resumed from. */
    Journal(Path file, String header, ResultTable before) {
        this.file = file;
        try {
            boolean fresh = !Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (fresh) {
                unwritten.append(HEADER).append(header).append('\n');
                for (int job = before.next(0); job >= 0; job = before.next(job + 1)) {
                    add(before, job);
                    if (unwritten.length() >= KEEP_CHARS) {
                        write();
                    }
                }
                write();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        atExit = new Thread(this::flush, "sweep-journal");
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /** Adds one result or failure: on disk within a tenth of a second. */
    synchronized void add(Result r) {
        unwritten.append(r.line());
        written();
    }

    /** Adds job {@code job}'s result from {@code table}: on disk within a tenth of a second. */
    synchronized void add(ResultTable table, int job) {
        unwritten.append(job).append(',').append(table.rank(job)).append(',');
        Result.appendSeconds(unwritten, table.start(job));
        unwritten.append(',');
        Result.appendSeconds(unwritten, table.seconds(job));
        table.appendValues(unwritten, job);
        unwritten.append('\n');
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
        if (unwritten.length() == 0) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(unwritten.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            unwritten.setLength(0);
            if (unwritten.capacity() > KEEP_CHARS) {
                unwritten.trimToSize(); // a burst (a resume's whole file) leaves no large buffer behind
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
