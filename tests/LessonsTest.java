import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lessons 00, 03, 04 and 05, mostly on the multi-process launch (niodev): exact output where it
 * is deterministic, the shape of it where it is timing; lesson 05's options; every lesson's header.
 */
@DisplayName("lessons 00, 03, 04, 05; every header")
class LessonsTest {

    /** The article's own section headings. */
    static final List<String> HEADINGS = List.of("并行计算", "MPI", "安装mpi4py", "mpi4py实现并行计算", "任务提交",
            "TODO：【mpi4py点对点通讯】");

    @Test
    void everyLessonHeaderHasOneChineseLineNamingTheArticleSection() throws Exception {
        List<java.nio.file.Path> lessons;
        try (var files = java.nio.file.Files.list(Launch.ROOT.resolve("lessons"))) {
            lessons = files.filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.java")).sorted().toList();
        }
        assertThat(lessons).hasSizeGreaterThanOrEqualTo(7);
        for (java.nio.file.Path lesson : lessons) {
            List<String> lines = java.nio.file.Files.readAllLines(lesson);
            String number = lesson.getFileName().toString().substring(0, 2);
            int title = lines.indexOf(lines.stream().filter(l -> l.startsWith("// Lesson " + number + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError(lesson + " has no title line")));
            List<String> chinese = lines.stream().filter(l -> l.startsWith("// 第 ")).toList();
            assertThat(chinese).as("Chinese line of %s", lesson).singleElement().asString()
                    .startsWith("// 第 " + number + " 课，").contains("原文");
            assertThat(HEADINGS).as("%s names an article section", chinese.get(0))
                    .anyMatch(h -> chinese.get(0).contains("“" + h + "”"));
            // Beside the English title: right after it, or after its second line.
            assertThat(lines.indexOf(chinese.get(0)) - title).as("%s: Chinese line beside the title", lesson).isBetween(1, 2);
        }
    }

    @Test
    void lessonTwoIsAsShortAsTheArticlesSection() throws Exception {
        assertThat(java.nio.file.Files.readAllLines(Launch.ROOT.resolve("lessons/02_sweep.java"))).hasSizeLessThanOrEqualTo(180);
    }

    @Tag("quick")
    @Test
    void theInstallCheckPassesHere() throws Exception {
        Launch.Result r = Launch.jbang("lessons/00_install_check.java").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).hasSize(6);
        assertThat(r.out().get(0)).startsWith("✓ Java ");
        assertThat(r.out().get(1)).startsWith("✓ jbang ");
        assertThat(r.out().get(2)).isEqualTo("✓ MPJ Express 0.44 at " + Setup.mpjHome());
        assertThat(r.out().get(3)).matches("✓ round trip between 2 ranks on multicore \\(\\d+\\.\\d s\\)");
        assertThat(r.out().get(4)).matches("✓ round trip between 2 ranks on niodev \\(\\d+\\.\\d s\\)");
        assertThat(r.out().get(5)).isEqualTo("all checks passed");
    }

    @Test
    void theInstallCheckNamesAWrongMpjHomeAndTheFix(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", dir.toString());
        Launch.Result r = Launch.start(env, Launch.ROOT, Setup.jbang(), "lessons/00_install_check.java").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains(
                "✗ MPJ Express: MPJ_HOME=" + dir + " lacks lib/mpj.jar, lib/mpi.jar, lib/mpjdev.jar, lib/smpdev.jar,"
                        + " lib/xdev.jar, lib/mpjbuf.jar, lib/mpiExp.jar, lib/starter.jar; point MPJ_HOME at an unpacked"
                        + " mpj-v0_44.tar.gz, or `unset MPJ_HOME && scripts/setup`",
                "✗ round trip on multicore: skipped until jbang and MPJ Express are in place",
                "3 check(s) failed");
    }

