//SOURCES ../library/launcher/*.java
package launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one line splitter for the ranks' output: whole lines, bytes unchanged, however the bytes arrive. */
@Tag("quick")
@DisplayName("line splitter (unit)")
class LineSplitTest {

    private final List<String> lines = new ArrayList<>();
    private final Lines splitter = new Lines((b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)));

    private void feed(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(b, 0, b.length);
    }

    @Test
    void linesComeWholeWithoutTheirBreaksWhereverTheChunksEnd() {
        feed("one\ntw");
        assertThat(lines).containsExactly("one");
        feed("o\r");
        feed("\nthree\r\n\nfo");
        assertThat(lines).containsExactly("one", "two", "three", "");
        splitter.end();
        assertThat(lines).containsExactly("one", "two", "three", "", "fo");
        splitter.end();
        assertThat(lines).hasSize(5);
    }

    @Test
    void bytesPassUnchangedEvenWhereTheyAreNotUtf8() {
        List<byte[]> got = new ArrayList<>();
        Lines raw = new Lines((b, off, len) -> got.add(java.util.Arrays.copyOfRange(b, off, off + len)));
        byte[] in = {(byte) 0xff, 'a', (byte) 0xe4, '\n', (byte) 0xc3};
        raw.feed(in, 0, 4);
        raw.feed(in, 4, 1);
        raw.end();
        assertThat(got).containsExactly(new byte[] {(byte) 0xff, 'a', (byte) 0xe4}, new byte[] {(byte) 0xc3});
    }

    @Test
    void aLongLineGrowsTheBuffer() {
        String longLine = "x".repeat(100_000);
        feed(longLine.substring(0, 300));
        feed(longLine.substring(300) + "\n");
        assertThat(lines).containsExactly(longLine);
    }

    @Test
    void aFollowedStreamEndsWithItsLastUnfinishedLine() throws Exception {
        Thread t = Lines.follow(new ByteArrayInputStream("a\nb\r\nc".getBytes(StandardCharsets.UTF_8)), "test",
                (b, off, len) -> {
                    synchronized (lines) {
                        lines.add(new String(b, off, len, StandardCharsets.UTF_8));
                    }
                });
        t.join();
        assertThat(lines).containsExactly("a", "b", "c");
    }

    @Test
    void threadRanksLinesAreTaggedWithTheirRankAndDrainedAtTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, true);
        InheritableThreadLocal<Integer> rankOf = new InheritableThreadLocal<>();
        Output.ThreadLines lines = new Output.ThreadLines(output, false, rankOf);
        Thread rank3 = new Thread(() -> {
            rankOf.set(3);
            lines.write("hello ".getBytes(StandardCharsets.UTF_8), 0, 6);
            lines.write("world\nno break".getBytes(StandardCharsets.UTF_8), 0, 14);
        });
        rank3.start();
        rank3.join();
        lines.drain();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[3] hello world\n[3] no break\n");
    }
}
