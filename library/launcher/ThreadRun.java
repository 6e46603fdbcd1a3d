package launcher;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import mpjfix.Fix;
import mpjfix.FixLoader;
import mpjfix.SpinFix;

/**
 * MPJ Express's {@code multicore} device: every rank is a thread of this JVM with a class loader
 * of its own (so each has its own {@code mpi.MPI}), all sharing the device classes, which is how
 * MPJ Express's own starter arranges them. No ports, no extra JVM: the quickest start. Both kinds
 * of loader are {@link FixLoader}s, which mend MPJ's classes as they load them (mpjfix.HashFix is
 * the one that matters here, with SemaphoreFix and SpinFix for waiting ranks and HandOffFix for large
 * messages).
 *
 * <p>Ending the run ends this JVM, and with it every rank, however it was blocked.
 */
final class ThreadRun implements Ranks {

    /** Jars MPJ Express puts on the class path shared by all ranks (the multicore device itself). */
    private static final List<String> SHARED = List.of("smpdev.jar", "xdev.jar", "mpjbuf.jar", "mpiExp.jar");
    /** Jars each rank loads for itself: the MPI API and the device layer above the device. */
    private static final List<String> PER_RANK = List.of("mpi.jar", "mpjdev.jar");

    private final Class<?> program;
    private final Mpiexec.Options options;
    private final Output output;
    private final Mpiexec.MpjHome mpj;
    private final List<Fix> fixes;

    private final InheritableThreadLocal<Integer> rankOf = new InheritableThreadLocal<>();
    private Output.ThreadLines outLines;
    private Output.ThreadLines errLines;
    private Thread[] threads = new Thread[0];
    private boolean[] finished = new boolean[0];

    ThreadRun(Class<?> program, Mpiexec.Options options, Output output, Mpiexec.MpjHome mpj, List<Fix> fixes) {
        this.program = program;
        this.options = options;
        this.output = output;
        this.mpj = mpj;
        this.fixes = fixes;
    }

    @Override
    public void start(Consumer<Ended> ended, Runnable up) {
        int np = options.ranks();
        // Waiting ranks watch for their message a moment before they block if each rank has a core (mpjfix.SpinFix).
        System.setProperty(SpinFix.RANKS, Integer.toString(np));
        List<Path> sharedJars = new ArrayList<>(SHARED.stream().map(mpj::jar).toList());
        sharedJars.add(mpj.log4j());
        ClassLoader shared = new FixLoader(urls(sharedJars), ClassLoader.getPlatformClassLoader(), fixes);
        // MPJ Express first, so that its mpi classes win over the declarations the lesson was compiled against.
        List<Path> rankPath = new ArrayList<>(PER_RANK.stream().map(mpj::jar).toList());
        for (String entry : Mpiexec.classPath()) {
            Path p = Path.of(entry);
            if (!mpj.contains(p)) {
                rankPath.add(p);
            }
        }
        URL[] rankUrls = urls(rankPath);
        // Each rank's loader defines MPJ's mpi classes for itself; those the fixes change are fixed once for all.
        ConcurrentHashMap<String, byte[]> fixedForRanks = new ConcurrentHashMap<>();

        Class<?> groupClass;
        try {
            groupClass = shared.loadClass("xdev.smpdev.SMPDevProcess");
        } catch (ClassNotFoundException e) {
            throw new BadInput("MPJ Express at " + mpj.lib().getParent()
                    + " has no multicore device (xdev.smpdev); use -dev niodev or reinstall with scripts/setup");
        }

        outLines = new Output.ThreadLines(output, false, rankOf);
        errLines = new Output.ThreadLines(output, true, rankOf);
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(outLines, true, charset));
        System.setErr(new PrintStream(errLines, true, charset));

