import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up on a machine that has nothing but a JDK: a copy of the project, a new home folder,
 * a PATH with only the JDK and the system's basic tools, no MPJ_HOME. It downloads jbang from
 * Maven Central and MPJ Express from Debian's packages, as a new user's first command does.
 */
@DisplayName("set-up on a fresh machine")
class SetupTest {

    @org.junit.jupiter.api.BeforeAll
    static void notInAnOfflineBundle() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Setup.offlineBundle() == null, Setup.offlineBundle());
    }

    @Test
    void theFirstCommandInstallsWhatIsMissingAndANewShellHasIt(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("project");
        Path home = Files.createDirectories(tmp.resolve("home"));
        copy(Launch.ROOT.resolve("scripts"), project.resolve("scripts"));
        copy(Launch.ROOT.resolve("lessons"), project.resolve("lessons"));
        copy(Launch.ROOT.resolve("library"), project.resolve("library"));
        Map<String, String> env = freshMachine(home);

        // The README's first command.
        Launch.Result first = Launch.start(env, project, "scripts/jbang", "lessons/01_hello.java", "-np", "3").await();

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).as(first.toString()).containsExactlyInAnyOrder("rank 1: Hello, world", "rank 2: idle");
        assertThat(first.err()).as(first.toString())
                .anyMatch(l -> l.startsWith("setup: installing jbang "))
                .anyMatch(l -> l.startsWith("setup: installing MPJ Express 0.44 from Debian's package libmpj-java"));
        assertThat(home.resolve(".jbang/bin/jbang")).isExecutable();
        assertThat(home.resolve(".jbang/bin/jbang.jar")).isRegularFile();
        Path mpj = home.resolve(".local/share/mpj-express");
        assertThat(mpj.resolve("lib/mpj.jar")).isRegularFile();
        assertThat(mpj.resolve("lib/log4j-1.2.jar")).isRegularFile();
        assertThat(mpj.resolve("bin/mpjrun.sh")).isExecutable();
        try (Stream<Path> left = Files.list(project)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("scripts", "lessons", "library");
        }

        // Run again: nothing more to install, nothing said about it.
        Launch.Result again = Launch.start(env, project, "scripts/jbang", "lessons/01_hello.java", "-np", "2").await();
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).as(again.toString()).noneMatch(l -> l.startsWith("setup:"));

        // A new login shell and a new interactive shell: plain jbang, MPJ_HOME and mpjrun.sh are there.
        for (String shell : new String[] {"-lc", "-ic"}) {
            Launch.Result fresh = Launch.start(env, project, "bash", shell,
                    "jbang lessons/01_hello.java -np 2 && echo \"MPJ_HOME=$MPJ_HOME\" && command -v mpjrun.sh").await();
            assertThat(fresh.exit()).as(fresh.toString()).isZero();
            assertThat(fresh.out()).as(fresh.toString()).containsExactly("rank 1: Hello, world",
                    "MPJ_HOME=" + mpj, mpj.resolve("bin/mpjrun.sh").toString());
        }

        // HOME is not the account's home folder here (Java's user.home is): the install check, which
        // is Java, finds jbang and MPJ Express where the shell scripts put them.
        Launch.Result check = Launch.start(env, project, "scripts/jbang", "lessons/00_install_check.java").await();
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).as(check.toString())
                .contains("✓ MPJ Express 0.44 at " + mpj).anyMatch(l -> l.startsWith("✓ jbang "));

        // A user who installed MPJ Express the usual way: MPJ_HOME points at it, wherever it is.
        Path elsewhere = tmp.resolve("opt/mpj");
        Files.createDirectories(elsewhere.getParent());
        Files.move(mpj, elsewhere);
        Map<String, String> usual = new HashMap<>(env);
        usual.put("MPJ_HOME", elsewhere.toString());
        Launch.Result plain = Launch.start(usual, project, home.resolve(".jbang/bin/jbang").toString(),
                "lessons/01_hello.java", "-np", "2", "-dev", "niodev").await();
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.out()).as(plain.toString()).containsExactly("rank 1: Hello, world");

        // The checkout moves and MPJ_HOME, from the start-up file an earlier version wrote, points at
        // nothing: scripts/setup says so, installs MPJ Express again and repairs the start-up files.
        Files.writeString(home.resolve(".bashrc"), Files.readString(home.resolve(".bashrc")).replace(
                "export MPJ_HOME=\"${MPJ_HOME:-" + mpj + "}\"", "export MPJ_HOME=\"${MPJ_HOME:-" + tmp.resolve("gone") + "}\""));
        Map<String, String> stale = new HashMap<>(env);
        stale.put("MPJ_HOME", tmp.resolve("gone").toString());
        Launch.Result repaired = Launch.start(stale, project, "scripts/jbang", "lessons/01_hello.java", "-np", "2").await();
        assertThat(repaired.exit()).as(repaired.toString()).isZero();
        assertThat(repaired.err()).as(repaired.toString()).contains("setup: MPJ_HOME=" + tmp.resolve("gone")
                + ", set in " + home.resolve(".bashrc") + " by an earlier scripts/setup, no longer exists; using " + mpj + " instead");
        assertThat(Files.readString(home.resolve(".bashrc"))).contains("export MPJ_HOME=\"${MPJ_HOME:-" + mpj + "}\"")
                .doesNotContain(tmp.resolve("gone").toString());
    }

    @Test
    void noProfileIsRemembered(@TempDir Path tmp) throws Exception {
        // jbang and MPJ Express are there; only the start-up files are in question.
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = freshMachine(home);
        env.put("PATH", Path.of(Setup.jbang()).getParent() + ":" + env.get("PATH"));
        env.put("XDG_DATA_HOME", Files.createDirectories(tmp.resolve("data")).toString());
        Files.createSymbolicLink(tmp.resolve("data/mpj-express"), Setup.mpjHome());

        Launch.Result first = Launch.start(env, Launch.ROOT, "scripts/setup", "--no-profile").await();
        assertThat(first.exit()).as(first.toString()).isZero();
        Launch.Result later = Launch.start(env, Launch.ROOT, "scripts/jbang", "--version").await();
        assertThat(later.exit()).as(later.toString()).isZero();
        assertThat(home.resolve(".bashrc")).doesNotExist();
        assertThat(home.resolve(".profile")).doesNotExist();

        // --profile changes the choice back.
        Launch.Result again = Launch.start(env, Launch.ROOT, "scripts/setup", "--profile").await();
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Files.readString(home.resolve(".bashrc"))).contains("# >>> mpj-lessons (scripts/setup) >>>",
                "export MPJ_HOME=\"${MPJ_HOME:-" + tmp.resolve("data/mpj-express") + "}\"");
        Files.delete(tmp.resolve("data/mpj-express")); // a link to the real one, which must stay
    }

    @Test
    void aMissingJavaCompilerIsNamedNotHidden(@TempDir Path tmp) throws Exception {
        // A PATH whose java is a runtime without javac, and no jbang yet: set-up says what to install.
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path jre = Files.createDirectories(tmp.resolve("jre/bin"));
        Files.writeString(jre.resolve("java"), "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " \"$@\"\n");
        jre.resolve("java").toFile().setExecutable(true);
        Files.copy(Path.of(System.getProperty("java.home"), "release"), tmp.resolve("jre/release"));
        Map<String, String> env = freshMachine(home);
        env.put("PATH", jre + ":/usr/bin:/bin");
        env.put("JAVA_HOME", tmp.resolve("jre").toString());

        Launch.Result r = Launch.start(env, Launch.ROOT, "/bin/bash", "scripts/setup").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).hasSize(1).first().asString().startsWith("setup: ").contains("javac");
    }

    @Test
    void withoutAptMpjExpressComesFromItsReleaseAndBadOnesAreRefusedWithNothingLeft(@TempDir Path tmp) throws Exception {
        // MPJ Express's release, mpj-v0_44.tar.gz, made from the jars installed here, laid out as upstream's.
        Path download = Files.createDirectories(tmp.resolve("download"));
        Launch.Result layout = Launch.start("tests/support/upstream-mpj", download.resolve("mpj-v0_44").toString()).await();
        assertThat(layout.exit()).as(layout.toString()).isZero();
        Path tarball = download.resolve("mpj-v0_44.tar.gz");
        Launch.Result tar = Launch.start("tar", "-czf", tarball.toString(), "-C", download.toString(), "mpj-v0_44").await();
        assertThat(tar.exit()).as(tar.toString()).isZero();

        // A machine that is not Debian: no apt-get, no dpkg-deb; jbang is there already.
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (BinFolder bin = BinFolder.without(BinFolder.DEBIAN, false)) {
            Map<String, String> env = freshMachine(home);
            env.put("PATH", Path.of(Setup.jbang()).getParent() + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                    + bin.path());
            setUpWithoutApt(tmp, env, tarball, download.resolve("mpj-v0_44"));
        }
    }

    private static void setUpWithoutApt(Path tmp, Map<String, String> env, Path tarball, Path folder) throws Exception {
        Path data = Path.of(env.get("HOME"), ".local/share");

        Launch.Result none = Launch.start(env, Launch.ROOT, "scripts/setup").await();
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).as(none.toString()).containsExactly("setup: MPJ Express not found, and there is no apt-get"
                + " here to install Debian's package; three ways in: unpack an offline bundle made with scripts/bundle on a"
                + " machine with the network (docs/cluster.md); or run scripts/setup --mpj mpj-v0_44.tar.gz with MPJ Express's"
                + " release (https://sourceforge.net/projects/mpjexpress/files/releases/ (mpj-v0_44.tar.gz)); or load a module"
                + " that sets MPJ_HOME (module avail mpj)");

        // A download cut short, a folder without one of the jars: one line each, nothing installed, nothing left.
        byte[] whole = Files.readAllBytes(tarball);
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Launch.Result shortFile = Launch.start(env, Launch.ROOT, "scripts/setup", "--mpj", cut.toString()).await();
        assertThat(shortFile.exit()).as(shortFile.toString()).isEqualTo(2);
        assertThat(shortFile.err()).as(shortFile.toString()).hasSize(1).first().asString()
                .startsWith("setup: --mpj " + cut + ": not a whole .tar.gz (").endsWith("); download it again");
        Path partial = tmp.resolve("partial");
        Files.move(folder, partial);
        Files.delete(partial.resolve("lib/mpi.jar"));
        Launch.Result lacking = Launch.start(env, Launch.ROOT, "scripts/setup", "--mpj", partial.toString()).await();
        assertThat(lacking.exit()).as(lacking.toString()).isEqualTo(2);
        assertThat(lacking.err()).as(lacking.toString()).containsExactly("setup: --mpj " + partial + ": not a whole MPJ"
                + " Express 0.44 (lib/mpi.jar is missing); give mpj-v0_44.tar.gz or the folder it unpacks to");
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left).as("what the refused installs left in " + data).isEmpty();
        }

        // The release itself: installed where Debian's would go, and the lessons run with it.
        Launch.Result good = Launch.start(env, Launch.ROOT, "scripts/setup", "--mpj", tarball.toString()).await();
        assertThat(good.exit()).as(good.toString()).isZero();
        assertThat(good.err()).as(good.toString()).contains("setup: installing MPJ Express from " + tarball + " into "
                + data.resolve("mpj-express"));
        assertThat(data.resolve("mpj-express/lib/log4j-1.2.11.jar")).isRegularFile();
        Launch.Result hello = Launch.start(env, Launch.ROOT, "scripts/jbang", "lessons/01_hello.java", "-np", "2", "-dev",
                "niodev").await();
        assertThat(hello.exit()).as(hello.toString()).isZero();
        assertThat(hello.out()).as(hello.toString()).containsExactly("rank 1: Hello, world");
    }

    /** The environment of a machine with a JDK and nothing else of ours: no jbang, no MPJ_HOME. */
    private static Map<String, String> freshMachine(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        for (String name : new String[] {"MPJ_HOME", "JAVA_HOME", "JBANG_DIR", "JBANG_JAVA_OPTIONS", "JBANG_LAUNCH_CMD",
                "JBANG_RUNTIME_SHELL", "JBANG_STDIN_NOTTY", "MPJ_DEVICE"}) {
            env.put(name, null);
        }
        return env;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
