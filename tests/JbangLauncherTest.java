import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jbang launcher that scripts/setup installs (scripts/jbang-launcher): it reuses the java
 * command jbang printed for a script while the script's files are unchanged. A reused command
 * must behave exactly like a fresh one, and a changed file must never be served stale.
 */
@DisplayName("jbang launcher")
class JbangLauncherTest {

    @TempDir
    Path dir;
    private Path jbang;

    @BeforeEach
    void installLauncherBesideTheJbangJar() throws Exception {
        Path jar = Setup.jbangJar();
        assumeThat(jar).as("these tests need the jbang launcher scripts/setup installs (jbang.jar beside it); this"
                + " machine's jbang is " + Setup.jbang() + ", installed otherwise").isNotNull();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        jbang = bin.resolve("jbang");
        Files.copy(Launch.ROOT.resolve("scripts/jbang-launcher"), jbang);
        jbang.toFile().setExecutable(true);
        Files.copy(jar, bin.resolve("jbang.jar"));
    }

    private Launch.Result run(Path script, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = jbang.toString();
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        return Launch.start(Map.of(), dir, cmd).await();
    }

    @Test
    void argumentsReachTheProgramUnchangedEveryTime() throws Exception {
        Path script = dir.resolve("echo.java");
        Files.writeString(script, """
                class Echo {
                    public static void main(String[] args) {
                        System.out.println(args.length);
                        for (String a : args) System.out.println("[" + a + "]");
                    }
                }
                """);
        String[] args = {"a b", "$HOME", "*", "", "it's", "\"quoted\"", "-np", "3"};
        String[] expected = {"8", "[a b]", "[$HOME]", "[*]", "[]", "[it's]", "[\"quoted\"]", "[-np]", "[3]"};

        Launch.Result first = run(script, args);
        Launch.Result again = run(script, args);
        Launch.Result none = run(script);

        assertThat(first.out()).as(first.toString()).containsExactly(expected);
        assertThat(again.out()).as(again.toString()).containsExactly(expected);
        assertThat(none.out()).as(none.toString()).containsExactly("0");
    }

    @Test
    void aChangedOrAddedSourceFileIsBuiltNotServedStale() throws Exception {
        Path script = dir.resolve("greet.java");
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(script, """
                //SOURCES parts/*.java
                class Greet {
                    public static void main(String[] args) throws Exception {
                        System.out.println(Part.word());
                        try {
                            Class.forName("Extra");
                            System.out.println("extra");
                        } catch (ClassNotFoundException e) {
                            System.out.println("no extra");
                        }
                    }
                }
                """);
        Files.writeString(dir.resolve("parts/Part.java"), "class Part { static String word() { return \"one\"; } }\n");
        assertThat(run(script).out()).containsExactly("one", "no extra");
        assertThat(run(script).out()).containsExactly("one", "no extra");

        Files.writeString(dir.resolve("parts/Part.java"), "class Part { static String word() { return \"two\"; } }\n");
        assertThat(run(script).out()).containsExactly("two", "no extra");

        Files.writeString(dir.resolve("parts/Extra.java"), "class Extra { }\n");
        assertThat(run(script).out()).containsExactly("two", "extra");
    }

    @Test
    void aBuildErrorIsReportedWithJbangsStatus() throws Exception {
        Path script = dir.resolve("broken.java");
        Files.writeString(script, "class Broken { public static void main(String[] a) { nope(); } }\n");

        Launch.Result r = run(script);

        assertThat(r.exit()).as(r.toString()).isNotZero().isNotEqualTo(255);
        assertThat(String.join("\n", r.err())).contains("cannot find symbol");
    }
}
