package sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import tools.jackson.core.io.NumberOutput;

/**
 * Lines of the sweep's files as UTF-8 bytes, built field by field without a String for each: the
 * partial file and the CSV take a million lines or more. Real numbers are written as the shortest
 * text that reads back as the same number, by Jackson's writer (Java 19's algorithm, about twice as
 * quick as Java 17's {@code Double.toString}, whose text is at times a digit longer).
 */
final class Text {

    /** Past this many bytes a buffer that was emptied is let go, so that one burst leaves no large buffer behind. */
    private static final int KEEP_BYTES = 1 << 20;

    private byte[] bytes = new byte[64];
    private int length;

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** One character of ASCII (a comma, a line break). */
    Text add(char c) {
        room(1)[length++] = (byte) c;
        return this;
    }

    /** Bytes already encoded. */
    Text add(byte[] utf8) {
        System.arraycopy(utf8, 0, room(utf8.length), length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** Any text, as UTF-8. */
    Text add(String s) {
        int n = s.length();
        byte[] b = room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                length -= i; // not ASCII after all: encode the whole string
                return add(s.getBytes(StandardCharsets.UTF_8));
            }
            b[length++] = (byte) c;
        }
        return this;
    }

    Text whole(long v) {
        length = NumberOutput.outputLong(v, room(20), length);
        return this;
    }

    /** A real number: 0.5, 3.0, 1.0E-5, NaN, as Java writes it. */
    Text number(double v) {
        length = NumberOutput.outputDouble(v, room(NumberOutput.MAX_DOUBLE_BYTES), length);
        return this;
    }

    /** Seconds with six decimals, as %.6f writes them. */
    Text seconds(double s) {
        if (!Double.isFinite(s) || Math.abs(s) >= 1e12) {
            return add(String.format(Locale.ROOT, "%.6f", s));
        }
        long micros = Math.round(Math.abs(s) * 1e6);
        if (s < 0 && micros > 0) {
            add('-');
        }
        whole(micros / 1_000_000).add('.');
        long fraction = micros % 1_000_000;
        for (long digit = 100_000; digit > fraction && digit > 1; digit /= 10) {
            add('0');
        }
        return whole(fraction);
    }

    /** A result or parameter as one CSV field: {@link Csv#text}, quoted where it must be. */
    Text field(Object value) {
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Long l) {
            return whole(l);
        }
        if (value instanceof double[] curve) {
            return curve(curve);
        }
        return add(Csv.field(value));
    }

    /** A curve as one field: its numbers separated by spaces. */
    Text curve(double[] curve) {
        for (int i = 0; i < curve.length; i++) {
            if (i > 0) {
                add(' ');
            }
            number(curve[i]);
        }
        return this;
    }

    /** Writes the bytes out and starts again. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
        clear();
    }

    /** Writes the bytes out through a channel and starts again. */
    void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        while (b.hasRemaining()) {
            out.write(b);
        }
        clear();
    }

    void clear() {
        length = 0;
        if (bytes.length > KEEP_BYTES) {
            bytes = new byte[64];
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The buffer, with room for {@code more} bytes after {@link #length}. */
    private byte[] room(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
        return bytes;
    }
}
