import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exercises and their checker: as shipped each fails with its hint; solutions pass; wrong answers do not. */
@DisplayName("exercises")
class ExercisesTest {

    static Launch.Result check(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Launch.ROOT.resolve("scripts/exercise").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Launch.start(cmd).await();
    }

    static Stream<Arguments> shipped() {
        return Stream.of(
                Arguments.of("1", "✗ exercise 1 at 2 ranks \\(multicore\\): it hung \\(stopped after \\d+ s\\); rank 0 waits in Recv at"
                        + " line \\d+, rank 1 waits in Finalize at line \\d+"),
                Arguments.of("2", "✗ exercise 2 at 3 ranks \\(multicore\\): [12] of \\d+ jobs never ran: \\[\\d+(, \\d+)?\\]"),
                Arguments.of("3", "✗ exercise 3 at 2 ranks \\(multicore\\): it hung \\(stopped after \\d+ s\\); rank 0 waits in Send at"
                        + " line \\d+, rank 1 waits in Send at line \\d+"),
                Arguments.of("4", "✗ exercise 4 at 3 ranks \\(multicore\\): with \\d+ intervals pi should be 3\\.14159\\d+, got 1\\.\\d+"),
                Arguments.of("5", "✗ exercise 5 at 2 ranks \\(multicore\\): rank 0 chose \\d+ \\d+ \\d+ \\d+ but rank 1 has \\d+ \\d+ 0 0"),
                Arguments.of("6", "✗ exercise 6 at 2 ranks \\(multicore\\): it hung \\(stopped after \\d+ s\\); rank 0 waits in"
                        + " (Send|Recv) at line \\d+.*"));
    }

    @ParameterizedTest(name = "exercise {0} as shipped is not solved, and the checker says why")
    @MethodSource("shipped")
    void anExerciseAsShippedFailsWithItsHint(String number, String first) throws Exception {
        Launch.Result r = check(number);

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).hasSize(3);
        assertThat(r.out().get(0)).as(r.toString()).matches(first);
        assertThat(r.out().get(1)).startsWith("  hint: ");
        assertThat(r.out().get(2)).startsWith("  提示：");
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @ParameterizedTest(name = "the solution of exercise {0} passes")
    @ValueSource(strings = {"01_hello_reply", "02_lost_jobs", "03_deadlock", "04_pi_reduce", "05_bcast", "06_ring"})
    void eachSolutionPasses(String name) throws Exception {
        String number = String.valueOf(Integer.parseInt(name.substring(0, 2)));
        Launch.Result r = check(name.substring(0, 2), "exercises/solutions/" + name + ".java");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactly("✓ exercise " + number + " solved (exercises/solutions/" + name + ".java)");
    }

    static Stream<Arguments> answers() {
        String dir = "tests/fixtures/exercises/";
        return Stream.of(
                Arguments.of("3", dir + "03_by_ordering.java", "✓ exercise 3 solved (" + dir + "03_by_ordering.java)"),
                Arguments.of("3", dir + "03_by_isend.java", "✓ exercise 3 solved (" + dir + "03_by_isend.java)"),
                // Nobody receives rank 0's number, so its Send never completes (or, where a device
                // buffers it, rank 1's 41 is not the number sent): either way, not solved.
                Arguments.of("1", dir + "01_prints_without_receiving.java", "✗ exercise 1 at 2 ranks \\(multicore\\): (it hung"
                        + " \\(stopped after \\d+ s\\); rank 0 waits in Send at line \\d+.*|rank 0 sent \\d+ but rank 1 printed 41:"
                        + " it did not receive it)"),
                Arguments.of("3", dir + "03_both_receive_first.java", "✗ exercise 3 at 2 ranks \\(multicore\\): it hung \\(stopped after"
                        + " \\d+ s\\); rank 0 waits in Recv at line \\d+, rank 1 waits in Recv at line \\d+"),
                Arguments.of("4", dir + "04_prints_pi_itself.java",
                        "✗ exercise 4 at 1 rank \\(multicore\\): with \\d+ intervals pi should be 3\\.14159\\d+, got 3\\.141592653590"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("answers")
    void anAnswerIsJudgedByWhatItDoes(String number, String file, String first) throws Exception {
        Launch.Result r = check(number, file);

        assertThat(r.exit()).as(r.toString()).isEqualTo(first.startsWith("✓") ? 0 : 1);
        assertThat(r.out().get(0)).as(r.toString()).matches(first.startsWith("✓") ? java.util.regex.Pattern.quote(first) : first);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Test
    void badInputGetsOneLineAndStatus2() throws Exception {
        for (List<String> args : List.of(List.of("9"), List.of("one"), List.of("1", "exercises/nothing-here.java"), List.<String>of())) {
            Launch.Result r = check(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.errWithoutJbang().stream().filter(l -> !l.startsWith("setup:"))).as(r.toString()).hasSize(1)
                    .first().asString().startsWith("exercise: ");
            assertThat(r.out()).as(r.toString()).isEmpty();
        }
    }
}
