///usr/bin/env jbang "$0" "$@" ; exit $?
// MPJ Express's own test suite, run under the lessons' launcher with the fixes of library/mpjfix:
// the part of scripts/mpj-suite that runs after the fetch (see there for how to use it).
//
//   MpjSuite.java --suite DIR --cache DIR [-np 4,8] [-dev multicore,niodev] [PROGRAM ...]
//
// DIR/TestSuite.java names the programs (each "new X(args)" it makes, but those in its
// "if (size <= 2)" block, which never run at 4 or 8 ranks); they are compiled once against
// MPJ_HOME's mpj.jar into a jar in the cache folder. Each program then runs once per device and
// rank count, as its own launch: plain java with the launcher's class path (no jbang per run), the
// program's main called in every rank by MpjSuiteRank below. A run passes when the launcher
// exits with status 0 and no line of its output reports an error in the suite's own words
// (COMPLAINT below). Many of the programs catch their own exceptions and print nothing, but a rank
// that returns without MPI.Finalize is a failure for the launcher; others print "ERROR ..." and end
// normally.
//
// The fixes are those MPJ_FIXES names (all when unset). A run that fails is run again with
// MPJ_FIXES=none: it fails this suite either way, and the line says which case it is. The runs of
// KNOWN below are run both ways, and must fail without the fixes; one that passes with them is
// mended (a fix mends what MPJ Express gets wrong there) and counts as passed.
//
// Exit status: 0 every run passed, 1 some failed, 2 bad input.
//SOURCES ../library/launcher/*.java
//COMPILE_OPTIONS -encoding UTF-8

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import launcher.Environment;
import launcher.Mpiexec;

class MpjSuite {

    /** A run that fails with MPJ Express as it is, fixes or not: why, and at which rank count (0: any). */
    record Known(String program, int ranks, String why) {
        boolean covers(String p, int np) {
            return program.equals(p) && (ranks == 0 || ranks == np);
        }
    }

    static final List<Known> KNOWN = List.of(
            new Known("mpi.ccl.allgatherv", 0, "from 4 ranks on it reads past the end of its own table of expected values"),
            new Known("mpi.topo.dimscreate", 0, "prints ERROR: MPJ Express's Cartcomm.Dims_create overwrites the entries"
                    + " the caller fixed, so (6, {2, 0}) gives {3, 2} where the MPI standard gives {2, 3}; the dims fix"
                    + " mends it"));

    /**
     * A line in which a program of the suite reports a wrong result in its own words ("ERROR in
     * MPI_Dims_create, dims = 3,2, should be 2, 3", "bad answer (...)", "FAIL"): many of them go on
     * to MPI.Finalize and end normally after it.
     */
    static final Pattern COMPLAINT = Pattern.compile("^\\s*(ERROR|FAIL)|(?i:bad answer|should be|wrong|\\bfailed\\b|recived data)");

    /** The time limit of one run (the launcher's -timeout); a run takes a second or two. */
    static final int RUN_TIMEOUT = 60;

    record Run(String program, int np, String device) {
        String name() {
            return program + " -np " + np + " -dev " + device;
        }
    }

    record Outcome(boolean passed, String line) {
    }

    private final Path suite;
    private final Path cache;
    private final String fixes;
    private String classPath;
    private int runs;

    MpjSuite(Path suite, Path cache, String fixes) {
        this.suite = suite;
        this.cache = cache;
        this.fixes = fixes;
    }

