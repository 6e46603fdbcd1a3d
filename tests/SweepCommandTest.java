//DEPS tools.jackson.core:jackson-databind:3.3.0
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A sweep around a program the researcher already has, as the article's {@code from myhome import
 * big_job} is Python: `jbang init -t sweep-command DIR/Spring.java` makes Spring.java and Spring.py;
 * each job runs the script with its values as arguments, and the CSV holds what the script printed.
 * A script that fails or hangs is a failed job with its stderr, and no script outlives the run.
 */
@DisplayName("a sweep of a program you have (jbang init -t sweep-command)")
class SweepCommandTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void python() throws Exception {
        boolean found = false;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            found = p.waitFor() == 0;
        } catch (java.io.IOException e) {
            // not installed
        }
        assumeTrue(found, "python3 is not on PATH here: the template's example program is a Python script");
    }

    /** A study made by the template in {@code dir}, as Spring.java and Spring.py. */
    static Path made(Path dir) throws Exception {
        Path file = dir.resolve("Spring.java");
        Launch.Result r = Launch.start(Map.of(), Launch.ROOT, Launch.ROOT.resolve("scripts/jbang").toString(), "init", "-t",
                "sweep-command", file.toString()).await();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(dir.resolve("Spring.py")).exists();
        assertThat(Files.readString(file)).contains("static final Command PROGRAM = Command.of(\"python3\", \"Spring.py\");",
                "return PROGRAM.run(job, Results.class);", "Sweep.run(args, PARAMETERS, Results.class, Spring::bigJob);");
        return file;
    }

    /**
     * Runs the study from the folder above it, where its results go: the script is found beside
     * the study, not in the working folder.
     */
    static Launch.Result run(Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Setup.jbang(), file.getParent().getFileName() + "/" + file.getFileName(),
                "-timeout", "120", "--damping", "0:0.5:3", "--stiffness", "1,2"));
        cmd.addAll(List.of(args));
        return Launch.start(Map.of(), file.getParent().getParent(), cmd.toArray(String[]::new)).await();
    }

    /** What the script prints for one job, run by hand: "amplitude=..." and "energy=...". */
    static List<String> byHand(Path dir, String damping, String stiffness, String spring) throws Exception {
        Process p = new ProcessBuilder("python3", "Spring.py", "--damping", damping, "--stiffness", stiffness, "--spring", spring)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void eachJobRunsTheScriptWithItsValuesAndTheCsvHoldsWhatItPrinted() throws Exception {
        Path file = made(home.resolve("works/study"));
        Launch.Result r = run(file, "-np", "2", "--quiet");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.leftovers()).isEmpty();
        List<String> lines = Files.readAllLines(file.getParent().resolveSibling("sweep.csv"));
        assertThat(lines.get(0)).isEqualTo("damping,stiffness,spring,amplitude,energy,rank,start,seconds,run");
        assertThat(lines).hasSize(1 + 3 * 2 * 2);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            List<String> printed = byHand(file.getParent(), f[0], f[1], f[2]);
            assertThat(printed).hasSize(2);
            // The same numbers, whether Python or Java writes them (2.5e-07 or 2.5E-7).
            assertThat(Double.parseDouble(f[3])).as(line).isEqualTo(Double.parseDouble(printed.get(0).substring("amplitude=".length())));
            assertThat(Double.parseDouble(f[4])).as(line).isEqualTo(Double.parseDouble(printed.get(1).substring("energy=".length())));
        }
        // The record of the run names the script with its SHA-256.
        JsonNode run = new ObjectMapper().readTree(file.getParent().resolveSibling("sweep.json").toFile()).get("runs").get(0);
        assertThat(run.get("programs").toString()).isEqualTo("{\"Spring.py\":\"" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file.resolveSibling("Spring.py"))))
                + "\"}");
    }

    @Test
    void aScriptThatFailsOrHangsIsAFailedJobWithItsStderrAndNoScriptOutlivesTheRun() throws Exception {
        Path file = made(home.resolve("fails/study"));
        Path script = file.resolveSibling("Spring.py");
        Files.writeString(script, Files.readString(script).replace("x, v, dt = ", """
                if cubic and c > 0.4:
                    raise ValueError("no convergence at damping %s" % c)
                if cubic and c == 0 and k == 2:
                    import time
                    time.sleep(600)
                if not cubic and c == 0.25 and k == 2:
                    print("amplitude=large")
                x, v, dt = """));
        Launch.Result r = run(file, "-np", "2", "--quiet", "--keep-going", "--job-timeout", "3");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.leftovers()).as("processes left running").isEmpty();
        List<String> failures = Files.readAllLines(file.getParent().resolveSibling("sweep-failures.csv"));
        assertThat(failures.get(0)).isEqualTo("damping,stiffness,spring,rank,attempts,error");
        // Each with the last lines of the script's stderr (Python's traceback ends with where and what), or what went wrong.
        String raised = ",[01],1,\"python3 Spring.py --damping 0.5 --stiffness K --spring cubic ended with status 1: File \"\".*/fails/study/"
                + "Spring.py\"\", line \\d+, in <module> \\| raise ValueError\\(\"\"no convergence at damping %s\"\" % c\\) \\| ValueError:"
                + " no convergence at damping 0.5\"";
        assertThat(failures.subList(1, failures.size())).hasSize(4)
                .anySatisfy(l -> assertThat(l).matches("0\\.5,1,cubic" + raised.replace("K", "1")))
                .anySatisfy(l -> assertThat(l).matches("0\\.5,2,cubic" + raised.replace("K", "2")))
                .anySatisfy(l -> assertThat(l).matches("0,2,cubic,[01],1,timeout: still running after 3 s \\(--job-timeout\\)"))
                .anySatisfy(l -> assertThat(l).matches("0\\.25,2,linear,[01],1,\"python3 Spring.py --damping 0.25 --stiffness 2"
                        + " --spring linear printed amplitude=large, not a double\""));
        assertThat(Files.readAllLines(file.getParent().resolveSibling("sweep.csv"))).hasSize(1 + 12 - 4);
    }
}
