package launcher;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mpjfix.LoopbackFix;
import mpjfix.RunSecret;

/**
 * One rank's JVM under {@code -dev niodev}, started by {@link ProcessRun} with the lesson as its
 * main class. The lesson's first call to {@link Launch#start} lands here: it runs the lesson's
 * {@code main} once more, guarded, and ends the JVM in a way the launcher can read. (MPJ Express's
 * niodev leaves threads running that would keep the JVM alive after an exception.) The fixes to
 * MPJ Express come first on the rank's class path, as a jar of the fixed classes
 * ({@link Mpiexec.MpjHome#rankClassPath}).
 */
final class RankJvm {

    /** Set on the command line of the rank JVMs that {@link ProcessRun} starts. */
    static final String PROPERTY = "launcher.rank";
    /** The network interface named by -iface, on the command line of srun's rank JVMs. */
    static final String IFACE = "launcher.iface";
    /** How often a rank under srun tells the launcher it is still there. */
    static final long BEAT_MILLIS = 1000;
    /** A rank JVM's exit status when it ends because its launcher is gone (as a shell's 128 + SIGHUP). */
    static final int LAUNCHER_GONE = 129;
    /** The value of {@link #PROPERTY} for srun's tasks, which learn their rank from SLURM_PROCID. */
    static final String FROM_SLURM = "srun";
    private static boolean entered;

    /** Lines on stderr that start with this carry a failure report to the launcher, not to the user. */
    static final String FAIL = "\u0001launcher:fail ";
    static final String TRACE = "\u0001launcher:trace ";
    /** An {@link ExitStatus}: the status, a space, the line. */
    static final String EXIT = "\u0001launcher:exit ";
    /** The line that says main returned after MPI.Init without MPI.Finalize (see Failure.unfinalized). */
    static final String UNFINALIZED = "\u0001launcher:unfinalized";

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
        boolean srun = System.getProperty(PROPERTY).equals(FROM_SLURM);
        if (srun) {
            // Started by srun: every task got the same arguments; SLURM says which rank this is.
            args[0] = Environment.SLURM_PROCID.value();
        }
        watchParent();
        String iface = System.getProperty(IFACE);
        String bind;
        try {
            // MPJ Express listens where the launcher is reached from: loopback for a local run (mpjfix.LoopbackFix),
            // the named interface's address on this node when -iface names one.
            bind = iface != null ? ifaceAddress(iface) : listenAddress(args[1]);
        } catch (Throwable e) { // a BadInput (-iface) is one line and status 2 for the whole run
            report(e);
            return;
        }
        if (srun) {
            beat(args[1], Integer.parseInt(args[0]), bind);
        }
        RunSecret.warmUp();
        try {
            System.setProperty(LoopbackFix.PROPERTY, bind);
            // MPJ Express sets up its logging itself in MPI.Init; without this, log4j first looks
            // for a configuration file in every jar on the class path (none has one), about 5% of a
            // rank JVM's processor time at 64 niodev ranks.
            System.setProperty("log4j.defaultInitOverride", "true");
            Method main = lesson.getDeclaredMethod("main", String[].class);
            main.setAccessible(true);
            main.invoke(null, (Object) args);
            if (Failure.unfinalized(lesson.getClassLoader())) {
                reportUnfinalized();
            }
        } catch (InvocationTargetException e) {
            report(e.getCause());
        } catch (Throwable e) {
            report(e);
        }
        System.out.flush();
        System.err.flush();
        System.exit(0);
    }

    private static final Pattern SERVER = Pattern.compile("#Server Name;([^;]+);#Server Port;(\\d+)");

    /**
     * The address this host reaches the launcher's rendezvous from (MPJ's niodev configuration
     * names it), which is the address the launcher tells the other ranks to connect to: 127.0.0.1
     * for a local run, the address on the chosen network inside a SLURM job.
     */
    static String listenAddress(String config) throws IOException {
        Matcher m = SERVER.matcher(config);
        if (!m.find()) {
            throw new IOException("no rendezvous address in the niodev configuration");
        }
        InetAddress server = InetAddress.getByName(m.group(1));
        if (server.isLoopbackAddress()) {
            return server.getHostAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(server, Integer.parseInt(m.group(2))); // no packet is sent: this only picks the route
            return probe.getLocalAddress().getHostAddress();
        }
    }

    /** The first IPv4 address of the named interface on this node; BadInput saying what is missing. */
    static String ifaceAddress(String iface) throws SocketException {
        String node = nodeName();
        NetworkInterface ni = NetworkInterface.getByName(iface);
        if (ni == null) {
            throw new BadInput("-iface " + iface + ": node " + node + " has no such network interface"
                    + " (see `ip -brief address` there); name one that every node of the job has");
        }
        return Collections.list(ni.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                .map(InetAddress::getHostAddress).orElseThrow(() -> new BadInput("-iface " + iface
                        + ": on node " + node + " it has no IPv4 address"));
    }

    /** This node's name as SLURM calls it, else the host's name. */
    static String nodeName() {
        return HostName.of();
    }

    /**
     * Under srun: a connection to the launcher's rendezvous that carries a byte every second, so
     * that the launcher notices when this rank's node or network is gone (see SrunRun). It leaves
     * from the address the rank listens on, over the network the ranks use. Without a run secret
     * (the 'secret' fix left out) the launcher cannot tell it from a rank's start-up, so none is made.
     */
    static void beat(String config, int rank, String bind) {
        Matcher m = SERVER.matcher(config);
        if (!Environment.MPJ_RUN_SECRET.isSet() || !m.find()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(bind, 0));
            s.connect(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))), 10_000);
            RunSecret.prove(s, RunSecret.WATCH);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(rank);
            out.writeUTF(nodeName());
            out.flush();
        } catch (IOException e) {
            return; // the launcher does without this rank's beats
        }
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(BEAT_MILLIS);
                    s.getOutputStream().write(0);
                }
            } catch (IOException gone) {
                Runtime.getRuntime().halt(LAUNCHER_GONE); // the launcher is gone: so is the run
            } catch (InterruptedException e) {
                // the JVM is ending
            }
        }, "launcher-beat");
        t.setDaemon(true);
        t.start();
    }

    private static void report(Throwable t) {
        System.out.flush();
        ExitStatus exit = ExitStatus.from(t);
        if (exit != null) {
            synchronized (System.err) {
                System.err.println(EXIT + exit.status() + " " + exit.getMessage());
                System.err.flush();
            }
            Runtime.getRuntime().halt(exit.status());
        }
        synchronized (System.err) {
            System.err.println(FAIL + t);
            for (String line : Failure.traceLines(t)) {
                System.err.println(TRACE + line);
            }
            System.err.flush();
        }
        Runtime.getRuntime().halt(1);
    }

    private static void reportUnfinalized() {
        System.out.flush();
        synchronized (System.err) {
            System.err.println(UNFINALIZED);
            System.err.flush();
        }
        Runtime.getRuntime().halt(1);
    }

    /**
     * A rank whose launcher is gone (even killed with SIGKILL, which no hook sees) must not linger.
     * The launcher is this JVM's parent; once it has ended, so does this rank. The check sleeps in
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
            Runtime.getRuntime().halt(LAUNCHER_GONE);
        }, "launcher-watch");
        t.setDaemon(true);
        t.start();
    }

    private static final long WATCH_MILLIS = 200;
}
