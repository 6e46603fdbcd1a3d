package launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One rank's JVM under {@code -dev niodev}, started by {@link ProcessRun} with the lesson as its
 * main class. The lesson's first call to {@link Mpiexec#start} lands here: it runs the lesson's
 * {@code main} once more, guarded, and ends the JVM in a way the launcher can read. (MPJ Express's
 * niodev leaves threads running that would keep the JVM alive after an exception.)
 */
final class RankJvm {

    /** Set on the command line of the rank JVMs that {@link ProcessRun} starts. */
    static final String PROPERTY = "launcher.rank";
    private static boolean entered;

    /** Lines on stderr that start with this carry a failure report to the launcher, not to the user. */
    static final String FAIL = "\u0001launcher:fail ";
    static final String TRACE = "\u0001launcher:trace ";

    private RankJvm() {
    }

    /**
     * In a rank JVM started by the launcher, runs {@code lesson.main(args)} and exits; anywhere
     * else (a thread rank, a rank started by mpjrun.sh, or the guarded call itself) returns at once.
     */
    static void runGuarded(Class<?> lesson, String[] args) {
        if (entered || System.getProperty(PROPERTY) == null) {
            return;
        }
        entered = true;
        if (System.getProperty(PROPERTY).equals("srun")) {
            // Started by srun: every task got the same arguments; SLURM says which rank this is.
            args[0] = System.getenv("SLURM_PROCID");
        }
        watchParent();
        try {
            Method main = lesson.getDeclaredMethod("main", String[].class);
            main.setAccessible(true);
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            report(e.getCause());
        } catch (Throwable e) {
            report(e);
        }
        System.out.flush();
        System.err.flush();
        System.exit(0);
    }

    private static void report(Throwable t) {
        System.out.flush();
        synchronized (System.err) {
            System.err.println(FAIL + t);
            for (String line : Failure.traceLines(t)) {
                System.err.println(TRACE + line);
            }
            System.err.flush();
        }
        Runtime.getRuntime().halt(1);
    }

    /**
     * A rank whose launcher is gone (even killed with SIGKILL, which no hook sees) must not linger.
     * The launcher is this JVM's parent; once it has ended, so does this rank (and so does a launcher
     * started again by {@link Relaunch}, whose own ranks then see it gone). The check sleeps in
     * between rather than blocking in a system call: the JVM waits up to 300 ms at exit for threads
     * blocked in native code, which would slow every rank's end.
     */
    static void watchParent() {
        ProcessHandle launcher = ProcessHandle.current().parent().orElse(null);
        if (launcher == null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (launcher.isAlive()) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(129);
        }, "launcher-watch");
        t.setDaemon(true);
        t.start();
    }

    private static final long WATCH_MILLIS = 200;
}
