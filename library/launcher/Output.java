package launcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the ranks' output to the launcher's stdout and stderr one whole line at a time, so lines
 * of different ranks never tear, optionally prefixed with {@code [rank] }.
 */
final class Output {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean prefixRank;

    Output(PrintStream out, PrintStream err, boolean prefixRank) {
        this.out = out;
        this.err = err;
        this.prefixRank = prefixRank;
    }

    /** Writes one line (without its line break) that rank {@code rank} printed; -1 for no rank. */
    void line(int rank, boolean toErr, byte[] bytes, int offset, int length) {
        PrintStream target = toErr ? err : out;
        synchronized (target) {
            if (prefixRank && rank >= 0) {
                byte[] tag = ("[" + rank + "] ").getBytes(StandardCharsets.US_ASCII);
                target.write(tag, 0, tag.length);
            }
            target.write(bytes, offset, length);
            target.write('\n');
            target.flush();
        }
    }

    /** The launcher's own messages go to stderr, after every rank line already written. */
    void message(String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }

    void flush() {
        out.flush();
        err.flush();
    }

    /**
     * An OutputStream for ranks that are threads of this JVM: each thread's bytes collect until a
     * line break, then go out as one line tagged with the thread's rank.
     */
    static final class ThreadLines extends OutputStream {
        private final Output output;
        private final boolean toErr;
        private final InheritableThreadLocal<Integer> rankOf;
        private final Map<Thread, Lines> pending = new ConcurrentHashMap<>();

        ThreadLines(Output output, boolean toErr, InheritableThreadLocal<Integer> rankOf) {
            this.output = output;
            this.toErr = toErr;
            this.rankOf = rankOf;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.computeIfAbsent(Thread.currentThread(), t -> {
                int rank = rankOf.get() == null ? -1 : rankOf.get();
                return new Lines((bytes, offset, length) -> output.line(rank, toErr, bytes, offset, length));
            }).feed(b, off, len);
        }

        /** Writes out what every thread printed after its last line break, so nothing is lost. */
        void drain() {
            pending.values().forEach(Lines::end);
        }
    }
}
