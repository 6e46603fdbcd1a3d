// The lessons compile against the MPI API's declarations in ../mpi-api; MPJ Express itself is found
// when they run (MpjHome.find), so building a lesson never needs it.
//SOURCES ../mpi-api/*.java
// The fixes to MPJ Express that the ranks' class loaders apply (ASM, from Maven Central, rewrites the classes).
//SOURCES ../mpjfix/*.java
// Lessons have Chinese lines; javac must read them as UTF-8 whatever the locale (LANG=C on some clusters).
//COMPILE_OPTIONS -encoding UTF-8
package launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mpjfix.Fix;
import mpjfix.FixLoader;
import mpjfix.MpjHomeFix;

/**
 * What {@code mpiexec -np 8 python lesson.py} does for the article's programs, for ours:
 * start the ranks, wait for them, and turn what happened into one exit status.
 *
 * <p>A lesson's {@code main} calls {@link #start} first. Run by a user, that call starts the ranks
 * (each one runs the same {@code main} again), supervises them and ends the JVM with the run's
 * status; it never returns. Inside a rank, it returns at once and the lesson goes on with
 * {@code MPI.Init(args)}. So the same file works under MPJ Express's own {@code mpjrun.sh} too.
 *
 * <p>What MPJ Express's own starter does not do and this launcher does:
 * <ul>
 *   <li>exit status 0 only when every rank returned normally; the first rank that throws or exits
 *       non-zero stops the others and is named on stderr with its stack trace; so does a rank whose
 *       main returns after MPI.Init without MPI.Finalize (an error, as in Open MPI's mpiexec);</li>
 *   <li>a timeout ({@code -timeout}, exit status 124) for runs that make no progress;</li>
 *   <li>no rank JVM, thread or port outlives the run, also when the launcher is interrupted;</li>
 *   <li>no fixed ports, so two runs at the same time do not meet;</li>
 *   <li>whole lines per rank on stdout and stderr, optionally prefixed with the rank.</li>
 * </ul>
 */
public final class Mpiexec {

    /** Exit status for bad input, as for command-line tools in general. */
    public static final int USAGE = 2;
    /** Exit status when the time limit stops a run, as coreutils' {@code timeout} does. */
    public static final int TIMED_OUT = 124;

    static final Set<String> RANK_DEVICES = Set.of("smpdev", "niodev", "hybdev", "mxdev", "native");

    private Mpiexec() {
    }

    /**
     * Starts {@code defaultRanks} ranks of the calling class (or as many as {@code -np} says) and
     * exits with the run's status. Returns only inside a rank.
     *
     * @param args         the arguments the lesson's {@code main} received
     * @param defaultRanks how many ranks to start when the user gives no {@code -np}
     * @param fewestRanks  the smallest {@code -np} the lesson can work with
     */
    public static void start(String[] args, int defaultRanks, int fewestRanks) {
        begin(args, defaultRanks, fewestRanks, null);
    }

    /**
     * Same as {@link #start(String[], int, int)}, and checks the program's own arguments before any
     * rank starts: an {@link IllegalArgumentException} from {@code check} is bad input, reported as
     * one line with exit status 2 (rather than once by every rank).
     */
    public static void start(String[] args, int defaultRanks, int fewestRanks, ArgumentCheck check) {
        begin(args, defaultRanks, fewestRanks, check);
    }

    /** Checks a program's arguments; throws IllegalArgumentException with a message for the user. */
    @FunctionalInterface
    public interface ArgumentCheck {
        void check(String[] programArgs);

        /** The program's own options, for -help (after the launcher's); empty when it has none to list. */
        default String usage() {
            return "";
        }
    }

    /** Same as {@link #start(String[], int, int)} for lessons that work with a single rank. */
    public static void start(String[] args, int defaultRanks) {
        begin(args, defaultRanks, 1, null);
    }

    /** In a rank: run the lesson (guarded, in a rank JVM) or return. Otherwise: launch the ranks. */
    private static void begin(String[] args, int defaultRanks, int fewestRanks, ArgumentCheck check) {
        StackWalker.StackFrame program = programFrame();
        if (isRank(args)) {
            RankJvm.runGuarded(program.getDeclaringClass(), args);
            return;
        }
        String file = program.getFileName() != null ? program.getFileName() : program.getClassName();
        launch(program.getDeclaringClass(), file, args, defaultRanks, fewestRanks, check);
    }

