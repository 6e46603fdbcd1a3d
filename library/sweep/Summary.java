package sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a finished sweep says on stdout: its time, its parallel efficiency (the time the ranks
 * spent in bigJob over ranks x wall time, 1 when no rank was ever idle), how much longer the
 * busiest rank worked than the least busy one, how many jobs each rank ran and how busy it was,
 * where the results are, and the jobs that failed.
 */
final class Summary {

    /** Up to this many ranks, the summary names each rank's jobs; past it, the fewest and the most. */
    static final int RANKS_NAMED = 16;

    private Summary() {
    }

    /** This run's jobs, added up per rank as they are counted. */
    static final class Tally {
        final int[] jobs;
        final double[] busy;
        double wall;
        int count;

        Tally(int ranks) {
            jobs = new int[ranks];
            busy = new double[ranks];
        }

        void add(int rank, double start, double seconds) {
            jobs[rank]++;
            busy[rank] += seconds;
            wall = Math.max(wall, start + seconds);
            count++;
        }
    }

    /** {@link #lines(Settings, Tally, int, int)} for a run that made {@code fresh}. */
    static List<String> lines(Settings settings, List<Result> fresh, int ranks, int kept, int failed) {
        Tally tally = new Tally(ranks);
        for (Result r : fresh) {
            tally.add(r.rank(), r.start(), r.seconds());
        }
        return lines(settings, tally, kept, failed);
    }

    /**
     * The lines for a run whose results and failures make {@code tally}, with {@code kept} results
     * in the CSV now and {@code failed} failed jobs.
     */
    static List<String> lines(Settings settings, Tally tally, int kept, int failed) {
        int ranks = tally.jobs.length;
        double wall = tally.wall;
        double busy = 0;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double b : tally.busy) {
            busy += b;
            max = Math.max(max, b);
            min = Math.min(min, b);
        }
        String spread = ranks == 1 ? "" : min > 0
                ? String.format(Locale.ROOT, ", the busiest rank worked %.2f times as long as the least busy", max / min)
                : ", a rank had no job";
        List<String> lines = new ArrayList<>();
        if (tally.count == 0) {
            lines.add("sweep: no job ran on the " + ranks + " rank" + (ranks == 1 ? "" : "s") + ": none was missing");
        } else {
            lines.add(String.format(Locale.ROOT, "sweep: %d job%s on %d rank%s, schedule %s: %.3f s, parallel efficiency"
                            + " %.3f (1 = no rank ever idle)%s", tally.count, tally.count == 1 ? "" : "s", ranks,
                    ranks == 1 ? "" : "s", settings.schedule().word(), wall, wall > 0 ? busy / (ranks * wall) : 1.0, spread));
        }
        if (ranks > 1 && tally.count > 0) {
            lines.add(perRank(tally));
        }
        lines.add("sweep: " + kept + " of " + settings.jobs() + " results in " + settings.out());
        if (failed > 0) {
            lines.add("sweep: " + failed + " job" + (failed == 1 ? "" : "s") + " failed, listed with the error in "
                    + settings.failures() + "; mend bigJob, then run again with --resume to run only the missing jobs");
        }
        return lines;
    }

    /** How many jobs each rank ran, and the share of the run it spent in bigJob. */
    static String perRank(Tally tally) {
        int ranks = tally.jobs.length;
        if (ranks <= RANKS_NAMED) {
            StringBuilder b = new StringBuilder("sweep: jobs per rank (and its share of the time in bigJob):");
            for (int r = 0; r < ranks; r++) {
                b.append(r == 0 ? " " : ", ").append(r).append(": ").append(tally.jobs[r])
                        .append(" (").append(percent(tally.busy[r], tally.wall)).append(')');
            }
            return b.toString();
        }
        int fewest = 0;
        int most = 0;
        int idlest = 0;
        int busiest = 0;
        for (int r = 1; r < ranks; r++) {
            fewest = tally.jobs[r] < tally.jobs[fewest] ? r : fewest;
            most = tally.jobs[r] > tally.jobs[most] ? r : most;
            idlest = tally.busy[r] < tally.busy[idlest] ? r : idlest;
            busiest = tally.busy[r] > tally.busy[busiest] ? r : busiest;
        }
        return "sweep: jobs per rank: from " + tally.jobs[fewest] + " (rank " + fewest + ") to " + tally.jobs[most]
                + " (rank " + most + "); share of the time in bigJob: from " + percent(tally.busy[idlest], tally.wall)
                + " (rank " + idlest + ") to " + percent(tally.busy[busiest], tally.wall) + " (rank " + busiest + ")";
    }

    private static String percent(double part, double whole) {
        return whole > 0 ? Math.round(100 * part / whole) + "%" : "0%";
    }
}
