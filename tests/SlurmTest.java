import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripts in slurm/, submitted with sbatch to a real SLURM (Debian's slurmctld and slurmd, with
 * eight fake nodes on this machine, each a network namespace with addresses of its own: see
 * scripts/slurm-local) that the tests start and stop themselves.
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
        boolean installable = Files.isExecutable(Path.of("/usr/sbin/slurmctld")) || Setup.offlineBundle() == null
                && java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "apt-get")));
        org.junit.jupiter.api.Assumptions.assumeTrue(installable, "SLURM is not installed here, and "
                + (Setup.offlineBundle() != null ? "this offline bundle fetches nothing" : "there is no apt-get to install it")
                + "; with SLURM's slurmctld and slurmd installed, these run on a pretend cluster (scripts/slurm-local)");
        Launch.Result r = Launch.start("scripts/slurm-local", "start").await();
        org.junit.jupiter.api.Assumptions.assumeFalse(r.exit() == 3, "this machine cannot make network namespaces: "
                + String.join(" ", r.err()));
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
        Launch.Result ns = Launch.start("ip", "netns", "list").await();
        assertThat(ns.out()).as("network namespaces left").noneMatch(l -> l.startsWith("mpjl-"));
        Launch.Result links = Launch.start("ip", "-o", "link", "show").await();
        assertThat(links.out()).as("links left").noneMatch(l -> l.contains(" mpjl-"));
    }

    /** A node's address on eth0 (its host name's) or on ib0. */
    static String address(String node, String iface) {
        return (iface.equals("ib0") ? "10.213.48." : "10.213.47.") + (10 + Integer.parseInt(node.substring(1)));
    }

    /**
     * Waits (up to 30 s) until the nodes' namespaces hold nothing but the node daemons: SLURM's step
     * daemons end a moment after the job does. Returns what is still there.
     */
    static List<String> jobProcessesOnNodes() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = processesOnNodes();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling: nothing tells when a process in another namespace ends
            left = processesOnNodes();
        }
        return left;
    }

    /** Processes in the nodes' namespaces other than the node daemons themselves. */
    static List<String> processesOnNodes() throws Exception {
        List<String> found = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            for (String pid : Launch.start("ip", "netns", "pids", "mpjl-n" + n).await().out()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(h -> {
                    String cmd = h.info().command().orElse("?");
                    if (h.isAlive() && !cmd.matches(".*/slurmd(-wlm)?")) {
                        found.add(pid + " " + h.info().commandLine().orElse(cmd));
                    }
                });
            }
        }
        return found;
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

    @ParameterizedTest(name = "MPJ_IFACE={0}")
    @ValueSource(strings = {"", "ib0"})
    void helloRunsOnTheNodesOfTheJob(String iface) throws Exception {
        Job job = submit("slurm/hello.sbatch", Map.of("MPJ_IFACE", iface), "-N", "3", "--ntasks-per-node=2");

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        List<String> log = lines(job.log());
        assertThat(log.stream().filter(l -> l.startsWith("rank "))).containsExactlyInAnyOrderElementsOf(HelloTest.expected(6));
        assertThat(log).anyMatch(l -> l.equals("nodes:      n[1-3]")).anyMatch(l -> l.startsWith("start: "))
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
                "misbehave.java: rank 2 on n2 failed: java.lang.IllegalStateException: rank 2 gives up on purpose; the other 3"
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
                "--a 0.03:0.5:24 --b 0.05:0.95:24 --iterations 300", "MPJ_IFACE", "ib0"), "-N", "3",
                "--ntasks-per-node=1");

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
        Job first = submit("slurm/sweep.sbatch", vars, "-J", "resumable", "-N", "3", "--ntasks-per-node=1");
        Path partial = work.resolve("sweep.csv.partial");
        Launch.awaitLines(partial, 200);
        // The job's processes paused first (SIGSTOP), so that it cannot end before the cancel comes,
        // and let go on (SIGCONT) once SLURM no longer counts it as running, to receive its SIGTERM.
        first.sbatch().pause();
        Launch.Result cancel;
        try {
            cancel = Launch.start(env, Launch.ROOT, "scancel", first.id()).await();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (field(scontrol(first), "JobState").equals("RUNNING") && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling: SLURM says nothing when a job's state changes
            }
        } finally {
            first.sbatch().resume();
        }
        assertThat(cancel.exit()).isZero();

        assertThat(await(first)).startsWith("CANCELLED");
        assertThat(first.sbatch().awaitNoLeftovers(30)).as("processes of the cancelled job").isEmpty();
        assertThat(jobProcessesOnNodes()).as("processes in the nodes' namespaces").isEmpty();
        int kept = lines(partial).size() - 1;
        assertThat(kept).isBetween(200, 1599);

        Job again = submit("slurm/sweep.sbatch", vars, "-J", "resumable", "-N", "3", "--ntasks-per-node=1");
        assertThat(await(again)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(again.log())).anyMatch(l -> l.startsWith("resuming:   "))
                .anyMatch(l -> l.startsWith("sweep: " + (1600 - kept) + " jobs on 3 ranks"));
        List<String> csv = lines(results.resolve("sweep.csv"));
        assertThat(csv).hasSize(1601);
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            double a = Double.parseDouble(f[0]);
            assertThat(Double.parseDouble(f[2])).isEqualTo(1.2 + 6.1 * ((a - 0.03) / (0.5 - 0.03)));
        }
    }

    @ParameterizedTest(name = "MPJ_IFACE={0}")
    @ValueSource(strings = {"", "ib0"})
    void ranksListenOnTheirOwnNodesAddressAndStrangersAreRefused(String iface) throws Exception {
        // Three ranks on n1, n2, n3; rank 2 holds back before MPI.Init until GO exists, so ranks 0
        // and 1 wait inside it, listening for their peers, and the launcher waits for rank 2.
        Path go = dir.resolve("go-" + iface);
        Path marker = dir.resolve("marker-" + iface);
        Job job = submit("slurm/hello.sbatch", Map.of("MPJ_IFACE", iface, "LESSON", "tests/fixtures/listen.java", "ARGS",
                "-- " + go), "-N", "3", "--ntasks-per-node=1");
        String net = iface.isEmpty() ? "eth0" : iface;
        Map<String, List<InetSocketAddress>> where = new HashMap<>(); // "rank N on nX" or "launcher on n1"
        List<Launch> strangers = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !(where.size() == 3 && where.values().stream()
                    .mapToInt(List::size).sum() == 5)) {
                where.clear();
                for (ProcessHandle p : job.sbatch().leftovers()) {
                    List<InetSocketAddress> l = Sockets.listening(p.pid());
                    if (!l.isEmpty() && p.info().command().orElse("").endsWith("/java")) {
                        String node = Sockets.environ(p.pid(), "SLURMD_NODENAME");
                        where.put((Sockets.isRank(p) ? "rank on " : "launcher on ") + node, l);
                    }
                }
                Thread.sleep(50); // polling /proc: nothing tells when a rank has bound its sockets
            }
            assertThat(where.keySet()).as("%s", where).containsExactlyInAnyOrder("rank on n1", "rank on n2", "launcher on n1");
            where.forEach((who, sockets) -> {
                String node = who.substring(who.length() - 2);
                assertThat(sockets).as(who).allSatisfy(a -> assertThat(a.getAddress().getHostAddress())
                        .isEqualTo(address(node, net)));
            });
            // A process on n8, a node that is not part of the job, sends a serialized object to rank
            // 0's first port and to the launcher's rendezvous.
            for (InetSocketAddress target : List.of(where.get("rank on n1").get(0), where.get("launcher on n1").get(0))) {
                Launch s = Launch.start(env, Launch.ROOT, "scripts/slurm-local", "on", "n8", "java",
                        "tests/fixtures/stranger.java", target.getAddress().getHostAddress(),
                        String.valueOf(target.getPort()), marker.toString());
                s.awaitLine(l -> l.startsWith("sent "));
                strangers.add(s);
            }
        } finally {
            Files.createFile(go);
        }

        assertThat(await(job)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(job.log()).stream().filter(l -> l.startsWith("rank ")))
                .containsExactlyInAnyOrder("rank 0 done", "rank 1 done", "rank 2 done");
        String stranger = address("n8", net).replace(".", "\\.");
        assertThat(errors(job.err())).as("%s", errors(job.err())).hasSize(2)
                .anyMatch(l -> l.matches("niodev: refused a connection from " + stranger + ":\\d+ to port "
                        + where.get("rank on n1").get(0).getPort() + ": it did not begin with a proof of the run's secret"
                        + " \\(only the ranks of this run may connect\\)"))
                .anyMatch(l -> l.matches("listen\\.java: refused a connection to the ranks' rendezvous from " + stranger
                        + ":\\d+: it did not begin with a proof of the run's secret \\(only the ranks of this run may"
                        + " connect\\)"));
        for (Launch s : strangers) {
            Launch.Result r = s.await();
            assertThat(r.out()).as(r.toString()).endsWith("closed by the other end");
        }
        assertThat(marker).as("what deserializing the stranger's object writes").doesNotExist();
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
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
        assertThat(csv.get(0)).isEqualTo("damping,stiffness,spring,amplitude,energy,rank,start,seconds,run");
        assertThat(csv).hasSize(1 + 6 * 3 * 2);
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[5]).distinct()).as("ranks that ran jobs").hasSizeGreaterThan(1);
        assertThat(results.resolve("sweep-heatmap-amplitude-spring-linear.png")).isRegularFile();
        assertThat(results.resolve("sweep-heatmap-energy-spring-cubic.png")).isRegularFile();
        assertThat(results.resolve("sweep.json")).isRegularFile();
        assertThat(results.resolve("sweep-best.csv")).isRegularFile();
        assertThat(results.resolve("sweep-timeline.png")).isRegularFile();
        assertThat(errors(job.err())).isEmpty();
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void underExportNoneTheStudyAndItsOptionsComeAsArgumentsAndNameTheJob() throws Exception {
        // As on a cluster (or with SBATCH_EXPORT=NONE in a ~/.bashrc) that passes no environment:
        // the study is an argument, named from where it is submitted, and the job, its scratch
        // folder and its results are named after it.
        String name = "Study" + System.nanoTime();
        Path folder = Files.createDirectories(dir.resolve(name));
        Launch.Result made = Launch.start(env, Launch.ROOT, Launch.ROOT.resolve("scripts/jbang").toString(), "init", "-t",
                "sweep", folder.resolve(name + ".java").toString()).await();
        assertThat(made.exit()).as(made.toString()).isZero();
        Path results = Path.of(System.getProperty("user.home"), "results", name);
        try {
            Launch.Result r = Launch.start(env, folder, "sbatch", "--wait", "--export=NONE", "-N", "2",
                    "--ntasks-per-node=2", "-o", "job.log", "-e", "job.err", Launch.ROOT.resolve("slurm/sweep.sbatch").toString(),
                    name + ".java", "--damping", "0.01:0.5:4", "--spring", "cubic", "--quiet").await(java.time.Duration.ofMinutes(4));
            String id = r.out().get(0).replaceAll("\\D", "");
            Job job = new Job(id, null, folder.resolve("job.log"), folder.resolve("job.err"));

            assertThat(r.exit()).as(r.toString() + lines(job.log()) + lines(job.err())).isZero();
            assertThat(field(scontrol(job), "JobName")).isEqualTo(name);
            List<String> csv = lines(results.resolve("sweep.csv"));
            assertThat(csv).first().isEqualTo("damping,stiffness,spring,amplitude,energy,rank,start,seconds,run");
            assertThat(csv).hasSize(1 + 4 * 3 * 1).allMatch(l -> l.startsWith("damping") || l.contains(",cubic,"));
            assertThat(lines(job.log())).contains("sweep:      " + name + ".java --damping 0.01:0.5:4 --spring cubic --quiet",
                    "results:    " + results);
            assertThat(folder.resolve("scratch/" + name)).doesNotExist(); // emptied and removed once copied
            assertThat(errors(job.err())).isEmpty();
        } finally {
            Launch.start("rm", "-rf", results.toString()).await();
        }
    }

    @Test
    void aStudyThatIsNotThereIsOneLineAndStatus2() throws Exception {
        Path work = dir.resolve("scratch6");
        Launch.Result r = Launch.start(env, dir, "sbatch", "--wait", "-N", "1", "--ntasks-per-node=1", "-o", "nostudy.log",
                "-e", "nostudy.err", Launch.ROOT.resolve("slurm/sweep.sbatch").toString(), "NoSuchStudy.java").await();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(errors(dir.resolve("nostudy.err"))).containsExactly("sweep.sbatch: NoSuchStudy.java: no such file (from "
                + dir + "); name the sweep from where you submit, or with its full path");
        assertThat(work).doesNotExist();
    }

    @Test
    void aNodeThatAllowsTooFewOpenFilesIsRefusedBeforeAnyRankStarts() throws Exception {
        // A node whose limit is 100 open files: the batch script's shell lowers its own, then runs hello.sbatch.
        Path lowLimit = Files.writeString(dir.resolve("low-limit.sbatch"), "#!/bin/bash\nulimit -n 100 && exec bash "
                + Launch.ROOT.resolve("slurm/hello.sbatch") + " \"$@\"\n");
        Job job = submit(lowLimit.toString(), Map.of(), "-N", "2", "--ntasks-per-node=20");

        assertThat(await(job)).isEqualTo("FAILED 2:0");
        assertThat(errors(job.err())).containsExactly("01_hello.java: -np 40 -dev niodev needs 144 open files per JVM (two"
                + " connections from each rank to each other rank), but this shell allows 100 (ulimit -Hn); raise the limit"
                + " (ulimit -n 144, or ask the cluster's administrators), or run fewer ranks");
        assertThat(lines(job.log())).noneMatch(l -> l.startsWith("rank "));
        assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
    }

    @Test
    void heapsThatDoNotFitTheJobsMemoryPerNodeAreRefusedBeforeAnyRankStarts() throws Exception {
        // 20 ranks a node at the smallest heap, 64 MB, need 1280 MB; the job has 1000 MB a node.
        Job job = submit("slurm/hello.sbatch", Map.of(), "-N", "2", "--ntasks-per-node=20", "--mem=1000");

        assertThat(await(job)).isEqualTo("FAILED 2:0");
        assertThat(errors(job.err())).containsExactly("01_hello.java: 20 rank JVMs on one node with 64 MB of heap each need"
                + " 1280 MB, more than the 1000 MB this job has on each node (SLURM_MEM_PER_NODE); ask SLURM for more (sbatch"
                + " --mem), or put fewer ranks on each node (--ntasks-per-node)");
        assertThat(lines(job.log())).noneMatch(l -> l.startsWith("rank "));
    }

    @Test
    void anInterfaceNoNodeHasIsOneLineAndStatus2() throws Exception {
        Job job = submit("slurm/hello.sbatch", Map.of("MPJ_IFACE", "nosuch0"), "-N", "2", "--ntasks-per-node=1");

        assertThat(await(job)).isEqualTo("FAILED 2:0");
        assertThat(errors(job.err())).containsExactly("01_hello.java: -iface nosuch0: node n1 has no such network interface"
                + " (see `ip -brief address` there); name one that every node of the job has");
        assertThat(lines(job.log())).noneMatch(l -> l.startsWith("rank "));
    }

    @Test
    void anInterfaceOnlyTheFirstNodeHasIsOneLineAndStatus2() throws Exception {
        // n1, where the launcher runs, has it; n2 does not.
        Launch.Result add = Launch.start("scripts/slurm-local", "on", "n1", "sh", "-c", "ip link add only1 type veth"
                + " peer name only1p && ip addr add 10.213.49.11/24 dev only1 && ip link set only1 up").await();
        assertThat(add.exit()).as(add.toString()).isZero();
        try {
            Job job = submit("slurm/hello.sbatch", Map.of("MPJ_IFACE", "only1"), "-N", "2", "--ntasks-per-node=1");

            assertThat(await(job)).isEqualTo("FAILED 2:0");
            assertThat(errors(job.err())).containsExactly("01_hello.java: -iface only1: node n2 has no such network"
                    + " interface (see `ip -brief address` there); name one that every node of the job has");
            assertThat(lines(job.log())).noneMatch(l -> l.startsWith("rank "));
            assertThat(job.sbatch().awaitNoLeftovers(30)).isEmpty();
        } finally {
            Launch.start("scripts/slurm-local", "on", "n1", "ip", "link", "del", "only1").await();
        }
    }

    @Test
    void aNodeCutOffMidRunEndsTheRunAndResubmittingFinishesIt() throws Exception {
        Path work = dir.resolve("scratch5");
        Path results = dir.resolve("results5");
        Map<String, String> vars = Map.of("WORK", work.toString(), "RESULTS", results.toString(), "MPJ_IFACE", "ib0",
                "SWEEP_ARGS", "--job sleep --a 0.03:0.5:120 --b 0.05:0.95:120 --quiet");
        Job first = submit("slurm/sweep.sbatch", vars, "-J", "cut", "-N", "3", "--ntasks-per-node=2");
        Path partial = work.resolve("sweep.csv.partial");
        Launch.awaitLines(partial, 300);
        // n3's link to the ranks' network fails, as a cable would: SLURM's own network (eth0) stays.
        java.time.Instant cut = java.time.Instant.now();
        Launch.Result down = Launch.start("ip", "link", "set", "mpjl-n3-ib", "down").await();
        String end;
        try {
            assertThat(down.exit()).as(down.toString()).isZero();
            end = await(first);
        } finally {
            Launch.start("ip", "link", "set", "mpjl-n3-ib", "up").await();
        }
        // SLURM's end of the job (whole seconds, this machine's time zone), not when sbatch --wait saw it.
        java.time.Instant ended = java.time.LocalDateTime.parse(field(scontrol(first), "EndTime"))
                .atZone(java.time.ZoneId.systemDefault()).toInstant();
        double seconds = java.time.Duration.between(cut, ended).toMillis() / 1000.0;
        System.out.printf("cut off: the job ended %.0f s after n3's link went down (SLURM's EndTime, to the second)%n",
                seconds);

        assertThat(end).isEqualTo("FAILED 1:0");
        assertThat(errors(first.err())).as("%s", errors(first.err())).contains("02_sweep.java: ranks 4, 5 on n3 sent"
                + " nothing for 30 s: cut off (the node or its network is down); the other 4 ranks were stopped");
        // 30 s of silence from the last beat (at most a second before the cut), less a second for
        // EndTime's whole seconds; at most 10 s more for srun to stop the step.
        assertThat(seconds).as("from the cut to the end of the job").isBetween(28.0, 60.0);
        assertThat(first.sbatch().awaitNoLeftovers(30)).isEmpty();
        assertThat(jobProcessesOnNodes()).as("processes in the nodes' namespaces").isEmpty();
        int kept = lines(partial).size() - 1;
        assertThat(kept).isBetween(300, 14399);

        Job again = submit("slurm/sweep.sbatch", vars, "-J", "cut", "-N", "3", "--ntasks-per-node=2");
        assertThat(await(again)).isEqualTo("COMPLETED 0:0");
        assertThat(lines(again.log())).anyMatch(l -> l.startsWith("resuming:   "))
                .anyMatch(l -> l.startsWith("sweep: " + (14400 - kept) + " jobs on 6 ranks"));
        assertThat(lines(results.resolve("sweep.csv"))).hasSize(14401);
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
