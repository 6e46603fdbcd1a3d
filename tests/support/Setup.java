import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What scripts/setup found or installed on this machine: the jbang to use. */
final class Setup {

    private static String jbang;

    private Setup() {
    }

    /** The jbang executable that scripts/jbang uses (on PATH, or the one scripts/setup installed). */
    static synchronized String jbang() throws IOException, InterruptedException {
        if (jbang == null) {
            Process p = new ProcessBuilder(Launch.ROOT.resolve("scripts/setup").toString(), "--quiet", "--print-env")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String env = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/setup failed: " + env);
            }
            jbang = env.lines().filter(l -> l.startsWith("JBANG=")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("scripts/setup printed no JBANG: " + env))
                    .substring("JBANG=".length());
        }
        return jbang;
    }
}
