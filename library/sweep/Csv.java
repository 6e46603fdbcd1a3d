package sweep;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.io.NumberOutput;

/**
 * Values as the sweep's CSV files write them (RFC 4180): results as Java prints them, parameters
 * as a person writes them (whole numbers without ".0"); words as they are, in double quotes where
 * they hold a comma, a quote or a line break.
 */
final class Csv {

    private Csv() {
    }

    /**
     * A result as text, as Java prints it: 0.5, 3.0, 3 (a long), NaN, or the word itself. A real
     * number is the shortest text that reads back as the same number (Jackson's writer: Java 19's
     * algorithm, twice as quick as Java 17's Double.toString, which is at times a digit longer).
     */
    static String text(Object value) {
        return value instanceof Double d ? NumberOutput.toString(d, true) : String.valueOf(value);
    }

    /** A parameter's value as text: as a person writes it, 0.5, 3 (not 3.0), or the word itself. */
    static String param(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /** A result as one CSV field. */
    static String field(Object value) {
        return quoted(text(value));
    }

    /** A parameter's value as one CSV field. */
    static String paramField(Object value) {
        return quoted(param(value));
    }

    private static String quoted(String t) {
        if (t.indexOf(',') < 0 && t.indexOf('"') < 0 && t.indexOf('\n') < 0 && t.indexOf('\r') < 0) {
            return t;
        }
        return '"' + t.replace("\"", "\"\"") + '"';
    }

    /** One line's fields; null when the line is cut short inside a quoted field. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    f.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(f.toString());
        return fields;
    }
}
