import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fix layer in library/mpjfix: each fix changes what MPJ Express does, seen from outside, and
 * the same check with that fix turned off (MPJ_FIXES=-name) sees MPJ's own behaviour, so each test
 * fails without its fix. Lessons at the article's scale with the layer on are in ScaleTest.
 */
@DisplayName("fixes to MPJ Express")
class MpjFixTest {

    private static final String SEMAPHORE = "tests/fixtures/semaphore.java";

    @Test
    @DisplayName("hash: message keys that differ hash apart, equal keys alike; without it all hash alike")
    void hash() throws Exception {
        Launch.Result fixed = Launch.jbang("tests/fixtures/keyhash.java").await();
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).as(fixed.toString())
                .containsExactly("keys: 100, distinct hash codes: 100", "equal keys: true, same hash code: true");

        Launch.Result stock = withFixes("-hash", "tests/fixtures/keyhash.java").await();
        assertThat(stock.exit()).as(stock.toString()).isZero();
        assertThat(stock.out()).as(stock.toString())
                .containsExactly("keys: 100, distinct hash codes: 1", "equal keys: true, same hash code: true");
    }

    @Test
    @DisplayName("semaphore: a rank woken without a release waits on; without it, it goes on without its message")
    void semaphore() throws Exception {
        Launch.Result fixed = withFixes("all", SEMAPHORE, "--", "wakeup").await();
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).as(fixed.toString())
                .containsExactly("woken without a release: acquire waits on", "released: acquire has returned");

        Launch.Result stock = withFixes("-semaphore", SEMAPHORE, "--", "wakeup").await();
        assertThat(stock.exit()).as(stock.toString()).isZero();
        assertThat(stock.out()).as(stock.toString())
                .containsExactly("woken without a release: acquire returned", "released: acquire has returned");
    }

    @Test
    @DisplayName("spin: a waiting rank spins before it blocks unless ranks outnumber cores; without it, blocks at once")
    void spin() throws Exception {
        // A spin time of 1 s, so that it cannot pass unseen, on 2 processors whatever the machine has.
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Dmpj.spin=1000000000 -XX:ActiveProcessorCount=2");
        String spun = "acquire waited only after the spin time";
        String atOnce = "acquire waited at once";
        // With each rank a core, the fix spins; with more ranks than cores it blocks at once; so does MPJ.
        for (var c : List.of(List.of("all", "2", spun), List.of("all", "3", atOnce), List.of("-spin", "2", atOnce))) {
            Map<String, String> withFixes = new HashMap<>(env);
            withFixes.put("MPJ_FIXES", c.get(0));
            Launch.Result r = Launch.start(withFixes, Launch.ROOT, "scripts/jbang", SEMAPHORE, "-np", c.get(1),
                    "--", "spin").await();
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as("MPJ_FIXES=%s at %s ranks: %s", c.get(0), c.get(1), r)
                    .containsExactly(c.get(2), "released: acquire has returned");
        }
    }

    @Test
    @DisplayName("probe: a rank waiting in Probe gives its core away, on both devices; without it, it keeps the core")
    void probe(@TempDir Path dir) throws Exception {
        for (String device : List.of("multicore", "niodev")) {
            for (String fixes : List.of("all", "-probe")) {
                Path verdict = dir.resolve(device + fixes);
                Launch.Result r = withFixes(fixes, "tests/fixtures/probe.java", "-np", "2", "-dev", device, "--",
                        verdict.toString()).await();
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).as("MPJ_FIXES=%s on %s: %s", fixes, device, r).containsExactly(
                        fixes.equals("all") ? "probe gave its core away while it waited" : "probe kept its core while it waited",
                        "probe returned, the message holds 42");
            }
        }
    }

    @Test
    @DisplayName("handoff: between thread ranks, the MPI layer's own buffers change places instead of being copied;"
            + " other buffers and short messages are copied; without it, every message is copied")
    void handOff() throws Exception {
        for (String fixes : List.of("all", "-handoff")) {
            Launch.Result r = withFixes(fixes, "tests/fixtures/handoff.java").await();
            assertThat(r.exit()).as(r.toString()).isZero();
            List<String> expected = new ArrayList<>();
            for (int bytes : List.of(1000, 100)) {
                for (boolean marked : List.of(true, false)) {
                    boolean handedOver = marked && bytes == 1000 && fixes.equals("all");
                    String what = (marked ? "a marked buffer" : "an unmarked buffer") + " of " + bytes + " bytes";
                    for (String when : List.of("receive posted first", "send queued first")) {
                        expected.add(what + " receiving from Isend, " + when + ": the data arrived, "
                                + (handedOver ? "in the sender's memory" : "in its own memory"));
                        expected.add(what + " sent to Irecv, " + when + ": the data arrived");
                        expected.add(what + " sent to Irecv, " + when + ": "
                                + (handedOver ? "the sender holds the receiver's memory" : "the sender keeps its own memory"));
                    }
                }
            }
            assertThat(r.out()).as("MPJ_FIXES=%s: %s", fixes, r).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @DisplayName("dims: Dims_create keeps the entries the caller fixed, fills the others with exactly the ranks left"
            + " and refuses erroneous input; without it, integer roots over every entry")
    void dims() throws Exception {
        Launch.Result fixed = withFixes("all", "tests/fixtures/dims.java").await();
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).as(fixed.toString()).containsExactly(
                "(6, [0, 0]) -> [3, 2]", "(6, [2, 0]) -> [2, 3]", "(6, [0, 0, 0]) -> [3, 2, 1]", "(7, [0, 0]) -> [7, 1]",
                "(10, [0, 0]) -> [5, 2]", "(12, [0, 0, 0]) -> [3, 2, 2]", "(16, [0, 0]) -> [4, 4]",
                "(24, [0, 3, 0]) -> [4, 3, 2]", "(1, [0, 0]) -> [1, 1]", "(5, [5]) -> [5]",
                "(7, [2, 0]) -> MPIException: Dims_create: the fixed entries of [2, 0] multiply to 2, which does not divide 7",
                "(6, [4]) -> MPIException: Dims_create: the fixed entries of [4] multiply to 4, which is not 6",
                "(6, [-1, 0]) -> MPIException: Dims_create: dims [-1, 0] has a negative entry; give 0 for the entries to"
                        + " choose, a size for those to keep",
                "(0, [0]) -> MPIException: Dims_create: nnodes must be at least 1, not 0");

        Launch.Result stock = withFixes("-dims", "tests/fixtures/dims.java").await();
        assertThat(stock.exit()).as(stock.toString()).isZero();
        assertThat(stock.out()).as(stock.toString()).contains("(6, [2, 0]) -> [3, 2]", "(7, [0, 0]) -> [3, 2]",
                "(10, [0, 0]) -> [3, 3]", "(7, [2, 0]) -> [3, 2]", "(0, [0]) -> java.lang.ArithmeticException: / by zero");
    }

    @Test
    @DisplayName("loopback: a local niodev run listens on 127.0.0.1 only; without it, on every interface")
    void loopback(@TempDir Path dir) throws Exception {
        assertThat(listeningAddresses(dir.resolve("fixed"), "all")).isNotEmpty()
                .allMatch(InetAddress::isLoopbackAddress);
        assertThat(listeningAddresses(dir.resolve("stock"), "-loopback")).anyMatch(InetAddress::isAnyLocalAddress);
    }

    @Test
    @DisplayName("secret: a stranger's connections to a local niodev run are refused unread; without it, taken in")
    void secret(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");
        Launch.Result fixed = intruded(dir.resolve("fixed"), "all", marker, true);
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).containsExactlyInAnyOrder("rank 0 done", "rank 1 done", "rank 2 done");
        assertThat(fixed.errWithoutJbang()).as(fixed.toString()).hasSize(2)
                .anyMatch(l -> l.matches("niodev: refused a connection from 127\\.0\\.0\\.1:\\d+ to port \\d+: it did not"
                        + " begin with a proof of the run's secret \\(only the ranks of this run may connect\\)"))
                .anyMatch(l -> l.matches("listen\\.java: refused a connection to the ranks' rendezvous from"
                        + " 127\\.0\\.0\\.1:\\d+: it did not begin with a proof of the run's secret \\(only the ranks of"
                        + " this run may connect\\)"));
        assertThat(marker).doesNotExist();

        // MPJ's own niodev takes the stranger's connection in as a peer's, without a word.
        Launch.Result stock = intruded(dir.resolve("stock"), "-secret", marker, false);
        assertThat(stock.errWithoutJbang()).as(stock.toString()).noneMatch(l -> l.contains("refused"));
    }

    /**
     * listen.java on 3 niodev ranks; while ranks 0 and 1 wait in MPI.Init, a stranger sends a
     * serialized Marker to rank 0's first port (and, if {@code rendezvous}, another to the
     * launcher's rendezvous); then the last rank is let in.
     */
    private static Launch.Result intruded(Path dir, String fixes, Path marker, boolean rendezvous) throws Exception {
        Files.createDirectories(dir);
        Path go = dir.resolve("go");
        Launch run = withFixes(fixes, "tests/fixtures/listen.java", "-np", "3", "-dev", "niodev", "-timeout", "30",
                "--", go.toString());
        List<Launch> strangers = new ArrayList<>();
        try {
            List<Integer> rankPorts = new ArrayList<>();
            List<Integer> launcherPorts = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (rankPorts.size() < 4 || launcherPorts.isEmpty()) {
                assertThat(System.nanoTime()).as("ranks listening in time").isLessThan(deadline);
                rankPorts.clear();
                launcherPorts.clear();
                for (ProcessHandle p : run.leftovers()) {
                    for (var a : Sockets.listening(p.pid())) {
                        (Sockets.isRank(p) ? rankPorts : launcherPorts).add(a.getPort());
                    }
                }
                Thread.sleep(50); // polling /proc: nothing tells when a rank has bound its sockets
            }
            List<Integer> targets = rendezvous ? List.of(rankPorts.get(0), launcherPorts.get(0)) : List.of(rankPorts.get(0));
            for (int port : targets) {
                Launch s = Launch.start(Map.of(), Launch.ROOT, "java", "tests/fixtures/stranger.java", "127.0.0.1",
                        String.valueOf(port), marker.toString());
                s.awaitLine(l -> l.startsWith("sent "));
                strangers.add(s);
            }
        } finally {
            Files.createFile(go);
        }
        Launch.Result r = run.await();
        for (Launch s : strangers) {
            s.kill();
        }
        assertThat(r.leftovers()).isEmpty();
        return r;
    }

    @Test
    @DisplayName("mpjhome: MPI.Init finds its settings without MPJ_HOME on multicore; without it, a stack trace")
    void mpjHome(@TempDir Path data) throws Exception {
        // Plain jbang, MPJ Express where scripts/setup installs it and no MPJ_HOME: the launcher
        // finds it by itself, and ranks that are threads cannot be given an environment of their own.
        // (niodev's rank JVMs get MPJ_HOME in their environment as well.)
        Path link = Files.createSymbolicLink(data.resolve("mpj-express"), Setup.mpjHome());
        Map<String, String> env = new HashMap<>();
        env.put("MPJ_HOME", null);
        env.put("XDG_DATA_HOME", data.toString());

        Launch.Result fixed = Launch.start(env, Launch.ROOT, Setup.jbang(), HelloTest.LESSON, "-np", "2").await();
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.errWithoutJbang()).as(fixed.toString()).isEmpty();

        env.put("MPJ_FIXES", "-mpjhome");
        Launch.Result stock = Launch.start(env, Launch.ROOT, Setup.jbang(), HelloTest.LESSON, "-np", "2").await();
        Files.delete(link);
        assertThat(stock.errWithoutJbang()).as(stock.toString())
                .contains("java.io.FileNotFoundException: null/conf/mpjexpress.conf (No such file or directory)");
    }

    @Test
    @DisplayName("MPJ_FIXES that names no fix: one line, status 2")
    void unknownFix() throws Exception {
        Launch.Result r = withFixes("-hashh", HelloTest.LESSON).await();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errWithoutJbang()).containsExactly("01_hello.java: MPJ_FIXES names no fix '-hashh'; use all, none,"
                + " or a list of hash, loopback, secret, mpjhome, semaphore, spin, concat, handoff, dims, probe (each with a minus to"
                + " leave it out),"
                + " e.g. MPJ_FIXES=-hash");
    }

    private static Launch withFixes(String fixes, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("scripts/jbang", script));
        cmd.addAll(List.of(args));
        return Launch.start(Map.of("MPJ_FIXES", fixes), Launch.ROOT, cmd.toArray(String[]::new));
    }

    /**
     * Starts 3 niodev ranks, the last held back before MPI.Init, and returns the addresses of the
     * listening TCP sockets the run's processes hold (read from /proc) once ranks 0 and 1 are
     * listening inside MPI.Init for it; then lets the last rank in and the run finish.
     */
    private static List<InetAddress> listeningAddresses(Path dir, String fixes) throws Exception {
        Files.createDirectories(dir);
        Path go = dir.resolve("go");
        Launch run = withFixes(fixes, "tests/fixtures/listen.java", "-np", "3", "-dev", "niodev", "-timeout", "120",
                "--", go.toString());
        // Two sockets for each of ranks 0 and 1, and the launcher's own for the ranks' start-up.
        int expected = 2 * 2 + 1;
        List<InetAddress> addresses = List.of();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (addresses.size() < expected && System.nanoTime() < deadline && run.handle().isAlive()) {
                Set<String> inodes = new HashSet<>();
                for (ProcessHandle p : run.leftovers()) {
                    inodes.addAll(socketInodes(p.pid()));
                }
                addresses = listening(inodes);
                Thread.sleep(50); // polling /proc: nothing tells when a rank has bound its sockets
            }
        } finally {
            Files.createFile(go);
        }
        Launch.Result r = run.await();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrder("rank 0 done", "rank 1 done", "rank 2 done");
        assertThat(r.leftovers()).isEmpty();
        assertThat(addresses).as("listening sockets of " + r).hasSize(expected);
        return addresses;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            });
        } catch (IOException gone) {
            // the process ended while we looked
        }
        return inodes;
    }

    /** Local addresses of the TCP sockets in LISTEN state (0A) among {@code inodes}, IPv4 and IPv6. */
    private static List<InetAddress> listening(Set<String> inodes) throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    found.add(address(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
        }
        return found;
    }

    /** /proc/net/tcp writes an address as 32-bit words in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
