import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One figure, one place: a time, a bandwidth or a memory size the READMEs quote is one that the
 * page of measurements its paragraph links to has (docs/speed.md, docs/scale.md or
 * docs/mending-mpj.md, either language), to the README's precision ("about 13 s" for scale's 13.1 s).
 * A README figure typed by hand, or left behind when the page is measured again, fails here.
 */
@Tag("quick")
@DisplayName("the READMEs' figures come from the measurement pages")
class FiguresTest {

    static final List<String> READMES = List.of("README.md", "README.zh-CN.md");
    static final List<String> MEASURED = List.of("docs/speed.md", "docs/scale.md", "docs/mending-mpj.md",
            "docs/speed.zh-CN.md", "docs/scale.zh-CN.md", "docs/mending-mpj.zh-CN.md");
    /** A figure: a number, or a range of two, and its unit. */
    static final Pattern FIGURE = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)(?:[–-](\\d+(?:\\.\\d+)?))? ?(µs|ms|GB/s|MB/s|GB|s)(?![\\w/])");

    record Figure(BigDecimal value, String unit) {
    }

    /** The figures of {@code text}, leaving out code (`...`), where a program's output is quoted. */
    static List<Figure> figures(String text) {
        List<Figure> found = new ArrayList<>();
        Matcher m = FIGURE.matcher(text.replaceAll("`[^`\n]*`", " ").replaceAll("(?s)```.*?```", " "));
        while (m.find()) {
            found.add(new Figure(new BigDecimal(m.group(1)), m.group(3)));
            if (m.group(2) != null) {
                found.add(new Figure(new BigDecimal(m.group(2)), m.group(3)));
            }
        }
        return found;
    }

    /** Whether {@code measured} has a figure of the same unit that, rounded as {@code quoted} is, is it. */
    static boolean has(List<Figure> measured, Figure quoted) {
        return measured.stream().anyMatch(f -> f.unit().equals(quoted.unit())
                && f.value().setScale(quoted.value().scale(), RoundingMode.HALF_UP).compareTo(quoted.value()) == 0);
    }

    /** The measurement pages a paragraph links to (docs/speed.md and docs/speed.zh-CN.md alike). */
    static List<String> linked(String paragraph) {
        List<String> pages = new ArrayList<>();
        Matcher m = Pattern.compile("\\((docs/[\\w-]+?)(?:\\.zh-CN)?\\.md[#)]").matcher(paragraph);
        while (m.find()) {
            for (String page : List.of(m.group(1) + ".md", m.group(1) + ".zh-CN.md")) {
                if (MEASURED.contains(page)) {
                    pages.add(page);
                }
            }
        }
        return pages;
    }

    @Test
    void everyFigureTheReadmesQuoteIsOnTheMeasurementPageItsParagraphLinks() throws Exception {
        for (String readme : READMES) {
            int quoted = 0;
            for (String paragraph : Files.readString(Launch.ROOT.resolve(readme)).split("\n\\s*\n")) {
                List<Figure> figures = figures(paragraph);
                if (figures.isEmpty()) {
                    continue;
                }
                quoted += figures.size();
                List<Figure> measured = new ArrayList<>();
                for (String page : linked(paragraph)) {
                    measured.addAll(figures(Files.readString(Launch.ROOT.resolve(page))));
                }
                assertThat(figures).as("%s: figures of a paragraph that are not on the measurement page it links (%s):%n%s",
                        readme, linked(paragraph), paragraph).allMatch(f -> has(measured, f));
            }
            assertThat(quoted).as(readme + "'s figures").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aFigureTypedByHandIsCaught() {
        List<Figure> measured = figures("lesson 01 at 128 ranks: 13.1 s; a message 0.5 µs (1.9 and 2.1 µs slower)");
        assertThat(figures("about 13 s, 0.5–2 µs").stream().allMatch(f -> has(measured, f))).isTrue();
        assertThat(has(measured, figures("about 12 s").get(0))).isFalse();
        assertThat(has(measured, figures("0.4 µs").get(0))).isFalse();
        assertThat(figures("prints `0.653 s` as it ends")).isEmpty();
        assertThat(linked("about 13 s: [docs/scale.md](docs/scale.md); [x](docs/lessons.md)")).containsExactly(
                "docs/scale.md", "docs/scale.zh-CN.md");
    }
}
