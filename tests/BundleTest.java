import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The offline bundle (scripts/bundle) as a researcher uses it on a cluster: made here, then
 * unpacked and used by an ordinary account in a network namespace with no route out, with an
 * empty HOME and neither apt-get, dpkg-deb nor java on its PATH (the bundle brings its JDK).
 */
@DisplayName("offline bundle")
class BundleTest {

    static Account account;
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void makeTheBundle() throws Exception {
        Assumptions.assumeTrue(Setup.offlineBundle() == null, "this checkout is itself an offline bundle; bundles are"
                + " made from a clone");
        account = Account.make("mpj-offline", "sudo scripts/test BundleTest");
        Launch.Result probe = Launch.start("unshare", "--net", "true").await();
        Assumptions.assumeTrue(probe.exit() == 0, "this machine cannot make network namespaces: " + probe.err());
        dir = Files.createTempDirectory(Path.of("/tmp"), "mpj-offline-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        bundle = dir.resolve("mpj-lessons.tar.gz");
        long start = System.nanoTime();
        Launch.Result made = Launch.start("scripts/bundle", bundle.toString(), "--with-jdk").await(Duration.ofMinutes(10));
        assertThat(made.exit()).as(made.toString()).isZero();
        System.out.printf("bundle: made in %.0f s, %d MB with the JDK%n", (System.nanoTime() - start) / 1e9,
                Files.size(bundle) >> 20);
        assertThat(dir.resolve("mpj-lessons.tar.gz.sha256")).isRegularFile();
    }

    @AfterAll
    static void removeAll() throws Exception {
        if (dir != null) {
            Launch.start("rm", "-rf", dir.toString()).await();
        }
        if (account != null) {
            account.remove();
        }
    }

    @Test
    void withNoNetworkNoRootNoAptAndAnEmptyHomeTheReadmesCommandsWork() throws Exception {
        Path cluster = Files.createDirectories(dir.resolve("cluster"));
        Files.copy(bundle, cluster.resolve("mpj-lessons.tar.gz"));
        Files.copy(dir.resolve("mpj-lessons.tar.gz.sha256"), cluster.resolve("mpj-lessons.tar.gz.sha256"));
        Path home = Files.createDirectories(cluster.resolve("home"));
        account.own(cluster);
        try (BinFolder bin = BinFolder.without(BinFolder.DEBIAN, true)) {
            // Nothing but HOME, PATH and the locale a login shell sets (Java writes ✓ as ? in the C locale).
            Map<String, String> env = Map.of("HOME", home.toString(), "PATH", bin.path().toString(), "LANG", "C.UTF-8");
            // Unpacked as the bundle's own last line says, then lesson 01.
            long start = System.nanoTime();
            Launch.Result hello = account.start(env, cluster, "sha256sum -c mpj-lessons.tar.gz.sha256 && tar xzf"
                    + " mpj-lessons.tar.gz && cd mpj-lessons && scripts/jbang lessons/01_hello.java -np 3", true).await();
            assertThat(hello.exit()).as(hello.toString()).isZero();
            assertThat(hello.out()).as(hello.toString()).containsExactlyInAnyOrder("mpj-lessons.tar.gz: OK",
                    "rank 1: Hello, world", "rank 2: idle");
            assertThat(hello.err()).as(hello.toString()).anyMatch(l -> l.startsWith("setup: using the offline bundle in "
                    + cluster.resolve("mpj-lessons/offline") + " (made "));
            System.out.printf("bundle: unpacked and lesson 01 run in %.0f s%n", (System.nanoTime() - start) / 1e9);

            // A study of one's own from the template, outside the project, to its CSV.
            Path project = cluster.resolve("mpj-lessons");
            Launch.Result study = account.start(env, project, "scripts/jbang init -t sweep ../study/MyStudy.java && cd"
                    + " ../study && ../mpj-lessons/scripts/jbang MyStudy.java -np 2 --damping 0.01:0.5:3 --quiet", true).await();
            assertThat(study.exit()).as(study.toString()).isZero();
            List<String> csv = Files.readAllLines(cluster.resolve("study/sweep.csv"));
            assertThat(csv).first().isEqualTo("damping,stiffness,spring,amplitude,energy,rank,start,seconds,run");
            assertThat(csv).hasSize(1 + 3 * 3 * 2);

            // The quick tests, in the bundle, offline.
            start = System.nanoTime();
            Launch.Result tests = account.start(env, project, "scripts/test --quick", true).await(Duration.ofMinutes(15));
            assertThat(tests.exit()).as(tests.toString()).isZero();
            assertThat(tests.out()).as(tests.toString()).last().asString().matches("tests: [1-9]\\d* passed, 0 failed, \\d+ skipped");
            System.out.printf("bundle: scripts/test --quick offline in %.0f s: %s%n", (System.nanoTime() - start) / 1e9,
                    tests.out().get(tests.out().size() - 1));
            assertThat(tests.leftovers()).as(tests.toString()).isEmpty();

            // Nothing was written outside the unpacked bundle, the study and the empty HOME.
            try (Stream<Path> left = Files.list(cluster)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mpj-lessons.tar.gz",
                        "mpj-lessons.tar.gz.sha256", "home", "mpj-lessons", "study");
            }
        }
    }

