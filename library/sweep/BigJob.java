package sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import launcher.BadInput;

/**
 * The serial work of the lessons' sweep, the article's {@code big_job(a, b)} ("from myhome import
 * big_job"): shared by lessons 02, 05 and 06, so that they all compute the same thing. (A sweep of
 * your own has a bigJob of its own: see {@link Sweep}.)
 */
public final class BigJob {

    /** What bigJob does, chosen with --job. */
    public enum Kind {
        MANDEL, SLEEP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String word) {
            return Arrays.stream(values()).filter(k -> k.word().equals(word)).findFirst()
                    .orElseThrow(() -> new BadInput("unknown job '" + word + "'; use one of "
                            + String.join(", ", Arrays.stream(values()).map(Kind::word).toList())));
        }
    }

    private BigJob() {
    }

    /** Runs bigJob for job number {@code job} of the grid (the one --job chooses) and times it. */
    public static Result run(Settings s, int job, int rank, long t0) {
        long start = System.nanoTime();
        double value = value(s, job);
        long end = System.nanoTime();
        return Result.of(job, rank, (start - t0) / 1e9, (end - start) / 1e9, value);
    }

    /** bigJob's value for job number {@code job} of the grid: the one --job chooses. */
    public static double value(Settings s, int job) {
        double a = s.a(job);
        return s.job() == Kind.SLEEP ? sleep(a, s.grid().get("a").values()) : mandel(a, s.b(job), s.iterations());
    }

    /**
     * bigJob that uses the CPU: how much of a small square of the complex plane lies in the
     * Mandelbrot set. For 16 x 16 points c around (2.5a - 1.6) + (b - 0.5)i, z -> z*z + c is iterated
     * from 0 until |z| > 2 (outside) or for {@code iterations} steps (inside). Points inside cost every
     * step and points far outside a few, so some jobs take a thousand times longer than others.
     */
    public static double mandel(double a, double b, int iterations) {
        double centreX = 2.5 * a - 1.6;
        double centreY = b - 0.5;
        double side = 0.02;
        int points = 16;
        int inside = 0;
        for (int i = 0; i < points; i++) {
            for (int k = 0; k < points; k++) {
                double cx = centreX + side * ((i + 0.5) / points - 0.5);
                double cy = centreY + side * ((k + 0.5) / points - 0.5);
                double x = 0;
                double y = 0;
                int step = 0;
                while (step < iterations && x * x + y * y <= 4) {
                    double t = x * x - y * y + cx;
                    y = 2 * x * y + cy;
                    x = t;
                    step++;
                }
                if (step == iterations) {
                    inside++;
                }
            }
        }
        return (double) inside / (points * points);
    }

    /**
     * bigJob with a known cost, for measuring schedules on a machine with few cores (waiting jobs
     * do not compete for them): waits from 1.2 ms at the smallest a to 7.3 ms at the largest.
     * Its value is the wait in milliseconds.
     */
    public static double sleep(double a, List<Object> allA) {
        double lo = allA.stream().mapToDouble(v -> (Double) v).min().orElse(a);
        double hi = allA.stream().mapToDouble(v -> (Double) v).max().orElse(a);
        double share = hi > lo ? (a - lo) / (hi - lo) : 0;
        double millis = 1.2 + 6.1 * share;
        long until = System.nanoTime() + (long) (millis * 1e6);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return millis;
    }
}
