import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts in slurm/, submitted with sbatch to a real SLURM (Debian's slurmctld and slurmd, with
 * eight fake nodes on this machine) that the tests start and stop themselves.
 */
@DisplayName("SLURM scripts")
class SlurmTest {

    static final Path CONF = Path.of("/tmp/mpj-lessons-slurm/slurm.conf");
    @TempDir
    static Path dir;
    static Map<String, String> env;

    @BeforeAll
    static void startSlurm() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue((Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "SLURM's node daemon needs root; to run these, run the tests as root: sudo scripts/test SlurmTest");
        Launch.Result r = Launch.start("scripts/slurm-local", "start").await();
        assertThat(r.exit()).as(r.toString()).isZero();
        env = new HashMap<>();
        env.put("SLURM_CONF", CONF.toString());
        env.put("JBANG", Setup.jbang());
        env.put("MPJ_HOME", Setup.mpjHome().toString());
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (env == null) {
            return;
        }
        Launch.Result r = Launch.start("scripts/slurm-local", "stop").await();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("/slurmctld") || c.endsWith("/slurmd") || c.endsWith("/slurmstepd")))
                .as("SLURM daemons still running").isEmpty();
    }

    /** A submitted job: its number, and the Launch of sbatch, whose marker every process of the job carries. */
    record Job(String id, Launch sbatch, Path log, Path err) {
    }

    static Job submit(String script, Map<String, String> extra, String... options) throws Exception {
        String name = "job" + System.nanoTime();
        Path log = dir.resolve(name + ".log");
        Path err = dir.resolve(name + ".err");
        // --wait: sbatch ends when the job does, with its exit status; --parsable: the job number first.
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--wait", "--parsable", "-D", Launch.ROOT.toString(), "-o",
                log.toString(), "-e", err.toString()));
        cmd.addAll(List.of(options));
        cmd.add(script);
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        Launch sbatch = Launch.start(all, Launch.ROOT, cmd.toArray(String[]::new));
        String id = sbatch.awaitLine(l -> l.matches("\\d+(;.*)?")).split(";")[0];
        return new Job(id, sbatch, log, err);
    }

    /** Waits for the job to end; returns "STATE EXITCODE" as SLURM reports them. */
    static String await(Job job) throws Exception {
        job.sbatch().await(java.time.Duration.ofMinutes(4));
        // sbatch --wait can return while SLURM still ends the job's steps (COMPLETING after a
        // scancel); SLURM says nothing when that is over, so ask until it is (at most a minute).
        String line = scontrol(job);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (field(line, "JobState").equals("COMPLETING") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            line = scontrol(job);
        }
        return field(line, "JobState") + " " + field(line, "ExitCode");
    }

    static String scontrol(Job job) throws Exception {
        Launch.Result r = Launch.start(env, Launch.ROOT, "scontrol", "show", "job", "-o", job.id()).await();
        return String.join(" ", r.out());
    }

    static String field(String line, String name) {
        for (String f : line.split(" ")) {
            if (f.startsWith(name + "=")) {
                return f.substring(name.length() + 1);
            }
        }
        return "";
    }

    static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** The .err file without jbang's build notes, the sweep's progress, and SLURM's own step notices. */
    static List<String> errors(Path err) throws Exception {
        return lines(err).stream().filter(l -> !l.startsWith("[jbang]") && !l.startsWith("sweep: ")
                && !l.startsWith("slurmstepd-")).toList();
    }

    @Test
    void helloRunsOnTheNodesOfTheJob() throws Exception {
        Job job = submit("slurm/hello.sbatch", Map.of(), "-N", "2", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        List<String> log = lines(job.log());
        assertThat(log.stream().filter(l -> l.startsWith("rank "))).containsExactlyInAnyOrderElementsOf(HelloTest.expected(4));
        assertThat(log).anyMatch(l -> l.equals("nodes:      n[1-2]")).anyMatch(l -> l.startsWith("start: "))
                .anyMatch(l -> l.startsWith("end: ") && l.endsWith("(status 0)"));
        assertThat(errors(job.err())).isEmpty();
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void ranksSpreadOverDistinctNodes() throws Exception {
        Job job = submit("slurm/hello.sbatch", Map.of("LESSON", "tests/fixtures/misbehave.java", "ARGS", "-- where"),
                "-N", "4", "--ntasks-per-node=1");

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(job.log()).stream().filter(l -> l.startsWith("rank "))).containsExactlyInAnyOrder(
                "rank 0 on n1", "rank 1 on n2", "rank 2 on n3", "rank 3 on n4");
        assertThat(errors(job.err())).isEmpty();
    }

    @Test
    void aFailingRankFailsTheJobAtOnceAndIsNamed() throws Exception {
        Job job = submit("slurm/hello.sbatch", Map.of("LESSON", "tests/fixtures/misbehave.java", "ARGS", "-- throw"),
                "-N", "2", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("FAILED 1:0");
        assertThat(errors(job.err())).as("%s", errors(job.err())).startsWith(
                "misbehave.java: rank 2 failed: java.lang.IllegalStateException: rank 2 gives up on purpose; the other 3"
                        + " ranks were stopped",
                "java.lang.IllegalStateException: rank 2 gives up on purpose");
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void aJobWithoutMpjExpressFailsWithOneLine() throws Exception {
        // A cluster where MPJ Express is not set up: no MPJ_HOME, nothing where scripts/setup installs it.
        Map<String, String> none = new HashMap<>();
        none.put("MPJ_HOME", null);
        none.put("XDG_DATA_HOME", Files.createDirectories(dir.resolve("empty-data")).toString());
        Job job = submit("slurm/hello.sbatch", none, "-N", "1", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("FAILED 2:0");
        assertThat(errors(job.err())).containsExactly("01_hello.java: MPJ Express not found: MPJ_HOME is not set and "
                + dir.resolve("empty-data/mpj-express") + " does not exist; run scripts/setup (it installs MPJ Express"
                + " there), or set MPJ_HOME to an unpacked mpj-v0_44.tar.gz");
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void theSweepsResultsEndUpAtTheDestination() throws Exception {
        Path work = dir.resolve("scratch1");
        Path results = dir.resolve("results1");
        Job job = submit("slurm/sweep.sbatch", Map.of("WORK", work.toString(), "RESULTS", results.toString(), "SWEEP_ARGS",
                "--a 0.03:0.5:24 --b 0.05:0.95:24 --iterations 300"), "-N", "2", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(results.resolve("sweep.csv"))).hasSize(577);
        assertThat(results.resolve("sweep-heatmap.png")).isRegularFile();
        assertThat(results.resolve("sweep-timeline.png")).isRegularFile();
        assertThat(work).doesNotExist();
        assertThat(lines(job.log())).contains("results:    " + results);
        assertThat(errors(job.err())).isEmpty();
    }

    @Test
    void aCancelledSweepLeavesNothingRunningAndResubmittingFinishesIt() throws Exception {
        Path work = dir.resolve("scratch2");
        Path results = dir.resolve("results2");
        Map<String, String> vars = Map.of("WORK", work.toString(), "RESULTS", results.toString(), "SWEEP_ARGS",
                "--job sleep --a 0.03:0.5:40 --b 0.05:0.95:40 --quiet", "LESSON", "lessons/06_dynamic_sweep.java");
        Job first = submit("slurm/sweep.sbatch", vars, "-J", "resumable", "-N", "2", "--ntasks-per-node=2");
        Path partial = work.resolve("sweep.csv.partial");
        Launch.awaitLines(partial, 200);
        Launch.Result cancel = Launch.start(env, Launch.ROOT, "scancel", first.id()).await();
        assertThat(cancel.exit()).isZero();

        assertThat(await(first)).startsWith("CANCELLED");
        assertThat(first.sbatch().awaitNoLeftovers(30)).as("processes of the cancelled job").isEmpty();
        int kept = lines(partial).size() - 1;
        assertThat(kept).isBetween(200, 1599);

        Job again = submit("slurm/sweep.sbatch", vars, "-J", "resumable", "-N", "2", "--ntasks-per-node=2");
        assertThat(await(again)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(again.log())).anyMatch(l -> l.startsWith("resuming:   "))
                .anyMatch(l -> l.startsWith("sweep: " + (1600 - kept) + " jobs on 4 ranks"));
        List<String> csv = lines(results.resolve("sweep.csv"));
        assertThat(csv).hasSize(1601);
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            double a = Double.parseDouble(f[0]);
            assertThat(Double.parseDouble(f[2])).isEqualTo(1.2 + 6.1 * ((a - 0.03) / (0.5 - 0.03)));
        }
    }

    @Test
    void aSweepOfYourOwnRunsFromAFolderOutsideTheProject() throws Exception {
        Path study = dir.resolve("study/MyStudy.java");
        Launch.Result made = Launch.start(env, Launch.ROOT, Launch.ROOT.resolve("scripts/jbang").toString(), "init", "-t",
                "sweep", study.toString()).await();
        assertThat(made.exit()).as(made.toString()).isZero();
        Path work = dir.resolve("scratch3");
        Path results = dir.resolve("results3");
        Job job = submit("slurm/sweep.sbatch", Map.of("LESSON", study.toString(), "WORK", work.toString(), "RESULTS",
                results.toString(), "SWEEP_ARGS", "--damping 0.01:0.5:6 --quiet"), "-N", "2", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        List<String> csv = lines(results.resolve("sweep.csv"));
        assertThat(csv.get(0)).isEqualTo("damping,stiffness,spring,amplitude,energy,rank,start,seconds");
        assertThat(csv).hasSize(1 + 6 * 3 * 2);
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[5]).distinct()).as("ranks that ran jobs").hasSizeGreaterThan(1);
        assertThat(results.resolve("sweep-heatmap-amplitude.png")).isRegularFile();
        assertThat(results.resolve("sweep-heatmap-energy.png")).isRegularFile();
        assertThat(results.resolve("sweep-timeline.png")).isRegularFile();
        assertThat(errors(job.err())).isEmpty();
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void aProgramThatIsNotASweepIsRefusedAtOnce() throws Exception {
        Job job = submit("slurm/sweep.sbatch", Map.of("LESSON", "lessons/01_hello.java", "WORK",
                dir.resolve("scratch4").toString()), "-N", "1", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("FAILED 2:0");
        assertThat(errors(job.err())).containsExactly(SweepToolTest.NOT_A_SWEEP.formatted("lessons/01_hello.java"));
        assertThat(dir.resolve("scratch4")).doesNotExist();
    }
}
