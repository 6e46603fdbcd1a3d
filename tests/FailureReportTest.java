//SOURCES ../library/launcher/*.java
package launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one line (and the trace) that says how a run ended, and the rank JVMs' reports it is made from. */
@Tag("quick")
@DisplayName("failure report (unit)")
class FailureReportTest {

    @Test
    void theLineNamesTheRankAndHowManyOthersWereStopped() {
        Failure f = Failure.threw(2, new IllegalStateException("gives up"));
        assertThat(f.line(4)).isEqualTo("rank 2 failed: java.lang.IllegalStateException: gives up; the other 3 ranks"
                + " were stopped");
        assertThat(f.line(2)).endsWith("; the other rank was stopped");
        assertThat(f.line(1)).isEqualTo("rank 2 failed: java.lang.IllegalStateException: gives up");
        assertThat(f.status()).isEqualTo(1);
        assertThat(f.on("n2").line(4)).startsWith("rank 2 on n2 failed: ");
    }

    @Test
    void anExitStatusOrBadInputEndsTheRunWithItsOwnLineAndStatus() {
        Failure exit = Failure.threw(1, new ExitStatus(3, "3 of 10 jobs failed"));
        assertThat(exit.line(4)).isEqualTo("3 of 10 jobs failed");
        assertThat(exit.status()).isEqualTo(3);
        assertThat(exit.trace()).isEmpty();
        Failure bad = Failure.threw(0, new BadInput("--out x is a folder"));
        assertThat(bad.line(4)).isEqualTo("--out x is a folder");
        assertThat(bad.status()).isEqualTo(2);
    }

    @Test
    void signalsAndStatusesAreSaidInWords() {
        assertThat(Failure.exited(1, 137, List.of()).line(2)).isEqualTo("rank 1 was killed by signal 9 (SIGKILL);"
                + " the other rank was stopped");
        assertThat(Failure.exited(1, 3, List.of()).line(3)).isEqualTo("rank 1 exited with status 3; the other 2 ranks"
                + " were stopped");
        assertThat(Failure.unfinalized(1).line(4)).isEqualTo("rank 1 returned from main without calling MPI.Finalize"
                + " (it called MPI.Init); the other 3 ranks were stopped");
    }

    @Test
    void startingHasALimitOfItsOwnAtLeastAsLongAsTheTimeLimit() {
        assertThat(Supervisor.startLimitSeconds(5, 4)).isEqualTo(64);
        assertThat(Supervisor.startLimitSeconds(5, 128)).isEqualTo(188);
        assertThat(Supervisor.startLimitSeconds(600, 8)).isEqualTo(600);
        assertThat(Failure.startTimeoutLine(64, 4)).isEqualTo("timeout: the 4 ranks had not all reached MPI.Init after"
                + " 64 s and the run was stopped (starting may take 60 s + 1 s per rank; a rank that never calls"
                + " MPI.Init keeps the others waiting there)");
    }

    @Test
    void theTimeoutLineNamesTheUnfinishedRanksAndAtMostTwelve() {
        assertThat(Failure.timeoutLine(5, List.of(1), true)).startsWith("timeout: rank 1 had not finished after 5 s and the run"
                + " was stopped (a rank blocked in Recv");
        assertThat(Failure.timeoutLine(5, List.of(0, 3), false))
                .isEqualTo("timeout: ranks 0, 3 had not finished after 5 s and the run was stopped");
        assertThat(Failure.list(IntStream.range(0, 20).boxed().toList()))
                .isEqualTo("0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 8 more");
    }

    @Test
    void theTraceLeavesOutTheLauncherAndReflection() {
        Throwable t = new IllegalStateException("x");
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("Lesson", "main", "lesson.java", 10),
            new StackTraceElement("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, -1),
            new StackTraceElement("java.lang.reflect.Method", "invoke", null, -1),
            new StackTraceElement("launcher.ThreadRun", "runRank", "ThreadRun.java", 5),
            new StackTraceElement("java.lang.Thread", "run", null, -1)});
        assertThat(Failure.traceLines(t)).containsExactly("java.lang.IllegalStateException: x",
                "\tat Lesson.main(lesson.java:10)");
    }

    @Test
    void aRankJvmsMarkedLinesBecomeItsReportAndOtherLinesStayOutput() {
        RankReports reports = new RankReports(3);
        assertThat(reports.take(1, "an ordinary line")).isFalse();
        assertThat(reports.take(1, RankJvm.FAIL + "java.lang.RuntimeException: no")).isTrue();
        assertThat(reports.take(1, RankJvm.TRACE + "\tat Lesson.main(lesson.java:3)")).isTrue();
        assertThat(reports.take(7, RankJvm.FAIL + "out of range")).isFalse();
        assertThat(reports.take(2, RankJvm.EXIT + "2 --out is busy")).isTrue();

        assertThat(reports.of(0)).isNull();
        Failure one = reports.of(1);
        assertThat(one.line(3)).isEqualTo("rank 1 failed: java.lang.RuntimeException: no; the other 2 ranks were stopped");
        assertThat(one.trace()).containsExactly("\tat Lesson.main(lesson.java:3)");
        assertThat(reports.of(2).line(3)).isEqualTo("--out is busy");
        assertThat(reports.of(2).status()).isEqualTo(2);
        assertThat(reports.first()).isEqualTo(one);
    }
}
