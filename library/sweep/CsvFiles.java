package sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A finished sweep's files: OUT, the CSV of every result sorted by job (so by the parameters in
 * the order declared), and OUT-failures.csv, the jobs whose bigJob failed with the error, or no such
 * file when none did. Each is written through a temporary file, so the file on disk is always whole.
 */
final class CsvFiles {

    private CsvFiles() {
    }

    /** Writes both files; {@code done} in the order of its jobs. */
    static void write(Settings settings, Columns columns, Collection<Result> done, List<Result> failed) {
        Parameters grid = settings.grid();
        List<String> rows = new ArrayList<>();
        for (Result r : done) {
            rows.add(row(grid, r));
        }
        write(settings.out(), header(grid, columns), rows);
        List<String> failures = new ArrayList<>();
        for (Result r : failed) {
            List<String> f = params(grid, r.job());
            f.addAll(List.of(String.valueOf(r.rank()), Csv.field(r.error())));
            failures.add(String.join(",", f));
        }
        try {
            if (failures.isEmpty()) {
                Files.deleteIfExists(settings.failures()); // an earlier run's list is out of date
            } else {
                write(settings.failures(), String.join(",", grid.names()) + ",rank,error", failures);
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

    /** One result as the CSV's row: its parameters' values, its values, rank, start and seconds. */
    static String row(Parameters grid, Result r) {
        List<String> f = params(grid, r.job());
        f.addAll(r.fields());
        f.addAll(List.of(String.valueOf(r.rank()), Result.seconds(r.start()), Result.seconds(r.seconds())));
        return String.join(",", f);
    }

    private static List<String> params(Parameters grid, int job) {
        List<String> f = new ArrayList<>();
        for (Object v : grid.values(job)) {
            f.add(Csv.paramField(v));
        }
        return f;
    }

    private static void write(Path file, String header, List<String> rows) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(header + "\n");
                for (String row : rows) {
                    w.write(row + "\n");
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
