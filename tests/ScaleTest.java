import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The article's scale on one machine: 128 ranks (its sweep's `mpiexec -n 128`) on both devices,
 * 320 (its cluster script's total) on the default device, and the lessons whose receives take any
 * source or any tag (lesson 03, the sweeps' results) at 128 ranks on multicore, all with the fixes
 * to MPJ Express on. These check that every line arrives whole and the status is right; how long
 * they take is scripts/bench-scale's business, so the time limits here are generous.
 */
@DisplayName("the article's scale")
class ScaleTest {

    @ParameterizedTest(name = "128 ranks on {0}: every line whole")
    @ValueSource(strings = {"multicore", "niodev"})
    void hundredTwentyEightRanks(String device) throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, "-np", "128", "-dev", device, "-timeout", "170").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(128));
        assertThat(r.errWithoutJbang()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("320 ranks on the default device: every line whole")
    void threeHundredTwentyRanks() throws Exception {
        Launch.Result r = Launch.jbang(HelloTest.LESSON, "-np", "320", "-timeout", "170").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(HelloTest.expected(320));
        assertThat(r.errWithoutJbang()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    @DisplayName("lesson 03 at 128 ranks on multicore: the any-source, any-tag receive gets every reading")
    void pointToPointAtScale() throws Exception {
        Launch.Result r = Launch.jbang("lessons/03_point_to_point.java", "-np", "128", "-dev", "multicore",
                "-timeout", "170").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains(
                "3. tags: rank 1 got 1 temperature value(s) from rank 0 (tag 7): [21.5]",
                "3. tags: rank 1 got 2 pressure value(s) from rank 0 (tag 9): [1013.2, 1012.8]");
        assertThat(r.errWithoutJbang()).as(r.toString()).isEmpty();
        assertThat(r.leftovers()).isEmpty();
    }

    @ParameterizedTest(name = "{0} at 128 ranks on multicore: the result of every job, received from any rank")
    @ValueSource(strings = {"lessons/02_sweep.java", "lessons/06_dynamic_sweep.java"})
    void sweepsAtScale(String lesson, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.csv");
        Launch.Result r = Launch.jbang(lesson, "-np", "128", "-dev", "multicore", "-timeout", "170",
                "--iterations", "50", "--quiet", "--out", out.toString()).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(out)).as(r.toString()).hasSize(1297);
        assertThat(r.leftovers()).isEmpty();
    }
}
