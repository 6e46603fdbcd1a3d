package sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best parameter sets of a finished sweep, whichever way "best" goes: for each numeric result,
 * the {@link #PLACES} jobs with the lowest values and those with the highest, with their
 * parameters, in OUT-best.csv ({@code result,end,place,PARAMETERS...,value}); and a line for the
 * summary per result, from its lowest to its highest and where each is. NaN and infinite values
 * are left out.
 */
final class Best {

    /** How many of the lowest and of the highest values of each result the file lists. */
    static final int PLACES = 5;

    private Best() {
    }

    /** Writes the file (or removes an earlier one when there is nothing to list) and returns the summary's lines. */
    static List<String> write(Settings s, ResultTable table) {
        Columns columns = table.columns();
        Parameters grid = s.grid();
        List<String> lines = new ArrayList<>();
        List<int[][]> ends = new ArrayList<>();
        List<Integer> listed = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (!columns.numeric(c)) {
                continue;
            }
            int[][] both = {ends(table, c, s.jobs(), false), ends(table, c, s.jobs(), true)};
            if (both[0].length == 0) {
                continue;
            }
            ends.add(both);
            listed.add(c);
            int low = both[0][0];
            int high = both[1][0];
            lines.add("sweep: " + columns.names().get(c) + " from " + Csv.param(table.number(low, c)) + " ("
                    + grid.describe(low) + ") to " + Csv.param(table.number(high, c)) + " (" + grid.describe(high) + ")");
        }
        Path file = s.beside("best.csv");
        if (listed.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + file, e);
            }
            return lines;
        }
        CsvFiles.Fields params = new CsvFiles.Fields(grid);
        CsvFiles.write(file, "result,end,place," + String.join(",", grid.names()) + ",value", (t, rows) -> {
            for (int i = 0; i < listed.size(); i++) {
                int c = listed.get(i);
                for (int e = 0; e < 2; e++) {
                    int[] jobs = ends.get(i)[e];
                    for (int place = 0; place < jobs.length; place++) {
                        t.add(Csv.field(columns.names().get(c))).add(',').add(e == 0 ? "lowest" : "highest").add(',')
                                .whole(place + 1).add(',');
                        params.append(t, jobs[place]);
                        t.add(',').number(table.number(jobs[place], c));
                        rows.end();
                    }
                }
            }
        });
        lines.add("sweep: the " + PLACES + " lowest and highest of " + (listed.size() == 1 ? "the result" : "each result")
                + ", with their parameters: " + file);
        return lines;
    }

    /** The jobs of the {@link #PLACES} lowest (or highest) finite values of column {@code c}, the most extreme first. */
    private static int[] ends(ResultTable table, int c, int jobs, boolean highest) {
        Comparator<Integer> byValue = Comparator.comparingDouble(job -> table.number(job, c));
        Comparator<Integer> mostExtremeFirst = (highest ? byValue.reversed() : byValue).thenComparingInt(job -> job);
        // The heap's head is the least extreme of those kept: it goes when a more extreme one comes.
        PriorityQueue<Integer> kept = new PriorityQueue<>(mostExtremeFirst.reversed());
        for (int job = table.next(0); job >= 0 && job < jobs; job = table.next(job + 1)) {
            double v = table.number(job, c);
            if (!Double.isFinite(v)) {
                continue;
            }
            if (kept.size() == PLACES) {
                // Most jobs are no more extreme than the least extreme kept: passed over without a box.
                double least = table.number(kept.peek(), c);
                if (highest ? v <= least : v >= least) {
                    continue;
                }
            }
            kept.add(job);
            if (kept.size() > PLACES) {
                kept.poll();
            }
        }
        return kept.stream().sorted(mostExtremeFirst).mapToInt(Integer::intValue).toArray();
    }
}
