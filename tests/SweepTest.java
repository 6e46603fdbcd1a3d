import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lessons 02 and 06, the parameter sweep with a static and a dynamic schedule: every job exactly
 * once with the values of a serial run, at any number of ranks, on the multi-process launch; the
 * article's schedule and what it drops; resuming after a kill, across the two lessons; one writer
 * per results file; the pictures; bad input.
 */
@DisplayName("lessons 02 and 06 (sweep)")
class SweepTest {

    static final String LESSON = "lessons/02_sweep.java";
    static final String DYNAMIC = "lessons/06_dynamic_sweep.java";
    /** A grid of 132 jobs, which few rank counts divide, and a light bigJob. */
    static final List<String> SMALL = List.of("--a", "0.03:0.5:12", "--b", "0.05:0.95:11", "--iterations", "300",
            "--quiet");

    @TempDir
    static Path shared;
    /** (a,b) to value, from a run on one rank: the serial run every other run must match. */
    static Map<String, String> serial;

    @BeforeAll
    static void runSerially() throws Exception {
        Path out = shared.resolve("serial.csv");
        Launch.Result r = sweep(LESSON, 1, "niodev", out).await();
        assertThat(r.exit()).as(r.toString()).isZero();
        serial = values(out);
        assertThat(serial).hasSize(132);
    }

    static Launch sweep(String lesson, int ranks, String device, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-np", String.valueOf(ranks), "-dev", device, "-timeout", "120"));
        args.addAll(SMALL);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return Launch.jbang(lesson, args.toArray(String[]::new));
    }

