package sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import launcher.Environment;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a results file's numbers came from: {@code OUT.json} beside it (sweep.json for sweep.csv),
 * human-readable JSON. It names the sweep (every parameter's values, the result columns, the seed),
 * the study's file, and each run that wrote rows, the first and every --resume: when, the
 * program's arguments, device, ranks and hosts, the study file's SHA-256 and its compiled code's,
 * Java, MPJ Express and the library, the files of the programs a {@link Command} runs (a Python
 * script, with its SHA-256), and how many jobs it did. The CSV's {@code run} column is the number of the run that made
 * each row; a resume whose code hash differs from the run before says so in one line.
 *
 * <p>Written with Jackson's data binding ({@code tools.jackson.core:jackson-databind}), which maps
 * these records to JSON and back, so the file's fields are declared once, here.
 */
public record Provenance(String sweep, Map<String, List<Object>> parameters, List<String> results, long seed,
                         String schedule, String program, String study, List<Run> runs) {

    /** One run: the first, or a --resume. {@code end} is null while it runs (or when it was killed). */
    public record Run(int run, String start, String end, List<String> arguments, String device, int ranks,
                      List<String> hosts, String studySha256, String code, String java, String mpj, String library,
                      int jobsDone, int jobsFailed, boolean resumed, Map<String, String> programs) {

        Run ended(String when, int done, int failedJobs) {
            return new Run(run, start, when, arguments, device, ranks, hosts, studySha256, code, java, mpj, library, done,
                    failedJobs, resumed, programs);
        }

        /** The same run, as the ranks know it: the program's arguments, the device, how many ranks on which hosts. */
        Run as(List<String> arguments, String device, int ranks, List<String> hosts) {
            return new Run(run, start, end, arguments, device, ranks, hosts, studySha256, code, java, mpj, library,
                    jobsDone, jobsFailed, resumed, programs);
        }
    }

    /** Made when first used, by rank 0 only: each rank of a multicore run loads its classes for itself. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** The file beside {@code s}'s CSV. */
    static Path file(Settings s) {
        return s.out().resolveSibling(s.stem() + ".json");
    }

    /** What must match for two runs to be one sweep: as the partial file's first line has it. */
    static String sweep(Settings s, Columns columns) {
        return Resume.header(s, columns);
    }

    /** The file's content, or null when there is none or it cannot be read as one. */
    static Provenance read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), Provenance.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Writes it whole, through a temporary file. */
    void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Json.MAPPER.writeValueAsString(this) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (JacksonException | IOException e) {
            throw new UncheckedIOException("cannot write " + file, e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** The same, with {@code run} in place of the run of its number, or added. */
    Provenance with(Run run) {
        List<Run> all = new ArrayList<>(runs.stream().filter(r -> r.run() != run.run()).toList());
        all.add(run);
        return new Provenance(sweep, parameters, results, seed, schedule, program, study, all);
    }

    /** The record of a new sweep, before its first run. */
    static Provenance of(Settings s, Columns columns, Class<?> program, Path study) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Parameters.Parameter p : s.grid().all()) {
            values.put(p.name(), p.values());
        }
        return new Provenance(sweep(s, columns), values, columns.names(), s.seed(), s.schedule().word(),
                program == null ? null : program.getName(), study == null ? null : study.toString(), List.of());
    }

    /** This run, as it starts; {@code study} is {@link #studyFile}'s answer, or null. */
    static Run start(int number, Settings s, Class<?> program, Path study) {
        return new Run(number, now(), null, null, null, 0, null, study == null ? null : sha256(study), codeHash(program),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"), mpjVersion(),
                libraryVersion(), 0, 0, s.resume(), Command.files(study));
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The study's source file: where the project's jbang said it was (MPJ_LESSONS_SOURCE), else
     * the class's source file name in the working folder; null when neither is it.
     */
    static Path studyFile(Class<?> program) {
        String given = Environment.MPJ_LESSONS_SOURCE.value();
        String simple = program == null ? null : program.getSimpleName() + ".java";
        if (given != null && simple != null && Path.of(given).getFileName().toString().equals(simple)
                && Files.isRegularFile(Path.of(given))) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        if (simple != null && Files.isRegularFile(Path.of(simple))) {
            return Path.of(simple).toAbsolutePath().normalize();
        }
        return null;
    }

    /**
     * The hash of the program's compiled code: every class file of its own (not the library's) in
     * the jar or folder it was loaded from, in name order. Two runs of the same source have the
     * same hash; any change to the code (or its line numbers) gives another.
     */
    static String codeHash(Class<?> program) {
        if (program == null) {
            return null;
        }
        try {
            Path where = Path.of(program.getProtectionDomain().getCodeSource().getLocation().toURI());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // A jar is read as a folder of its own, so that both are walked the same way.
            try (java.nio.file.FileSystem jar = Files.isDirectory(where) ? null
                    : java.nio.file.FileSystems.newFileSystem(where)) {
                Path root = jar == null ? where : jar.getPath("/");
                Map<String, Path> mine = new java.util.TreeMap<>();
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                        String name = root.relativize(p).toString().replace('\\', '/');
                        if (own(name)) {
                            mine.put(name, p);
                        }
                    });
                }
                for (Map.Entry<String, Path> e : mine.entrySet()) {
                    sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(e.getValue()));
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    /** A class of the program's own: not one of the library's packages (a lesson is compiled with them). */
    private static boolean own(String classFile) {
        return Stream.of("sweep/", "launcher/", "mpjfix/", "mpi/", "mpjlessons/").noneMatch(classFile::startsWith);
    }

    static String sha256(Path file) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * MPJ Express as its folder's README names it (scripts/setup writes the line), else its folder:
     * the one the launcher named (mpj.home, multicore), the one whose lib/mpj.jar is on the class
     * path (a niodev rank), or MPJ_HOME.
     */
    static String mpjVersion() {
        String home = System.getProperty("mpj.home");
        if (home == null) {
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (jar.endsWith(Path.of("lib", "mpj.jar")) && jar.getParent().getParent() != null) {
                    home = jar.getParent().getParent().toString();
                }
            }
        }
        if (home == null) {
            home = Environment.MPJ_HOME.value();
        }
        if (home == null) {
            return null;
        }
        Path readme = Path.of(home, "README");
        try (Stream<String> lines = Files.isRegularFile(readme) ? Files.lines(readme) : Stream.empty()) {
            return lines.findFirst().orElse("MPJ Express in " + home);
        } catch (IOException | UncheckedIOException e) {
            return "MPJ Express in " + home;
        }
    }

    /** The library: where it was loaded from and its SHA-256's first 16 digits. */
    static String libraryVersion() {
        Path jar = location(Provenance.class);
        if (jar == null) {
            return null;
        }
        String sha = Files.isRegularFile(jar) ? sha256(jar) : null;
        return jar + (sha == null ? "" : " sha256:" + sha.substring(0, 16));
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
