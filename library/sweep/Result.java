package sweep;

import java.util.List;

/**
 * One finished job: its number, the rank that ran it, when (seconds since the sweep began, on that
 * rank's clock) and for how long, and either its values (numbers as Double or Long, words as
 * String; one per result column) or, for a job whose bigJob failed, what went wrong.
 *
 * <p>As a line of text ({@link #line}) it is what ranks send to rank 0 and what rank 0 appends to
 * the partial results file: {@code job,rank,start,seconds,value...}, or for a failure
 * {@code !job,rank,start,seconds,"error"}.
 */
public record Result(int job, int rank, double start, double seconds, Object[] values, String error) {

    /** Doubles per result in a lesson's message (job, value, start, seconds): lessons 02 and 06 send these. */
    public static final int DOUBLES = 4;

    public static Result of(int job, int rank, double start, double seconds, Object... values) {
        return new Result(job, rank, start, seconds, values, null);
    }

    public static Result failed(int job, int rank, double start, double seconds, String error) {
        return new Result(job, rank, start, seconds, new Object[0], error);
    }

    public boolean ok() {
        return error == null;
    }

    /** The first value as a number (lessons 02, 05 and 06 have one: bigJob's value). */
    public double value() {
        return ((Number) values[0]).doubleValue();
    }

    /** A lesson's result as its message: four doubles (job, value, start, seconds); the sender is its rank. */
    public double[] message() {
        return new double[] {job, value(), start, seconds};
    }

    /** The result at position {@code at} of a lesson's message from {@code rank}. */
    public static Result of(double[] message, int at, int rank) {
        return of((int) message[at], rank, message[at + 2], message[at + 3], message[at + 1]);
    }

    /** The result as one line of text, with its line break (times with six decimals, as the CSV has them). */
    public String line() {
        return appendLine(new Text()).toString();
    }

    /** Appends {@link #line}. */
    Text appendLine(Text t) {
        if (!ok()) {
            t.add('!');
        }
        t.whole(job).add(',').whole(rank).add(',').seconds(start).add(',').seconds(seconds);
        if (ok()) {
            for (Object v : values) {
                t.add(',').field(v);
            }
        } else {
            t.add(',').field(error);
        }
        return t.add('\n');
    }

    /** A line written by {@link #line} (without its line break) whose values are of {@code columns}; null if torn. */
    public static Result parse(String line, Columns columns) {
        List<String> f = Csv.split(line);
        if (f == null || f.size() < 4) {
            return null;
        }
        boolean failed = f.get(0).startsWith("!");
        try {
            int job = Integer.parseInt(failed ? f.get(0).substring(1) : f.get(0));
            int rank = Integer.parseInt(f.get(1));
            double start = Double.parseDouble(f.get(2));
            double seconds = Double.parseDouble(f.get(3));
            if (failed) {
                return f.size() == 5 ? failed(job, rank, start, seconds, f.get(4)) : null;
            }
            if (f.size() != 4 + columns.size()) {
                return null;
            }
            List<String> texts = f.subList(4, f.size());
            return new Result(job, rank, start, seconds, columns.parse(texts), null);
        } catch (NumberFormatException torn) {
            return null;
        }
    }

    /** Seconds with six decimals, for the CSV (as %.6f writes them, without a Formatter for every field). */
    static String seconds(double s) {
        return new Text().seconds(s).toString();
    }
}
