package launcher;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mpjfix.Fix;
import mpjfix.RunSecret;

/**
 * MPJ Express's {@code niodev} device: every rank is a JVM of its own and the ranks talk TCP, as
 * MPI processes started by {@code mpiexec} do. MPJ Express normally needs a daemon on every host
 * for this; here the launcher starts the rank JVMs itself and answers their start-up questions
 * ({@link Rendezvous}) on a port the system picks, so nothing listens before or after the run.
 */
final class ProcessRun implements Ranks {

    /** How long a rank gets to end after SIGTERM before it is killed. */
    private static final long GRACE_MILLIS = 2000;

    private final Class<?> program;
    private final String name;
    private final Mpiexec.Options options;
    private final Output output;
    private final Mpiexec.MpjHome mpj;
    private final List<Fix> fixes;
    private final String classPath;

    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> readers = Collections.synchronizedList(new ArrayList<>());
    private final RankReports reports;
    private Rendezvous rendezvous;
    private RankArchive archive;

    /** {@code mpjClassPath}: the start of every rank's class path ({@link Mpiexec.MpjHome#rankClassPath}). */
    ProcessRun(Class<?> program, String name, Mpiexec.Options options, Output output, Mpiexec.MpjHome mpj,
               List<Fix> fixes, String mpjClassPath) {
        this.program = program;
        this.name = name;
        this.options = options;
        this.output = output;
        this.mpj = mpj;
        this.fixes = fixes;
        this.classPath = mpjClassPath + File.pathSeparator + System.getProperty("java.class.path");
        this.reports = new RankReports(options.ranks());
        NodeLimits.check(options.ranks(), options.ranks(), options.ranks());
    }

    @Override
    public void start(Consumer<Ended> ended, Runnable up) throws IOException {
        int np = options.ranks();
        rendezvous = Rendezvous.open(InetAddress.getLoopbackAddress(), Rendezvous.backlog(np), np, fixes, null,
                output::message, name, up);
        archive = RankArchive.forProgram(program.getName(), classPath);
        RankCommand command = new RankCommand(classPath, mpj.home(), program, rendezvous.config(),
                options.programArgs(), np);
        for (int r = 0; r < np; r++) {
            ProcessBuilder pb = new ProcessBuilder(command.forRank(r, archive == null ? List.of() : archive.options(r)));
            pb.environment().put("MPJ_HOME", mpj.home().toString());
            if (rendezvous.secret() != null) {
                pb.environment().put(RunSecret.ENV, rendezvous.secret());
            }
            Process p = pb.start();
            processes.add(p);
            int rank = r;
            readers.add(Lines.follow(p.getInputStream(), "rank-" + r + "-out",
                    (b, off, len) -> output.line(rank, false, b, off, len)));
            readers.add(Lines.follow(p.getErrorStream(), "rank-" + r + "-err", (b, off, len) -> {
                if (len == 0 || b[off] != 1 || !reports.take(rank, new String(b, off, len, StandardCharsets.UTF_8))) {
                    output.line(rank, true, b, off, len);
                }
            }));
            p.onExit().thenRun(() -> ended.accept(new Ended(List.of(rank), p.exitValue() == 0 ? null : () -> {
                Failure f = reports.of(rank);
                return f != null ? f : Failure.exited(rank, p.exitValue(), List.of());
            })));
        }
    }

    /** Lets every reader pass on what its rank printed before it ended. */
    @Override
    public void drain() {
        Ranks.awaitReaders(readers);
        output.flush();
    }

    @Override
    public void finish(int status) {
        if (rendezvous != null) {
            rendezvous.close();
        }
        if (archive != null) {
            archive.finish(status == 0);
        }
    }

    /** SIGTERM to every rank still running, SIGKILL to any that is still there after a grace period. */
    @Override
    public void stop() {
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
}
