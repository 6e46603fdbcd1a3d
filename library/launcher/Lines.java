package launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits bytes into lines at line breaks without decoding them, so every byte passes through
 * unchanged: the output of rank JVMs and of srun (read from a pipe), and of thread ranks (written
 * to a stream). A line is handed on without its "\n" or "\r\n"; bytes after the last line break
 * wait for the next ones, or for {@link #end}.
 */
final class Lines {

    /** Where whole lines go: the line is {@code bytes[offset, offset + length)}, valid during the call only. */
    @FunctionalInterface
    interface Sink {
        void line(byte[] bytes, int offset, int length);
    }

    private final Sink sink;
    private byte[] pending = new byte[256];
    private int length;

    Lines(Sink sink) {
        this.sink = sink;
    }

    /** Takes {@code len} more bytes; hands on every line they end. */
    synchronized void feed(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (length == 0) {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                sink.line(b, start, end - start);
            } else {
                keep(b, start, i - start);
                int end = length > 0 && pending[length - 1] == '\r' ? length - 1 : length;
                length = 0;
                sink.line(pending, 0, end);
            }
            start = i + 1;
        }
        keep(b, start, off + len - start);
    }

    /** Hands on what came after the last line break, if anything did, as a line of its own. */
    synchronized void end() {
        if (length > 0) {
            int n = length;
            length = 0;
            sink.line(pending, 0, n);
        }
    }

    private void keep(byte[] b, int off, int len) {
        if (length + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(2 * pending.length, length + len));
        }
        System.arraycopy(b, off, pending, length, len);
        length += len;
    }

    /** Reads {@code in} to its end in a daemon thread named {@code name}, handing each line to {@code sink}. */
    static Thread follow(InputStream in, String name, Sink sink) {
        Thread t = new Thread(() -> {
            Lines lines = new Lines(sink);
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    lines.feed(buf, 0, n);
                }
            } catch (IOException gone) {
                // the process is gone; so is the rest of its output
            }
            lines.end();
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
