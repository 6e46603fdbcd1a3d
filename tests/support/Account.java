import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * An ordinary account on this machine, as a learner or a cluster's user has, made by a test that
 * runs as root (skipped otherwise, saying so) and removed again by {@link #remove}.
 */
final class Account {

    final String name;
    private final boolean created;

    private Account(String name, boolean created) {
        this.name = name;
        this.created = created;
    }

    /** The account {@code name}, made if it is not there; skips the test where it cannot be. */
    static Account make(String name, String why) throws Exception {
        Assumptions.assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "making a second account needs root; to run these, run the tests as root: " + why);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs useradd and runuser (Debian's passwd and util-linux)");
        if (Launch.start("id", "-u", name).await().exit() == 0) {
            return new Account(name, false);
        }
        Launch.Result r = Launch.start("/usr/sbin/useradd", "--create-home", "--shell", "/bin/bash", name).await();
        assertThat(r.exit()).as(r.toString()).isZero();
        return new Account(name, true);
    }

    /** Removes the account and its home folder, if this test made it. */
    void remove() throws Exception {
        if (created) {
            Launch.start("/usr/sbin/userdel", "--remove", name).await();
        }
    }

    /** Gives the account {@code folder} and everything in it. */
    void own(Path folder) throws Exception {
        Launch.Result r = Launch.start("chown", "-R", name + ":", folder.toString()).await();
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /**
     * Starts {@code script} with bash as the account, in {@code dir}, with exactly the environment
     * {@code env} (and the test's marker, so that what it leaves is found); with {@code offline},
     * in a network namespace of its own that has only a loopback interface: no route out.
     */
    Launch start(Map<String, String> env, Path dir, String script, boolean offline) throws Exception {
        List<String> assignments = new ArrayList<>();
        env.forEach((k, v) -> assignments.add(k + "=" + v));
        String run = "exec /usr/sbin/runuser -u " + name + " -- env -i MPJ_TEST_MARKER=\"$MPJ_TEST_MARKER\" \"$@\"";
        List<String> cmd = new ArrayList<>();
        if (offline) {
            cmd.addAll(List.of("unshare", "--net", "--", "sh", "-c", "ip link set lo up && " + run, "sh"));
        } else {
            cmd.addAll(List.of("sh", "-c", run, "sh"));
        }
        cmd.addAll(assignments);
        cmd.addAll(List.of("bash", "-c", "cd " + dir + " && " + script));
        return Launch.start(Map.of(), Path.of("/"), cmd.toArray(String[]::new));
    }
}