        Thread[] all = new Thread[np];
        for (int r = 0; r < np; r++) {
            int rank = r;
            ThreadGroup group;
            try {
                group = (ThreadGroup) groupClass.getConstructor(String.class).newInstance("MPI" + r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create the thread group of rank " + r, e);
            }
            URLClassLoader loader = new FixLoader(rankUrls, shared, fixes, fixedForRanks);
            Thread t = new Thread(group, () -> runRank(rank, np, loader, ended), "rank-" + r);
            t.setContextClassLoader(loader);
            all[r] = t;
        }
        synchronized (this) {
            threads = all;
            finished = new boolean[np];
        }
        for (Thread t : all) {
            t.start();
        }
        up.run();
    }

    /** Threads end with this JVM, which the launcher ends once the run is over. */
    @Override
    public void stop() {
    }

    @Override
    public void drain() {
        if (outLines != null) {
            outLines.drain();
            errLines.drain();
        }
    }

    @Override
    public List<String> whereabouts(List<Integer> unfinished) {
        return unfinished.stream().map(r -> "  rank " + r + " was " + whereIs(threads[r])).toList();
    }

    /** If a rank calls System.exit, say which one; the JVM ends with the status it chose. */
    @Override
    public String endedEarly() {
        drain();
        return exitCaller();
    }

    private void runRank(int rank, int np, ClassLoader loader, Consumer<Ended> ended) {
        rankOf.set(rank);
        String[] argv = new String[3 + options.programArgs().size()];
        argv[0] = Integer.toString(rank);
        argv[1] = Integer.toString(np);
        argv[2] = "smpdev";
        for (int i = 0; i < options.programArgs().size(); i++) {
            argv[3 + i] = options.programArgs().get(i);
        }
        Throwable thrown = null;
        try {
            Method main = Class.forName(program.getName(), true, loader).getDeclaredMethod("main", String[].class);
            main.setAccessible(true);
            main.invoke(null, (Object) argv);
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        } catch (Throwable e) {
            thrown = e;
        }
        Failure failure = thrown != null ? Failure.threw(rank, thrown)
                : Failure.unfinalized(loader) ? Failure.unfinalized(rank) : null;
        System.out.flush();
        System.err.flush();
        synchronized (this) {
            finished[rank] = true;
        }
        ended.accept(new Ended(List.of(rank), failure == null ? null : () -> failure));
    }

    private List<Integer> unfinished() {
        List<Integer> ranks = new ArrayList<>();
        synchronized (this) {
            for (int r = 0; r < finished.length; r++) {
                if (!finished[r]) {
                    ranks.add(r);
                }
            }
        }
        return ranks;
    }

    /** Names the rank whose thread (or one of its threads) is inside System.exit right now. */
    private String exitCaller() {
        for (int r = 0; r < threads.length; r++) {
            ThreadGroup group = threads[r].getThreadGroup();
            if (group == null) {
                continue;
            }
            Thread[] members = new Thread[group.activeCount() + 8];
            int n = group.enumerate(members, true);
            for (int i = 0; i < n; i++) {
                for (StackTraceElement f : members[i].getStackTrace()) {
                    if (f.getClassName().equals("java.lang.Runtime") && f.getMethodName().equals("exit")) {
                        List<Integer> others = unfinished();
                        others.remove(Integer.valueOf(r));
                        return "rank " + r + " called System.exit(), which ends every rank of a multicore run"
                                + " with the status it passed" + (others.isEmpty() ? ""
                                : others.size() == 1 ? "; rank " + others.get(0) + " was still running"
                                : "; ranks " + Failure.list(others) + " were still running");
                    }
                }
            }
        }
        return "the run ended before every rank finished (System.exit or a signal)";
    }

    /** The innermost frame of the lesson's own code, and the MPI call it was in, for the timeout report. */
    private String whereIs(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String mpiCall = null;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("mpi.") && !f.getClassName().startsWith("mpi.MPI$")) {
                mpiCall = f.getClassName() + "." + f.getMethodName();
            }
            if (f.getClassName().equals(program.getName()) || f.getClassName().startsWith(program.getName() + "$")) {
                return "at " + f + (mpiCall != null ? ", inside " + mpiCall : "");
            }
        }
        return stack.length > 0 ? "at " + stack[0] : "not started";
    }

    private static URL[] urls(List<Path> paths) {
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return urls;
    }
}
