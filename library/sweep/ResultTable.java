package sweep;

import java.util.BitSet;
import java.util.List;

/**
 * Every result of a sweep, kept by rank 0 as columns indexed by job: a rank, a start and a time
 * per job, and one array per result column (numbers unboxed, words as strings). A million jobs of
 * two numbers take 36 MB, and writing them in job order is a walk along the arrays.
 */
final class ResultTable {

    private final Columns columns;
    private final BitSet done = new BitSet();
    /** The jobs whose results an earlier run left (--resume). */
    private final BitSet resumed = new BitSet();
    private int count;
    private final int[] rank;
    private final double[] start;
    private final double[] seconds;
    /** The number of the run that made each job's result (1 the first, 2 its first --resume, ...). */
    private final char[] run;
    /** The run whose results are put now. */
    private char current = 1;
    /** Per numeric column: the value (whole) or its bits (real); null for a column of words. */
    private final long[][] numbers;
    /** Per column of words: the values; null for a numeric column. */
    private final String[][] words;
    /** Per column of curves: each job's curve; null for other columns. */
    private final double[][][] curves;

    ResultTable(int jobs, Columns columns) {
        this.columns = columns;
        this.rank = new int[jobs];
        this.start = new double[jobs];
        this.seconds = new double[jobs];
        this.run = new char[jobs];
        this.numbers = new long[columns.size()][];
        this.words = new String[columns.size()][];
        this.curves = new double[columns.size()][][];
        for (int c = 0; c < columns.size(); c++) {
            if (columns.numeric(c)) {
                numbers[c] = new long[jobs];
            } else if (columns.curve(c)) {
                curves[c] = new double[jobs][];
            } else {
                words[c] = new String[jobs];
            }
        }
    }

    Columns columns() {
        return columns;
    }

    /** Records job {@code job}'s row; its values are set with {@link #set} next. */
    void put(int job, int rank, double start, double seconds) {
        if (!done.get(job)) {
            done.set(job);
            count++;
        }
        this.rank[job] = rank;
        this.start[job] = start;
        this.seconds[job] = seconds;
        this.run[job] = current;
    }

    /** The results put from now on are run {@code number}'s (at most 65535 runs). */
    void nowRun(int number) {
        current = (char) Math.max(1, Math.min(Character.MAX_VALUE, number));
    }

    /** The run whose results are put now. */
    int run() {
        return current;
    }

    /** The number of the run that made job {@code job}'s result. */
    int run(int job) {
        return run[job];
    }

    /** The highest run number among the results there are (0 when there are none). */
    int lastRun() {
        int last = 0;
        for (int job = next(0); job >= 0; job = next(job + 1)) {
            last = Math.max(last, run[job]);
        }
        return last;
    }

    /** A whole result: its row and its values. */
    void put(Result r) {
        put(r.job(), r.rank(), r.start(), r.seconds());
        for (int c = 0; c < columns.size(); c++) {
            set(r.job(), c, r.values()[c]);
        }
    }

    /** Column {@code c} of job {@code job}: a Double, a Long or a String as {@link Columns#values} makes them. */
    void set(int job, int c, Object value) {
        switch (columns.kinds().get(c)) {
            case REAL -> numbers[c][job] = Double.doubleToRawLongBits(((Number) value).doubleValue());
            case WHOLE -> numbers[c][job] = ((Number) value).longValue();
            case WORD -> words[c][job] = (String) value;
            case CURVE -> curves[c][job] = (double[]) value;
        }
    }

    void setReal(int job, int c, double value) {
        numbers[c][job] = Double.doubleToRawLongBits(value);
    }

    void setWhole(int job, int c, long value) {
        numbers[c][job] = value;
    }

    /** Marks job {@code job}'s row, put and set, as an earlier run's (--resume). */
    void resumed(int job, boolean earlier) {
        resumed.set(job, earlier);
    }

    boolean has(int job) {
        return done.get(job);
    }

    boolean resumed(int job) {
        return resumed.get(job);
    }

    /** How many jobs have a result. */
    int count() {
        return count;
    }

    /** How many of them an earlier run made. */
    int resumedCount() {
        return resumed.cardinality();
    }

    /** The next job at or after {@code job} that has a result, or -1. */
    int next(int job) {
        return done.nextSetBit(job);
    }

    /** The jobs without a result, in job order. */
    int[] missing(int jobs) {
        int[] todo = new int[jobs - count];
        int i = 0;
        for (int j = done.nextClearBit(0); j < jobs; j = done.nextClearBit(j + 1)) {
            todo[i++] = j;
        }
        return todo;
    }

    int rank(int job) {
        return rank[job];
    }

    double start(int job) {
        return start[job];
    }

    double seconds(int job) {
        return seconds[job];
    }

    /** Numeric column {@code c} of job {@code job} as a double. */
    double number(int job, int c) {
        long v = numbers[c][job];
        return columns.kinds().get(c) == Columns.Kind.REAL ? Double.longBitsToDouble(v) : v;
    }

    /** Curve column {@code c} of job {@code job}. */
    double[] curve(int job, int c) {
        return curves[c][job];
    }

    /** Job {@code job}'s values as fields of the partial file, each after a comma, curves too. */
    void appendValues(Text t, int job) {
        appendValues(t, job, true);
    }

    /** Job {@code job}'s values as CSV fields, each after a comma; {@code withCurves}: curves too (the main CSV has none). */
    void appendValues(Text t, int job, boolean withCurves) {
        List<Columns.Kind> kinds = columns.kinds();
        for (int c = 0; c < kinds.size(); c++) {
            if (kinds.get(c) == Columns.Kind.CURVE && !withCurves) {
                continue;
            }
            t.add(',');
            switch (kinds.get(c)) {
                case REAL -> t.number(Double.longBitsToDouble(numbers[c][job]));
                case WHOLE -> t.whole(numbers[c][job]);
                case WORD -> t.add(Csv.field(words[c][job]));
                case CURVE -> t.curve(curves[c][job]);
            }
        }
    }
}
