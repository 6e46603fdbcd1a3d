import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exercises and their checker: as shipped each fails with its hint; the solutions and the right
 * answers in tests/fixtures/exercises (written differently from the solutions) pass, also copied
 * elsewhere; each wrong answer there fails for its own reason, one of each kind of mistake the
 * checker must catch. scripts/bench-exercises checks each wrong answer many times over.
 */
@DisplayName("exercises")
class ExercisesTest {

    static final String FIXTURES = "tests/fixtures/exercises/";

    static Launch.Result check(String... args) throws Exception {
        return check(Launch.ROOT, args);
    }

    static Launch.Result check(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Launch.ROOT.resolve("scripts/exercise").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Launch.start(Map.of(), dir, cmd).await();
    }

    /** A ✗ verdict: its first line (English) matches {@code first}, then the Chinese line and the two hints. */
    static void assertWrong(Launch.Result r, String first) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).hasSize(4);
        assertThat(r.out().get(0)).as(r.toString()).matches(first);
        assertThat(r.out().get(1)).as(r.toString()).startsWith("✗ 练习 ");
        assertThat(r.out().get(2)).as(r.toString()).startsWith("  hint: ");
        assertThat(r.out().get(3)).as(r.toString()).startsWith("  提示：");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    static void assertSolved(Launch.Result r, int number, String shown) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactly("✓ exercise " + number + " solved (" + shown + ")",
                "✓ 练习 " + number + " 已完成（" + shown + "）");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    static Stream<Arguments> shipped() {
        return Stream.of(
                Arguments.of("1", "✗ exercise 1 at 2 ranks \\(multicore\\): it hung \\(stopped after 8 s\\); rank 0 waits in Recv at"
                        + " line 38, rank 1 waits in Finalize at line 50"),
                Arguments.of("2", "✗ exercise 2 at 4 ranks \\(multicore\\): [23] of \\d+ jobs never ran: \\[\\d+, \\d+(, \\d+)?\\]"),
                Arguments.of("3", "✗ exercise 3 at 2 ranks \\(multicore\\): it hung \\(stopped after 8 s\\); rank 0 waits in Send at"
                        + " line 50, rank 1 waits in Send at line 50"),
                Arguments.of("4", "✗ exercise 4 at 4 ranks \\(multicore\\): rank 0 printed 'total \\d+', but the ranks' hits add up"
                        + " to \\d+"),
                Arguments.of("5", "✗ exercise 5 at 2 ranks \\(multicore\\): rank 0 chose (\\d+) (\\d+) \\d+ \\d+ but rank 1 has \\1 \\2 0 0"),
                Arguments.of("6", "✗ exercise 6 at 2 ranks \\(multicore\\): it hung \\(stopped after 8 s\\); rank 0 waits in"
                        + " (Send|Recv) at line 4[56], rank 1 waits in Finalize at line 54"));
    }

    @ParameterizedTest(name = "exercise {0} as shipped is not solved, and the checker says why")
    @MethodSource("shipped")
    void anExerciseAsShippedFailsWithItsHint(String number, String first) throws Exception {
        assertWrong(check(number), first);
    }

    @ParameterizedTest(name = "the solution of exercise {0} passes")
    @ValueSource(strings = {"01_hello_reply", "02_lost_jobs", "03_deadlock", "04_pi_reduce", "05_bcast", "06_ring"})
    void eachSolutionPasses(String name) throws Exception {
        String file = "exercises/solutions/" + name + ".java";
        assertSolved(check(name.substring(0, 2), file), Integer.parseInt(name.substring(0, 2)), file);
    }

    /** Each wrong answer, and how the checker's first ✗ line must read: the mistake the answer makes. */
    static final Map<String, String> WRONG = new LinkedHashMap<>();

    static {
        String twoMc = " at 2 ranks \\(multicore\\): ";
        String fourMc = " at 4 ranks \\(multicore\\): ";
        String threeNio = " at 3 ranks \\(niodev\\): ";
        String readTwice = "(it failed \\(exit status 1\\): rank \\d failed: java\\.lang\\.IllegalStateException: (the (numbers|ints)"
                + " the checker gave rank \\d were read already; .*|rank \\d got \\d+ of the checker's ints, not \\d+: another"
                + " reader took the rest.*)|the numbers the checker gave rank \\d were opened by 2 readers at once; only rank \\d"
                + " may read them)";
        String finalize = "returned from main without calling MPI\\.Finalize\\(\\) \\(the launcher says so, as Open MPI's mpiexec"
                + " does\\)";
        WRONG.put("01_wrong_no_finalize", "1" + twoMc + "rank 1 " + finalize);
        WRONG.put("01_wrong_own_numbers", "1" + twoMc + "rank 0 sent 4242, not the number the checker gave it \\(\\d+\\)");
        WRONG.put("01_wrong_rank0_makes_up_the_answer", "1" + twoMc + "rank 0 got (\\d+) back; rank 1's answer is \\d+, the number"
                + " it got \\(\\d+\\) plus its own \\(\\d+\\)");
        WRONG.put("01_wrong_rank0_prints_rank1s_line", "1" + twoMc + "rank 0 printed 'rank 1 got \\d+'; that line is rank 1's to print");
        WRONG.put("01_wrong_rank1_takes_rank0s_number", "1" + threeNio + "rank 1 read the numbers the checker gave rank 0");
        WRONG.put("01_wrong_reads_rank0s_number", "1" + twoMc + readTwice);
        WRONG.put("01_wrong_system_properties", "1" + threeNio + "rank 1 did not print the line 'rank 1 got N'");
        WRONG.put("01_wrong_tag_is_size", "1" + fourMc + "it hung \\(stopped after 8 s\\); rank 0 waits in Recv at line \\d+, rank 1"
                + " waits in Send at line \\d+, .*");
        WRONG.put("02_wrong_blocks_rounded_up", "2" + fourMc + "the ranks' shares of \\d+ jobs differ by 2 \\(from \\d+ to \\d+\\);"
                + " they may differ by one at most");
        WRONG.put("02_wrong_last_takes_the_rest", "2" + fourMc + "the ranks' shares of \\d+ jobs differ by 2 \\(from \\d+ to \\d+\\);"
                + " they may differ by one at most");
        WRONG.put("02_wrong_no_finalize", "2 at 1 rank \\(multicore\\): rank 0 " + finalize);
        WRONG.put("02_wrong_rank0_prints_all", "2" + fourMc + "rank 0 printed 'job \\d+ on rank [123]'; that line is rank \\d's to print");
        WRONG.put("02_wrong_shift_for_division", "2 at 7 ranks \\(multicore\\): the ranks' shares of \\d+ jobs differ by \\d+ \\(from 0"
                + " to \\d+\\); they may differ by one at most");
        WRONG.put("02_wrong_system_properties", "2" + threeNio + "job 0 of \\d+ ran 3 times");
        WRONG.put("03_wrong_both_receive_first", "3" + twoMc + "it hung \\(stopped after 8 s\\); rank 0 waits in Recv at line \\d+,"
                + " rank 1 waits in Recv at line \\d+");
        WRONG.put("03_wrong_lower_rank_prints_both", "3" + twoMc + "rank 0 printed 'rank 1 got -?\\d+ from rank 0'; that line is"
                + " rank 1's to print");
        WRONG.put("03_wrong_no_finalize_without_partner", "3" + threeNio + "rank 2 " + finalize);
        WRONG.put("03_wrong_no_partner_check", "3" + threeNio + "it failed \\(exit status 1\\): rank 2 failed:"
                + " java\\.lang\\.IllegalStateException: the checker gave rank 2 no numbers: .*");
        WRONG.put("03_wrong_one_element", "3" + twoMc + "rank 0 got an array with checksum -?\\d+, but rank 1's whole array has"
                + " checksum -?\\d+: it did not get all of it");
        WRONG.put("03_wrong_own_arrays", "3" + twoMc + "rank 0 sends an array with checksum -?\\d+; the array the checker gave it"
                + " has -?\\d+: send the array Given.ints gave it");
        WRONG.put("03_wrong_reads_partners_array", "3" + twoMc + readTwice);
        WRONG.put("03_wrong_sends_the_checksum", "3" + twoMc + "the array rank 0 handed to Given.received is not rank 1's \\(int 0"
                + " is 0, rank 1's is -?\\d+\\): the whole array must cross in messages, not only its checksum");
        WRONG.put("03_wrong_without_given_received", "3" + twoMc + "rank 0 did not hand the array it got to"
                + " Given.received\\(args, rank, theirs\\): keep that line of the exercise, so the checker sees every int that"
                + " arrived");
        WRONG.put("03_wrong_system_properties", "3" + threeNio + "rank 0 got an array with checksum -?\\d+, but rank 1's whole array"
                + " has checksum -?\\d+: it did not get all of it");
        WRONG.put("04_wrong_max", "4" + fourMc + "rank 0 printed 'total \\d+', but the ranks' hits add up to \\d+");
        WRONG.put("04_wrong_no_finalize", "4 at 1 rank \\(multicore\\): rank 0 " + finalize);
        // Its total is right only when rank 0's hits happen to be the average (about 1 run in 1,500; then at the next count).
        WRONG.put("04_wrong_own_hits_times_size", "4 at (4 ranks \\(multicore\\)|3 ranks \\(niodev\\)): rank 0 printed 'total \\d+',"
                + " but the ranks' hits add up to \\d+");
        // Its seed gives the right count about 1 time in 300; then rank 0 fails at the next count.
        WRONG.put("04_wrong_own_seeds", "4 at (1 rank|4 ranks) \\(multicore\\): rank [0-3] counted \\d+ hits; 100000 darts from the"
                + " seed the checker gave it hit \\d+ times");
        WRONG.put("04_wrong_rank0_reads_every_seed", "4" + fourMc + "(" + readTwice + "|rank 0 printed 'rank [1-3] hits \\d+'; that line is"
                + " rank [1-3]'s to print)");
        WRONG.put("04_wrong_system_properties", "4" + threeNio + "rank 0 printed 'total \\d+', but the ranks' hits add up to \\d+");
        WRONG.put("04_wrong_total_on_the_last_rank", "4" + fourMc + "rank 3 printed 'total \\d+'; only rank 0 prints that line");
        WRONG.put("04_wrong_tree_for_even_counts", "4" + threeNio + "it failed \\(exit status 1\\): rank 2 failed: .*requested source 3"
                + " does not exist in communicator of size 3.*");
        WRONG.put("05_wrong_count_three", "5" + twoMc + "rank 0 chose (\\d+) (\\d+) (\\d+) \\d+ but rank 1 has \\1 \\2 \\3 0");
        WRONG.put("05_wrong_doubling_tree", "5" + threeNio + "it failed \\(exit status 1\\): rank 1 failed: .*requested destination 3"
                + " does not exist in communicator of size 3.*");
        WRONG.put("05_wrong_every_rank_reads", "5" + twoMc + readTwice);
        WRONG.put("05_wrong_no_finalize", "5" + twoMc + "rank 1 " + finalize);
        WRONG.put("05_wrong_own_params", "5" + twoMc + "rank 0 chose [\\d ]+, not the parameters the checker gave it \\([\\d ]+\\)");
        WRONG.put("05_wrong_rank0_prints_all", "5" + twoMc + "rank 0 printed 'rank 1 has [\\d ]+'; that line is rank 1's to print");
        WRONG.put("05_wrong_system_properties", "5" + threeNio + "rank 0 chose [\\d ]+ but rank 1 has 0 0 0 0");
        WRONG.put("05_wrong_to_the_next_two", "5" + fourMc + "rank 0 chose [\\d ]+ but rank 3 has 0 0 0 0");
        WRONG.put("06_wrong_formula_numbers", "6" + twoMc + "rank 0 adds 1000, not the number the checker gave it \\(\\d+\\)");
        WRONG.put("06_wrong_last_rank_is_odd", "6" + threeNio + "it failed \\(exit status 1\\): rank 2 failed: .*requested destination"
                + " 3 does not exist in communicator of size 3.*");
        WRONG.put("06_wrong_last_rank_prints_total", "6" + twoMc + "rank 1 printed 'total \\d+'; only rank 0 prints that line");
        WRONG.put("06_wrong_no_finalize", "6" + twoMc + "rank 1 " + finalize);
        WRONG.put("06_wrong_reads_earlier_numbers", "6" + twoMc + readTwice);
        WRONG.put("06_wrong_star", "6" + twoMc + "rank 1 got 0 from rank 0; the running sum there is \\d+, rank 0's number");
        WRONG.put("06_wrong_system_properties", "6" + threeNio + "rank 1 got 0 from rank 0; the running sum there is \\d+, rank 0's"
                + " number");
    }

    static Stream<Arguments> wrongAnswers() {
        return WRONG.entrySet().stream().map(e -> Arguments.of(e.getKey(), "✗ exercise " + e.getValue()));
    }

    @ParameterizedTest(name = "{0} fails")
    @MethodSource("wrongAnswers")
    void aWrongAnswerFailsForItsOwnMistake(String name, String first) throws Exception {
        assertWrong(check(name.substring(1, 2), FIXTURES + name + ".java"), first);
    }

    static Stream<String> rightAnswers() throws Exception {
        try (Stream<Path> files = Files.list(Launch.ROOT.resolve(FIXTURES))) {
            return files.map(f -> f.getFileName().toString().replace(".java", "")).filter(n -> n.contains("_right_")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} passes")
    @MethodSource("rightAnswers")
    void aRightAnswerPasses(String name) throws Exception {
        assertSolved(check(name.substring(1, 2), FIXTURES + name + ".java"), Integer.parseInt(name.substring(0, 2)),
                FIXTURES + name + ".java");
    }

    @Test
    void everyAnswerIsRightOrWrongWithAReasonAndEachExerciseHasEnough() throws Exception {
        Map<String, Integer> wrong = new HashMap<>();
        Map<String, Integer> right = new HashMap<>();
        try (Stream<Path> files = Files.list(Launch.ROOT.resolve(FIXTURES))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                assertThat(name).matches("0[1-6]_(right|wrong)_\\w+");
                if (name.contains("_wrong_")) {
                    assertThat(WRONG).as("the ✗ line expected of " + name).containsKey(name);
                    wrong.merge(name.substring(0, 2), 1, Integer::sum);
                } else {
                    right.merge(name.substring(0, 2), 1, Integer::sum);
                }
            }
        }
        for (String n : List.of("01", "02", "03", "04", "05", "06")) {
            assertThat(wrong.getOrDefault(n, 0)).as("wrong answers to exercise " + n).isGreaterThanOrEqualTo(6);
            assertThat(right.getOrDefault(n, 0)).as("right answers to exercise " + n).isGreaterThanOrEqualTo(3);
        }
        for (String name : WRONG.keySet()) {
            assertThat(Launch.ROOT.resolve(FIXTURES + name + ".java")).exists();
        }
    }

    @Test
    void aCopyInTheProjectsFolderOrAFolderOfOnesOwnIsCheckedLikeTheOriginal(@TempDir Path own) throws Exception {
        // As the README suggests: a copy beside README.md, and one in a folder elsewhere, checked
        // from that folder by a relative name. Their //SOURCES ../library/... names nothing there.
        Path solution = Launch.ROOT.resolve("exercises/solutions/05_bcast.java");
        Path inProject = Launch.ROOT.resolve("my-copy-" + UUID.randomUUID() + ".java");
        Files.copy(Launch.ROOT.resolve("exercises/05_bcast.java"), own.resolve("mine.java"));
        Files.copy(solution, inProject);
        try {
            assertSolved(check("5", inProject.getFileName().toString()), 5, inProject.getFileName().toString());
        } finally {
            Files.delete(inProject);
        }
        assertWrong(check(own, "5", "mine.java"), "✗ exercise 5 at 2 ranks \\(multicore\\): rank 0 chose (\\d+) (\\d+) \\d+ \\d+ but"
                + " rank 1 has \\1 \\2 0 0");
        Files.copy(solution, own.resolve("mine.java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertSolved(check(own, "5", "mine.java"), 5, "mine.java");
    }

    @Test
    void aProgramThatDoesNotBuildGetsTheCompilersLinesAndNoHint(@TempDir Path own) throws Exception {
        Path broken = own.resolve("broken.java");
        Files.writeString(broken, Files.readString(Launch.ROOT.resolve("exercises/solutions/05_bcast.java"))
                .replace("int[] params = new int[4];", "int[] params = new int[4]"));
        Launch.Result r = check("5", broken.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).startsWith("✗ exercise 5: " + broken + " does not build; jbang and the compiler say:",
                "✗ 练习 5：" + broken + " 编译不通过，jbang 和编译器的输出如下：", "  " + broken + ":33: error: ';' expected");
        assertThat(r.out()).as(r.toString()).noneMatch(l -> l.contains("hint") || l.contains("提示"));

        // jbang's own message when a //SOURCES line names nothing, wherever the program is.
        Files.writeString(broken, Files.readString(Launch.ROOT.resolve("exercises/solutions/05_bcast.java"))
                .replace("//SOURCES ../../library/exercise/Given.java", "//SOURCES helpers/*.java"));
        r = check("5", broken.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).startsWith("✗ exercise 5: " + broken + " does not build; jbang and the compiler say:");
        assertThat(r.out().get(2)).as(r.toString()).startsWith("  [jbang] [ERROR] ").contains("helpers");
    }

    @Test
    void aProgramThatDoesNotStartThroughTheLauncherIsToldSo(@TempDir Path own) throws Exception {
        Path plain = own.resolve("plain.java");
        Files.writeString(plain, Files.readString(Launch.ROOT.resolve("exercises/solutions/05_bcast.java"))
                .replace("Mpiexec.ranks(4).atLeast(2).start(args);", ""));
        Launch.Result r = check("5", plain.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out().get(0)).as(r.toString()).startsWith("✗ exercise 5: " + plain + " builds, but does not start its ranks"
                + " through the launcher: ");
        assertThat(r.out()).as(r.toString()).contains("  hint: the first line of main must be Mpiexec.ranks(...)...start(args), as in the"
                + " exercise");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void badInputGetsOneLineAndStatus2() throws Exception {
        for (List<String> args : List.of(List.of("9"), List.of("one"), List.of("1", "exercises/nothing-here.java"), List.<String>of(),
                List.of("1", "README.md"))) {
            Launch.Result r = check(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.errWithoutJbang().stream().filter(l -> !l.startsWith("setup:"))).as(r.toString()).hasSize(1)
                    .first().asString().startsWith("exercise: ");
            assertThat(r.out()).as(r.toString()).isEmpty();
        }
    }
}
