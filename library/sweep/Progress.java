package sweep;

import java.util.Locale;

/** The progress line on stderr, at most once a second: jobs done, time so far, an estimate of the time left. */
final class Progress {

    private static final long EVERY_NANOS = 1_000_000_000L;

    private final boolean quiet;
    private final long start = System.nanoTime();
    private long last = start;
    private int expected;
    private int arrived;

    Progress(boolean quiet, int expected) {
        this.quiet = quiet;
        this.expected = expected;
    }

    /** How many results this run will bring (fewer when the article's schedule drops jobs). */
    void expect(int results) {
        expected = results;
    }

    /** One more result arrived; prints the line if a second has passed since the last one. */
    void arrived() {
        arrived++;
        long now = System.nanoTime();
        if (quiet || now - last < EVERY_NANOS || arrived >= expected) {
            return;
        }
        last = now;
        System.err.println(line(arrived, expected, (now - start) / 1e9));
    }

    /** "sweep: 52/216 jobs done (24%), 1.0 s elapsed, about 3.2 s left". */
    static String line(int arrived, int expected, double elapsed) {
        double left = elapsed / arrived * (expected - arrived);
        return String.format(Locale.ROOT, "sweep: %d/%d jobs done (%d%%), %.1f s elapsed, about %.1f s left",
                arrived, expected, 100L * arrived / expected, elapsed, left);
    }
}