    @Test
    void aBundleCutShortOrFromAnotherVersionIsOneLineAndStatus2() throws Exception {
        // Cut short while copying: tar says so, and what it unpacked is refused before anything runs.
        Path cut = Files.createDirectories(dir.resolve("cut"));
        byte[] whole = Files.readAllBytes(bundle);
        Files.write(cut.resolve("b.tar.gz"), java.util.Arrays.copyOf(whole, whole.length - whole.length / 10));
        Launch.Result tar = Launch.start(Map.of(), cut, "tar", "xzf", "b.tar.gz").await();
        assertThat(tar.exit()).as(tar.toString()).isNotZero();
        Path data = Files.createDirectories(cut.resolve("data"));
        Map<String, String> env = Map.of("XDG_DATA_HOME", data.toString());
        Path project = cut.resolve("mpj-lessons");
        Launch.Result r = Launch.start(env, project, "scripts/jbang", "lessons/01_hello.java").await();
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).containsExactly("setup: " + project.resolve("offline") + " is not a whole"
                + " offline bundle (no offline/BUNDLE: the archive was cut short?); copy it again, check it with sha256sum -c"
                + " FILE.tar.gz.sha256 and unpack it anew");

        // Whole, but made by another version of the project.
        Path other = Files.createDirectories(dir.resolve("other"));
        assertThat(Launch.start(Map.of(), other, "tar", "xzf", bundle.toString()).await().exit()).isZero();
        Path described = other.resolve("mpj-lessons/offline/BUNDLE");
        Files.writeString(described, Files.readString(described).replaceFirst("jbang: .*", "jbang: 0.99.0"));
        r = Launch.start(env, other.resolve("mpj-lessons"), "scripts/jbang", "lessons/01_hello.java").await();
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).containsExactly("setup: " + other.resolve("mpj-lessons/offline") + " was made"
                + " by another version of this project (format 1, jbang 0.99.0; this checkout wants format 1, jbang 0.132.1);"
                + " make a new bundle from this checkout with scripts/bundle");

        // Whole and of this version, but a file in it damaged: named, and nothing is marked as checked.
        Files.writeString(described, Files.readString(described).replaceFirst("jbang: .*", "jbang: 0.132.1"));
        Path jar = other.resolve("mpj-lessons/offline/mpj-express/lib/mpi.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        r = Launch.start(env, other.resolve("mpj-lessons"), "scripts/jbang", "lessons/01_hello.java").await();
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).containsExactly("setup: " + other.resolve("mpj-lessons/offline") + " is damaged"
                + " (mpj-express/lib/mpi.jar: FAILED); copy the bundle again, check it with sha256sum -c FILE.tar.gz.sha256"
                + " and unpack it anew");
        try (Stream<Path> left = Files.walk(data)) {
            assertThat(left.filter(Files::isRegularFile)).as("files written in " + data).isEmpty();
        }
    }
}
