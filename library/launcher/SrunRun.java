package launcher;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mpjfix.Fix;
import mpjfix.RunSecret;

/**
 * niodev inside a SLURM allocation: the rank JVMs are started by one {@code srun}, spread over the
 * allocation's nodes as SLURM places its tasks, with no ssh and nothing running on the nodes
 * beforehand. Each task learns its rank from SLURM_PROCID. The launcher answers the ranks'
 * start-up questions on the address of the chosen network interface ({@code -iface}, like the
 * article's {@code mpiexec -iface ib0}), reads their labelled output, and stops the step at the
 * first failure or at the time limit; SLURM's own end of the job (time limit, scancel) ends
 * every rank with it. Each rank sends the launcher a byte a second over the ranks' network
 * (RankJvm.beat); ranks that fall silent for {@link #SILENCE_SECONDS} are named with their node
 * and the run is stopped, so a node or link that fails mid-run ends the run instead of leaving
 * the others waiting for it until SLURM's time limit.
 */
final class SrunRun implements Ranks {

    private static final Pattern LABEL = Pattern.compile("^\\s*(\\d+): ?");
    private static final Pattern TASK_END = Pattern.compile("task (\\d+): (Exited with exit code (\\d+)|Killed|.*)");

    private final Class<?> program;
    private final String name;
    private final Mpiexec.Options options;
    private final Mpiexec.MpjHome mpj;
    private final List<Fix> fixes;
    private final String classPath;
    private final Output output;
    private final RankReports reports;
    private final InetAddress address;
    private final List<String> srunErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> readers = new ArrayList<>();
    private Rendezvous rendezvous;
    private Process srun;

    /** How long a rank may send nothing before the launcher takes it for cut off (it beats every second). */
    static final long SILENCE_SECONDS = 30;
    /** When each watched rank last sent its beat (nanoTime), and its node. */
    private final Map<Integer, Long> lastBeat = new ConcurrentHashMap<>();
    private final Map<Integer, String> nodeOf = new ConcurrentHashMap<>();
    private final List<Socket> watches = Collections.synchronizedList(new ArrayList<>());
    private volatile String cutOff;

    /** {@code mpjClassPath}: the start of every rank's class path; BadInput for an -iface this node lacks. */
    SrunRun(Class<?> program, String name, Mpiexec.Options options, Output output, Mpiexec.MpjHome mpj,
            List<Fix> fixes, String mpjClassPath) {
        this.program = program;
        this.name = name;
        this.options = options;
        this.output = output;
        this.mpj = mpj;
        this.fixes = fixes;
        this.classPath = mpjClassPath + File.pathSeparator + System.getProperty("java.class.path");
        this.reports = new RankReports(options.ranks());
        this.address = address(options.iface());
        NodeLimits.check(options.ranks(), ranksPerNode(options.ranks()), 0);
    }

    /** Inside an allocation (a batch script or salloc) with srun at hand, and not turned off. */
    static boolean applies() {
        return Environment.SLURM_JOB_ID.isSet() && !Environment.MPJ_NO_SRUN.isSet()
                && Arrays.stream(Environment.PATH.valueOr("").split(":"))
                .anyMatch(d -> Path.of(d, "srun").toFile().canExecute());
    }

