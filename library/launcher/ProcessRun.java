package launcher;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mpjfix.MpjHomeFix;
import mpjfix.RunSecret;
import mpjfix.RunSecretFix;

/**
 * MPJ Express's {@code niodev} device: every rank is a JVM of its own and the ranks talk TCP, as
 * MPI processes started by {@code mpiexec} do. MPJ Express normally needs a daemon on every host
 * for this; here the launcher starts the rank JVMs itself and answers their start-up questions
 * (who is where) on a port the system picks, so nothing listens before or after the run.
 */
final class ProcessRun implements Mpiexec.Run {

    /**
     * Options for every rank JVM: small and quick to start, which matters when many ranks share
     * few cores (the client compiler only: the optimising one costs more to run than it saves in
     * short runs). Add more, or override these, with the environment variable MPJ_RANK_JAVA_OPTIONS.
     */
    static final List<String> RANK_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xss512k");
    /** How long a rank gets to end after SIGTERM before it is killed. */
    private static final long GRACE_MILLIS = 2000;

    private final Class<?> lesson;
    private final String name;
    private final Mpiexec.Options options;
    private final Output output;
    private final Mpiexec.MpjHome mpj;

    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> readers = new ArrayList<>();
    private final RankReports reports;
    /** This run's secret (mpjfix.RunSecret), or null when MPJ_FIXES leaves the 'secret' fix out. */
    private String secret;

    ProcessRun(Class<?> lesson, String name, Mpiexec.Options options, Mpiexec.MpjHome mpj) {
        this.lesson = lesson;
        this.name = name;
        this.options = options;
        this.mpj = mpj;
        this.output = new Output(System.out, System.err, options.prefixRank());
        this.reports = new RankReports(options.ranks());
    }

    @Override
    public int execute() throws Mpiexec.BadInput {
        int np = options.ranks();
        // Whatever ends the launcher (Ctrl-C, SIGTERM, an error) ends the ranks first.
        Thread killer = new Thread(this::killAll, "stop-ranks");
        Runtime.getRuntime().addShutdownHook(killer);

        secret = secret(mpj);
        try (ServerSocket rendezvous = new ServerSocket(0, np, InetAddress.getLoopbackAddress())) {
            String config = config(np, rendezvous);
            Thread answer = new Thread(() -> answerRanks(rendezvous, np, secret, null, output::message, name), "rendezvous");
            answer.setDaemon(true);
            answer.start();

            BlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
            RankArchive archive = RankArchive.forProgram(lesson.getName(),
                    RankJvm.mpjClassPath(mpj) + File.pathSeparator + System.getProperty("java.class.path"));
            for (int r = 0; r < np; r++) {
                Process p = startRank(r, config, archive);
                int rank = r;
                p.onExit().thenRun(() -> exits.add(rank));
            }
            int status = supervise(exits, np);
            if (archive != null) {
                archive.finish(status == 0);
            }
            return status;
        } catch (IOException e) {
            output.message(name + ": cannot start the ranks: " + e.getMessage());
            killAll();
            return 1;
        }
    }

