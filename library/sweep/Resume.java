package sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Puts the results a --resume run starts from into {@code table} (none without --resume). */
    static void load(Settings s, ResultTable table) {
        if (!s.resume()) {
            return;
        }
        try {
            if (Files.exists(s.partial())) {
                readPartial(s, table);
            } else if (Files.exists(s.out())) {
                readCsv(s, table);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            if (Files.exists(s.partial())) {
                header(s, columns, s.partial()); // its first line says whose results it holds; a line that is not one is skipped
            } else {
                load(s, new ResultTable(s.jobs(), columns)); // every row of a CSV must be a point of this grid
            }
        } catch (IOException e) {
            throw new BadInput("--resume: cannot read the earlier results: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadInput("--resume: cannot read the earlier results: " + e.getCause().getMessage());
        }
    }

    /** The partial file's first line, after {@link Journal#HEADER}: the settings and the result columns. */
    static String header(Settings s, Columns columns) {
        return s.describe() + " results=" + columns.header();
    }

    private static void readPartial(Settings s, ResultTable table) throws IOException {
        Columns columns = table.columns();
        boolean whole = endsWithLineBreak(s.partial());
        try (BufferedReader in = Files.newBufferedReader(s.partial(), StandardCharsets.UTF_8)) {
            header(s, columns, in.readLine());
            // A killed run's last line may be cut anywhere, even where what is left still reads as
            // a result (2.75 cut to 2.7): a last line without its line break is not taken.
            String line = in.readLine();
            while (line != null) {
                String next = in.readLine();
                if (next != null || whole) {
                    take(line, s.jobs(), table);
                }
                line = next;
            }
        }
    }

    /** Refuses a partial file whose first line is not this sweep's. */
    private static void header(Settings s, Columns columns, Path partial) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.UTF_8)) {
            header(s, columns, in.readLine());
        }
    }

    private static void header(Settings s, Columns columns, String first) {
        String want = Journal.HEADER + header(s, columns);
        if (first == null || !first.equals(want)) {
            if (first != null && first.startsWith(Journal.HEADER_V1)) {
                throw new BadInput("--resume: " + s.partial() + " was written by an earlier version of the"
                        + " sweep, whose lines this one does not read; delete it to start over");
            }
            String had = first == null ? "nothing" : first.startsWith(Journal.HEADER)
                    ? first.substring(Journal.HEADER.length()) : "something else";
            throw new BadInput("--resume: " + s.partial() + " is from a different sweep (" + had
                    + "; this one is " + header(s, columns) + "); use the same options, or delete the file to start over");
        }
    }

    /** Puts one line of a partial file into the table, if it is a whole result of this sweep. */
    private static void take(String line, int jobs, ResultTable table) {
        Columns columns = table.columns();
        if (line.startsWith("!")) {
            return; // a failed job runs again
        }
        if (line.startsWith(Journal.RUN)) {
            try {
                table.nowRun(Integer.parseInt(line.substring(Journal.RUN.length())));
            } catch (NumberFormatException torn) {
                // not a whole line: the results after it count as the run before's
            }
            return;
        }
        if (line.indexOf('"') >= 0) {
            Result r = Result.parse(line, columns);
            if (r != null && r.ok() && r.job() >= 0 && r.job() < jobs) {
                table.put(r);
                table.resumed(r.job(), true);
            }
            return;
        }
        // Without quotes a comma ends each field: read them in place.
        int fields = 4 + columns.size();
        int[] ends = new int[fields];
        int at = 0;
        for (int f = 0; f < fields; f++) {
            int comma = line.indexOf(',', at);
            if ((comma < 0) != (f == fields - 1)) {
                return; // too few fields or too many: not a line of this sweep
            }
            ends[f] = comma < 0 ? line.length() : comma;
            at = ends[f] + 1;
        }
        try {
            int job = Integer.parseInt(line, 0, ends[0], 10);
            if (job < 0 || job >= jobs) {
                return;
            }
            int rank = Integer.parseInt(line, ends[0] + 1, ends[1], 10);
            double start = Double.parseDouble(line.substring(ends[1] + 1, ends[2]));
            double seconds = Double.parseDouble(line.substring(ends[2] + 1, ends[3]));
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = columns.parse(c, line.substring(ends[3 + c] + 1, ends[4 + c]));
            }
            table.put(new Result(job, rank, start, seconds, values, null));
            table.resumed(job, true);
        } catch (NumberFormatException torn) {
            // not a whole result: that job runs again
        }
    }

    /** Whether the file's last byte is a line break (an empty file's is not). */
    static boolean endsWithLineBreak(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        }
    }

    /** Whether {@code s}'s finished CSV holds this sweep's results: its header and every row fit. */
    static boolean isThisSweeps(Settings s, Columns columns) {
        try {
            readCsv(s, new ResultTable(s.jobs(), columns));
            return true;
        } catch (BadInput | IOException | UncheckedIOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A finished CSV: every row must be a point of this sweep. */
    private static void readCsv(Settings s, ResultTable table) throws IOException {
        Parameters grid = s.grid();
        Columns columns = table.columns();
        // Each parameter's values as the CSV writes them, to their positions: a row's job from its fields.
        List<Map<String, Integer>> positionOf = new ArrayList<>();
        for (Parameters.Parameter p : grid.all()) {
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < p.count(); i++) {
                at.putIfAbsent(Csv.param(p.value(i)), i);
            }
            positionOf.add(at);
        }
        int p = grid.size();
        try (BufferedReader in = Files.newBufferedReader(s.out(), StandardCharsets.UTF_8)) {
            String first = in.readLine();
            String header = CsvFiles.header(grid, columns);
            // A CSV of an earlier version has no run column: its rows are run 1's.
            boolean runs = header.equals(first);
            if (first == null || !runs && !(header.substring(0, header.length() - ",run".length()).equals(first))) {
                throw new BadInput("--resume: " + s.out() + " is not the CSV of this sweep (its first line is not "
                        + header + ")");
            }
            List<String> flat = columns.flatNames();
            int fields = p + flat.size() + (runs ? 4 : 3);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> f = Csv.split(line);
                int job = f != null && f.size() == fields ? job(f, grid, positionOf) : -1;
                if (job < 0) {
                    throw new BadInput("--resume: " + s.out() + " is from a different grid (it has the row "
                            + line + "; this sweep is " + s.describe() + "); use the same options, or another --out");
                }
                try {
                    Object[] values = new Object[columns.size()];
                    for (int c = 0, field = p; c < columns.size(); c++) {
                        values[c] = columns.curve(c) ? new double[0] : columns.parse(c, f.get(field++));
                    }
                    int at = p + flat.size();
                    table.nowRun(runs ? Integer.parseInt(f.get(at + 3)) : 1);
                    table.put(new Result(job, Integer.parseInt(f.get(at)), Double.parseDouble(f.get(at + 1)),
                            Double.parseDouble(f.get(at + 2)), values, null));
                    table.resumed(job, true);
                } catch (NumberFormatException e) {
                    throw new BadInput("--resume: " + s.out() + " has a row that is not a result: " + line);
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.curve(c)) {
                readCurves(s, table, c);
            }
        }
    }

    /** Curve column {@code c} of the finished results, from its long-form CSV: a row per point. */
    private static void readCurves(Settings s, ResultTable table, int c) throws IOException {
        Path file = CsvFiles.curveFile(s, table.columns().names().get(c));
        if (!Files.isRegularFile(file)) {
            throw new BadInput("--resume: " + file + ", the curves of " + s.out() + ", is missing; put it back, or start"
                    + " over with another --out");
        }
        Map<Integer, List<Double>> points = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                try {
                    int job = Integer.parseInt(line.substring(0, line.indexOf(',')));
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
                    points.computeIfAbsent(job, j -> new ArrayList<>()).add(value);
                } catch (RuntimeException e) {
                    throw new BadInput("--resume: " + file + " has a row that is not a point of a curve: " + line);
                }
            }
        }
        for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
            List<Double> curve = points.getOrDefault(job, List.of());
            table.set(job, c, curve.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** The job whose parameter values are a row's first fields, or -1 if none is. */
    private static int job(List<String> fields, Parameters grid, List<Map<String, Integer>> positionOf) {
        int job = 0;
        for (int i = 0; i < positionOf.size(); i++) {
            Integer at = positionOf.get(i).get(fields.get(i));
            if (at == null) {
                return -1;
            }
            job = job * grid.all().get(i).count() + at;
        }
        return job;
    }
}