    @Tag("quick")
    @Test
    void pointToPointTour() throws Exception {
        Launch.Result r = Launch.jbang("lessons/03_point_to_point.java", "-dev", "niodev").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> out = r.out();
        assertThat(out.subList(0, 9)).as(r.toString()).containsExactlyInAnyOrder(
                "1. numbers: rank 1 got [1, 2, 3, 4, 5] from rank 0",
                "2. objects: rank 1 got Star[name=Sirius, magnitude=-1.46] and Star[name=Vega, magnitude=0.03]",
                "3. tags: rank 1 got 1 temperature value(s) from rank 0 (tag 7): [21.5]",
                "3. tags: rank 1 got 2 pressure value(s) from rank 0 (tag 9): [1013.2, 1012.8]",
                "4. probe: rank 1 learnt the message holds 1000 doubles, summing to 500.0",
                "5. non-blocking: rank 1 sent [100, 101] and got [0, 1]",
                "6. deadlock avoided: by ordering rank 1 got bytes of value 1, by Sendrecv 1",
                "7. ring: the sum of all 4 ranks' numbers came back to rank 0: 6",
                "8. ping-pong between rank 0 and rank 1:");
        // Within rank 1, the order of the tour.
        assertThat(out.stream().filter(l -> l.matches("[1-6]\\..*")).map(l -> l.substring(0, 1)).toList())
                .containsExactly("1", "2", "3", "3", "4", "5", "6");
        int table = out.indexOf("8. ping-pong between rank 0 and rank 1:");
        assertThat(out.get(table + 1)).matches("\\s+bytes\\s+one-way \\(us\\)\\s+bandwidth \\(MB/s\\)");
        long[] sizes = {8, 64, 512, 4096, 32768, 262144, 2097152, 16777216};
        for (int i = 0; i < sizes.length; i++) {
            String[] f = out.get(table + 2 + i).trim().split("\\s+");
            assertThat(Long.parseLong(f[0])).isEqualTo(sizes[i]);
            double oneWay = Double.parseDouble(f[1]);
            assertThat(oneWay).as("one-way time at %d bytes", sizes[i]).isPositive();
            // Bandwidth is size / one-way time, as printed (to two decimals and one; a busy
            // machine can make 8 bytes' bandwidth round to 0.0 MB/s).
            double expected = sizes[i] / oneWay;
            assertThat(Double.parseDouble(f[2])).as("bandwidth at %d bytes", sizes[i]).isFinite()
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(0.06 + 0.06 * expected));
        }
        assertThat(out.get(table + 10)).startsWith("   Small messages cost the fixed price of a message");
        assertThat(r.leftovers()).isEmpty();
    }

    @ParameterizedTest(name = "the deadlock is stopped by the timeout, on {0}")
    @ValueSource(strings = {"multicore", "niodev"})
    void theDeadlockIsStoppedByTheTimeout(String device) throws Exception {
        Launch.Result r = Launch.jbang("lessons/03_point_to_point.java", "-dev", device, "--deadlock").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(124);
        assertThat(r.out()).containsExactlyInAnyOrder("rank 0: sending 4 MiB to rank 1, then receiving",
                "rank 1: sending 4 MiB to rank 0, then receiving");
        assertThat(r.errWithoutJbang().get(0)).startsWith(
                "03_point_to_point.java: timeout: ranks 0, 1, 2, 3 had not finished after 5 s and the run was stopped");
        if (device.equals("multicore")) {
            assertThat(r.errWithoutJbang()).anyMatch(l -> l.matches("  rank 0 was at PointToPoint\\.deadlock\\(03_point_to_point\\.java:\\d+\\), inside mpi\\.Comm\\.Send"));
        }
        assertThat(r.leftovers()).isEmpty();
    }

    @Tag("quick")
    @ParameterizedTest(name = "collectives on {0} ranks")
    @ValueSource(ints = {1, 5, 7})
    void collectives(int ranks) throws Exception {
        Launch.Result r = Launch.jbang("lessons/04_collectives.java", "-np", String.valueOf(ranks), "-dev", "niodev").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        // 1,000,003 intervals: the first 1,000,003 % ranks ranks get one more (3 of 5, 4 of 7).
        int[] shares = new int[ranks];
        StringBuilder labels = new StringBuilder();
        for (int k = 0; k < ranks; k++) {
            shares[k] = 1_000_003 / ranks + (k < 1_000_003 % ranks ? 1 : 0);
            labels.append(k == 0 ? "" : ", ").append(100 + k);
        }
        List<String> out = r.out();
        assertThat(out).as(r.toString()).hasSize(9);
        assertThat(out.get(0)).isEqualTo("1. Bcast: every rank knows N = 1000003");
        assertThat(out.get(1)).isEqualTo("2. Scatter and Gather: labels [" + labels + "] went out and came back");
        assertThat(out.get(2)).isEqualTo("3. Scatterv: intervals per rank " + java.util.Arrays.toString(shares)
                + ", 1000003 in all");
        assertThat(out.get(3)).matches("4\\. Reduce: pi is about 3\\.14159265359\\d \\(error \\d\\.\\de-1[3-4]\\)");
        assertThat(out.get(4)).isEqualTo("5. Allreduce: every rank got the same pi to 12 digits: yes");
        assertThat(out.get(5)).matches("6\\. Gatherv: all 1000003 heights back on rank 0, their sum gives 3\\.14159265359\\d");
        assertThat(out.get(6)).isEqualTo("7. the sum 1 + ... + N = 500003500006, which is N(N+1)/2");
        assertThat(out.get(7)).isEqualTo("8. our own Op found the largest part, as MPI.MAX did");
        assertThat(out.get(8)).isEqualTo("9. Barrier: rank 0 got past it, so every rank (" + ranks + " in all) had reached it");
        assertThat(r.leftovers()).isEmpty();
    }

    @Tag("quick")
    @Test
    void oneMachineAndManyGiveTheSameValues() throws Exception {
        Launch.Result r = Launch.jbang("lessons/05_one_machine_vs_many.java", "-np", "4", "-dev", "niodev").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> out = r.out();
        assertThat(out).as(r.toString()).hasSize(4);
        assertThat(out.get(0)).matches("1\\. one machine, 4 threads:\\s+\\d+\\.\\d{3} s");
        assertThat(out.get(1)).matches("2\\. MPI, 4 ranks \\(MPJ Express\\):\\s+\\d+\\.\\d{3} s");
        // The mean of bigJob's 1296 Mandelbrot areas over the article's grid, at 2000 iterations.
        assertThat(out.get(2)).isEqualTo("3. the same 1296 values both ways: yes; their mean: 0.496772");
        assertThat(out.get(3)).matches("   threads / MPI time: \\d+\\.\\d\\d on \\d+ cores");
        assertThat(r.leftovers()).isEmpty();
    }

    /** Lesson 02's grid and job options: how many values, and their mean, show that each was honoured. */
    static Stream<Arguments> lessonFiveOptions() {
        return Stream.of(
                // 12 values of a: 12 x 36 jobs; the sleep job's value is its wait, 1.2 to 7.3 ms, 4.25 on average.
                Arguments.of(List.of("-np", "3", "--a", "0.03:0.5:12", "--job", "sleep"),
                        "3. the same 432 values both ways: yes; their mean: 4.250000"),
                // One iteration: no point escapes yet, so every area is all inside (1.0).
                Arguments.of(List.of("-np", "2", "--b=0.05:0.95:4", "--iterations", "1"),
                        "3. the same 144 values both ways: yes; their mean: 1.000000"),
                // Fewer iterations: more points still count as inside than at the default 2000.
                Arguments.of(List.of("-np", "3", "--iterations", "50"),
                        "3. the same 1296 values both ways: yes; their mean: 0.526379"));
    }

    @ParameterizedTest(name = "lesson 05 honours {0}")
    @MethodSource("lessonFiveOptions")
    void lessonFiveHonoursTheSweepsOptions(List<String> args, String values) throws Exception {
        Launch.Result r = Launch.jbang("lessons/05_one_machine_vs_many.java", args.toArray(new String[0])).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).hasSize(4);
        assertThat(r.out().get(0)).startsWith("1. one machine, " + args.get(1) + " threads:");
        assertThat(r.out().get(2)).isEqualTo(values);
    }

    static Stream<Arguments> lessonFiveBadInput() {
        return Stream.of(
                Arguments.of(List.of("--out", "values.csv"), "05_one_machine_vs_many.java: --out is for a sweep that keeps"
                        + " its results (lesson 02); lesson 05 only times bigJob and takes --a, --b, --job, --iterations"),
                Arguments.of(List.of("--schedule=article"), "05_one_machine_vs_many.java: --schedule is for a sweep that"
                        + " keeps its results (lesson 02); lesson 05 only times bigJob and takes --a, --b, --job, --iterations"),
                Arguments.of(List.of("--colour", "blue"), "05_one_machine_vs_many.java: unknown option --colour; the sweep"
                        + " takes --a, --b, --job, --iterations (see the lesson's header)"),
                Arguments.of(List.of("--a", "0.5:0.1:3"), "05_one_machine_vs_many.java: --a 0.5:0.1:3 is inverted:"
                        + " START must be below STOP (or COUNT 1)"),
                Arguments.of(List.of("--job", "fast"), "05_one_machine_vs_many.java: unknown job 'fast'; use one of mandel, sleep"));
    }

    @ParameterizedTest(name = "lesson 05 refuses {0}")
    @MethodSource("lessonFiveBadInput")
    void lessonFiveRefusesBadOptionsInOneLine(List<String> args, String message, @TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Launch.ROOT.resolve("scripts/jbang").toString(),
                Launch.ROOT.resolve("lessons/05_one_machine_vs_many.java").toString()));
        command.addAll(args);
        Launch.Result r = Launch.start(Map.of(), dir, command.toArray(new String[0])).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly(message);
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("files written by a run with bad input").isEmpty();
        }
    }
}
