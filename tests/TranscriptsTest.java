import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pages show a lesson printing is what it prints: each ```text block that starts with
 * "$ jbang lessons/..." in the README and docs/lessons.md (both languages) is run, and its lines
 * and the lesson's stdout must match one for one as sets (the order of ranks' lines varies).
 * Numbers stand for any number (times, shares, ranks), "..." for any text (paths, versions), and
 * a run of spaces for any.
 */
@DisplayName("the pages' transcripts of the lessons")
class TranscriptsTest {

    static final List<String> PAGES = List.of("README.md", "README.zh-CN.md", "docs/lessons.md", "docs/lessons.zh-CN.md");
    static final Pattern NUMBER_OR_ANY = Pattern.compile("\\.\\.\\.|-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    @TempDir
    Path work;

    /** The transcripts of {@code page}: its command (after "$ ") and the lines shown under it. */
    static Map<String, List<String>> transcripts(String page) throws Exception {
        Map<String, List<String>> found = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Launch.ROOT.resolve(page));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```text") && i + 1 < lines.size() && lines.get(i + 1).startsWith("$ jbang lessons/")) {
                String command = lines.get(i + 1).substring(2);
                List<String> shown = new ArrayList<>();
                for (i += 2; !lines.get(i).equals("```"); i++) {
                    shown.add(lines.get(i));
                }
                found.put(command, shown);
            }
        }
        return found;
    }

    /** A line with its spaces made one (a table's columns widen with their numbers). */
    static String spaced(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** A shown line as a pattern: its text, with any number for a number and anything for "...". */
    static Pattern pattern(String line) {
        String shown = spaced(line);
        StringBuilder p = new StringBuilder();
        Matcher m = NUMBER_OR_ANY.matcher(shown);
        int at = 0;
        while (m.find()) {
            p.append(Pattern.quote(shown.substring(at, m.start())));
            p.append(m.group().equals("...") ? ".*" : "-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
            at = m.end();
        }
        p.append(Pattern.quote(shown.substring(at)));
        return Pattern.compile(p.toString());
    }

    @TestFactory
    Stream<DynamicTest> eachTranscriptIsWhatTheLessonPrints() throws Exception {
        Map<String, List<List<String>>> all = new LinkedHashMap<>();
        for (String page : PAGES) {
            transcripts(page).forEach((command, shown) -> all.computeIfAbsent(command, c -> new ArrayList<>()).add(shown));
        }
        assertThat(all.keySet()).as("lessons with a transcript").hasSizeGreaterThanOrEqualTo(7);
        return all.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String[] words = e.getKey().split(" ");
            List<String> cmd = new ArrayList<>(List.of(Setup.jbang(), Launch.ROOT.resolve(words[1]).toString()));
            cmd.addAll(List.of(words).subList(2, words.length));
            // The install check looks at the project's folder; the others run where their files may go.
            Path dir = words[1].startsWith("lessons/00_") ? Launch.ROOT : Files.createTempDirectory(work, "run");
            Launch.Result r = Launch.start(Map.of(), dir, cmd.toArray(String[]::new)).await();
            assertThat(r.exit()).as(r.toString()).isZero();
            for (List<String> shown : e.getValue()) {
                List<Pattern> patterns = shown.stream().map(TranscriptsTest::pattern).toList();
                for (int i = 0; i < shown.size(); i++) {
                    Pattern p = patterns.get(i);
                    assertThat(r.out()).as("a line the lesson prints, for the page's '%s'\n%s", shown.get(i), r)
                            .anyMatch(l -> p.matcher(spaced(l)).matches());
                }
                for (String line : r.out()) {
                    assertThat(patterns).as("the page's line for '%s'", line).anyMatch(p -> p.matcher(spaced(line)).matches());
                }
            }
            assertThat(r.leftovers()).isEmpty();
        }));
    }
}