    @Override
    public void start(Consumer<Ended> ended, Runnable up) throws IOException {
        int np = options.ranks();
        rendezvous = Rendezvous.open(address, Rendezvous.backlog(np), np, fixes, this::watch, output::message, name, up);
        List<String> cmd = new ArrayList<>(List.of("srun", "--ntasks=" + np, "--kill-on-bad-exit=1", "--label",
                "--export=ALL,MPJ_HOME=" + mpj.home()));
        // Every task gets the same command; each rank reads its number from SLURM_PROCID, and
        // finds the -iface interface on its own node.
        List<String> jvm = options.iface() == null ? List.of() : List.of("-D" + RankJvm.IFACE + "=" + options.iface());
        cmd.addAll(new RankCommand(classPath, mpj.home(), program, rendezvous.config(), options.programArgs(),
                ranksPerNode(np)).forSrunTasks(jvm));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (rendezvous.secret() != null) {
            // In the environment, which --export=ALL passes on, not on the command line that ps shows.
            pb.environment().put(RunSecret.ENV, rendezvous.secret());
        }
        try {
            srun = pb.start();
        } catch (IOException e) {
            throw new IOException("srun: " + e.getMessage(), e);
        }
        srun.getOutputStream().close();
        readers.add(Lines.follow(srun.getInputStream(), "srun-out", (b, off, len) -> line(b, off, len, false)));
        readers.add(Lines.follow(srun.getErrorStream(), "srun-err", (b, off, len) -> line(b, off, len, true)));
        Process p = srun;
        p.onExit().thenRun(() -> ended.accept(new Ended(allRanks(np),
                cutOff == null && p.exitValue() == 0 ? null : () -> failure(p.exitValue()))));
    }

    /** What ended the run: a node cut off, else the first rank that failed, named with its node. */
    private Failure failure(int status) {
        if (cutOff != null) {
            return new Failure(-1, cutOff, 1, List.of());
        }
        Failure f = firstFailure(status);
        // The rank's node, as srun named it ("srun: error: n2: task 2: ..."), or as its beats said.
        String node = f.rank() < 0 ? null : nodeOf.getOrDefault(f.rank(), nodeInSrunErrors(f.rank()));
        return node == null ? f : f.on(node);
    }

    @Override
    public void drain() {
        Ranks.awaitReaders(readers);
        closeWatches();
        output.flush();
    }

    @Override
    public void finish(int status) {
        if (rendezvous != null) {
            rendezvous.close();
        }
    }