    /** The CSV as (a,b) to value, failing on a repeated (a,b). */
    static Map<String, String> values(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("a,b,value,rank,start,seconds,run");
        Map<String, String> values = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(values.put(f[0] + "," + f[1], f[2])).as("job (%s, %s) appears twice", f[0], f[1]).isNull();
        }
        return values;
    }

    static Stream<Arguments> lessonsAndRanks() {
        return Stream.of(LESSON, DYNAMIC).flatMap(s -> Stream.of(1, 2, 3, 5, 7, 8, 13).map(n -> Arguments.of(s, n)));
    }

    @ParameterizedTest(name = "{0} on {1} ranks")
    @MethodSource("lessonsAndRanks")
    void everyJobRunsOnceWithTheSerialValues(String lesson, int ranks, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        Launch.Result r = sweep(lesson, ranks, "niodev", out).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(values(out)).isEqualTo(serial);
        String schedule = lesson.equals(LESSON) ? "blocks" : "dynamic";
        assertThat(r.out()).as(r.toString()).anyMatch(l -> l.startsWith("sweep: 132 jobs on " + ranks + " rank"
                + (ranks == 1 ? "" : "s") + ", schedule " + schedule + ": "));
        assertThat(dir.resolve("sweep.csv.partial")).doesNotExist();
        assertThat(dir.resolve("sweep.csv.lock")).doesNotExist();
        assertThat(r.leftovers()).isEmpty();
    }

    @Tag("quick")
    @Test
    void theArticlesScheduleAtSevenRanksDropsOneJobAndSaysWhich(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("article.csv");
        Launch.Result r = Launch.jbang(LESSON, "-np", "7", "-dev", "niodev", "--schedule", "article", "--iterations", "50",
                "--quiet", "--out", out.toString()).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.errWithoutJbang()).as(r.toString()).singleElement().asString()
                .matches("sweep: warning: the article's schedule drops 1 of 1296 jobs \\(int\\(numjobs/size\\) rounds down\\):"
                        + " \\(a=[0-9.]+, b=[0-9.]+\\)");
        assertThat(values(out)).hasSize(1295);
        assertThat(r.out()).contains("sweep: 1295 of 1296 results in " + out);
    }

    @Test
    void aRunWhoseRankIsKilledIsFinishedByResumeInTheOtherLesson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        Path partial = dir.resolve("sweep.csv.partial");
        // 900 sleep jobs of 1.2 to 7.3 ms on 2 ranks take about two seconds: kill rank 1 early on.
        List<String> grid = List.of("-dev", "niodev", "-timeout", "120", "--job", "sleep", "--a", "0.03:0.5:30", "--b",
                "0.05:0.95:30", "--quiet", "--out", out.toString());
        List<String> first = new ArrayList<>(List.of("-np", "2"));
        first.addAll(grid);
        Launch run = Launch.jbang(DYNAMIC, first.toArray(String[]::new));
        Launch.awaitLines(partial, 150);
        run.pause(); // so that the run cannot end before rank 1 is killed
        ProcessHandle rank1 = run.handle().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("-Dlauncher.rank=1")).findFirst().orElseThrow();
        rank1.destroyForcibly(); // a SIGKILL ends even a stopped process, before it can run again
        run.resume();
        Launch.Result killed = run.await();
        assertThat(killed.exit()).as(killed.toString()).isEqualTo(137);
        assertThat(killed.leftovers()).isEmpty();
        assertThat(out).doesNotExist();
        int done = Files.readAllLines(partial).size() - 1;
        assertThat(done).isBetween(150, 899);

        List<String> again = new ArrayList<>(List.of("-np", "3"));
        again.addAll(grid);
        again.addAll(List.of("--schedule", "blocks", "--resume"));
        Launch.Result resumed = Launch.jbang(LESSON, again.toArray(String[]::new)).await();

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).as(resumed.toString()).anyMatch(l -> l.startsWith("sweep: " + (900 - done) + " jobs on 3 ranks"));
        Map<String, String> values = values(out);
        assertThat(values).hasSize(900);
        assertSleepValues(values, 0.5);
        assertThat(partial).doesNotExist();
    }

    /** A sleep job's value is its planned wait, which depends on a only: the same in every run. */
    static void assertSleepValues(Map<String, String> values, double aStop) {
        values.forEach((ab, v) -> {
            double a = Double.parseDouble(ab.split(",")[0]);
            assertThat(Double.parseDouble(v)).as("value at %s", ab).isEqualTo(1.2 + 6.1 * ((a - 0.03) / (aStop - 0.03)));
        });
    }

    @ParameterizedTest(name = "killed on {0}")
    @ValueSource(strings = {"multicore", "niodev"})
    void aResumedRunGivesTheSameCsvValuesAsAnUninterruptedOne(String device, @TempDir Path dir) throws Exception {
        // Kill the launcher itself (SIGKILL) halfway through a mandel sweep, then --resume. On
        // multicore the launcher's JVM is rank 0 and holds the results' lock: the lock file stays,
        // the lock goes with the process.
        Path out = dir.resolve("sweep.csv");
        Launch run = Launch.jbang(LESSON, "-np", "2", "-dev", device, "-timeout", "120", "--a", "0.03:0.5:30", "--b",
                "0.05:0.95:30", "--iterations", "20000", "--quiet", "--out", out.toString());
        Launch.awaitLines(dir.resolve("sweep.csv.partial"), 100);
        run.pause(); // so that the run cannot end before its launcher is killed
        run.handle().destroyForcibly();
        run.await();
        run.resume(); // niodev ranks: let them see that their launcher is gone
        assertThat(run.awaitNoLeftovers(30)).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("sweep.csv.lock")).exists();

        Launch.Result resumed = Launch.jbang(DYNAMIC, "-np", "4", "-dev", "niodev", "-timeout", "120", "--a", "0.03:0.5:30",
                "--b", "0.05:0.95:30", "--iterations", "20000", "--quiet", "--resume", "--out", out.toString()).await();
        Path whole = dir.resolve("whole.csv");
        Launch.Result uninterrupted = Launch.jbang(LESSON, "-np", "4", "-dev", "niodev", "-timeout", "120", "--a",
                "0.03:0.5:30", "--b", "0.05:0.95:30", "--iterations", "20000", "--quiet", "--out", whole.toString()).await();

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(uninterrupted.exit()).as(uninterrupted.toString()).isZero();
        assertThat(values(out)).hasSize(900).isEqualTo(values(whole));
        assertThat(dir.resolve("sweep.csv.lock")).doesNotExist();
    }

    @Tag("quick")
    @Test
    void drawsTheHeatMapAndTheTimeline(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("grid.csv");
        Launch.Result r = sweep(DYNAMIC, 3, "multicore", out).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("sweep: pictures " + dir.resolve("grid-heatmap.png") + " and "
                + dir.resolve("grid-timeline.png"));
        BufferedImage heat = ImageIO.read(dir.resolve("grid-heatmap.png").toFile());
        BufferedImage timeline = ImageIO.read(dir.resolve("grid-timeline.png").toFile());
        assertThat(heat).isNotNull();
        assertThat(timeline).isNotNull();
        assertThat(heat.getWidth()).isEqualTo(900);
        assertThat(heat.getHeight()).isEqualTo(700);
        assertThat(timeline.getWidth()).isEqualTo(1100);
        assertThat(timeline.getHeight()).isEqualTo(600);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("grid.csv", "grid.json", "grid-best.csv", "grid-heatmap.png", "grid-timeline.png");
        }
        // The lesson's record of where the numbers came from: its values, one run, on 3 ranks.
        String json = Files.readString(dir.resolve("grid.json"));
        assertThat(json).contains("\"sweep\" : \"a=0.03:0.5:12 b=0.05:0.95:11 job=mandel iterations=300 results=value\"",
                "\"ranks\" : 3,", "\"jobsDone\" : 132,", "\"jobsFailed\" : 0,");
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--a", "0.5:0.5:3"), "02_sweep.java: --a 0.5:0.5:3 is empty: START must be below STOP (or COUNT 1)"),
                Arguments.of(List.of("--a", "0.5:0.03:36"), "02_sweep.java: --a 0.5:0.03:36 is inverted: START must be below STOP (or COUNT 1)"),
                Arguments.of(List.of("--b", "0.05:0.95:0"), "02_sweep.java: --b 0.05:0.95:0 has no values: COUNT must be 1 or more"),
                Arguments.of(List.of("--a", "zero:1:3"), "02_sweep.java: --a takes START:STOP:COUNT with numbers, e.g. --a 0.03:0.5:36, not 'zero:1:3'"),
                Arguments.of(List.of("--schedule", "random"), "02_sweep.java: unknown schedule 'random'; use one of blocks, article"),
                Arguments.of(List.of("--schedule", "dynamic"), "02_sweep.java: unknown schedule 'dynamic'; use one of blocks,"
                        + " article (the dynamic schedule is lesson 06: jbang lessons/06_dynamic_sweep.java)"),
                Arguments.of(List.of("--job", "nap"), "02_sweep.java: unknown job 'nap'; use one of mandel, sleep"),
                Arguments.of(List.of("--out", "/proc/sweep.csv"), "02_sweep.java: --out /proc/sweep.csv: cannot write in /proc"),
                Arguments.of(List.of("--out", "/etc/hostname/results/sweep.csv"),
                        "02_sweep.java: --out /etc/hostname/results/sweep.csv: /etc/hostname is a file, not a folder; choose another place"),
                Arguments.of(List.of("--colour", "blue"), "02_sweep.java: unknown option --colour; the sweep takes --a, --b, --job,"
                        + " --iterations, --schedule, --seed, --out, --resume, --overwrite, --quiet (see the lesson's header)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputGetsOneLineAndStatus2AndWritesNothing(List<String> args, String message, @TempDir Path dir)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("-np", "3"));
        all.addAll(args);
        Launch.Result r = Launch.start(Map.of(), dir, withLesson(all)).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).singleElement().asString().startsWith(message);
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("files written by a run with bad input").isEmpty();
        }
    }

    @Test
    void theDynamicLessonRefusesTheStaticSchedules(@TempDir Path dir) throws Exception {
        Launch.Result r = Launch.start(Map.of(), dir, Launch.ROOT.resolve("scripts/jbang").toString(),
                Launch.ROOT.resolve(DYNAMIC).toString(), "--schedule", "blocks").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("06_dynamic_sweep.java: unknown schedule 'blocks':"
                + " this lesson always schedules dynamically; blocks and article are lesson 02's (jbang lessons/02_sweep.java)");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static String[] withLesson(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Launch.ROOT.resolve("scripts/jbang").toString(),
                Launch.ROOT.resolve(LESSON).toString()));
        cmd.addAll(args);
        return cmd.toArray(String[]::new);
    }

    @Test
    void resumeRefusesResultsOfAnotherGrid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        Launch.Result first = sweep(LESSON, 2, "multicore", out).await();
        assertThat(first.exit()).as(first.toString()).isZero();
        String before = Files.readString(out);

        Launch.Result r = Launch.jbang(LESSON, "-np", "2", "--a", "0.03:0.5:13", "--b", "0.05:0.95:11", "--iterations", "300",
                "--resume", "--out", out.toString()).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).singleElement().asString()
                .startsWith("02_sweep.java: --resume: " + out + " is from a different grid");
        assertThat(Files.readString(out)).isEqualTo(before);
    }

    @Test
    void anInterruptedRunIsNotOverwrittenWithoutResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        Files.writeString(dir.resolve("sweep.csv.partial"), "# partial results of lessons/02_sweep.java: whatever\n");

        Launch.Result r = sweep(LESSON, 2, "multicore", out).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("02_sweep.java: " + dir.resolve("sweep.csv.partial")
                + " holds the results of an interrupted run; add --resume to finish it, or delete the file to start over");
        assertThat(out).doesNotExist();
    }

    /** A sleep sweep of 900 jobs (about 2 s on 2 ranks); the tests pause it while a second run starts. */
    static final List<String> LONG = List.of("-np", "2", "-timeout", "120", "--job", "sleep", "--a", "0.03:0.5:30", "--b",
            "0.05:0.95:30", "--quiet");

    @Test
    void aSecondSweepWithTheSameOutRefusesAndTheFirstFinishes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        List<String> args = new ArrayList<>(LONG);
        args.addAll(List.of("--out", out.toString()));
        Launch first = Launch.jbang(LESSON, args.toArray(String[]::new));
        Launch.awaitLines(dir.resolve("sweep.csv.partial"), 100);
        first.pause(); // still holding the results, however long the others take to start
        Launch.Result second;
        Launch.Result third;
        try {
            second = Launch.jbang(LESSON, args.toArray(String[]::new)).await();
            args.add("--resume");
            third = Launch.jbang(DYNAMIC, args.toArray(String[]::new)).await();
        } finally {
            first.resume();
        }
        Launch.Result done = first.await();

        // On multicore the first run's rank 0 is a thread of its launcher's JVM, so its pid is the launcher's.
        String other = "is being written by another run \\(pid " + first.pid() + " on host "
                + java.util.regex.Pattern.quote(java.net.InetAddress.getLocalHost().getHostName())
                + ", started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\); wait for it to end, or choose another --out";
        assertThat(second.exit()).as(second.toString()).isEqualTo(2);
        assertThat(second.errWithoutJbang()).as(second.toString()).singleElement().asString()
                .matches("02_sweep\\.java: --out " + java.util.regex.Pattern.quote(out.toString()) + " " + other);
        assertThat(second.out()).isEmpty();
        assertThat(third.exit()).as(third.toString()).isEqualTo(2);
        assertThat(third.errWithoutJbang()).as(third.toString()).singleElement().asString()
                .matches("06_dynamic_sweep\\.java: --out " + java.util.regex.Pattern.quote(out.toString()) + " " + other);

        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.errWithoutJbang()).as(done.toString()).isEmpty();
        assertThat(done.out()).as(done.toString()).anyMatch(l -> l.startsWith("sweep: 900 jobs on 2 ranks"));
        Map<String, String> values = values(out);
        assertThat(values).hasSize(900);
        assertSleepValues(values, 0.5);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("sweep.csv", "sweep.json", "sweep-best.csv", "sweep-heatmap.png", "sweep-timeline.png");
        }
    }

    @Test
    void aSecondBatchJobWithTheSameWorkFolderRefuses(@TempDir Path dir) throws Exception {
        // slurm/sweep.sbatch run as a plain script, as SLURM would run it, with no SLURM around it.
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_JOB_NAME", "same-name");
        env.put("SLURM_NTASKS", "2");
        env.put("SLURM_JOB_ID", null);
        env.put("MPJ_NO_SRUN", "1");
        env.put("JBANG", Launch.ROOT.resolve("scripts/jbang").toString());
        env.put("WORK", dir.resolve("work").toString());
        env.put("RESULTS", dir.resolve("results").toString());
        env.put("SWEEP_ARGS", String.join(" ", LONG.subList(4, LONG.size())));
        Launch first = Launch.start(env, Launch.ROOT, "bash", "slurm/sweep.sbatch");
        Launch.awaitLines(dir.resolve("work/sweep.csv.partial"), 100);
        first.pause();
        Launch.Result second;
        try {
            second = Launch.start(env, Launch.ROOT, "bash", "slurm/sweep.sbatch").await();
        } finally {
            first.resume();
        }
        Launch.Result done = first.await();

        assertThat(second.exit()).as(second.toString()).isEqualTo(2);
        assertThat(second.errWithoutJbang()).as(second.toString()).singleElement().asString()
                .startsWith("02_sweep.java: --out " + dir.resolve("work/sweep.csv") + " is being written by another run (pid ");
        assertThat(second.out()).as(second.toString()).anyMatch(l -> l.startsWith("end: ") && l.endsWith("(status 2)"));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).as(done.toString()).contains("results:    " + dir.resolve("results"));
        assertThat(values(dir.resolve("results/sweep.csv"))).hasSize(900);
        assertThat(dir.resolve("work")).doesNotExist();
    }
}
