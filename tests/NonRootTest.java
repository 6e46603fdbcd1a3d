import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's quick start on an ordinary account: no root, nothing installed yet, with HOME where
 * the account database says and elsewhere (as containers, CI systems and clusters set it). A copy
 * of the project is run by a second account that this test makes and removes again.
 */
@DisplayName("first contact on an account without root")
class NonRootTest {

    static Account account;
    static Path dir;

    @BeforeAll
    static void makeAccount() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Setup.offlineBundle() == null, Setup.offlineBundle());
        account = Account.make("mpj-learner", "sudo scripts/test NonRootTest");
        dir = Files.createTempDirectory(Path.of("/tmp"), "mpj-nonroot-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // The project as a clone has it: the files git knows, nothing installed.
        Launch.Result files = Launch.start("git", "ls-files", "-z").await();
        for (String f : String.join("\n", files.out()).split("\0")) {
            if (f.isEmpty()) {
                continue;
            }
            Path target = dir.resolve("project").resolve(f);
            Files.createDirectories(target.getParent());
            Files.copy(Launch.ROOT.resolve(f), target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(dir.resolve("elsewhere"));
        account.own(dir);
    }

    @AfterAll
    static void removeAccount() throws Exception {
        if (dir != null) {
            Launch.start("rm", "-rf", dir.toString()).await();
        }
        if (account != null) {
            account.remove();
        }
    }

    /** A command run by the account, in the project's copy, with a JDK on PATH and nothing else of ours. */
    private static Launch.Result asUser(String home, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", account.name, "--", "env", "-u", "MPJ_HOME",
                "-u", "JAVA_HOME", "-u", "JBANG_DIR", "-u", "XDG_DATA_HOME", "-u", "XDG_CONFIG_HOME", "-u", "XDG_CACHE_HOME",
                "HOME=" + home, "PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "bash", "-c", "cd " + dir.resolve("project") + " && " + command));
        Map<String, String> env = new HashMap<>();
        return Launch.start(env, Path.of("/"), cmd.toArray(String[]::new)).await(java.time.Duration.ofSeconds(600));
    }

    @ParameterizedTest(name = "the quick start passes, with HOME {0}")
    @ValueSource(strings = {"the account's home folder", "elsewhere"})
    void theQuickStartPasses(String where) throws Exception {
        String home = where.equals("elsewhere") ? dir.resolve("elsewhere").toString() : "/home/" + account.name;

        Launch.Result hello = asUser(home, "scripts/jbang lessons/01_hello.java -np 3");
        assertThat(hello.exit()).as(hello.toString()).isZero();
        assertThat(hello.out()).as(hello.toString()).containsExactlyInAnyOrder("rank 1: Hello, world", "rank 2: idle");

        // The test command, with a class that runs and one that cannot run here: skipped, with why.
        Launch.Result tests = asUser(home, "scripts/test MpiApiTest SlurmTest");
        assertThat(tests.exit()).as(tests.toString()).isZero();
        assertThat(tests.out()).as(tests.toString())
                .anyMatch(l -> l.matches("  skip SLURM scripts \\(\\d+ tests\\): SLURM's node daemon needs root; .*"))
                .last().asString().matches("tests: 1 passed, 0 failed, [1-9]\\d* skipped");
        assertThat(tests.leftovers()).as(tests.toString()).isEmpty();
    }
}
