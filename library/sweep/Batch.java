package sweep;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a rank sends rank 0 in one message, as bytes: its results since the last message, each a
 * kind byte, the job, its start and time and its values (a double, a long or a word per column), a
 * failure with its error, and a request for more work that says how long the last piece took. A
 * message per result, or results as text, would make rank 0's reading the whole run's work when
 * jobs take microseconds.
 */
final class Batch {

    static final byte RESULT = 'r';
    static final byte FAILED = 'f';
    static final byte ASK = '?';

    private final Columns columns;
    private ByteBuffer bytes = ByteBuffer.allocate(1 << 12);
    private long since = System.nanoTime();

    Batch(Columns columns) {
        this.columns = columns;
    }

    /** Adds a result or a failure. */
    void add(Result r) {
        if (bytes.position() == 0) {
            since = System.nanoTime();
        }
        room(21);
        bytes.put(r.ok() ? RESULT : FAILED).putInt(r.job()).putDouble(r.start()).putDouble(r.seconds());
        if (!r.ok()) {
            putWord(r.error());
            return;
        }
        Object[] values = r.values();
        for (int c = 0; c < values.length; c++) {
            switch (columns.kinds().get(c)) {
                case REAL -> room(8).putDouble((Double) values[c]);
                case WHOLE -> room(8).putLong((Long) values[c]);
                case WORD -> putWord((String) values[c]);
                case CURVE -> {
                    double[] curve = (double[]) values[c];
                    room(4 + 8 * curve.length).putInt(curve.length);
                    for (double v : curve) {
                        bytes.putDouble(v);
                    }
                }
            }
        }
    }

    /** Adds a request for work, with how many jobs the last piece had and how long it took (0, 0 at first). */
    void ask(int jobs, double seconds) {
        room(13).put(ASK).putInt(jobs).putDouble(seconds);
    }

    /** Big enough ({@code size} bytes or more), or older than {@code nanos}, to send. */
    boolean full(int size, long nanos) {
        return bytes.position() >= size || System.nanoTime() - since >= nanos;
    }

    boolean isEmpty() {
        return bytes.position() == 0;
    }

    /** The message, and an empty batch. */
    byte[] take() {
        byte[] message = new byte[bytes.position()];
        bytes.flip().get(message);
        bytes.clear();
        return message;
    }

    /** What rank 0 does with what a message holds. */
    interface Reader {
        /** A result: its values are next in {@code in}, read with {@link #value}. */
        void result(int job, double start, double seconds, ByteBuffer in);

        void failure(int job, double start, double seconds, String error);

        void ask(int jobs, double seconds);
    }

    /** Reads a message {@link #take} made, in order. */
    static void read(ByteBuffer in, Reader reader) {
        while (in.hasRemaining()) {
            byte kind = in.get();
            if (kind == ASK) {
                reader.ask(in.getInt(), in.getDouble());
                continue;
            }
            int job = in.getInt();
            double start = in.getDouble();
            double seconds = in.getDouble();
            if (kind == FAILED) {
                reader.failure(job, start, seconds, word(in));
            } else if (kind == RESULT) {
                reader.result(job, start, seconds, in);
            } else {
                throw new IllegalStateException("a message to rank 0 holds " + kind + " where a result begins");
            }
        }
    }

    /** Reads the next value of a result, of {@code kind}: a Double, a Long or a String. */
    static Object value(ByteBuffer in, Columns.Kind kind) {
        return switch (kind) {
            case REAL -> in.getDouble();
            case WHOLE -> in.getLong();
            case WORD -> word(in);
            case CURVE -> {
                double[] curve = new double[in.getInt()];
                for (int i = 0; i < curve.length; i++) {
                    curve[i] = in.getDouble();
                }
                yield curve;
            }
        };
    }

    private void putWord(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        room(4 + utf8.length).putInt(utf8.length).put(utf8);
    }

    private static String word(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The buffer, with room for {@code more} bytes. */
    private ByteBuffer room(int more) {
        if (bytes.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * bytes.capacity(), bytes.position() + more));
            bytes.flip();
            bigger.put(bytes);
            bytes = bigger;
        }
        return bytes;
    }
}
