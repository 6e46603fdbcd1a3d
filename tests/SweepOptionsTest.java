//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/sweep/*.java
package sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import launcher.BadInput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sweep's options and parameters, parsed from the one table, without starting anything. */
@Tag("quick")
@DisplayName("sweep options and ranges (unit)")
class SweepOptionsTest {

    private static final Parameters OWN = new Parameters().range("eps", 0.03, 0.5, 36).words("model", "linear", "cubic");

    @Test
    void aLessonsDefaultsAreTheArticlesAndEachOptionChangesOneThing() {
        Settings s = Settings.parse(new String[0]);
        assertThat(s.jobs()).isEqualTo(36 * 36);
        assertThat(s.schedule()).isEqualTo(Settings.Schedule.BLOCKS);
        assertThat(s.job()).isEqualTo(BigJob.Kind.MANDEL);
        assertThat(s.out()).isEqualTo(Path.of("sweep.csv").toAbsolutePath());

        Settings given = Settings.parse(new String[] {"--a", "0:1:3", "--b=0.5", "--job", "sleep", "--schedule", "article",
            "--seed", "7", "--out", "x/r.csv", "--resume", "--quiet"});
        assertThat(given.jobs()).isEqualTo(3);
        assertThat(given.a(2)).isEqualTo(1.0);
        assertThat(given.b(0)).isEqualTo(0.5);
        assertThat(given.job()).isEqualTo(BigJob.Kind.SLEEP);
        assertThat(given.schedule()).isEqualTo(Settings.Schedule.ARTICLE);
        assertThat(given.seed()).isEqualTo(7);
        assertThat(given.resume()).isTrue();
        assertThat(given.quiet()).isTrue();
        assertThat(given.failures().getFileName().toString()).isEqualTo("r-failures.csv");
    }

    @Test
    void eachProgramTakesItsOwnSchedulesAndSaysWhereTheOthersAre() {
        assertThat(Settings.parse(new String[0], Settings.Program.LESSON_06).schedule()).isEqualTo(Settings.Schedule.DYNAMIC);
        assertThatThrownBy(() -> Settings.parse(new String[] {"--schedule", "dynamic"})).isInstanceOf(BadInput.class)
                .hasMessage("unknown schedule 'dynamic'; use one of blocks, article (the dynamic schedule is lesson 06:"
                        + " jbang lessons/06_dynamic_sweep.java)");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--schedule", "blocks"}, Settings.Program.LESSON_06))
                .hasMessageStartingWith("unknown schedule 'blocks': this lesson always schedules dynamically");
        assertThat(Settings.parse(new String[] {"--schedule", "blocks", "--keep-going"}, Settings.Program.OWN, OWN)
                .keepGoing()).isTrue();
    }

    @Test
    void lessonFiveTakesWhatAJobComputesAndNothingAboutKeepingResults() {
        Settings s = Settings.parse(new String[] {"--a", "0:1:3", "--job", "sleep", "--iterations", "9"}, Settings.Program.LESSON_05);
        assertThat(s.jobs()).isEqualTo(3 * 36);
        assertThat(s.job()).isEqualTo(BigJob.Kind.SLEEP);
        assertThat(s.iterations()).isEqualTo(9);
        assertThat(BigJob.value(s, 0)).isEqualTo(1.2, org.assertj.core.api.Assertions.within(1e-9));
        for (String option : new String[] {"--out", "--resume", "--quiet", "--seed", "--schedule"}) {
            assertThatThrownBy(() -> Settings.parse(new String[] {option, "x"}, Settings.Program.LESSON_05))
                    .isInstanceOf(BadInput.class).hasMessage(option + " is for a sweep that keeps its results (lesson 02);"
                            + " lesson 05 only times bigJob and takes --a, --b, --job, --iterations");
        }
        assertThatThrownBy(() -> Settings.parse(new String[] {"--keep-going"}, Settings.Program.LESSON_05))
                .hasMessage("unknown option --keep-going; the sweep takes --a, --b, --job, --iterations (see the lesson's header)");
        assertThat(Settings.usage(Settings.Program.LESSON_05, Settings.articleGrid())).contains("  --job", "  --iterations")
                .doesNotContain("--out", "--schedule", "--seed");
    }