    /**
     * Changes the time limit a run gets when the user gives no -timeout: for a lesson part that
     * hangs on purpose, so that it ends in seconds. Call it before {@link #start}.
     */
    public static void defaultTimeout(long seconds) {
        Options.defaultTimeout = seconds;
    }

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** The packages of the shared code a program may start the ranks through (the sweep's Sweep.run, say). */
    private static final Set<String> LIBRARY = Set.of("launcher", "sweep");

    /**
     * The program's frame that called into the shared code: its class is what every rank runs, its
     * file name (01_hello.java) is what the user typed, for messages.
     */
    private static StackWalker.StackFrame programFrame() {
        return CALLER.walk(frames -> frames.filter(f -> !LIBRARY.contains(f.getDeclaringClass().getPackageName()))
                .findFirst()).orElseThrow(() -> new IllegalStateException("Mpiexec.start was not called by a program"));
    }

    private static void launch(Class<?> lesson, String name, String[] args, int defaultRanks, int fewestRanks,
                               ArgumentCheck check) {
        int status;
        try {
            Options options = Options.parse(args, defaultRanks, fewestRanks);
            if (options.help()) {
                System.out.print(Options.usage(name, defaultRanks) + (check == null ? "" : check.usage()));
                System.exit(0);
            }
            if (check != null) {
                try {
                    check.check(options.programArgs().toArray(String[]::new));
                } catch (IllegalArgumentException e) {
                    throw new BadInput(e.getMessage());
                }
            }
            MpjHome mpj = MpjHome.find();
            List<Fix> fixes = mpj.fixes();
            // MPI.Init reads MPJ Express's settings from MPJ_HOME; mpjfix.MpjHomeFix lets it read this.
            System.setProperty(MpjHomeFix.PROPERTY, mpj.home().toString());
            if (options.device().equals("niodev")) {
                try {
                    RankJvm.mpjClassPath(mpj); // the fixed classes, once, before any rank starts
                } catch (IllegalStateException e) {
                    throw new BadInput(e.getMessage());
                }
            }
            Run run = !options.device().equals("niodev") ? new ThreadRun(lesson, name, options, mpj, fixes)
                    : SrunRun.applies() ? new SrunRun(lesson, name, options, mpj)
                    : new ProcessRun(lesson, name, options, mpj);
            status = run.execute();
        } catch (BadInput e) {
            System.err.println(name + ": " + e.getMessage());
            status = USAGE;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** MPJ Express passes {@code <rank> <np-or-config> <device>} before the program's own arguments. */
    static boolean isRank(String[] args) {
        return args.length >= 3 && args[0].matches("\\d+") && RANK_DEVICES.contains(args[2]);
    }

    /** Raised for anything the user can fix by changing the command line or the set-up. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    /** One way of running the ranks: as threads in this JVM, or as separate JVMs. */
    interface Run {
        int execute() throws BadInput;
    }

    /** The launcher's options; everything else goes to the program. */
    record Options(int ranks, String device, long timeoutSeconds, boolean prefixRank, boolean help,
                   List<String> programArgs, String iface) {

        static final List<String> DEVICES = List.of("multicore", "niodev");
        static final long DEFAULT_TIMEOUT = 300;
        static long defaultTimeout = DEFAULT_TIMEOUT;

        static Options parse(String[] args, int defaultRanks, int fewestRanks) throws BadInput {
            int ranks = defaultRanks;
            String device = System.getenv().getOrDefault("MPJ_DEVICE", "multicore");
            String iface = System.getenv("MPJ_IFACE");
            long timeout = defaultTimeout;
            boolean prefix = false;
            boolean help = false;
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-np", "-n" -> {
                        String v = value(args, ++i, a, "a number of ranks, e.g. -np 8");
                        ranks = parseInt(v, a, "a whole number of ranks, e.g. -np 8");
                    }
                    case "-dev" -> device = value(args, ++i, a, "multicore or niodev");
                    case "-timeout" -> {
                        String v = value(args, ++i, a, "a number of seconds, e.g. -timeout 60");
                        timeout = parseInt(v, a, "a whole number of seconds, e.g. -timeout 60 (0 means none)");
                        if (timeout < 0) {
                            throw new BadInput("-timeout must be 0 or more seconds, not " + v);
                        }
                    }
                    case "-iface" -> iface = value(args, ++i, a, "a network interface, e.g. -iface ib0");
                    case "-l", "-prepend-rank" -> prefix = true;
                    case "-h", "-help", "--help" -> help = true;
                    case "--" -> {
                        rest.addAll(Arrays.asList(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> rest.add(a);
                }
            }
            if (!DEVICES.contains(device)) {
                throw new BadInput("unknown device '" + device + "'; use -dev multicore or -dev niodev");
            }
            if (ranks < 1) {
                throw new BadInput("-np must be at least 1, not " + ranks);
            }
            if (ranks < fewestRanks) {
                throw new BadInput("this program needs at least " + fewestRanks + " ranks; run it with -np "
                        + fewestRanks + " or more");
            }
            return new Options(ranks, device, timeout, prefix, help, List.copyOf(rest),
                    iface == null || iface.isBlank() ? null : iface);
        }

        private static String value(String[] args, int i, String option, String what) throws BadInput {
            if (i >= args.length) {
                throw new BadInput(option + " needs a value: " + what);
            }
            return args[i];
        }

        private static int parseInt(String v, String option, String what) throws BadInput {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new BadInput(option + " takes " + what + ", not '" + v + "'");
            }
        }

        static String usage(String name, int defaultRanks) {
            return String.format(Locale.ROOT, """
                    usage: jbang %s [launcher options] [program arguments]

                    Launcher options (the same words as MPJ Express's mpjrun.sh):
                      -np N              number of ranks (default %d)
                      -dev multicore     ranks are threads in one JVM (the default; fast to start)
                      -dev niodev        ranks are separate JVMs talking TCP, like mpiexec
                      -timeout SECONDS   stop the run after this long, exit status 124 (default %s, 0 = none)
                      -iface NAME        inside a SLURM job: the network the ranks use to reach each other,
                                         e.g. -iface ib0 for InfiniBand (default: the host name's address)
                      -l, -prepend-rank  prefix every output line with [rank]
                      -help              this text
                    Inside a SLURM job (sbatch, salloc), -dev niodev starts the ranks with srun, on all of
                    the job's nodes. Every other argument goes to the program unchanged, and so does everything
                    after --. Exit status: 0 when every rank returned normally, the failing rank's status
                    otherwise, 2 for bad input. A rank that returns from main after MPI.Init without calling
                    MPI.Finalize has failed (status 1), as with Open MPI's mpiexec.
                    """, name, defaultRanks, defaultTimeout == 0 ? "none" : String.valueOf(defaultTimeout));
        }
    }

    /**
     * Where MPJ Express lives: $MPJ_HOME, else where scripts/setup installs it ({@link Places#installedMpj}).
     * Lessons are compiled against declarations only (../mpi-api), so this is where the ranks' MPI comes from.
     */
    record MpjHome(Path lib) {

        static MpjHome find() throws BadInput {
            String fromEnv = System.getenv("MPJ_HOME");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return new MpjHome(Path.of(fromEnv).toAbsolutePath().resolve("lib")).check();
            }
            Path installed = Places.installedMpj();
            if (Files.isDirectory(installed)) {
                return new MpjHome(installed.resolve("lib")).check();
            }
            throw new BadInput("MPJ Express not found: MPJ_HOME is not set and " + installed + " does not exist;"
                    + " run scripts/setup (it installs MPJ Express there), or set MPJ_HOME to an unpacked mpj-v0_44.tar.gz");
        }

        MpjHome check() throws BadInput {
            for (String jar : List.of("mpj.jar", "mpi.jar", "mpjdev.jar", "smpdev.jar", "xdev.jar",
                    "mpjbuf.jar", "mpiExp.jar")) {
                if (!Files.isRegularFile(lib.resolve(jar))) {
                    throw new BadInput("MPJ Express at " + lib.getParent() + " is incomplete: lib/" + jar
                            + " is missing; run scripts/setup, or point MPJ_HOME at a full MPJ Express 0.44");
                }
            }
            log4j();
            return this;
        }

        /** log4j 1.2, which MPJ Express logs with; its file name differs between distributions. */
        Path log4j() throws BadInput {
            try (var files = Files.list(lib)) {
                return files.filter(p -> p.getFileName().toString().matches("log4j.*\\.jar")).sorted().findFirst()
                        .orElseThrow(() -> new BadInput("MPJ Express at " + lib.getParent()
                                + " has no log4j jar in lib/; run scripts/setup, or reinstall MPJ Express"));
            } catch (java.io.IOException e) {
                throw new BadInput("cannot read " + lib + ": " + e.getMessage());
            }
        }

        Path home() {
            return lib.getParent();
        }

        Path jar(String name) {
            return lib.resolve(name);
        }

        boolean contains(Path entry) {
            return entry.toAbsolutePath().normalize().startsWith(lib.toAbsolutePath().normalize());
        }

        /** MPJ Express's own jars for a rank JVM: mpj.jar holds all of it but log4j, whose file name varies. */
        List<Path> rankJars() {
            try {
                return List.of(jar("mpj.jar"), log4j());
            } catch (BadInput e) {
                throw new IllegalStateException(e.getMessage(), e); // check() has found it already
            }
        }

        /** The fixes MPJ_FIXES asks for (all by default); a setting that names no fix is bad input. */
        List<Fix> fixes() throws BadInput {
            try {
                return FixLoader.chosen();
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
        }
    }

    static List<String> classPath() {
        return Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    }
}
