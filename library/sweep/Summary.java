package sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a finished sweep says on stdout: its time, its parallel efficiency (the time the ranks
 * spent in bigJob over ranks x wall time, 1 when no rank was ever idle), how much longer the
 * busiest rank worked than the least busy one, where the results are, and the jobs that failed.
 */
final class Summary {

    private Summary() {
    }

    /**
     * The lines for a run that made {@code fresh} (its results and failures) on {@code ranks} ranks,
     * with {@code kept} results in the CSV now and {@code failed} failed jobs.
     */
    static List<String> lines(Settings settings, List<Result> fresh, int ranks, int kept, int failed) {
        double wall = 0;
        double busy = 0;
        double[] perRank = new double[ranks];
        for (Result r : fresh) {
            wall = Math.max(wall, r.start() + r.seconds());
            busy += r.seconds();
            perRank[r.rank()] += r.seconds();
        }
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double b : perRank) {
            max = Math.max(max, b);
            min = Math.min(min, b);
        }
        String spread = ranks == 1 ? "" : min > 0
                ? String.format(Locale.ROOT, ", the busiest rank worked %.2f times as long as the least busy", max / min)
                : ", a rank had no job";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "sweep: %d jobs on %d rank%s, schedule %s: %.3f s, parallel efficiency %.3f"
                        + " (1 = no rank ever idle)%s", fresh.size(), ranks, ranks == 1 ? "" : "s",
                settings.schedule().word(), wall, wall > 0 ? busy / (ranks * wall) : 1.0, spread));
        lines.add("sweep: " + kept + " of " + settings.jobs() + " results in " + settings.out());
        if (failed > 0) {
            lines.add("sweep: " + failed + " job" + (failed == 1 ? "" : "s") + " failed, listed with the error in "
                    + settings.failures() + "; mend bigJob, then run again with --resume to run only the missing jobs");
        }
        return lines;
    }
}