    private String nodeInSrunErrors(int rank) {
        Pattern p = Pattern.compile("^srun: error: ([^:\\s]+): tasks? ([0-9,-]*\\b" + rank + "\\b[0-9,-]*):");
        synchronized (srunErrors) {
            for (String l : srunErrors) {
                Matcher m = p.matcher(l);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** The first rank that failed, from its own report or from srun's "task N: Exited with exit code X". */
    private Failure firstFailure(int srunStatus) {
        for (String line : srunErrors) {
            Matcher m = TASK_END.matcher(line);
            if (m.find()) {
                int rank = Integer.parseInt(m.group(1));
                Failure reported = reports.of(rank);
                if (reported != null) {
                    return reported;
                }
                if (m.group(3) != null) {
                    return Failure.exited(rank, Integer.parseInt(m.group(3)), List.of());
                }
                return new Failure(rank, m.group(2).toLowerCase(java.util.Locale.ROOT), srunStatus, List.of());
            }
        }
        Failure reported = reports.first();
        return reported != null ? reported
                : new Failure(-1, "srun ended with status " + srunStatus, srunStatus, List.of());
    }

    /** One of srun's lines: labelled ("3: text") it is rank 3's; else srun's own, or the step's. */
    private void line(byte[] b, int off, int len, boolean isErr) {
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        Matcher m = LABEL.matcher(text);
        if (m.lookingAt()) {
            int rank = Integer.parseInt(m.group(1));
            int skip = m.group().getBytes(StandardCharsets.UTF_8).length;
            if (!(isErr && reports.take(rank, text.substring(m.end())))) {
                output.line(rank, isErr, b, off + skip, len - skip);
            }
            return;
        }
        if (isErr && text.startsWith("srun: ")) {
            // srun's own account of the step; the launcher's one line says it better when a task
            // ended it, so only other trouble is passed on.
            srunErrors.add(text);
            if (text.contains("error") && !text.contains("Terminating") && !text.contains("task")) {
                output.message(text);
            }
            return;
        }
        if (isErr && text.startsWith("slurmstepd") && text.contains("CANCELLED")) {
            return; // the step being stopped because a rank failed, said above
        }
        output.line(-1, isErr, b, off, len);
    }

    /**
     * A rank's watch connection (RankJvm.beat): its rank and node, then a byte a second. Silence
     * for SILENCE_SECONDS means the rank's node or network is gone: the ranks silent for half that
     * long or more are named with their nodes, and the run is stopped. The end of the connection
     * is the rank's own end, which srun reports.
     */
    private void watch(Socket s) {
        Thread t = new Thread(() -> {
            int rank = -1;
            try (s) {
                watches.add(s);
                s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(SILENCE_SECONDS));
                DataInputStream in = new DataInputStream(s.getInputStream());
                rank = in.readInt();
                nodeOf.put(rank, in.readUTF());
                while (true) {
                    lastBeat.put(rank, System.nanoTime());
                    if (in.read() < 0) {
                        break;
                    }
                }
            } catch (SocketTimeoutException silent) {
                cutOff(rank);
            } catch (IOException | RuntimeException ended) {
                // the rank's JVM ended, or the run is over
            }
            if (rank >= 0) {
                lastBeat.remove(rank);
            }
        }, "watch");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void cutOff(int first) {
        if (cutOff != null || srun == null || !srun.isAlive()) {
            return;
        }
        long now = System.nanoTime();
        Map<String, List<Integer>> byNode = new TreeMap<>();
        int silent = 0;
        for (var e : new TreeMap<>(lastBeat).entrySet()) {
            if (e.getKey() == first || now - e.getValue() >= TimeUnit.SECONDS.toNanos(SILENCE_SECONDS) / 2) {
                byNode.computeIfAbsent(nodeOf.getOrDefault(e.getKey(), "?"), n -> new ArrayList<>()).add(e.getKey());
                silent++;
            }
        }
        List<String> parts = new ArrayList<>();
        byNode.forEach((node, ranks) -> parts.add((ranks.size() == 1 ? "rank " : "ranks ") + Failure.list(ranks)
                + " on " + node));
        int others = options.ranks() - silent;
        cutOff = String.join(", ", parts) + " sent nothing for " + SILENCE_SECONDS + " s: cut off (the node or its"
                + " network is down)" + (others > 0 ? "; the other " + others + (others == 1 ? " rank was" : " ranks were")
                + " stopped" : "");
        stop();
    }

    private void closeWatches() {
        synchronized (watches) {
            for (Socket s : watches) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
            }
        }
    }

    /** SIGTERM to srun, which passes it to every task; SIGKILL if it is still there after a while. */
    @Override
    public void stop() {
        Process p = srun;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
        }
    }

    private static List<Integer> allRanks(int np) {
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < np; r++) {
            all.add(r);
        }
        return all;
    }

    /** The most ranks SLURM puts on one node: the job's tasks spread over its nodes. */
    private static int ranksPerNode(int np) {
        return (np + nodes() - 1) / nodes();
    }

    private static int nodes() {
        try {
            return Math.max(1, Integer.parseInt(Environment.SLURM_JOB_NUM_NODES.valueOr("1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The address the ranks reach the launcher on: the first IPv4 address of the interface named
     * by -iface (say ib0 for InfiniBand), else this host's name as the cluster resolves it.
     */
    static InetAddress address(String iface) {
        try {
            if (iface == null) {
                return InetAddress.getLocalHost();
            }
            NetworkInterface ni = NetworkInterface.getByName(iface);
            if (ni == null) {
                throw new BadInput("-iface " + iface + ": node " + RankJvm.nodeName() + " has no such network"
                        + " interface (see `ip -brief address` there); name one that every node of the job has");
            }
            return Collections.list(ni.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                    .orElseThrow(() -> new BadInput("-iface " + iface + ": on node " + RankJvm.nodeName()
                            + " it has no IPv4 address"));
        } catch (SocketException | java.net.UnknownHostException e) {
            throw new BadInput("cannot find this machine's network address: " + e.getMessage());
        }
    }
}
