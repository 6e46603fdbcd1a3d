//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java
package sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Batch batch = new Batch(TWO);
        assertThat(batch.isEmpty()).isTrue();
        batch.add(Result.of(5, 2, 0.5, 0.25, 1.0, "two\nlines: 3:4 é计算"));
        batch.add(Result.failed(6, 2, 0.75, 0.5, "java.lang.IllegalStateException: 12:x\n\tat Study.bigJob"));
        batch.ask(2, 0.125);
        batch.add(Result.of(7, 2, 1.0, 0.1, Double.NaN, ""));
        byte[] message = batch.take();
        assertThat(batch.isEmpty()).isTrue();

        List<String> read = new java.util.ArrayList<>();
        Batch.read(java.nio.ByteBuffer.wrap(message), new Batch.Reader() {
            @Override
            public void result(int job, double start, double seconds, java.nio.ByteBuffer in) {
                read.add(job + " " + start + " " + seconds + " " + Batch.value(in, Columns.Kind.REAL) + " ["
                        + Batch.value(in, Columns.Kind.WORD) + "]");
            }

            @Override
            public void failure(int job, double start, double seconds, String error) {
                read.add(job + " failed: " + error);
            }

            @Override
            public void ask(int jobs, double seconds) {
                read.add("ask after " + jobs + " jobs in " + seconds + " s");
            }
        });
        assertThat(read).containsExactly("5 0.5 0.25 1.0 [two\nlines: 3:4 é计算]",
                "6 failed: java.lang.IllegalStateException: 12:x\n\tat Study.bigJob", "ask after 2 jobs in 0.125 s",
                "7 1.0 0.1 NaN []");
    }

    @Test
    void piecesFollowThePaceOfTheLastOnesAndShrinkToSingleJobs() {
        int[] order = new int[1_000_000];
        for (int i = 0; i < order.length; i++) {
            order[i] = order.length - 1 - i;
        }
        Sweep.Pieces pieces = new Sweep.Pieces(order, 8, Settings.Schedule.DYNAMIC);
        // Nothing known yet: one job.
        assertThat(pieces.take(1, 0, 0)).containsExactly(999_999);
        // A job of 10 microseconds: a tenth of a second is 10,000 of them.
        assertThat(pieces.take(1, 1, 10e-6)).hasSize(10_000).startsWith(999_998);
        // Jobs of a second: one at a time.
        Sweep.Pieces slow = new Sweep.Pieces(order, 8, Settings.Schedule.DYNAMIC);
        slow.take(1, 0, 0);
        assertThat(slow.take(1, 1, 1.0)).hasSize(1);
        // Quick jobs near the end: a share of what is left, down to one job; every job once.
        java.util.BitSet seen = new java.util.BitSet();
        int count = 1 + 10_000;
        for (int[] piece = pieces.take(2, 10_000, 1e-6); piece.length > 0; piece = pieces.take(2, piece.length, 1e-9)) {
            assertThat(piece.length).isLessThanOrEqualTo(Math.max(1, (order.length - count) / 16));
            for (int job : piece) {
                assertThat(seen.get(job)).isFalse();
                seen.set(job);
            }
            count += piece.length;
        }
        assertThat(count).isEqualTo(order.length);
        assertThat(seen.cardinality()).isEqualTo(order.length - 10_001);
    }

    @Test
    void aJobsSeedDependsOnItsValuesAndTheSweepsSeedOnly() {
        Parameters grid = new Parameters().range("a", 0, 1, 11).words("model", "x", "y");
        Parameters finer = new Parameters().range("a", 0, 1, 21).words("model", "x", "y");
        Job half = new Job(11, grid, 2020); // a=0.5, model=y
        assertThat(half.toString()).isEqualTo("job 11 (a=0.5, model=y)");
        assertThat(new Job(21, finer, 2020).seed()).as("a=0.5, model=y on a finer grid").isEqualTo(half.seed());
        assertThat(new Job(11, grid, 2020).random().nextDouble()).isEqualTo(half.random().nextDouble());
        assertThat(new Job(10, grid, 2020).seed()).as("a=0.5, model=x").isNotEqualTo(half.seed());
        assertThat(new Job(11, grid, 7).seed()).as("--seed 7").isNotEqualTo(half.seed());
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (int j = 0; j < grid.jobs(); j++) {
            seeds.add(new Job(j, grid, 2020).seed());
        }
        assertThat(seeds).hasSize(grid.jobs());
    }

    @Test
    void theShuffleIsCollectionsShuffleOfTheSameSeed() {
        int[] jobs = java.util.stream.IntStream.range(0, 1000).toArray();
        List<Integer> list = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        Sweep.shuffle(jobs, new java.util.Random(7));
        java.util.Collections.shuffle(list, new java.util.Random(7));
        assertThat(jobs).containsExactly(list.stream().mapToInt(Integer::intValue).toArray());
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
        assertThat(r.line()).isEqualTo("17,3,0.250000,1.500000,2.0,\"solid, \"\"hot\"\"\"\n");
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

        ResultTable found = new ResultTable(s.jobs(), Columns.VALUE);
        Resume.load(s, found);
        assertThat(found.count()).isEqualTo(2);
        assertThat(found.has(0)).isTrue();
        assertThat(found.has(2)).isTrue();
        assertThat(found.resumed(2)).isTrue();
        assertThat(found.number(2, 0)).isEqualTo(0.25);
    }

    @Test
    void aResumedRunAddsItsLinesAfterATornLastLineNotOntoIt(@TempDir Path dir) throws Exception {
        Path partial = dir.resolve("r.csv.partial");
        Files.writeString(partial, Journal.HEADER + "x\n" + Result.of(0, 0, 0.0, 0.1, 0.5).line() + "3,0,0.2,0.1,0.7");
        ResultTable table = new ResultTable(4, Columns.VALUE);
        table.nowRun(2);
        Journal journal = new Journal(partial, "x", table);
        journal.add(Result.of(3, 1, 0.5, 0.1, 0.75));
        journal.close();
        assertThat(Files.readAllLines(partial)).containsExactly(Journal.HEADER + "x", "0,0,0.000000,0.100000,0.5",
                "3,0,0.2,0.1,0.7", "#run 2", "3,1,0.500000,0.100000,0.75");
    }

    @Test
    void afterAFailedJobStopsTheRunNothingMoreIsRecordedAndALaterFailureIsNamed(@TempDir Path dir) throws Exception {
        Settings s = Settings.parse(new String[] {"--a", "0:1:2", "--b", "0:1:2", "--out", dir.resolve("r.csv").toString()});
        ResultLog log = ResultLog.open(s);
        log.add(Result.of(0, 1, 0.0, 0.1, 0.5));
        log.add(Result.failed(1, 2, 0.0, 0.1, "java.lang.IllegalStateException: boom"));
        String said = log.stop();
        log.add(Result.of(2, 1, 0.1, 0.1, 0.25));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            log.add(Result.failed(3, 0, 0.1, 0.1, "java.lang.ArithmeticException: / by zero"));
        } finally {
            System.setErr(before);
        }
        assertThat(said).isEqualTo("sweep: 1 result is in " + s.partial() + "; mend bigJob, then run again with --resume to"
                + " run only the 3 missing jobs (or --keep-going to record failures and go on)");
        assertThat(log.stop()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sweep: job 3 of 4 (a=1, b=1) failed too, on rank 0:"
                + " java.lang.ArithmeticException: / by zero" + System.lineSeparator());
        assertThat(Files.readAllLines(s.partial())).containsExactly(Journal.HEADER + Resume.header(s, Columns.VALUE),
                "0,1,0.000000,0.100000,0.5", "!1,2,0.000000,0.100000,java.lang.IllegalStateException: boom");
        assertThat(log.count()).isEqualTo(1);
    }

    @Test
    void eachResultKeepsTheNumberOfTheRunThatMadeItThroughPartialFileAndCsv(@TempDir Path dir) throws Exception {
        Settings s = Settings.parse(new String[] {"--a", "0:1:2", "--b", "0:1:2", "--out", dir.resolve("r.csv").toString(),
                "--resume"});
        Files.writeString(s.partial(), Journal.HEADER + Resume.header(s, Columns.VALUE) + "\n"
                + Result.of(0, 0, 0.0, 0.1, 0.5).line() + "#run 3\n" + Result.of(2, 1, 0.0, 0.1, 0.25).line());
        ResultTable found = new ResultTable(s.jobs(), Columns.VALUE);
        Resume.load(s, found);
        assertThat(found.run(0)).isEqualTo(1);
        assertThat(found.run(2)).isEqualTo(3);
        assertThat(found.lastRun()).isEqualTo(3);

        // The finished CSV has a run column, and a resume from it reads the numbers back.
        found.nowRun(4);
        found.put(Result.of(1, 0, 0.0, 0.1, 0.75));
        CsvFiles.write(s, found, List.of(), job -> 0);
        Files.delete(s.partial());
        assertThat(Files.readAllLines(s.out())).containsExactly("a,b,value,rank,start,seconds,run",
                "0,0,0.5,0,0.000000,0.100000,1", "0,1,0.75,0,0.000000,0.100000,4", "1,0,0.25,1,0.000000,0.100000,3");
        ResultTable again = new ResultTable(s.jobs(), Columns.VALUE);
        Resume.load(s, again);
        assertThat(List.of(again.run(0), again.run(1), again.run(2))).containsExactly(1, 4, 3);
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
                "sweep: jobs per rank (and its share of the time in bigJob): 0: 1 (100%), 1: 2 (100%)",
                "sweep: 3 of 4 results in /tmp/r.csv");
        assertThat(Summary.lines(s, fresh.subList(0, 1), 2, 1, 1)).startsWith(
                "sweep: 1 job on 2 ranks, schedule blocks: 1.000 s, parallel efficiency 0.500 (1 = no rank ever idle),"
                        + " a rank had no job").last().asString().startsWith("sweep: 1 job failed, listed with the error in");
        assertThat(Summary.lines(s, List.of(), 2, 4, 0)).containsExactly("sweep: no job ran on the 2 ranks: none was missing",
                "sweep: 4 of 4 results in /tmp/r.csv");
    }
}