    private Process startRank(int rank, String config, RankArchive archive) throws IOException {
        List<String> cmd = rankCommand(mpj, options.ranks(), archive == null ? List.of() : archive.options(rank),
                String.valueOf(rank), lesson, String.valueOf(rank), config, options.programArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MPJ_HOME", mpj.home().toString());
        if (secret != null) {
            pb.environment().put(RunSecret.ENV, secret);
        }
        Process p = pb.start();
        processes.add(p);
        readers.add(reader(p.getInputStream(), rank, false));
        readers.add(reader(p.getErrorStream(), rank, true));
        return p;
    }

    /** Waits for the ranks; stops all of them at the first failure or when time runs out. */
    private int supervise(BlockingQueue<Integer> exits, int np) {
        long timeout = options.timeoutSeconds();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        boolean[] done = new boolean[np];
        int left = np;
        while (left > 0) {
            Integer rank;
            try {
                rank = timeout > 0 ? exits.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : exits.take();
            } catch (InterruptedException e) {
                rank = null;
            }
            if (rank == null) {
                List<Integer> unfinished = new ArrayList<>();
                for (int r = 0; r < np; r++) {
                    if (!done[r]) {
                        unfinished.add(r);
                    }
                }
                killAll();
                drain();
                output.message(name + ": " + Failure.timeoutLine(timeout, unfinished));
                return Mpiexec.TIMED_OUT;
            }
            done[rank] = true;
            left--;
            int status = processes.get(rank).exitValue();
            if (status != 0) {
                killAll();
                drain();
                Failure f = reports.of(rank);
                if (f == null) {
                    f = Failure.exited(rank, status, List.of());
                }
                output.message(name + ": " + f.line(np));
                f.trace().forEach(output::message);
                return f.status();
            }
        }
        drain();
        return 0;
    }

    /** MPJ Express's niodev configuration, passed to every rank: how many, and where to report in. */
    static String config(int np, ServerSocket rendezvous) {
        return "#temp line;#Number of Processes;" + np + ";#Protocol Switch Limit;131072"
                + ";#Server Name;" + rendezvous.getInetAddress().getHostAddress()
                + ";#Server Port;" + rendezvous.getLocalPort();
    }

    /**
     * The command that starts one rank JVM: this JVM's java and class path, where MPJ Express is,
     * the rank options, a heap share of {@code heapRanks} ranks, {@code jvmExtra}, then MPJ_RANK_JAVA_OPTIONS (which can
     * override any of them), and the rank's arguments as MPJ Express passes them.
     */
    static List<String> rankCommand(Mpiexec.MpjHome mpj, int heapRanks, List<String> jvmExtra, String rankProperty, Class<?> lesson,
                                    String rankArg, String config, List<String> programArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand());
        cmd.addAll(RANK_JVM);
        cmd.add("-Xmx" + heapMegabytes(heapRanks) + "m");
        cmd.addAll(jvmExtra);
        String extra = System.getenv("MPJ_RANK_JAVA_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        // The fixed MPJ classes (library/mpjfix), then MPJ Express, so that its mpi classes win over
        // the declarations the lesson was compiled against, then the lesson's own class path.
        cmd.addAll(List.of("-cp", RankJvm.mpjClassPath(mpj) + File.pathSeparator + System.getProperty("java.class.path"),
                "-D" + RankJvm.PROPERTY + "=" + rankProperty, "-D" + MpjHomeFix.PROPERTY + "=" + mpj.home(),
                lesson.getName(), rankArg, config, "niodev"));
        cmd.addAll(programArgs);
        return cmd;
    }

    /** A new secret for this run when the 'secret' fix is on (ranks then prove they belong to it), else null. */
    static String secret(Mpiexec.MpjHome mpj) throws Mpiexec.BadInput {
        return mpj.fixes().stream().anyMatch(f -> f instanceof RunSecretFix) ? RunSecret.create() : null;
    }

    /**
     * MPJ Express's niodev start-up: each rank says where it listens; every rank gets the whole list.
     * With a {@code secret}, a connection counts only after it proved it comes from this run
     * (mpjfix.RunSecret); any other is closed unread but for its first bytes, and said in one line
     * to {@code refused}. A rank's watch connection (srun runs) goes to {@code watch}; with one,
     * connections are taken until the server closes, else until every rank has its answer.
     */
    static void answerRanks(ServerSocket server, int np, String secret, Consumer<Socket> watch, Consumer<String> refused,
                            String name) {
        String[] peers = new String[np];
        List<Socket> sockets = new ArrayList<>();
        byte[] key = secret == null ? null : RunSecret.parse(secret);
        try {
            while (sockets.size() < np || watch != null) {
                Socket s = server.accept();
                if (key != null) {
                    RunSecret.Checked c;
                    try {
                        c = RunSecret.check(s, key, RunSecret.RENDEZVOUS, RunSecret.WATCH);
                    } catch (IOException e) {
                        c = new RunSecret.Checked((byte) 0, RunSecret.SILENT); // reset before a byte: nothing read
                    }
                    if (c.refusal() != null && !c.refusal().equals(RunSecret.SILENT)) {
                        refused.accept(name + ": refused a connection to the ranks' rendezvous from "
                                + s.getRemoteSocketAddress().toString().replaceFirst("^/", "") + ": " + c.refusal()
                                + " (only the ranks of this run may connect)");
                    }
                    if (c.refusal() != null) {
                        s.close();
                        continue;
                    }
                    if (c.kind() == RunSecret.WATCH) {
                        if (watch != null) {
                            watch.accept(s);
                        } else {
                            s.close();
                        }
                        continue;
                    }
                }
                if (sockets.size() == np) {
                    s.close(); // a rank that reports in twice: nothing to answer
                    continue;
                }
                sockets.add(s);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                in.readUTF(); // "Sending Info"
                int writePort = in.readInt();
                int readPort = in.readInt();
                int rank = in.readInt();
                peers[rank] = s.getInetAddress().getHostAddress() + "@" + readPort + "@" + writePort + "@" + rank + "@0";
                if (sockets.size() == np) {
                    String reply = "#Peer Information;" + String.join(";", peers);
                    for (Socket each : sockets) {
                        DataOutputStream out = new DataOutputStream(each.getOutputStream());
                        out.writeUTF(reply);
                        out.flush();
                        each.close();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A rank died before it reported in, or the run is over; the supervisor sees to the rest.
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
            }
        }
    }

    /** Forwards one rank's stdout or stderr line by line; keeps failure reports for the summary. */
    private Thread reader(InputStream in, int rank, boolean isErr) {
        Thread t = new Thread(() -> {
            try (InputStream src = new BufferedInputStream(in, 8192)) {
                LineReader lines = new LineReader(src);
                byte[] line;
                while ((line = lines.next()) != null) {
                    if (isErr && lines.length() > 0 && line[0] == 1
                            && reports.take(rank, new String(line, 0, lines.length(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    output.line(rank, isErr, line, 0, lines.length());
                }
            } catch (IOException ignored) {
                // the rank's JVM is gone; so is its output
            }
        }, "rank-" + rank + (isErr ? "-err" : "-out"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Lets every reader pass on what its rank printed before it ended. */
    private void drain() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : readers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        output.flush();
    }

    /** SIGTERM to every rank still running, SIGKILL to any that is still there after a grace period. */
    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(all::add);
                all.add(p.toHandle());
            }
        }
        all.removeIf(h -> !h.isAlive());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception timedOutOrInterrupted) {
                // killed below
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // SIGKILL cannot be refused; the kernel reaps it
            }
        }
    }

    /**
     * Each rank's largest heap: the machine's memory shared by twice the number of ranks, between
     * 64 MB and 2 GB. All ranks together can then never ask for more than half the memory (a JVM's
     * default is a quarter of it each), whatever one of them does. A rank needs about 35 MB besides.
     */
    static long heapMegabytes(int ranks) {
        long total = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
        }
        if (total <= 0) {
            total = 8L << 30;
        }
        return Math.max(64, Math.min(2048, total / (2L * ranks) >> 20));
    }

    /** The java of this JVM, for every JVM the launcher starts. */
    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Splits a byte stream at line breaks without decoding it, so bytes pass through unchanged. */
    static final class LineReader {
        private final InputStream in;
        private byte[] buf = new byte[256];
        private int length;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its line break (the array may be longer: see {@link #length()}), or null. */
        byte[] next() throws IOException {
            length = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    if (length > 0 && buf[length - 1] == '\r') {
                        length--;
                    }
                    return buf;
                }
                if (length == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[length++] = (byte) b;
            }
            return length > 0 ? buf : null;
        }

        int length() {
            return length;
        }
    }
}
