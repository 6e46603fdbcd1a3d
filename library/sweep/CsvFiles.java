package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A finished sweep's files: OUT, the CSV of every result sorted by job (so by the parameters in
 * the order declared), and OUT-failures.csv, the jobs whose bigJob failed with the rank of the
 * last attempt, how many times each was run and the last error, in the same order, or no such file when none did. Each is written through a temporary file, so the file
 * on disk is always whole.
 */
final class CsvFiles {

    /** The CSV's rows are made in blocks of this many jobs, on every core. */
    private static final int BLOCK_JOBS = 1 << 16;
    /** Rows are gathered into text of about this many bytes before each write. */
    private static final int WRITE_BYTES = 1 << 16;

    private CsvFiles() {
    }

    /** Writes both files; {@code attempts}: how many times a failed job was run. */
    static void write(Settings settings, ResultTable table, List<Result> failed, java.util.function.IntUnaryOperator attempts) {
        Parameters grid = settings.grid();
        Fields params = new Fields(grid);
        write(settings.out(), header(grid, table.columns()), (t, rows) -> {
            // Blocks of rows are made on every core at once, and written in order as they are ready.
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService makers = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, "csv rows");
                thread.setDaemon(true);
                return thread;
            });
            try {
                ArrayDeque<Future<Text>> made = new ArrayDeque<>();
                for (int from = 0; from < settings.jobs(); from += BLOCK_JOBS) {
                    int first = from;
                    int end = (int) Math.min(settings.jobs(), (long) from + BLOCK_JOBS);
                    made.add(makers.submit(() -> rows(table, params.copy(), first, end)));
                    if (made.size() >= 2 * threads) {
                        rows.write(take(made.poll()));
                    }
                }
                while (!made.isEmpty()) {
                    rows.write(take(made.poll()));
                }
            } finally {
                makers.shutdownNow();
            }
        });
        Columns columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.curve(c)) {
                int column = c;
                write(curveFile(settings, columns.names().get(c)), "job," + String.join(",", grid.names()) + ",index,value",
                        (t, rows) -> {
                            for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
                                double[] curve = table.curve(job, column);
                                for (int i = 0; i < curve.length; i++) {
                                    t.whole(job).add(',');
                                    params.append(t, job);
                                    t.add(',').whole(i).add(',').number(curve[i]);
                                    rows.end();
                                }
                            }
                        });
            }
        }
        try {
            if (failed.isEmpty()) {
                Files.deleteIfExists(settings.failures()); // an earlier run's list is out of date
            } else {
                List<Result> byJob = new ArrayList<>(failed);
                byJob.sort(Comparator.comparingInt(Result::job));
                write(settings.failures(), String.join(",", grid.names()) + ",rank,attempts,error", (t, rows) -> {
                    for (Result r : byJob) {
                        params.append(t, r.job());
                        t.add(',').whole(r.rank()).add(',').whole(Math.max(1, attempts.applyAsInt(r.job()))).add(',')
                                .field(r.error());
                        rows.end();
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.failures(), e);
        }
    }

    /** The long-form CSV of curve result {@code name}: a row per point, {@code job,PARAMETERS...,index,value}. */
    static Path curveFile(Settings s, String name) {
        return s.beside("curve-" + name + ".csv");
    }

    /** The rows of the jobs from {@code first} up to {@code end} that have a result. */
    private static Text rows(ResultTable table, Fields params, int first, int end) {
        Text t = new Text();
        for (int job = table.next(first); job >= 0 && job < end; job = table.next(job + 1)) {
            params.append(t, job);
            table.appendValues(t, job, false);
            t.add(',').whole(table.rank(job)).add(',').seconds(table.start(job)).add(',').seconds(table.seconds(job))
                    .add(',').whole(table.run(job)).add('\n');
        }
        return t;
    }

    private static Text take(Future<Text> rows) throws IOException {
        try {
            return rows.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The CSV's first line: the parameters, the results, then rank, start and seconds (since its
     * run began), and run: the number of the run that made the row, as OUT.json lists them.
     */
    static String header(Parameters grid, Columns columns) {
        List<String> names = new ArrayList<>(grid.names());
        names.addAll(columns.flatNames());
        names.addAll(List.of("rank", "start", "seconds", "run"));
        return String.join(",", names);
    }

    /** A job's parameter values as CSV fields: each parameter's values written once, looked up by position. */
    static final class Fields {
        private final byte[][][] texts;
        private final int[] at;
        private final Parameters grid;

        Fields(Parameters grid) {
            this(grid, grid.all().stream()
                    .map(p -> p.values().stream().map(v -> Csv.paramField(v).getBytes(StandardCharsets.UTF_8))
                            .toArray(byte[][]::new))
                    .toArray(byte[][][]::new));
        }

        private Fields(Parameters grid, byte[][][] texts) {
            this.grid = grid;
            this.texts = texts;
            this.at = new int[texts.length];
        }

        /** The same fields, for another thread. */
        Fields copy() {
            return new Fields(grid, texts);
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

    /** Ends each row of a file, or writes rows made elsewhere. */
    interface Rows {
        void end() throws IOException;

        void write(Text rows) throws IOException;
    }

    /** Appends a file's rows to the text, calling {@link Rows#end} after each. */
    interface Content {
        void write(Text text, Rows rows) throws IOException;
    }

    /** Writes {@code file}: its header, then its rows, through a temporary file. */
    static void write(Path file, String header, Content content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Text text = new Text().add(header).add('\n');
                content.write(text, new Rows() {
                    @Override
                    public void end() throws IOException {
                        text.add('\n');
                        if (text.length() >= WRITE_BYTES) {
                            text.writeTo(out);
                        }
                    }

                    @Override
                    public void write(Text rows) throws IOException {
                        text.writeTo(out);
                        rows.writeTo(out);
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
