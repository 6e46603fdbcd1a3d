// The lessons compile against the MPI API's declarations in ../mpi-api; MPJ Express itself is found
// when they run (MpjHome.find), so building a lesson never needs it.
//SOURCES ../mpi-api/*.java
// The fixes to MPJ Express that the ranks' class loaders apply (ASM, from Maven Central, rewrites the classes).
//SOURCES ../mpjfix/*.java
// Lessons have Chinese lines; javac must read them as UTF-8 whatever the locale (LANG=C on some clusters).
// String concatenation as StringBuilder calls: javac's default (invokedynamic) costs each rank JVM
// milliseconds of processor time to set up each kind of concatenation it meets, at start-up, where many
// ranks share few cores.
//COMPILE_OPTIONS -encoding UTF-8 -XDstringConcat=inline
package launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mpjfix.Fix;
import mpjfix.FixJar;
import mpjfix.FixLoader;
import mpjfix.MpjHomeFix;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What {@code mpiexec -np 8 python lesson.py} does for the article's programs, for ours:
 * start the ranks, wait for them, and turn what happened into one exit status.
 *
 * <p>A lesson's {@code main} starts with {@code Mpiexec.ranks(8).atLeast(2).start(args)} ({@link Launch}).
 * Run by a user, that call starts the ranks (each one runs the same {@code main} again), supervises
 * them ({@link Supervisor}) and ends the JVM with the run's status; it never returns. Inside a rank, it returns at once and the lesson goes on with
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
    /** The time limit of a run when neither the program ({@link Launch#timeout}) nor the user gives one. */
    public static final long TIMEOUT_SECONDS = 300;

    static final Set<String> RANK_DEVICES = Set.of("smpdev", "niodev", "hybdev", "mxdev", "native");

    private Mpiexec() {
    }

    /**
     * The start of what a program's main does first: {@code Mpiexec.ranks(8).atLeast(2).start(args)}
     * starts 8 ranks (or as many as {@code -np} says), each running the calling class's main, and
     * exits with the run's status; inside a rank it returns at once. See {@link Launch}.
     */
    public static Launch ranks(int ranks) {
        return Launch.ranks(ranks);
    }

    /** {@link Launch#start}: in a rank, run or return; else launch {@code program}'s ranks and exit. */
    static void start(String[] args, Launch launch, Class<?> program) {
        if (isRank(args)) {
            RankJvm.runGuarded(program, args);
            return;
        }
        String name = sourceFile(program);
        int status;
        try {
            status = launch(program, name, args, launch);
        } catch (BadInput e) {
            System.err.println(name + ": " + e.getMessage());
            status = USAGE;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** The file the user ran (01_hello.java), as javac recorded it in the class; else the class's name. */
    static String sourceFile(Class<?> program) {
        String[] file = {null};
        try (InputStream in = program.getResourceAsStream("/" + program.getName().replace('.', '/') + ".class")) {
            if (in != null) {
                new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitSource(String source, String debug) {
                        file[0] = source;
                    }
                }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            }
        } catch (IOException | RuntimeException unreadable) {
            // the class's name will do
        }
        return file[0] != null ? file[0] : program.getSimpleName();
    }

    private static int launch(Class<?> program, String name, String[] args, Launch launch) {
        Options options = Options.parse(args, launch);
        if (options.help()) {
            System.out.print(Options.usage(name, launch) + (launch.check() == null ? "" : launch.check().usage()));
            return 0;
        }
        if (launch.check() != null) {
            launch.check().check(options.programArgs().toArray(String[]::new));
        }
        MpjHome mpj = MpjHome.find();
        List<Fix> fixes = mpj.fixes();
        // MPI.Init reads MPJ Express's settings from MPJ_HOME; mpjfix.MpjHomeFix lets it read this.
        System.setProperty(MpjHomeFix.PROPERTY, mpj.home().toString());
        Output output = new Output(System.out, System.err, options.prefixRank());
        Ranks ranks;
        if (!options.device().equals("niodev")) {
            ranks = new ThreadRun(program, options, output, mpj, fixes);
        } else if (SrunRun.applies()) {
            ranks = new SrunRun(program, name, options, output, mpj, fixes, mpj.rankClassPath(fixes));
        } else {
            ranks = new ProcessRun(program, name, options, output, mpj, fixes, mpj.rankClassPath(fixes));
        }
        String[] programArgs = options.programArgs().toArray(String[]::new);
        java.util.function.Function<Boolean, String> stopped = timedOut -> launch.check() == null ? null
                : launch.check().stopped(programArgs, timedOut);
        return new Supervisor(name, options.ranks(), options.timeoutSeconds(), output, stopped).run(ranks);
    }

    /** MPJ Express passes {@code <rank> <np-or-config> <device>} before the program's own arguments. */
    static boolean isRank(String[] args) {
        return args.length >= 3 && args[0].matches("\\d+") && RANK_DEVICES.contains(args[2]);
    }

    /** The launcher's options; everything else goes to the program. */
    record Options(int ranks, String device, long timeoutSeconds, boolean prefixRank, boolean help,
                   List<String> programArgs, String iface) {

        static final List<String> DEVICES = List.of("multicore", "niodev");

        /** The command line's options for {@code launch}'s program; BadInput for a wrong one. */
        static Options parse(String[] args, Launch launch) {
            int ranks = launch.ranks();
            int fewestRanks = launch.fewestRanks();
            String device = Environment.MPJ_DEVICE.valueOr("multicore");
            String iface = Environment.MPJ_IFACE.value();
            long timeout = launch.timeoutSeconds();
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

        private static String value(String[] args, int i, String option, String what) {
            if (i >= args.length) {
                throw new BadInput(option + " needs a value: " + what);
            }
            return args[i];
        }

        private static int parseInt(String v, String option, String what) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new BadInput(option + " takes " + what + ", not '" + v + "'");
            }
        }

        /** -help's text: the launcher's options, with the defaults that apply to {@code launch}'s program. */
        static String usage(String name, Launch launch) {
            return String.format(Locale.ROOT, """
                    usage: jbang %s [launcher options] [program arguments]

                    Launcher options (the same words as MPJ Express's mpjrun.sh):
                      -np N              number of ranks (default %d)
                      -dev multicore     ranks are threads in one JVM (the default; fast to start)
                      -dev niodev        ranks are separate JVMs talking TCP, like mpiexec
                      -timeout SECONDS   stop the run this long after every rank started, exit status 124 (default %s, 0 = none)
                      -iface NAME        inside a SLURM job: the network the ranks use to reach each other,
                                         e.g. -iface ib0 for InfiniBand (default: the host name's address)
                      -l, -prepend-rank  prefix every output line with [rank]
                      -help              this text
                    Inside a SLURM job (sbatch, salloc), -dev niodev starts the ranks with srun, on all of
                    the job's nodes. Every other argument goes to the program unchanged, and so does everything
                    after --. Exit status: 0 when every rank returned normally, the failing rank's status
                    otherwise, 2 for bad input. A rank that returns from main after MPI.Init without calling
                    MPI.Finalize has failed (status 1), as with Open MPI's mpiexec.
                    """, name, launch.ranks(), launch.timeoutSeconds() == 0 ? "none" : String.valueOf(launch.timeoutSeconds()));
        }
    }

    /**
     * Where MPJ Express lives: $MPJ_HOME, else where scripts/setup installs it ({@link Places#installedMpj}).
     * Lessons are compiled against declarations only (../mpi-api), so this is where the ranks' MPI comes from.
     */
    record MpjHome(Path lib) {

        static MpjHome find() {
            String fromEnv = Environment.MPJ_HOME.value();
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

        MpjHome check() {
            for (String jar : Places.MPJ_JARS) {
                if (!Files.isRegularFile(lib.resolve(jar))) {
                    throw new BadInput("MPJ Express at " + lib.getParent() + " is incomplete: lib/" + jar
                            + " is missing; run scripts/setup, or point MPJ_HOME at a full MPJ Express 0.44");
                }
            }
            log4j();
            return this;
        }

        /** log4j 1.2, which MPJ Express logs with; its file name differs between distributions. */
        Path log4j() {
            Path log4j = Places.log4j(lib);
            if (log4j == null) {
                throw new BadInput("MPJ Express at " + lib.getParent() + " has no log4j jar in lib/ (" + Places.MPJ_LOG4J
                        + "); run scripts/setup, or reinstall MPJ Express");
            }
            return log4j;
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

        /**
         * The start of a rank JVM's class path: the jar of the fixed MPJ classes ({@link FixJar}),
         * then MPJ Express's own jars (mpj.jar holds all of MPJ but log4j, whose file name varies).
         */
        String rankClassPath(List<Fix> fixes) {
            try {
                Path fixed = FixJar.of(jar("mpj.jar"), fixes, Places.cacheHome().resolve("mpj-lessons"));
                return String.join(File.pathSeparator, fixed.toString(), jar("mpj.jar").toString(), log4j().toString());
            } catch (IOException e) {
                throw new BadInput("cannot make the jar of fixes to MPJ Express: " + e.getMessage());
            }
        }

        /** The fixes MPJ_FIXES asks for (all by default); a setting that names no fix is bad input. */
        List<Fix> fixes() {
            try {
                return FixLoader.chosen(); // mpjfix's own code says a wrong MPJ_FIXES with IllegalArgumentException
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
        }
    }

    static List<String> classPath() {
        return Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    }
}
