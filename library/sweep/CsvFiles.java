package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A finished sweep's files: OUT, the CSV of every result sorted by job (so by the parameters in
 * the order declared), and OUT-failures.csv, the jobs whose bigJob failed with the error, in the
 * same order, or no such file when none did. Each is written through a temporary file, so the file
 * on disk is always whole.
 */
final class CsvFiles {

    /** Rows are gathered into text of about this many characters before each write. */
    private static final int WRITE_CHARS = 1 << 16;

    private CsvFiles() {
    }

    /** Writes both files. */
    static void write(Settings settings, ResultTable table, List<Result> failed) {
        Parameters grid = settings.grid();
        Fields params = new Fields(grid);
        write(settings.out(), header(grid, table.columns()), (b, rows) -> {
            for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
                params.append(b, job);
                table.appendValues(b, job);
                b.append(',').append(table.rank(job)).append(',');
                Result.appendSeconds(b, table.start(job));
                b.append(',');
                Result.appendSeconds(b, table.seconds(job));
                rows.end();
            }
        });
        try {
            if (failed.isEmpty()) {
                Files.deleteIfExists(settings.failures()); // an earlier run's list is out of date
            } else {
                List<Result> byJob = new ArrayList<>(failed);
                byJob.sort(Comparator.comparingInt(Result::job));
                write(settings.failures(), String.join(",", grid.names()) + ",rank,error", (b, rows) -> {
                    for (Result r : byJob) {
                        params.append(b, r.job());
                        b.append(',').append(r.rank()).append(',').append(Csv.field(r.error()));
                        rows.end();
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.failures(), e);
        }
    }

    /** The CSV's first line: the parameters, the results, then rank, start and seconds. */
    static String header(Parameters grid, Columns columns) {
        List<String> names = new ArrayList<>(grid.names());
        names.addAll(columns.names());
        names.addAll(List.of("rank", "start", "seconds"));
        return String.join(",", names);
    }

    /** A job's parameter values as CSV fields: each parameter's values written once, looked up by position. */
    static final class Fields {
        private final String[][] texts;
        private final int[] at;
        private final Parameters grid;

        Fields(Parameters grid) {
            this.grid = grid;
            List<Parameters.Parameter> all = grid.all();
            texts = new String[all.size()][];
            at = new int[all.size()];
            for (int p = 0; p < all.size(); p++) {
                texts[p] = all.get(p).values().stream().map(Csv::paramField).toArray(String[]::new);
            }
        }

        /** Appends job {@code job}'s values, comma-separated (no comma before the first). */
        void append(StringBuilder b, int job) {
            grid.positions(job, at);
            for (int p = 0; p < at.length; p++) {
                b.append(p == 0 ? "" : ",").append(texts[p][at[p]]);
            }
        }
    }

    /** Ends each row of a file. */
    interface Rows {
        void end() throws IOException;
    }

    /** Appends a file's rows to the text, calling {@link Rows#end} after each. */
    private interface Content {
        void write(StringBuilder text, Rows rows) throws IOException;
    }

    private static void write(Path file, String header, Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                StringBuilder text = new StringBuilder(WRITE_CHARS + 1024).append(header).append('\n');
                content.write(text, () -> {
                    text.append('\n');
                    if (text.length() >= WRITE_CHARS) {
                        w.append(text);
                        text.setLength(0);
                    }
                });
                w.append(text);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
