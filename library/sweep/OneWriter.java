package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import launcher.BadInput;

/**
 * One writer per results file: an operating-system lock ({@link FileChannel#tryLock}) on
 * {@code OUT.lock}, held by the process that writes the results for as long as it runs. The
 * operating system drops the lock when that process ends, however it ends (kill -9 included), so a
 * lock never outlives its run; the file itself only says who holds it (pid, host, start time).
 *
 * <p>Within one process the lock file is opened once only: with POSIX locks, closing any other
 * channel on the same file would release the lock.
 */
public final class OneWriter {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OneWriter(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Is another run writing these results? Throws BadInput naming it if so; takes nothing. */
    public static void check(Settings s) {
        Path file = s.lockFile();
        if (!Files.exists(file)) {
            return; // a run holds the file for as long as it holds the lock
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw busy(s);
            }
            lock.release(); // left by a run that was killed: free
        } catch (NoSuchFileException ended) {
            // the run that held it has just finished
        } catch (IOException e) {
            System.err.println(cannotLock(file, e));
        }
    }

    /**
     * Takes the lock for this process, or throws BadInput naming the run that has
     * it. Returns null, after a warning, where the file system cannot lock files.
     */
    public static OneWriter take(Settings s) {
        Path file = s.lockFile();
        try {
            while (true) {
                Object before = key(file);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (IOException e) {
                    ch.close();
                    System.err.println(cannotLock(file, e));
                    return null;
                }
                if (lock == null) {
                    ch.close();
                    throw busy(s);
                }
                // A run that ends removes the file while it still holds the lock. If that happened
                // between our open and our lock, we hold a file nobody else can see: try again.
                if (before != null && before.equals(key(file))) {
                    String who = "pid " + ProcessHandle.current().pid() + " on host " + host() + ", started "
                            + ZonedDateTime.now(ZoneOffset.UTC).format(WHEN) + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    return new OneWriter(file, ch, lock);
                }
                ch.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the lock file, then lets go of the lock (in that order: see {@link #take}). */
    public void release() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    private static BadInput busy(Settings s) {
        String who;
        try {
            who = Files.readString(s.lockFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            who = "";
        }
        return new BadInput("--out " + s.out() + " is being written by another run ("
                + (who.isEmpty() ? "it has just started" : who) + "); wait for it to end, or choose another --out");
    }

    private static String cannotLock(Path file, IOException e) {
        return "sweep: warning: cannot lock " + file + " (" + e.getMessage() + "): a second run with the same --out"
                + " would not be noticed";
    }

    /** What identifies the file a path names (device and inode on Unix); null when there is none. */
    private static Object key(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : "no file keys on this system";
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String host() {
        return launcher.HostName.of();
    }
}
