import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The article's scale on one machine: 128 ranks (its sweep's `mpiexec -n 128`) on both devices,
 * and 320 (its cluster script's total) on niodev, the device that reaches it. These check that
 * every line arrives whole and the status is right; how long they take is scripts/bench-scale's
 * business, so the time limits here are generous.
 */
@DisplayName("the article's scale")
class ScaleTest {

    @Test
    @DisplayName("128 ranks on multicore: every line whole")
    void hundredTwentyEightThreadRanks() throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, "-np", "128", "-dev", "multicore", "-timeout", "170").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(128));
        assertThat(r.errWithoutJbang()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("128 ranks on the default device: separate JVMs, said once, every line whole")
    void hundredTwentyEightRanksByDefault() throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, "-np", "128", "-timeout", "170").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(128));
        assertThat(r.errWithoutJbang()).containsExactly("01_hello.java: note: 128 ranks run as separate JVMs (-dev niodev):"
                + " MPJ Express's multicore device slows down steeply beyond 96 ranks; give -dev multicore to use it anyway");
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("320 ranks on niodev: every line whole")
    void threeHundredTwentyRanks() throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, "-np", "320", "-dev", "niodev", "-timeout", "600")
                .await(java.time.Duration.ofMinutes(11));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(320));
        assertThat(r.errWithoutJbang()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }
}
