package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
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

    /** Rows are gathered into text of about this many bytes before each write. */
    private static final int WRITE_BYTES = 1 << 16;

    private CsvFiles() {
    }

    /** Writes both files. */
    static void write(Settings settings, ResultTable table, List<Result> failed) {
        Parameters grid = settings.grid();
        Fields params = new Fields(grid);
        write(settings.out(), header(grid, table.columns()), (t, rows) -> {
            for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
                params.append(t, job);
                table.appendValues(t, job);
                t.add(',').whole(table.rank(job)).add(',').seconds(table.start(job)).add(',').seconds(table.seconds(job));
                rows.end();
            }
        });
        try {
            if (failed.isEmpty()) {
                Files.deleteIfExists(settings.failures()); // an earlier run's list is out of date
            } else {
                List<Result> byJob = new ArrayList<>(failed);
                byJob.sort(Comparator.comparingInt(Result::job));
                write(settings.failures(), String.join(",", grid.names()) + ",rank,error", (t, rows) -> {
                    for (Result r : byJob) {
                        params.append(t, r.job());
                        t.add(',').whole(r.rank()).add(',').field(r.error());
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
        private final byte[][][] texts;
        private final int[] at;
        private final Parameters grid;

        Fields(Parameters grid) {
            this.grid = grid;
            List<Parameters.Parameter> all = grid.all();
            texts = new byte[all.size()][][];
            at = new int[all.size()];
            for (int p = 0; p < all.size(); p++) {
                texts[p] = all.get(p).values().stream().map(v -> Csv.paramField(v).getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
            }
        }

        /** Appends job {@code job}'s values, comma-separated (no comma before the first). */
        void append(Text t, int job) {
            grid.positions(job, at);
            for (int p = 0; p < at.length; p++) {
                if (p > 0) {
                    t.add(',');
                }
                t.add(texts[p][at[p]]);
            }
        }
    }

    /** Ends each row of a file. */
    interface Rows {
        void end() throws IOException;
    }

    /** Appends a file's rows to the text, calling {@link Rows#end} after each. */
    private interface Content {
        void write(Text text, Rows rows) throws IOException;
    }

    private static void write(Path file, String header, Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Text text = new Text().add(header).add('\n');
                content.write(text, () -> {
                    text.add('\n');
                    if (text.length() >= WRITE_BYTES) {
                        text.writeTo(out);
                    }
                });
                text.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