    @Test
    void anUnknownOptionListsTheOnesThereAre() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--keep-going"})).isInstanceOf(BadInput.class)
                .hasMessage("unknown option --keep-going; the sweep takes --a, --b, --job, --iterations, --schedule,"
                        + " --seed, --out, --resume, --overwrite, --quiet (see the lesson's header)");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--epsilon", "1"}, Settings.Program.OWN, OWN))
                .hasMessage("unknown option --epsilon; this sweep takes its parameters --eps, --model and the options"
                        + " --schedule, --seed, --out, --resume, --overwrite, --quiet, --keep-going, --fail-on-nan, --set, --job-timeout, --retries (-help says more)");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--quiet=yes"})).hasMessage("--quiet takes no value, not 'yes'");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--seed"})).hasMessage("--seed needs a value");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--iterations", "0"}))
                .hasMessage("--iterations must be 1 or more, not 0");
    }

    @Test
    void helpAndTheReadmesListComeFromTheSameTable() {
        String help = Settings.usage(Settings.Program.LESSON_06, Settings.articleGrid());
        String list = Settings.markdown(Settings.Program.LESSON_06);
        for (Settings.Option o : Settings.Option.values()) {
            boolean listed = o.listed(Settings.Program.LESSON_06);
            assertThat(help.contains("  " + o.flag)).as(o.flag).isEqualTo(listed);
            assertThat(list.contains("- `" + o.flag)).as(o.flag).isEqualTo(listed);
        }
        assertThat(help).doesNotContain("--schedule"); // lesson 06 has one schedule only: nothing to choose
    }

    @Test
    void theDocsListOfASweepsOptionsIsTheOneTheParserReads() throws Exception {
        for (String page : List.of("docs/your-own-sweep.md", "docs/your-own-sweep.zh-CN.md")) {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(page));
            String start = "<!-- options: from library/sweep/Settings.java -->\n";
            int from = text.indexOf(start);
            int to = text.indexOf("<!-- end of options -->");
            assertThat(from).as(page + " has the list").isNotNegative();
            assertThat(text.substring(from + start.length(), to)).as(page + ": the list as `jbang library/mpjlessons/Library.java"
                    + " options` prints it").isEqualTo(Settings.markdown(Settings.Program.OWN));
        }
    }

    @Test
    void rangesAreNumpysLinspaceWithBothEndsExact() {
        Parameters.Parameter p = Parameters.Parameter.parse(OWN.get("eps"), "0.1:0.3:3");
        assertThat(p.values()).containsExactly(0.1, 0.2, 0.3);
        assertThat(p.spec()).isEqualTo("0.1:0.3:3");
        assertThat(Parameters.linspace(0.03, 0.5, 36, 35)).isEqualTo(0.5);
        assertThat(Parameters.Parameter.parse(OWN.get("eps"), "2:9:1").values()).containsExactly(2.0);
        assertThat(Parameters.Parameter.parse(OWN.get("eps"), "1, 2,3").values()).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void aRangeThatMakesNoSenseIsBadInput() {
        Parameters.Parameter eps = OWN.get("eps");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "1:0:5")).isInstanceOf(BadInput.class)
                .hasMessage("--eps 1:0:5 is inverted: START must be below STOP (or COUNT 1)");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "1:1:5")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "0:1:0"))
                .hasMessage("--eps 0:1:0 has no values: COUNT must be 1 or more");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "0:1")).hasMessageStartingWith("--eps takes START:STOP:COUNT");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "1,1")).hasMessage("--eps lists 1 twice; each value once");
        assertThatThrownBy(() -> Parameters.Parameter.parse(eps, "a,b")).hasMessageStartingWith("--eps takes numbers");
        assertThatThrownBy(() -> Parameters.Parameter.parse(OWN.get("model"), "0:1:2"))
                .hasMessageStartingWith("--model takes words separated by commas");
        assertThat(new Parameters().range("x", 1, 0, 3).mistakes()).startsWith(
                "--x 1:0:3 is inverted: START must be below STOP (or COUNT 1)");
    }

    @Test
    void jobsAreNumberedAsNestedLoopsInTheOrderDeclared() {
        Parameters p = new Parameters().numbers("x", 1, 2).words("m", "a", "b", "c");
        assertThat(p.jobs()).isEqualTo(6);
        assertThat(p.values(4)).containsExactly(2.0, "b");
        assertThat(p.describe(4)).isEqualTo("x=2, m=b");
        assertThat(p.describe()).isEqualTo("x=1,2 m=a,b,c");
    }
}
