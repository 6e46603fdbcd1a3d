package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import launcher.BadInput;

/**
 * What {@code --resume} starts from: the results an earlier run of the same sweep left, in its
 * partial file (a run that was stopped) or in its finished CSV (a run that ended, perhaps without
 * some jobs). Results of another sweep are refused; the last line of a killed run may be torn, and
 * that job simply runs again, as do jobs that failed.
 */
final class Resume {

    private Resume() {
    }

    /** The results, by job, that a --resume run starts from (none without --resume). */
    static Map<Integer, Result> previous(Settings s, Columns columns) {
        if (!s.resume()) {
            return Map.of();
        }
        try {
            if (Files.exists(s.partial())) {
                return readPartial(s, columns);
            }
            if (Files.exists(s.out())) {
                return readCsv(s, columns);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }

    /** What --resume finds must be this sweep's; and without --resume, a partial run is not overwritten. */
    static void check(Settings s, Columns columns) {
        if (!s.resume()) {
            if (Files.exists(s.partial())) {
                throw new BadInput(s.partial() + " holds the results of an interrupted run; add --resume"
                        + " to finish it, or delete the file to start over");
            }
            return;
        }
        try {
            previous(s, columns); // refuses another sweep's results
        } catch (UncheckedIOException e) {
            throw new BadInput("--resume: cannot read the earlier results: " + e.getCause().getMessage());
        }
    }

    /** The partial file's first line, after {@link Journal#HEADER}: the settings and the result columns. */
    static String header(Settings s, Columns columns) {
        return s.describe() + " results=" + columns.header();
    }

    private static Map<Integer, Result> readPartial(Settings s, Columns columns) throws IOException {
        String text = Files.readString(s.partial(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (lines.size() > 1 && !text.endsWith("\n")) {
            // A killed run's last line may be cut anywhere, even where what is left still reads as
            // a result (2.75 cut to 2.7): a line without its line break is not taken.
            lines.remove(lines.size() - 1);
        }
        String want = Journal.HEADER + header(s, columns);
        if (lines.isEmpty() || !lines.get(0).equals(want)) {
            if (!lines.isEmpty() && lines.get(0).startsWith(Journal.HEADER_V1)) {
                throw new BadInput("--resume: " + s.partial() + " was written by an earlier version of the"
                        + " sweep, whose lines this one does not read; delete it to start over");
            }
            String had = lines.isEmpty() ? "nothing" : lines.get(0).startsWith(Journal.HEADER)
                    ? lines.get(0).substring(Journal.HEADER.length()) : "something else";
            throw new BadInput("--resume: " + s.partial() + " is from a different sweep (" + had
                    + "; this one is " + header(s, columns) + "); use the same options, or delete the file to start over");
        }
        Map<Integer, Result> found = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Result r = Result.parse(line, columns);
            if (r != null && r.ok() && r.job() >= 0 && r.job() < s.jobs()) {
                found.put(r.job(), r);
            }
        }
        return found;
    }

    /** A finished CSV: every row must be a point of this sweep. */
    private static Map<Integer, Result> readCsv(Settings s, Columns columns) throws IOException {
        Parameters grid = s.grid();
        Map<String, Integer> jobOf = new HashMap<>();
        for (int j = 0; j < s.jobs(); j++) {
            jobOf.put(key(grid.values(j)), j);
        }
        List<String> lines = Files.readAllLines(s.out(), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(CsvFiles.header(grid, columns))) {
            throw new BadInput("--resume: " + s.out() + " is not the CSV of this sweep (its first line is not "
                    + CsvFiles.header(grid, columns) + ")");
        }
        int p = grid.size();
        Map<Integer, Result> found = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = Csv.split(line);
            Integer job = f != null && f.size() == p + columns.size() + 3 ? jobOf.get(String.join("\u0000", f.subList(0, p))) : null;
            if (job == null) {
                throw new BadInput("--resume: " + s.out() + " is from a different grid (it has the row "
                        + line + "; this sweep is " + s.describe() + "); use the same options, or another --out");
            }
            try {
                Object[] values = columns.parse(f.subList(p, p + columns.size()));
                int at = p + columns.size();
                found.put(job, new Result(job, Integer.parseInt(f.get(at)), Double.parseDouble(f.get(at + 1)),
                        Double.parseDouble(f.get(at + 2)), values, null));
            } catch (NumberFormatException e) {
                throw new BadInput("--resume: " + s.out() + " has a row that is not a result: " + line);
            }
        }
        return found;
    }

    /** A job's parameter values as the CSV writes them. */
    static String key(Object[] values) {
        List<String> texts = new ArrayList<>();
        for (Object v : values) {
            texts.add(Csv.param(v));
        }
        return String.join("\u0000", texts);
    }
}
