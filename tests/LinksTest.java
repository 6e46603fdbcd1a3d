import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * No broken link in the documentation: every relative link of README.md, README.zh-CN.md and the
 * pages under docs/ names a file or folder of the project, and every anchor (#...) one of the
 * target page's headings, made into an anchor as GitHub does. Links to other sites are not
 * followed.
 */
@DisplayName("documentation links")
class LinksTest {

    /** A Markdown link's target: [text](target). Images ![...](...) are links too. */
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @TestFactory
    Stream<DynamicTest> noPageHasABrokenRelativeLinkOrAnchor() throws IOException {
        return ReadmeTest.pages().stream().map(page -> DynamicTest.dynamicTest(page, () -> {
            List<String> broken = new ArrayList<>();
            List<String> lines = Files.readAllLines(Launch.ROOT.resolve(page));
            int checked = 0;
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("[a-zA-Z][a-zA-Z+.-]*:.*")) {
                        continue; // https:, mailto:: another site
                    }
                    checked++;
                    String problem = problem(page, target);
                    if (problem != null) {
                        broken.add(page + ":" + (i + 1) + " (" + target + "): " + problem);
                    }
                }
            }
            assertThat(broken).as(page + "'s broken links (of " + checked + ")").isEmpty();
        }));
    }

    @Test
    void aBrokenLinkAndAWrongAnchorAreFound() {
        assertThat(problem("README.md", "docs/no-such-page.md")).contains("no such file");
        assertThat(problem("README.md", "#no-such-heading")).contains("no heading");
        assertThat(problem("README.md", "docs/running.md#no-such-heading")).contains("no heading");
        assertThat(problem("README.md", "docs/running.md#the-launchers-options")).isNull();
        assertThat(problem("docs/running.md", "../README.zh-CN.md#快速上手")).isNull();
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(anchor("What lesson 01 prints, and why the order changes"))
                .isEqualTo("what-lesson-01-prints-and-why-the-order-changes");
        assertThat(anchor("The launcher's options")).isEqualTo("the-launchers-options");
        assertThat(anchor("With MPJ Express's own `mpjrun.sh`")).isEqualTo("with-mpj-expresss-own-mpjrunsh");
        assertThat(anchor("依赖了什么，为什么")).isEqualTo("依赖了什么为什么");
        assertThat(anchor("第 01 课的输出：为什么每次顺序不同")).isEqualTo("第-01-课的输出为什么每次顺序不同");
        assertThat(anchor("From mpi4py to MPJ Express")).isEqualTo("from-mpi4py-to-mpj-express");
    }

    /** What is wrong with link TARGET on PAGE, or null when it leads somewhere. */
    static String problem(String page, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path from = Launch.ROOT.resolve(page);
        Path to = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!to.startsWith(Launch.ROOT)) {
            return "leads out of the project";
        }
        if (!Files.exists(to)) {
            return "no such file or folder: " + Launch.ROOT.relativize(to);
        }
        if (anchor.isEmpty()) {
            return null;
        }
        if (!to.toString().endsWith(".md")) {
            return "an anchor into a file that is not a page";
        }
        Set<String> anchors = anchors(to);
        return anchors.contains(anchor) ? null
                : "no heading of " + Launch.ROOT.relativize(to) + " makes this anchor; it has " + anchors;
    }

    /** The anchors of a page's headings, a repeated one numbered -1, -2 as GitHub does. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        try {
            for (String line : Files.readAllLines(page)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher m = HEADING.matcher(line);
                if (!fenced && m.matches()) {
                    String a = anchor(m.group(1));
                    int n = seen.merge(a, 1, Integer::sum) - 1;
                    anchors.add(n == 0 ? a : a + "-" + n);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text (links and code marks taken away), in lower case,
     * without punctuation or symbols but hyphens and underscores, spaces made hyphens.
     */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        StringBuilder a = new StringBuilder();
        text.trim().toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK || c == '-' || c == '_') {
                a.appendCodePoint(c);
            } else if (c == ' ') {
                a.append('-');
            }
        });
        return a.toString();
    }
}