    public static void main(String[] args) throws Exception {
        Path suite = null;
        Path cache = null;
        List<Integer> counts = List.of(4, 8);
        List<String> devices = List.of("multicore", "niodev");
        List<String> only = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--suite" -> suite = Path.of(value(args, ++i));
                    case "--cache" -> cache = Path.of(value(args, ++i));
                    case "-np" -> counts = Stream.of(value(args, ++i).split(",")).map(MpjSuite::count).toList();
                    case "-dev" -> devices = Stream.of(value(args, ++i).split(",")).map(MpjSuite::device).toList();
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + args[i]
                                    + "; use -np 4,8, -dev multicore,niodev and program names (e.g. ccl/bcast)");
                        }
                        only.add(args[i]);
                    }
                }
            }
            if (suite == null || cache == null) {
                throw new IllegalArgumentException("--suite DIR and --cache DIR are needed (scripts/mpj-suite gives them)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("mpj suite: " + e.getMessage());
            System.exit(2);
        }
        String fixes = Environment.MPJ_FIXES.valueOr("all");
        System.exit(new MpjSuite(suite, cache, fixes).run(counts, devices, only));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int count(String s) {
        if (!s.matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("-np takes rank counts separated by commas, e.g. -np 4,8, not " + s);
        }
        return Integer.parseInt(s);
    }

    private static String device(String s) {
        if (!s.equals("multicore") && !s.equals("niodev")) {
            throw new IllegalArgumentException("-dev takes multicore, niodev or both (-dev multicore,niodev), not " + s);
        }
        return s;
    }

    int run(List<Integer> counts, List<String> devices, List<String> only) throws Exception {
        long start = System.nanoTime();
        List<String> programs = programs(suite.resolve("TestSuite.java"), suite);
        classPath = System.getProperty("java.class.path") + File.pathSeparator + compiled(programs);
        if (!only.isEmpty()) {
            List<String> chosen = new ArrayList<>();
            for (String o : only) {
                String name = o.startsWith("mpi.") ? o : "mpi." + o.replace('/', '.');
                if (!programs.contains(name)) {
                    System.err.println("mpj suite: TestSuite.java runs no program " + o + " (e.g. ccl/bcast or mpi.ccl.bcast)");
                    return 2;
                }
                chosen.add(name);
            }
            programs = chosen;
        }
        Path logs = Files.createDirectories(cache.resolve("logs"));
        int passed = 0;
        int failed = 0;
        int known = 0;
        int mended = 0;
        for (String device : devices) {
            for (int np : counts) {
                long groupStart = System.nanoTime();
                int groupFailed = 0;
                for (String program : programs) {
                    Run run = new Run(program, np, device);
                    Known listed = KNOWN.stream().filter(k -> k.covers(program, np)).findFirst().orElse(null);
                    Outcome on = launch(run, fixes, logs, "");
                    if (listed != null) {
                        Outcome off = launch(run, "none", logs, "");
                        if (!off.passed() && on.passed()) {
                            passed++;
                            mended++;
                            System.out.println("mpj suite: mended: " + run.name() + " fails without the fixes ("
                                    + listed.why() + ") and passes with them");
                            continue;
                        }
                        if (!off.passed()) {
                            known++;
                            System.out.println("mpj suite: known: " + run.name() + " fails without the fixes too ("
                                    + listed.why() + ")");
                            continue;
                        }
                        failed++;
                        groupFailed++;
                        System.out.println("mpj suite: FAILED " + run.name() + ": " + (on.passed()
                                ? "passes with MPJ_FIXES=none too, so it is no known failure: take it off KNOWN in scripts/MpjSuite.java"
                                : "fails with the fixes, passes with MPJ_FIXES=none: a fix broke it; " + on.line()));
                        continue;
                    }
                    if (on.passed()) {
                        passed++;
                        continue;
                    }
                    failed++;
                    groupFailed++;
                    Outcome off = launch(run, "none", logs, "");
                    String why;
                    if (off.passed()) {
                        Outcome again = launch(run, fixes, logs, "again");
                        why = again.passed()
                                ? "failed once with the fixes, then passed with and without them: a run that fails now and then; "
                                : "fails with the fixes, passes with MPJ_FIXES=none: a fix broke it; ";
                    } else {
                        why = "fails with MPJ_FIXES=none too: MPJ Express or the program is at fault; if it always does, list it in KNOWN in scripts/MpjSuite.java; ";
                    }
                    System.out.println("mpj suite: FAILED " + run.name() + ": " + why + on.line());
                }
                System.out.printf("mpj suite: %s at %d ranks: %d programs, %d failed (%d s)%n", device, np,
                        programs.size(), groupFailed, seconds(groupStart));
            }
        }
        System.out.printf("mpj suite: %d programs x %d runs, %d passed (%d mended: they fail without the fixes), %d failed,"
                        + " %d known to fail without the fixes too (MPJ_FIXES=%s, %d launches in %d s)%n", programs.size(),
                counts.size() * devices.size(), passed, mended, failed, known, fixes, runs, seconds(start));
        return failed == 0 ? 0 : 1;
    }

    private static long seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e9);
    }

    /**
     * The programs TestSuite.java runs at more than 2 ranks, by full class name, in its order.
     * Comments go first, in one pass with the strings (a line such as "//*****TWO PROCESSES"
     * holds a "/*" that is no comment).
     */
    static List<String> programs(Path testSuite, Path suite) throws IOException {
        String text = Files.readString(testSuite, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|//[^\n]*|/\\*[\\s\\S]*?\\*/").matcher(text);
        StringBuilder code = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(code, m.group().startsWith("\"") ? Matcher.quoteReplacement(m.group()) : " ");
        }
        m.appendTail(code);
        String body = code.toString().replaceAll("if\\s*\\(\\s*size\\s*<=\\s*2\\s*\\)\\s*\\{[^{}]*\\}", " ");
        List<String> packages = new ArrayList<>();
        Matcher imports = Pattern.compile("import\\s+([\\w.]+)\\.\\*\\s*;").matcher(body);
        while (imports.find()) {
            packages.add(imports.group(1));
        }
        Set<String> programs = new LinkedHashSet<>();
        Matcher made = Pattern.compile("new\\s+([\\w.]+)\\s*\\(\\s*args\\s*\\)").matcher(body);
        while (made.find()) {
            String name = made.group(1);
            if (name.contains(".")) {
                programs.add(name);
                continue;
            }
            List<String> found = packages.stream()
                    .filter(p -> Files.isRegularFile(suite.resolve(p.replace('.', '/')).resolve(name + ".java")))
                    .map(p -> p + "." + name).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("TestSuite.java's " + name + " is in " + found.size()
                        + " of the packages it imports, not one: " + found);
            }
            programs.add(found.get(0));
        }
        return List.copyOf(programs);
    }

    /**
     * A jar of the programs, compiled against MPJ Express's mpj.jar, made once and kept in the cache
     * folder (a jar, not a folder: the launcher's class-data archive for niodev ranks takes jars only).
     */
    private Path compiled(List<String> programs) throws Exception {
        Path mpj = mpjJar();
        List<String> sources = programs.stream().map(p -> suite.resolve(p.replace('.', '/') + ".java").toString()).toList();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String s : sources) {
            sha.update((s + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(Path.of(s)));
        }
        sha.update((mpj + " " + Files.size(mpj) + " " + Files.getLastModifiedTime(mpj) + " "
                + System.getProperty("java.specification.version")).getBytes(StandardCharsets.UTF_8));
        Path jar = cache.resolve("programs-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        System.out.println("mpj suite: compiling " + programs.size() + " programs against " + mpj);
        Path classes = Files.createTempDirectory(cache, "classes.");
        try {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp", mpj.toString(),
                    "-sourcepath", suite.toString(), "-encoding", "ISO-8859-1", "-nowarn", "-Xlint:none",
                    "-implicit:class", "--release", "17"));
            options.addAll(sources);
            OutputStream quiet = OutputStream.nullOutputStream();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            if (javac.run(null, quiet, errors, options.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed on MPJ Express's test suite:\n" + errors);
            }
            Path part = Files.createTempFile(cache, "programs.", ".part");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(part));
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> older = Files.list(cache)) {
                for (Path f : older.filter(f -> f.getFileName().toString().matches("programs-.*\\.jar") && !f.equals(jar)).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
        return jar;
    }

    private static Path mpjJar() {
        String home = Environment.MPJ_HOME.value();
        if (home == null || !Files.isRegularFile(Path.of(home, "lib", "mpj.jar"))) {
            throw new IllegalStateException("MPJ_HOME is not set to MPJ Express (scripts/mpj-suite sets it from scripts/setup)");
        }
        return Path.of(home, "lib", "mpj.jar");
    }

    /**
     * One launch of {@code run} with MPJ_FIXES={@code fixes}: passed when the launcher exits with 0 and
     * the program printed no COMPLAINT. The output of a failed run stays in {@code logs}, in a file
     * named after the run, the fixes and {@code attempt}.
     */
    private Outcome launch(Run run, String fixes, Path logs, String attempt) throws IOException, InterruptedException {
        runs++;
        Path log = logs.resolve(run.program() + "-" + run.np() + "-" + run.device() + "-" + fixes.replaceAll("[^\\w-]", "_")
                + (attempt.isEmpty() ? "" : "-" + attempt) + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath, "MpjSuiteRank", "-np", Integer.toString(run.np()),
                "-dev", run.device(), "-timeout", Integer.toString(RUN_TIMEOUT), run.program())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("MPJ_FIXES", fixes);
        Process p = pb.start();
        boolean ended = p.waitFor(RUN_TIMEOUT + 30, TimeUnit.SECONDS);
        if (!ended) {
            // The launcher's own limit should have ended it; end what is left of the run.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            return new Outcome(false, "the launcher did not end within " + (RUN_TIMEOUT + 30) + " s; see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        String complaint = lines.stream().filter(l -> COMPLAINT.matcher(l).find()).findFirst().orElse(null);
        if (p.exitValue() == 0 && complaint == null) {
            Files.delete(log);
            return new Outcome(true, "");
        }
        if (p.exitValue() == 0) {
            return new Outcome(false, "status 0, but it printed \"" + complaint.strip() + "\" (output in " + log + ")");
        }
        String said = lines.stream().filter(l -> l.startsWith("MpjSuite.java: ")).reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
        return new Outcome(false, "status " + p.exitValue() + ", " + said + " (output in " + log + ")");
    }
}

/**
 * The main every rank runs: the launcher starts the ranks ({@code -np}, {@code -dev}) and, in each
 * rank, this calls the named program's main with the rank's arguments (those MPJ Express puts
 * first, then the program's own), as if that program were the rank's main class.
 */
class MpjSuiteRank {
    public static void main(String[] args) throws Throwable {
        Mpiexec.ranks(4).atLeast(1).start(args);
        List<String> rankArgs = new ArrayList<>(Arrays.asList(args));
        String program = rankArgs.remove(3);
        Method main = Class.forName(program, true, MpjSuiteRank.class.getClassLoader()).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) rankArgs.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
