import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's commands work as written. Every command in a ```sh block of README.md,
 * README.zh-CN.md and every page under docs/ runs here, in a copy of the project (so that what it
 * writes is thrown away), and must end with status 0; a command whose comment starts with a mark
 * saying where it runs (on a cluster, the pretend one included) or how long it takes (minutes) is
 * not run; one that needs the network runs except in an offline bundle. Each English page and its
 * Chinese twin must have the same commands with the same marks, in the same order.
 */
@DisplayName("README commands")
class ReadmeTest {

    /** Each English page and its Chinese twin: the READMEs, then docs/NAME.md and docs/NAME.zh-CN.md. */
    static List<List<String>> twins() throws IOException {
        List<List<String>> twins = new ArrayList<>();
        twins.add(List.of("README.md", "README.zh-CN.md"));
        try (Stream<Path> docs = Files.list(Launch.ROOT.resolve("docs"))) {
            for (Path page : docs.map(Launch.ROOT::relativize).sorted().toList()) {
                String name = page.toString();
                if (name.endsWith(".md") && !name.endsWith(".zh-CN.md")) {
                    twins.add(List.of(name, name.replaceFirst("\\.md$", ".zh-CN.md")));
                }
            }
        }
        return twins;
    }

    /** Every page, English and Chinese: the READMEs and every .md file under docs/. */
    static List<String> pages() throws IOException {
        List<String> pages = new ArrayList<>(List.of("README.md", "README.zh-CN.md"));
        try (Stream<Path> docs = Files.list(Launch.ROOT.resolve("docs"))) {
            docs.map(Launch.ROOT::relativize).map(Path::toString).filter(n -> n.endsWith(".md")).sorted()
                    .forEach(pages::add);
        }
        return pages;
    }

    /** The marks a command's comment may start with, in both languages, and what each means. */
    static final Map<String, String> MARKS = Map.of(
            "on a cluster", "cluster", "在集群上", "cluster",
            "on the pretend cluster", "cluster", "在模拟集群上", "cluster",
            "takes minutes", "slow", "需要几分钟", "slow",
            "on a machine with the network", "online", "在有网络的机器上", "online");

    /** One command of a README: its code, its mark ("" if it runs here) and where it is. */
    record Command(String code, String mark, String where) {
    }

    @TempDir
    Path copy;

    @Test
    void theDocumentationHasCommandsOfEachKind() throws IOException {
        List<Command> all = new ArrayList<>();
        for (String page : pages()) {
            all.addAll(commands(page));
        }
        assertThat(all.stream().filter(c -> c.mark().isEmpty()).count()).as("commands run by this test")
                .isGreaterThanOrEqualTo(16);
        assertThat(all.stream().filter(c -> c.mark().equals("cluster")).count()).as("cluster commands")
                .isGreaterThanOrEqualTo(10);
        assertThat(commands("README.md")).as("README.md's commands").hasSizeGreaterThanOrEqualTo(6);
    }

