//DEPS org.jfree:jfreechart:1.5.6
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java
package sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import launcher.BadInput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result as a line, read back whole or torn; what --resume finds in a partial file; the summary. */
@Tag("quick")
@DisplayName("sweep results, journal and resume (unit)")
class SweepJournalTest {

    record Two(double energy, String phase) {
    }

    private static final Columns TWO = Columns.of(Two.class);

    @Test
    void resultsSentTogetherComeApartWholeWhateverTheyHoldInside() {
        Result multiline = Result.of(5, 2, 0.5, 0.25, 1.0, "two\nlines: 3:4");
        Result failed = Result.failed(6, 2, 0.75, 0.5, "java.lang.IllegalStateException: 12:x\n\tat Study.bigJob");
        Sweep.Batch batch = new Sweep.Batch();
        assertThat(batch.isEmpty()).isTrue();
        for (Result r : List.of(multiline, failed, Result.of(7, 2, 1.0, 0.1, 2.0, ""))) {
            batch.add(r.line().stripTrailing());
        }
        String message = batch.take();
        assertThat(batch.isEmpty()).isTrue();

        List<String> lines = Sweep.Batch.lines(message);
        assertThat(lines).hasSize(3);
        assertThat(Result.parse(lines.get(0), TWO).values()).containsExactly(1.0, "two\nlines: 3:4");
        assertThat(Result.parse(lines.get(1), TWO).error()).isEqualTo(failed.error());
        assertThat(Result.parse(lines.get(2), TWO).job()).isEqualTo(7);
    }

    @Test
    void secondsHaveSixDecimalsAsFormatWritesThem() {
        for (double s : new double[] {0, 0.5, 1.25, 3.1415926535, 59.9999996, 123456.000001, 1e-7, 2.5e-6}) {
            assertThat(Result.seconds(s)).as("%s", s).isEqualTo(String.format(java.util.Locale.ROOT, "%.6f", s));
        }
    }

    @Test
    void aResultsLineReadsBackAsTheSameResult() {
        Result r = Result.of(17, 3, 0.25, 1.5, 2.0, "solid, \"hot\"");
        assertThat(r.line()).isEqualTo("17,3,0.25,1.5,2.0,\"solid, \"\"hot\"\"\"\n");
        Result back = Result.parse(r.line().stripTrailing(), TWO);
        assertThat(back.job()).isEqualTo(17);
        assertThat(back.rank()).isEqualTo(3);
        assertThat(back.values()).containsExactly(2.0, "solid, \"hot\"");

        Result failed = Result.failed(4, 1, 0.5, 0.1, "java.lang.ArithmeticException: / by zero");
        assertThat(Result.parse(failed.line().stripTrailing(), TWO).error()).isEqualTo(failed.error());
    }

    @Test
    void aTornLineIsNoResult() {
        assertThat(Result.parse("17,3,0.25,1.5,2.0,\"sol", TWO)).isNull();
        assertThat(Result.parse("17,3,0.2", TWO)).isNull();
        assertThat(Result.parse("!4,1,0.5,0.1,\"java.lang", TWO)).isNull();
        // A cut that leaves a shorter number reads as a result: the journal's reader drops a last line without its break.
        assertThat(Result.parse("17,3,0.25,1.5,2.7", Columns.VALUE)).isNotNull();
        assertThat(Result.parse("x7,3,0.25,1.5,2.0", Columns.VALUE)).isNull();
    }

    @Test
    void resumeKeepsTheWholeResultsOfAPartialFileAndDropsATornLastLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.csv");
        Settings s = Settings.parse(new String[] {"--a", "0:1:2", "--b", "0:1:2", "--out", out.toString(), "--resume"});
        Files.writeString(s.partial(), Journal.HEADER + Resume.header(s, Columns.VALUE) + "\n"
                + Result.of(0, 0, 0.0, 0.1, 0.5).line()
                + Result.failed(1, 1, 0.0, 0.1, "boom").line()
                + Result.of(2, 1, 0.1, 0.1, 0.25).line()
                + "3,0,0.2,0.1,0.7", StandardCharsets.UTF_8); // cut from 0.75 as the run was killed

        Map<Integer, Result> found = Resume.previous(s, Columns.VALUE);
        assertThat(found.keySet()).containsExactlyInAnyOrder(0, 2);
        assertThat(found.get(2).value()).isEqualTo(0.25);
    }

    @Test
    void resumeRefusesAnotherSweepsPartialFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.csv");
        Settings s = Settings.parse(new String[] {"--a", "0:1:2", "--out", out.toString(), "--resume"});
        Files.writeString(s.partial(), Journal.HEADER + "a=0:1:3 b=0:1:2 job=mandel iterations=2000 results=value\n");
        assertThatThrownBy(() -> Resume.check(s, Columns.VALUE)).isInstanceOf(BadInput.class)
                .hasMessageStartingWith("--resume: " + s.partial() + " is from a different sweep (a=0:1:3 b=0:1:2");
        Files.writeString(s.partial(), Journal.HEADER_V1 + "whatever\n");
        assertThatThrownBy(() -> Resume.check(s, Columns.VALUE)).hasMessageContaining("written by an earlier version");
    }

    @Test
    void csvFieldsSplitAsRfc4180AndACutQuotedFieldIsNoLine() {
        assertThat(Csv.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
        assertThat(Csv.split("a,\"b,c")).isNull();
        assertThat(Csv.param(3.0)).isEqualTo("3");
        assertThat(Csv.param(0.5)).isEqualTo("0.5");
    }

    @Test
    void theSummarySaysTheEfficiencyAndTheBalance() {
        Settings s = Settings.parse(new String[] {"--a", "0:1:2", "--b", "0:1:2", "--out", "/tmp/r.csv"});
        List<Result> fresh = List.of(Result.of(0, 0, 0.0, 1.0, 0.1), Result.of(1, 1, 0.0, 0.5, 0.1),
                Result.of(2, 1, 0.5, 0.5, 0.1));
        assertThat(Summary.lines(s, fresh, 2, 3, 0)).containsExactly(
                "sweep: 3 jobs on 2 ranks, schedule blocks: 1.000 s, parallel efficiency 1.000 (1 = no rank ever idle),"
                        + " the busiest rank worked 1.00 times as long as the least busy",
                "sweep: 3 of 4 results in /tmp/r.csv");
        assertThat(Summary.lines(s, fresh.subList(0, 1), 2, 1, 1)).startsWith(
                "sweep: 1 jobs on 2 ranks, schedule blocks: 1.000 s, parallel efficiency 0.500 (1 = no rank ever idle),"
                        + " a rank had no job").last().asString().startsWith("sweep: 1 job failed, listed with the error in");
    }
}
