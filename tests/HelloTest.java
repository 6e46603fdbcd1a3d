import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lesson 01 prints exactly the article's lines, on both devices, at several rank counts. */
@DisplayName("lesson 01 (hello)")
class HelloTest {

    static final String LESSON = "lessons/01_hello.java";

    /** The article's output for N ranks: rank 1 got the message, ranks 2..N-1 are idle, rank 0 is silent. */
    static List<String> expected(int ranks) {
        List<String> lines = new ArrayList<>();
        lines.add("rank 1: Hello, world");
        for (int r = 2; r < ranks; r++) {
            lines.add("rank " + r + ": idle");
        }
        return lines;
    }

    static Stream<Arguments> devicesAndRanks() {
        return Stream.of("multicore", "niodev")
                .flatMap(dev -> Stream.of(2, 3, 4, 8).map(np -> Arguments.of(dev, np)));
    }

    @ParameterizedTest(name = "{1} ranks on {0}")
    @MethodSource("devicesAndRanks")
    void printsTheArticlesLines(String device, int ranks) throws Exception {
        Launch.Result r = Launch.jbang(LESSON, "-np", String.valueOf(ranks), "-dev", device).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(expected(ranks));
        assertThat(r.errWithoutJbang()).as(r.toString()).isEmpty();
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
    }

    @Tag("quick")
    @Test
    void startsEightRanksWhenNotToldOtherwise() throws Exception {
        Launch.Result r = Launch.jbang(LESSON).await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(expected(8));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("devices")
    void prefixesEachLineWithItsRankWhenAsked(String device) throws Exception {
        Launch.Result r = Launch.jbang(LESSON, "-np", "4", "-dev", device, "-l").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .containsExactlyInAnyOrder("[1] rank 1: Hello, world", "[2] rank 2: idle", "[3] rank 3: idle");
    }

    static Stream<String> devices() {
        return Stream.of("multicore", "niodev");
    }

    @Test
    void explainsItsOptions() throws Exception {
        Launch.Result r = Launch.jbang(LESSON, "-help").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).anyMatch(l -> l.contains("-np N")).anyMatch(l -> l.contains("-dev niodev"))
                .anyMatch(l -> l.contains("-timeout SECONDS"));
    }
}