    @TestFactory
    Stream<DynamicTest> eachEnglishPageAndItsTwinHaveTheSameCommandsWithTheSameMarks() throws IOException {
        return twins().stream().map(pair -> DynamicTest.dynamicTest(pair.get(0) + " and " + pair.get(1), () -> {
            assertThat(Launch.ROOT.resolve(pair.get(1))).as("the Chinese twin of " + pair.get(0)).exists();
            List<Command> english = commands(pair.get(0));
            List<Command> chinese = commands(pair.get(1));
            List<String> a = english.stream().map(c -> c.code() + marked(c)).toList();
            List<String> b = chinese.stream().map(c -> c.code() + marked(c)).toList();
            assertThat(b).as("commands of " + pair.get(1) + " (with their marks) against " + pair.get(0) + "'s:\n"
                    + "only in " + pair.get(0) + ": " + difference(english, a, b) + "\nonly in " + pair.get(1) + ": "
                    + difference(chinese, b, a)).isEqualTo(a);
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachPageLinksItsTwinAtTheTop() throws IOException {
        return twins().stream().flatMap(pair -> Stream.of(
                DynamicTest.dynamicTest(pair.get(0), () -> assertThat(top(pair.get(0)))
                        .contains("(" + Path.of(pair.get(1)).getFileName() + ")")),
                DynamicTest.dynamicTest(pair.get(1), () -> assertThat(top(pair.get(1)))
                        .contains("(" + Path.of(pair.get(0)).getFileName() + ")"))));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandThatCanRunHereWorks() throws Exception {
        // The project one level down, so that a folder of one's own beside it (../my-study) is in the copy too.
        Path project = copy.resolve("project");
        copyProject(project);
        Map<String, String> env = new HashMap<>();
        String mpjHome = Setup.mpjHome().toString();
        env.put("MPJ_HOME", mpjHome);
        // A reader's shell after scripts/setup: jbang and MPJ Express's bin on the PATH.
        env.put("PATH", Path.of(Setup.jbang()).getParent() + ":" + mpjHome + "/bin:" + System.getenv("PATH"));

        Set<String> codes = new LinkedHashSet<>();
        for (String page : pages()) {
            for (Command c : commands(page)) {
                // What needs the network (making a bundle) runs here too, but not in an offline bundle.
                if (c.mark().isEmpty() || c.mark().equals("online") && Setup.offlineBundle() == null) {
                    codes.add(c.code());
                }
            }
        }
        // In page order: a command may use what the one before it wrote (jbang export, then mpjrun.sh).
        return codes.stream().map(code -> DynamicTest.dynamicTest(code, () -> {
            Launch.Result r = Launch.start(env, project, "bash", "-c", code).await();
            assertThat(r.exit()).as(code + "\n" + r).isZero();
            assertThat(r.leftovers()).as(code + "\n" + r).isEmpty();
        }));
    }

    /** The commands of the ```sh blocks of a page, continuation lines joined. */
    static List<Command> commands(String readme) throws IOException {
        List<String> lines = Files.readAllLines(Launch.ROOT.resolve(readme));
        List<Command> found = new ArrayList<>();
        boolean inSh = false;
        boolean inBlock = false;
        String pending = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inSh = !inBlock && line.substring(3).trim().split("\\s+")[0].equals("sh");
                inBlock = !inBlock;
                continue;
            }
            if (!inSh || line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending += line.substring(0, line.length() - 1);
                continue;
            }
            line = pending + line;
            pending = "";
            int hash = commentStart(line);
            String code = (hash < 0 ? line : line.substring(0, hash)).trim().replaceAll("\\s+", " ");
            String comment = hash < 0 ? "" : line.substring(hash + 1).trim();
            String mark = MARKS.entrySet().stream().filter(m -> comment.startsWith(m.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("");
            found.add(new Command(code, mark, readme + ":" + (i + 1)));
        }
        return found;
    }

    /** Where a shell comment starts in LINE (a # after a space, outside quotes), or -1. */
    static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static String marked(Command c) {
        return c.mark().isEmpty() ? "" : "    [" + c.mark() + "]";
    }

    private static List<String> difference(List<Command> commands, List<String> these, List<String> others) {
        List<String> only = new ArrayList<>();
        for (int i = 0; i < these.size(); i++) {
            if (!others.contains(these.get(i))) {
                only.add(commands.get(i).where() + " " + these.get(i));
            }
        }
        return only;
    }

    private static String top(String readme) throws IOException {
        return String.join("\n", Files.readAllLines(Launch.ROOT.resolve(readme)).subList(0, 5));
    }

    /** Copies the project, without git's files, into the folder COPY. */
    static void copyProject(Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(Launch.ROOT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = Launch.ROOT.relativize(f);
                String first = rel.getName(0).toString();
                if (first.equals(".git")) {
                    continue;
                }
                Path to = copy.resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
                to.toFile().setExecutable(Files.isExecutable(f));
            }
        }
    }
}
