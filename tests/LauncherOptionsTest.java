//SOURCES ../library/launcher/*.java
package launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The launcher's own options and -help, parsed without starting anything. */
@Tag("quick")
@DisplayName("launcher options (unit)")
class LauncherOptionsTest {

    private static Mpiexec.Options parse(Launch launch, String... args) {
        return Mpiexec.Options.parse(args, launch);
    }

    @Test
    void theProgramsDefaultsApplyUntilTheCommandLineChangesThem() {
        Mpiexec.Options o = parse(Launch.ranks(8).atLeast(2).timeout(5));
        assertThat(o.ranks()).isEqualTo(8);
        assertThat(o.timeoutSeconds()).isEqualTo(5);
        assertThat(o.prefixRank()).isFalse();

        Mpiexec.Options given = parse(Launch.ranks(8).timeout(5), "-np", "3", "-timeout", "0", "-l");
        assertThat(given.ranks()).isEqualTo(3);
        assertThat(given.timeoutSeconds()).isZero();
        assertThat(given.prefixRank()).isTrue();
    }

    @Test
    void aNodesMemoryIsSharedByTwiceItsRankJvmsBetween64MbAnd2Gb() {
        assertThat(NodeLimits.heapMegabytes(40, 64000)).isEqualTo(800);
        assertThat(NodeLimits.heapMegabytes(40, 8192)).isEqualTo(102);
        assertThat(NodeLimits.heapMegabytes(20, 1000)).isEqualTo(64);
        assertThat(NodeLimits.heapMegabytes(1, 64000)).isEqualTo(2048);
        assertThat(NodeLimits.megabytes("512m")).isEqualTo(512);
        assertThat(NodeLimits.megabytes("2G")).isEqualTo(2048);
        assertThat(NodeLimits.megabytes("1048576")).isEqualTo(1);
        assertThat(NodeLimits.megabytes("lots")).isEqualTo(-1);
        assertThat(NodeLimits.filesPerRank(320)).isEqualTo(704);
        assertThat(NodeLimits.filesForLauncher(40)).isEqualTo(184);
    }

    @Test
    void everyOtherArgumentGoesToTheProgramInOrderAndEverythingAfterTheDoubleDash() {
        Mpiexec.Options o = parse(Launch.ranks(4), "--a", "-1:1:3", "-np", "2", "-x", "--", "-np", "3", "-l");
        assertThat(o.ranks()).isEqualTo(2);
        assertThat(o.programArgs()).containsExactly("--a", "-1:1:3", "-x", "-np", "3", "-l");
    }

    @Test
    void badInputSaysWhatWasWrongAndWhatToDo() {
        assertThatThrownBy(() -> parse(Launch.ranks(8).atLeast(2), "-np", "1")).isInstanceOf(BadInput.class)
                .hasMessage("this program needs at least 2 ranks; run it with -np 2 or more");
        assertThatThrownBy(() -> parse(Launch.ranks(8), "-np", "x")).isInstanceOf(BadInput.class)
                .hasMessage("-np takes a whole number of ranks, e.g. -np 8, not 'x'");
        assertThatThrownBy(() -> parse(Launch.ranks(8), "-np")).isInstanceOf(BadInput.class)
                .hasMessage("-np needs a value: a number of ranks, e.g. -np 8");
        assertThatThrownBy(() -> parse(Launch.ranks(8), "-np", "0")).hasMessage("-np must be at least 1, not 0");
        assertThatThrownBy(() -> parse(Launch.ranks(8), "-timeout", "-1"))
                .hasMessage("-timeout must be 0 or more seconds, not -1");
        assertThatThrownBy(() -> parse(Launch.ranks(8), "-dev", "shm"))
                .hasMessage("unknown device 'shm'; use -dev multicore or -dev niodev");
        assertThat(new BadInput("x").status()).isEqualTo(Mpiexec.USAGE);
    }

    @Test
    void helpShowsTheDefaultsThatApply() {
        assertThat(Mpiexec.Options.usage("03_point_to_point.java", Launch.ranks(4).timeout(5)))
                .startsWith("usage: jbang 03_point_to_point.java [launcher options] [program arguments]")
                .contains("number of ranks (default 4)").contains("exit status 124 (default 5, 0 = none)");
        assertThat(Mpiexec.Options.usage("x.java", Launch.ranks(8))).contains("(default 300, 0 = none)");
        assertThat(Mpiexec.Options.usage("x.java", Launch.ranks(8).timeout(0))).contains("(default none, 0 = none)");
    }

    @Test
    void theNameInMessagesIsTheSourceFileJavacRecorded() {
        assertThat(Mpiexec.sourceFile(LauncherOptionsTest.class)).isEqualTo("LauncherOptionsTest.java");
    }

    @Test
    void onlyTheReservedArgumentsOfMpjExpressMakeARank() {
        assertThat(Mpiexec.isRank(new String[] {"0", "4", "smpdev", "--x"})).isTrue();
        assertThat(Mpiexec.isRank(new String[] {"1", "#temp line;...", "niodev"})).isTrue();
        assertThat(Mpiexec.isRank(new String[] {"-np", "4", "niodev"})).isFalse();
        assertThat(Mpiexec.isRank(new String[] {"0", "4"})).isFalse();
    }

    @Test
    void theDocsTablesOfTheOptionsAreTheOnesHelpLists() throws Exception {
        String help = Mpiexec.Options.usage("x.java", Launch.ranks(8));
        java.util.Set<String> listed = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  (-[\\w-]+(?: [\\w]+)?)(?:, (-[\\w-]+))?  ").matcher(help);
        while (m.find()) {
            listed.add(m.group(1));
            if (m.group(2) != null) {
                listed.add(m.group(2));
            }
        }
        listed.remove("-help"); // -help is this text; the pages say so in prose
        if (help.contains("after --")) {
            listed.add("--"); // said in -help's prose, a row of the pages' tables
        }
        assertThat(listed).contains("-np N", "-dev multicore", "-dev niodev", "-timeout SECONDS", "-iface NAME", "-l",
                "-prepend-rank");
        for (String page : java.util.List.of("docs/running.md", "docs/running.zh-CN.md")) {
            java.util.Set<String> inTable = new java.util.TreeSet<>();
            String timeoutRow = null;
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(page))) {
                java.util.regex.Matcher row = java.util.regex.Pattern.compile("^\\| (`-[^|]*`) \\|").matcher(line);
                if (row.find()) {
                    for (String word : row.group(1).split(", ")) {
                        inTable.add(word.replace("`", ""));
                    }
                    if (line.startsWith("| `-timeout")) {
                        timeoutRow = line;
                    }
                }
            }
            assertThat(inTable).as(page + "'s table of the launcher's options against -help's").isEqualTo(listed);
            assertThat(timeoutRow).as(page + ": -timeout's default").matches(".* " + Mpiexec.TIMEOUT_SECONDS + "[;；].*");
        }
    }
}
