import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What scripts/setup found or installed on this machine: the jbang and the MPJ Express to use. */
final class Setup {

    private static String jbang;
    private static Path mpjHome;

    private Setup() {
    }

    /** The jbang executable that scripts/jbang uses (on PATH, or the one scripts/setup installed). */
    static synchronized String jbang() throws IOException, InterruptedException {
        load();
        return jbang;
    }

    /** The MPJ Express the tests run with: $MPJ_HOME, or the one scripts/setup installed. */
    static synchronized Path mpjHome() throws IOException, InterruptedException {
        load();
        return mpjHome;
    }

    /**
     * Why a test that downloads cannot run in this checkout: it is an unpacked offline bundle
     * (scripts/bundle), which takes everything from offline/ and fetches nothing; null elsewhere.
     */
    static String offlineBundle() {
        return Files.exists(Launch.ROOT.resolve("offline/BUNDLE"))
                ? "this checkout is an offline bundle (offline/), which fetches nothing; this test downloads, so run it in a clone"
                : null;
    }

    /** The jbang.jar of the jbang launcher scripts/setup installs, or null where jbang came from elsewhere. */
    static Path jbangJar() throws IOException, InterruptedException {
        Path beside = Path.of(jbang()).toRealPath().resolveSibling("jbang.jar");
        return java.nio.file.Files.isRegularFile(beside) ? beside : null;
    }

    private static void load() throws IOException, InterruptedException {
        if (jbang == null) {
            Process p = new ProcessBuilder(Launch.ROOT.resolve("scripts/setup").toString(), "--quiet", "--print-env")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String env = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/setup failed: " + env);
            }
            jbang = value(env, "JBANG=");
            mpjHome = Path.of(value(env, "export MPJ_HOME="));
        }
    }

    private static String value(String env, String prefix) {
        // scripts/setup quotes with printf %q; the paths the tests use have no characters that need it.
        return env.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("scripts/setup printed no " + prefix + ": " + env))
                .substring(prefix.length());
    }
}
