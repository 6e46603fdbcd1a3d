import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher shared by all lessons: exit status, failures, timeouts, output, signals, bad input.
 * The failures come from tests/fixtures/misbehave.java, a lesson-like program that misbehaves on
 * one rank on purpose while the other ranks wait for it in a barrier.
 */
@DisplayName("launcher")
class LauncherTest {

    static final String FIXTURE = "tests/fixtures/misbehave.java";

    static Stream<String> devices() {
        return Stream.of("multicore", "niodev");
    }

    @ParameterizedTest(name = "a rank that throws ends the run, on {0}")
    @MethodSource("devices")
    void aRankThatThrowsEndsTheRun(String device) throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-dev", device, "-timeout", "120", "--", "throw").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errWithoutJbang()).as(r.toString()).startsWith(
                "misbehave.java: rank 2 failed: java.lang.IllegalStateException: rank 2 gives up on purpose;"
                        + " the other 3 ranks were stopped",
                "java.lang.IllegalStateException: rank 2 gives up on purpose");
        assertThat(r.errWithoutJbang()).as(r.toString()).anyMatch(l -> l.matches("\\tat Misbehave\\.main\\(misbehave\\.java:\\d+\\)"));
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @ParameterizedTest(name = "a rank that exits 3 ends the run with status 3, on {0}")
    @MethodSource("devices")
    void aRankThatExitsEndsTheRun(String device) throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-dev", device, "-timeout", "120", "--", "exit3").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        String expected = device.equals("niodev")
                ? "misbehave.java: rank 2 exited with status 3; the other 3 ranks were stopped"
                : "misbehave.java: rank 2 called System.exit(), which ends every rank of a multicore run with the"
                        + " status it passed; ranks 0, 1, 3 were still running";
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly(expected);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void aRankThatExitsWhileOneOtherRunsIsNamedInTheSingular() throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-np", "2", "-timeout", "120", "--", "exit3").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("misbehave.java: rank 1 called System.exit(),"
                + " which ends every rank of a multicore run with the status it passed; rank 0 was still running");
    }

    @ParameterizedTest(name = "a rank that returns from main without MPI.Finalize ends the run with status 1, on {0}")
    @MethodSource("devices")
    void aRankThatSkipsFinalizeEndsTheRun(String device) throws Exception {
        // Rank 1 returns after MPI.Init without MPI.Finalize; the others wait for it inside theirs.
        Launch.Result r = Launch.jbang("tests/fixtures/unfinalized.java", "-dev", device, "-timeout", "120").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("unfinalized.java: rank 1 returned from main"
                + " without calling MPI.Finalize (it called MPI.Init); the other 3 ranks were stopped");
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrder("rank 0 done", "rank 1 done", "rank 2 done", "rank 3 done");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();

        Launch.Result alone = Launch.jbang("tests/fixtures/unfinalized.java", "-np", "1", "-dev", device, "--", "0").await();
        assertThat(alone.exit()).as(alone.toString()).isEqualTo(1);
        assertThat(alone.errWithoutJbang()).as(alone.toString()).containsExactly("unfinalized.java: rank 0 returned from"
                + " main without calling MPI.Finalize (it called MPI.Init)");
    }

    @ParameterizedTest(name = "a rank blocked in Recv is stopped by the timeout, on {0}")
    @MethodSource("devices")
    void aBlockedRunIsStoppedByTheTimeout(String device) throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-dev", device, "-timeout", "3", "--", "block").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(124);
        assertThat(r.errWithoutJbang()).as(r.toString()).first().asString()
                .startsWith("misbehave.java: timeout: ranks 0, 1, 2, 3 had not finished after 3 s and the run was stopped")
                .contains("-timeout SECONDS");
        if (device.equals("multicore")) {
            assertThat(r.errWithoutJbang()).as(r.toString())
                    .anyMatch(l -> l.matches("  rank 1 was at Misbehave\\.main\\(misbehave\\.java:\\d+\\), inside mpi\\.Comm\\.Recv"));
        }
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void theTimeLimitCountsFromWhenEveryRankHasStarted() throws Exception {
        // JVM ranks that take 6 s to reach MPI.Init, with -timeout 4: the limit counts from when all
        // have reported to the launcher, so the run ends well.
        Launch.Result r = Launch.jbang(FIXTURE, "-np", "2", "-dev", "niodev", "-timeout", "4", "--", "late").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrder("rank 0 ok", "rank 1 ok");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void startingHasALimitOfItsOwn() throws Exception {
        // JVM ranks that never reach MPI.Init: -timeout 2 has not begun, the start-up limit
        // (60 s + 1 s per rank) ends the run.
        Launch.Result r = Launch.jbang(FIXTURE, "-np", "2", "-dev", "niodev", "-timeout", "2", "--", "never").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(124);
        assertThat(r.errWithoutJbang()).as(r.toString()).first().isEqualTo("misbehave.java: timeout: the 2 ranks had not"
                + " all reached MPI.Init after 62 s and the run was stopped (starting may take 60 s + 1 s per rank; a rank"
                + " that never calls MPI.Init keeps the others waiting there)");
        assertThat(r.seconds()).as(r.toString()).isGreaterThanOrEqualTo(62);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void aProgramRunFromAFolderOfClassesRunsOnNiodev(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // Plain java -cp with the program's classes in a folder, not a jar: the rank JVMs' class-data
        // archive (jars only) is left out rather than stopping rank 0's JVM before it starts.
        Launch.Result build = Launch.start(Setup.jbang(), "build", FIXTURE).await();
        assertThat(build.exit()).as(build.toString()).isZero();
        Launch.Result info = Launch.start(Setup.jbang(), "info", "classpath", FIXTURE).await();
        assertThat(info.exit()).as(info.toString()).isZero();
        List<String> entries = new java.util.ArrayList<>(List.of(info.out().get(info.out().size() - 1).split(":")));
        Path classes = dir.resolve("classes");
        try (java.util.zip.ZipInputStream jar = new java.util.zip.ZipInputStream(Files.newInputStream(Path.of(entries.get(0))))) {
            for (java.util.zip.ZipEntry e; (e = jar.getNextEntry()) != null; ) {
                Path to = classes.resolve(e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(jar, to);
                }
            }
        }
        entries.set(0, classes.toString());
        Launch.Result r = Launch.start(Map.of("MPJ_HOME", Setup.mpjHome().toString()), Launch.ROOT, "java", "-cp",
                String.join(":", entries), "Misbehave", "-np", "2", "-dev", "niodev", "-timeout", "60").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrder("rank 0 ok", "rank 1 ok");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void aRankKilledFromOutsideEndsTheRun() throws Exception {
        Launch run = Launch.jbang(FIXTURE, "-dev", "niodev", "-timeout", "120", "--", "wait");
        Map<Integer, Long> pids = awaitPids(run, 4);

        ProcessHandle.of(pids.get(2)).orElseThrow().destroyForcibly();
        Launch.Result r = run.await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(137);
        assertThat(r.errWithoutJbang()).as(r.toString())
                .containsExactly("misbehave.java: rank 2 was killed by signal 9 (SIGKILL); the other 3 ranks were stopped");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @ParameterizedTest(name = "SIGTERM to the launcher stops every rank, on {0}")
    @MethodSource("devices")
    void stoppingTheLauncherStopsEveryRank(String device) throws Exception {
        Launch run = Launch.jbang(FIXTURE, "-dev", device, "-timeout", "120", "--", "wait");
        awaitPids(run, 4);

        run.handle().destroy();
        Launch.Result r = run.await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(143);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void aLauncherStoppedBySigtermLeavesNoHalfWrittenClassArchive(@TempDir Path dir) throws Exception {
        // A fresh cache: rank 0 writes the ranks' class-data archive as it exits, here on SIGTERM.
        Path cache = Files.createDirectories(dir.resolve("cache/mpj-lessons"));
        Path abandoned = Files.writeString(cache.resolve("ranks-Misbehave-0123456789abcdef.jsa.999999999.tmp"), "x");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Launch run = Launch.start(env, Launch.ROOT, Setup.jbang(), FIXTURE, "-dev", "niodev", "-timeout", "120", "--", "wait");
        awaitPids(run, 4);

        run.handle().destroy();
        Launch.Result r = run.await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(143);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
        assertThat(abandoned).as("an archive whose writer (pid 999999999) is gone").doesNotExist();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).as(r.toString()).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void ranksDoNotOutliveALauncherKilledWithSigkill() throws Exception {
        Launch run = Launch.jbang(FIXTURE, "-dev", "niodev", "-timeout", "120", "--", "wait");
        awaitPids(run, 4);

        run.handle().destroyForcibly();
        run.await();

        // Nothing can catch SIGKILL; the ranks notice that the launcher is gone and end themselves.
        assertThat(run.awaitNoLeftovers(30)).isEmpty();
    }

    @ParameterizedTest(name = "lines of different ranks never tear, on {0}")
    @MethodSource("devices")
    void linesOfDifferentRanksNeverTear(String device) throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-dev", device, "--", "chatter").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(wholeLines(r.out(), "out")).isEqualTo(4 * 300);
        assertThat(wholeLines(r.errWithoutJbang(), "err")).isEqualTo(4 * 300);
        assertThat(r.leftovers()).isEmpty();
    }

    /** Counts the lines of the chatter mode, failing on any line that is not whole or is repeated. */
    private static int wholeLines(List<String> lines, String stream) {
        Pattern whole = Pattern.compile("rank ([0-3]) " + stream + " (\\d+) x{150}");
        Set<String> seen = new HashSet<>();
        for (String l : lines) {
            Matcher m = whole.matcher(l);
            assertThat(m.matches()).as("a torn or stray line on std%s: '%s'", stream, l).isTrue();
            assertThat(seen.add(m.group(1) + ":" + m.group(2))).as("line printed twice: %s", l).isTrue();
        }
        return seen.size();
    }

    @ParameterizedTest(name = "output without a final line break is not lost, on {0}")
    @MethodSource("devices")
    void outputWithoutAFinalLineBreakIsNotLost(String device) throws Exception {
        Launch.Result r = Launch.jbang(FIXTURE, "-np", "2", "-dev", device, "--", "partial").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsExactlyInAnyOrder("rank 0 has no line break", "rank 1 has no line break");
    }

    @ParameterizedTest(name = "two runs at once do not interfere, on {0}")
    @MethodSource("devices")
    void twoRunsAtOnceDoNotInterfere(String device) throws Exception {
        Launch first = Launch.jbang(HelloTest.LESSON, "-np", "4", "-dev", device);
        Launch second = Launch.jbang(HelloTest.LESSON, "-np", "4", "-dev", device);
        Launch.Result a = first.await();
        Launch.Result b = second.await();

        for (Launch.Result r : List.of(a, b)) {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(4));
            assertThat(r.leftovers()).isEmpty();
        }
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("-np", "1"), "01_hello.java: this program needs at least 2 ranks; run it with -np 2 or more"),
                Arguments.of(List.of("-np", "0"), "01_hello.java: -np must be at least 1, not 0"),
                Arguments.of(List.of("-np", "abc"), "01_hello.java: -np takes a whole number of ranks, e.g. -np 8, not 'abc'"),
                Arguments.of(List.of("-np"), "01_hello.java: -np needs a value: a number of ranks, e.g. -np 8"),
                Arguments.of(List.of("-dev", "pigeon"), "01_hello.java: unknown device 'pigeon'; use -dev multicore or -dev niodev"),
                Arguments.of(List.of("-timeout", "soon"),
                        "01_hello.java: -timeout takes a whole number of seconds, e.g. -timeout 60 (0 means none), not 'soon'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputGetsOneLineAndStatus2(List<String> args, String message) throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, args.toArray(String[]::new)).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly(message);
        assertThat(r.out()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    void tooFewOpenFilesForNiodevRanksIsOneLineAndStatus2BeforeAnyRankStarts() throws Exception {
        // 40 ranks: each rank JVM needs 2 x 40 + 64 files, the launcher 3 x 40 + 64; bash's ulimit -n
        // sets the hard limit too, which is what a JVM raises its own limit to.
        Launch.Result r = Launch.start("bash", "-c", "ulimit -n 100 && exec scripts/jbang " + HelloTest.LESSON
                + " -np 40 -dev niodev").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("01_hello.java: -np 40 -dev niodev needs 184"
                + " open files per JVM (two connections from each rank to each other rank, three files per rank for the"
                + " launcher), but this shell allows 100 (ulimit -Hn); raise the limit (ulimit -n 184, or ask the cluster's"
                + " administrators), or run fewer ranks");
        assertThat(r.out()).isEmpty();
        assertThat(r.leftovers()).isEmpty();

        // Enough for 8 ranks (2 x 8 + 64 and 3 x 8 + 64 files): they run.
        Launch.Result fewer = Launch.start("bash", "-c", "ulimit -n 100 && exec scripts/jbang " + HelloTest.LESSON
                + " -np 8 -dev niodev").await();
        assertThat(fewer.exit()).as(fewer.toString()).isZero();
    }

    @Test
    void heapsThatDoNotFitTheMachinesMemoryAreOneLineAndStatus2() throws Exception {
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
        int ranks = (int) (machine / 2048) + 1; // 2 GB each: one more rank than the memory holds
        Launch.Result r = Launch.start(Map.of("MPJ_RANK_JAVA_OPTIONS", "-Xmx2g"), Launch.ROOT, "scripts/jbang",
                HelloTest.LESSON, "-np", String.valueOf(ranks), "-dev", "niodev").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("01_hello.java: " + ranks + " rank JVMs on one"
                + " node with 2048 MB of heap each need " + 2048L * ranks + " MB, more than the " + machine + " MB this"
                + " machine has; run fewer ranks, or -dev multicore (all ranks in one JVM), or give each less heap"
                + " (MPJ_RANK_JAVA_OPTIONS=-Xmx48m, if the program needs no more)");
        assertThat(r.leftovers()).isEmpty();
    }

    /** What scripts/setup says of an MPJ_HOME that is not a full MPJ Express. */
    static String setupRefuses(Path home) {
        return "setup: MPJ_HOME=" + home + " is not an MPJ Express 0.44 folder (lib/mpj.jar, lib/smpdev.jar, ..."
                + " missing); unset MPJ_HOME to have scripts/setup install one, or point it at an unpacked mpj-v0_44.tar.gz";
    }

    @ParameterizedTest(name = "MPJ_HOME {0}")
    @ValueSource(strings = {"missing", "incomplete"})
    void aWrongMpjHomeGetsOneLineAndStatus2(String kind, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path home = dir.resolve("mpj");
        if (kind.equals("incomplete")) {
            Files.createDirectories(home.resolve("lib"));
            Files.copy(Setup.mpjHome().resolve("lib/mpj.jar"), home.resolve("lib/mpj.jar"));
        }
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", home.toString());
        Launch.Result r = Launch.start(env, Launch.ROOT, "scripts/jbang", HelloTest.LESSON).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly(setupRefuses(home));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anIncompleteMpjExpressFoundByPlainJbangGetsOneLineAndStatus2(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // Plain jbang (no scripts/setup in between) with an MPJ_HOME that has mpj.jar but not the rest.
        Path home = dir.resolve("mpj");
        Files.createDirectories(home.resolve("lib"));
        Files.copy(Setup.mpjHome().resolve("lib/mpj.jar"), home.resolve("lib/mpj.jar"));
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", home.toString());
        Launch.Result r = Launch.start(env, Launch.ROOT, Setup.jbang(), HelloTest.LESSON).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("01_hello.java: MPJ Express at " + home
                + " is incomplete: lib/mpi.jar is missing; run scripts/setup, or point MPJ_HOME at a full MPJ Express 0.44");
    }

    @ParameterizedTest(name = "without lib/{0}")
    @ValueSource(strings = {"starter.jar", "log4j"})
    void setUpTheLauncherAndLessonZeroAgreeOnWhatAFullMpjExpressHolds(String left,
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A copy of the installed MPJ Express without one jar (starter.jar: mpjrun.sh's; log4j: its
        // name varies): each of the three reads the one list (launcher.Places), so each refuses it.
        Path home = dir.resolve("mpj");
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("conf"));
        boolean log4j = left.equals("log4j");
        try (var files = Files.list(Setup.mpjHome().resolve("lib"))) {
            for (Path jar : files.filter(p -> !p.getFileName().toString().startsWith(left)).toList()) {
                Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
            }
        }
        Files.copy(Setup.mpjHome().resolve("conf/mpjexpress.conf"), home.resolve("conf/mpjexpress.conf"));
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", home.toString());

        Launch.Result setup = Launch.start(env, Launch.ROOT, "scripts/jbang", HelloTest.LESSON).await();
        assertThat(setup.exit()).as(setup.toString()).isEqualTo(2);
        assertThat(setup.errWithoutJbang()).as(setup.toString()).containsExactly(setupRefuses(home));

        Launch.Result launcher = Launch.start(env, Launch.ROOT, Setup.jbang(), HelloTest.LESSON).await();
        assertThat(launcher.exit()).as(launcher.toString()).isEqualTo(2);
        assertThat(launcher.errWithoutJbang()).as(launcher.toString()).containsExactly("01_hello.java: MPJ Express at "
                + home + (log4j ? " has no log4j jar in lib/ (log4j*.jar); run scripts/setup, or reinstall MPJ Express"
                : " is incomplete: lib/starter.jar is missing; run scripts/setup, or point MPJ_HOME at a full MPJ Express 0.44"));

        Launch.Result check = Launch.start(env, Launch.ROOT, Setup.jbang(), "lessons/00_install_check.java").await();
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).as(check.toString()).contains("✗ MPJ Express: MPJ_HOME=" + home + " lacks lib/"
                + (log4j ? "log4j*.jar" : "starter.jar") + "; point MPJ_HOME at an unpacked mpj-v0_44.tar.gz, or"
                + " `unset MPJ_HOME && scripts/setup`");
    }

    @Test
    void everyArgumentThatIsNotTheLaunchersReachesTheProgram() throws Exception {
        // Only -np, -dev, -timeout, -iface, -l and -help are the launcher's; a value such as a
        // negative range is the program's, and so is everything after --.
        Launch.Result r = Launch.jbang(FIXTURE, "args", "--a", "-1:1:36", "-np", "2", "-x", "--", "-np", "3", "-l").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrder(
                "rank 0 got args --a -1:1:36 -x -np 3 -l", "rank 1 got args --a -1:1:36 -x -np 3 -l");
    }

    @Test
    void withoutMpjExpressPlainJbangEndsWithOneLineAndStatus2(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // A fresh clone, no scripts/setup yet: jbang builds the lesson (it needs no MPJ Express for
        // that) and the launcher says what is missing before any rank starts.
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", null);
        env.put("XDG_DATA_HOME", dir.toString());
        Launch.Result r = Launch.start(env, Launch.ROOT, Setup.jbang(), HelloTest.LESSON).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("01_hello.java: MPJ Express not found:"
                + " MPJ_HOME is not set and " + dir.resolve("mpj-express") + " does not exist; run scripts/setup"
                + " (it installs MPJ Express there), or set MPJ_HOME to an unpacked mpj-v0_44.tar.gz");
        assertThat(r.out()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    /** Plain jbang with MPJ_HOME unset: the launcher finds MPJ Express where scripts/setup installs it. */
    private static Launch withoutMpjHome(Path dataHome, String... args) throws Exception {
        Files.deleteIfExists(dataHome.resolve("mpj-express"));
        Files.createSymbolicLink(dataHome.resolve("mpj-express"), Setup.mpjHome());
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", null);
        env.put("XDG_DATA_HOME", dataHome.toString());
        String[] cmd = new String[args.length + 2];
        cmd[0] = Setup.jbang();
        cmd[1] = FIXTURE;
        System.arraycopy(args, 0, cmd, 2, args.length);
        return Launch.start(env, Launch.ROOT, cmd);
    }

    @ParameterizedTest(name = "without MPJ_HOME, a failing rank, a timeout and SIGKILL keep their promises, on {0}")
    @ValueSource(strings = {"multicore", "niodev"})
    void withoutMpjHomeThePromisesHold(String device, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Launch.Result thrown = withoutMpjHome(data, "-dev", device, "--", "throw").await();
        assertThat(thrown.exit()).as(thrown.toString()).isEqualTo(1);
        assertThat(thrown.errWithoutJbang()).as(thrown.toString()).first().asString()
                .startsWith("misbehave.java: rank 2 failed: java.lang.IllegalStateException: rank 2 gives up on purpose");
        assertThat(thrown.leftovers()).as(thrown.toString()).isEmpty();

        Launch.Result blocked = withoutMpjHome(data, "-dev", device, "-timeout", "2", "--", "block").await();
        assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(124);
        assertThat(blocked.leftovers()).as(blocked.toString()).isEmpty();

        Launch run = withoutMpjHome(data, "-dev", device, "-timeout", "120", "--", "wait");
        awaitPids(run, 4);
        run.handle().destroyForcibly();
        run.await();
        assertThat(run.awaitNoLeftovers(30)).isEmpty();
        Files.delete(data.resolve("mpj-express")); // a link to the real one, which must stay
    }

    /** Reads the "rank R pid P" lines of the wait mode until every rank has said it is waiting. */
    private static Map<Integer, Long> awaitPids(Launch run, int ranks) throws InterruptedException {
        Map<Integer, Long> pids = new HashMap<>();
        Pattern line = Pattern.compile("rank (\\d+) pid (\\d+)");
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            Matcher m = line.matcher(run.awaitLine(l -> l.startsWith("rank " + rank + " pid ")));
            assertThat(m.matches()).isTrue();
            pids.put(rank, Long.parseLong(m.group(2)));
        }
        return pids;
    }
}
