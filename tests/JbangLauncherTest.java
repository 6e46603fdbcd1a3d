import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jbang launcher that scripts/setup installs (scripts/jbang-launcher): it reuses the java
 * command jbang printed for a script while the script's files are unchanged, and after an edit of
 * the script alone compiles only the script against the shared code its //SOURCES chain names. A
 * reused command must behave exactly like a fresh one, and a changed file must never be served
 * stale, however deep in the chain.
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
        return run(Map.of(), dir, script, args);
    }

    private Launch.Result run(Map<String, String> env, Path in, Path script, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = jbang.toString();
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        return Launch.start(env, in, cmd).await();
    }

    /** Runs SCRIPT and checks that it printed exactly LINES and nothing on stderr. */
    private void prints(Path script, String... lines) throws Exception {
        Launch.Result r = run(script);
        assertThat(r.out()).as(r.toString()).containsExactly(lines);
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Runs SCRIPT, which was built before, and checks that jbang did not build it (nothing on stderr). */
    private void printsWithoutJbang(Path script, String... lines) throws Exception {
        Launch.Result r = run(script);
        assertThat(r.out()).as(r.toString()).containsExactly(lines);
        assertThat(r.err()).as(r.toString()).isEmpty();
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
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

    @Test
    void anEditedScriptIsCompiledAloneAndShowsTheEditAtOnce() throws Exception {
        Path script = dir.resolve("edit.java");
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/Part.java"), "class Part { static String word() { return \"shared\"; } }\n");
        Files.writeString(script, """
                //SOURCES parts/*.java
                class Edit {
                    public static void main(String[] args) {
                        System.out.println("first " + Part.word());
                    }
                }
                """);
        prints(script, "first shared");

        for (String word : List.of("second", "third", "first")) {
            replace(script, Files.readString(script).replaceAll("(?s).*println\\(\"(\\w+) .*", "$1") + " ", word + " ");
            printsWithoutJbang(script, word + " shared");
        }

        // A class the edit removes is gone: nothing of the earlier build is left on the class path.
        Files.writeString(script, """
                //SOURCES parts/*.java
                class Edit {
                    static class Gone { }
                    public static void main(String[] args) throws Exception {
                        System.out.println(Class.forName("Edit$Gone").getSimpleName());
                    }
                }
                """);
        printsWithoutJbang(script, "Gone");
        replace(script, "static class Gone { }", "");
        Launch.Result r = run(script);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(String.join("\n", r.err())).contains("ClassNotFoundException: Edit$Gone");
    }

    @Test
    void anEditAnywhereInADeepSourcesChainIsSeen() throws Exception {
        // top names mid, mid names every file in parts/, as lesson 05 names lesson 02, which names the launcher.
        Files.createDirectories(dir.resolve("lib/parts"));
        Path top = dir.resolve("top.java");
        Path mid = dir.resolve("lib/mid.java");
        Path part = dir.resolve("lib/parts/Part.java");
        Files.writeString(top, """
                //SOURCES lib/mid.java
                class Top {
                    public static void main(String[] args) {
                        System.out.println("top " + Mid.word() + " " + Part.word());
                    }
                }
                """);
        Files.writeString(mid, "//SOURCES parts/*.java\nclass Mid { static String word() { return \"mid\"; } }\n");
        Files.writeString(part, "class Part { static String word() { return \"part\"; } }\n");
        prints(top, "top mid part");
        printsWithoutJbang(top, "top mid part");

        replace(part, "\"part\"", "\"part edited\"");
        prints(top, "top mid part edited");
        replace(mid, "\"mid\"", "\"mid edited\"");
        prints(top, "top mid edited part edited");
        replace(top, "\"top \"", "\"top edited \"");
        printsWithoutJbang(top, "top edited mid edited part edited");

        // A file added where a //SOURCES glob looks is part of the next build.
        Files.writeString(dir.resolve("lib/parts/Extra.java"), "class Extra { static String word() { return \"extra\"; } }\n");
        replace(part, "return \"part edited\"", "return Extra.word()");
        prints(top, "top edited mid edited extra");
    }

    @Test
    void everyLessonSeesAnEditOfTheSharedLauncher(@TempDir Path copy) throws Exception {
        // A copy of the project, so that the project itself is never edited.
        ReadmeTest.copyProject(copy);
        Path mpiexec;
        try (Stream<Path> all = Files.walk(copy)) {
            mpiexec = all.filter(p -> p.getFileName().toString().equals("Mpiexec.java")).findFirst().orElseThrow();
        }
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", Setup.mpjHome().toString());
        List<Path> lessons = new ArrayList<>();
        try (Stream<Path> all = Files.list(copy.resolve("lessons"))) {
            for (Path l : all.sorted().toList()) {
                if (Files.readString(l).contains("//SOURCES ../library/launcher/*.java")) {
                    lessons.add(l);
                }
            }
        }
        assertThat(lessons).hasSizeGreaterThanOrEqualTo(5);
        String usage = "Launcher options";
        String edited = "Edited launcher options";
        for (Path lesson : lessons) {
            Launch.Result r = run(env, copy, lesson, "-help");
            assertThat(String.join("\n", r.out())).as(r.toString()).contains(usage).doesNotContain(edited);
        }

        replace(mpiexec, usage, edited);

        for (Path lesson : lessons) {
            Launch.Result r = run(env, copy, lesson, "-help");
            assertThat(String.join("\n", r.out())).as(r.toString()).contains(edited).doesNotContain(usage);
            assertThat(r.exit()).as(r.toString()).isZero();
        }
    }

    @Test
    void dependenciesStayOnTheClassPathAfterAnEdit() throws Exception {
        // AssertJ is in the local Maven repository: the tests themselves use it.
        Path script = dir.resolve("deps.java");
        Files.writeString(script, """
                //DEPS org.assertj:assertj-core:3.27.7
                class Deps {
                    public static void main(String[] args) {
                        System.out.println("one " + org.assertj.core.api.Assertions.class.getSimpleName());
                    }
                }
                """);
        prints(script, "one Assertions");
        replace(script, "\"one \"", "\"two \"");
        printsWithoutJbang(script, "two Assertions");
    }

    @Test
    void compileOptionsAreHonouredAfterAnEdit() throws Exception {
        // A Chinese comment compiles in a C locale only with the encoding given.
        Path script = dir.resolve("options.java");
        Files.writeString(script, """
                //COMPILE_OPTIONS -encoding UTF-8
                // 第一课：你好
                class Options {
                    public static void main(String[] args) {
                        System.out.println("one");
                    }
                }
                """);
        Map<String, String> c = Map.of("LC_ALL", "C", "LANG", "C");
        Launch.Result first = run(c, dir, script);
        assertThat(first.out()).as(first.toString()).containsExactly("one");

        replace(script, "\"one\"", "\"two\"");
        Launch.Result edited = run(c, dir, script);
        assertThat(edited.out()).as(edited.toString()).containsExactly("two");
        assertThat(edited.err()).as(edited.toString()).isEmpty();
    }

    @Test
    void aDependencyNamedByAnEnvironmentVariableFollowsIt() throws Exception {
        // Two folders with a jar of the same name and different content, as two MPJ_HOMEs.
        for (String home : List.of("a", "b")) {
            Path src = Files.createDirectories(dir.resolve(home + "/src"));
            Files.writeString(src.resolve("Lib.java"), "public class Lib { public static String home() { return \"" + home + "\"; } }\n");
            assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(),
                    src.resolve("Lib.java").toString())).isZero();
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(home + "/lib.jar")))) {
                jar.putNextEntry(new JarEntry("Lib.class"));
                Files.copy(src.resolve("Lib.class"), jar);
            }
        }
        Path script = dir.resolve("home.java");
        Files.writeString(script, """
                //DEPS ${env.LESSON_HOME}/lib.jar
                class Home {
                    public static void main(String[] args) {
                        System.out.println(Lib.home());
                    }
                }
                """);
        for (String home : List.of("a", "b", "a")) {
            Launch.Result r = run(Map.of("LESSON_HOME", dir.resolve(home).toString()), dir, script);
            assertThat(r.out()).as(r.toString()).containsExactly(home);
        }
    }

    @Test
    void aDependencyRebuiltWithANewDependencyOfItsOwnIsResolvedAgain() throws Exception {
        // A Maven artifact of our own (as scripts/setup installs the lessons' library), first alone,
        // then rebuilt to use a second artifact: the kept class path lacks the second one.
        Path repo = Files.createDirectories(dir.resolve("repo"));
        install(repo, "lib", "public class Lib { public static String say() { return \"alone\"; } }", null);
        Path script = dir.resolve("uses.java");
        Files.writeString(script, """
                //DEPS local.test:lib:1
                class Uses {
                    public static void main(String[] args) {
                        System.out.println(Lib.say());
                    }
                }
                """);
        Map<String, String> env = Map.of("JBANG_REPO", repo.toString());
        for (String want : List.of("alone", "alone")) {
            Launch.Result r = run(env, dir, script);
            assertThat(r.out()).as(r.toString()).containsExactly(want);
        }
        install(repo, "other", "public class Other { public static String say() { return \"with another\"; } }", null);
        install(repo, "lib", "public class Lib { public static String say() { return Other.say(); } }", "other");
        Launch.Result r = run(env, dir, script);
        assertThat(r.out()).as(r.toString()).containsExactly("with another");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Installs local.test:NAME:1 into the Maven repository REPO: the one class SOURCE, depending on local.test:DEPENDS:1. */
    private void install(Path repo, String name, String source, String depends) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + name + System.nanoTime()));
        String cls = source.replaceAll("(?s)public class (\\w+).*", "$1");
        Files.writeString(src.resolve(cls + ".java"), source);
        List<String> javac = new ArrayList<>(List.of("-d", src.toString(), "-cp", repo.resolve("local/test/other/1/other-1.jar").toString(),
                src.resolve(cls + ".java").toString()));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new))).isZero();
        Path at = Files.createDirectories(repo.resolve("local/test/" + name + "/1"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(at.resolve(name + "-1.jar")))) {
            jar.putNextEntry(new JarEntry(cls + ".class"));
            Files.copy(src.resolve(cls + ".class"), jar);
        }
        String dependency = depends == null ? "" : "<dependencies><dependency><groupId>local.test</groupId><artifactId>"
                + depends + "</artifactId><version>1</version></dependency></dependencies>";
        Files.writeString(at.resolve(name + "-1.pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
                + "</modelVersion><groupId>local.test</groupId><artifactId>" + name + "</artifactId><version>1</version>"
                + dependency + "</project>\n");
    }

    @Test
    void aRenamedMainClassAndAnEditThatBreaksTheBuildAreHandled() throws Exception {
        Path script = dir.resolve("rename.java");
        Files.writeString(script, "class First { public static void main(String[] a) { System.out.println(\"first\"); } }\n");
        prints(script, "first");

        Files.writeString(script, "class Second { public static void main(String[] a) { System.out.println(\"second\"); } }\n");
        prints(script, "second");

        replace(script, "System.out.println", "System.out.printline");
        Launch.Result broken = run(script);
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
        assertThat(String.join("\n", broken.err())).as(broken.toString()).contains("cannot find symbol", "printline");
        assertThat(broken.out()).as(broken.toString()).isEmpty();

        replace(script, "System.out.printline", "System.out.println");
        printsWithoutJbang(script, "second");
    }
}
