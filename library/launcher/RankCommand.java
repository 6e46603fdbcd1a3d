package launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mpjfix.MpjHomeFix;

/**
 * The command that starts one rank JVM of a niodev run: this JVM's java, the rank options
 * ({@link #RANK_JVM}), a heap share, the way's own JVM options, then MPJ_RANK_JAVA_OPTIONS (which
 * can override any of them), the class path, the program's class, and the rank's arguments as MPJ
 * Express passes them ({@code <rank> <config> niodev}, then the program's own).
 *
 * @param classPath   the fixed MPJ classes, MPJ Express, then the program's own class path
 * @param mpjHome     where MPJ Express is, for mpjfix.MpjHomeFix
 * @param program     the class whose main every rank runs
 * @param config      MPJ Express's niodev configuration ({@link Rendezvous#config})
 * @param programArgs the program's own arguments
 * @param heapShare   how many rank JVMs share this machine's memory ({@link #heapMegabytes})
 */
record RankCommand(String classPath, Path mpjHome, Class<?> program, String config, List<String> programArgs,
                   int heapShare) {

    /**
     * Options for every rank JVM: small and quick to start, which matters when many ranks share
     * few cores: the client compiler only (the optimising one costs more to run than it saves in
     * short runs), and only for methods called 2000 times, not 200 (at start-up the compiler thread
     * took much of a niodev rank's processor time, on code run a few hundred times and never again,
     * while a CPU-bound sweep runs barely slower; figures in docs/scale.md). Add more, or override
     * these, with the environment variable MPJ_RANK_JAVA_OPTIONS.
     */
    static final List<String> RANK_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:Tier3InvocationThreshold=2000", "-XX:Tier3MinInvocationThreshold=1000",
            "-XX:Tier3CompileThreshold=20000", "-XX:-UsePerfData", "-Xss512k");

    /** Rank {@code rank}'s command, with {@code jvmOptions} of its own. */
    List<String> forRank(int rank, List<String> jvmOptions) {
        return command(String.valueOf(rank), String.valueOf(rank), jvmOptions);
    }

    /** The one command srun gives every task: each rank reads its number from SLURM_PROCID. */
    List<String> forSrunTasks(List<String> jvmOptions) {
        return command(RankJvm.FROM_SLURM, "0", jvmOptions);
    }

    private List<String> command(String rankProperty, String rankArg, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand());
        cmd.addAll(RANK_JVM);
        cmd.add("-Xmx" + heapMegabytes(heapShare) + "m");
        cmd.addAll(jvmOptions);
        String extra = Environment.MPJ_RANK_JAVA_OPTIONS.value();
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", classPath, "-D" + RankJvm.PROPERTY + "=" + rankProperty,
                "-D" + MpjHomeFix.PROPERTY + "=" + mpjHome, program.getName(), rankArg, config, "niodev"));
        cmd.addAll(programArgs);
        return cmd;
    }

    /** Each rank's largest heap where {@code ranks} rank JVMs share this node: {@link NodeLimits#heapMegabytes}. */
    static long heapMegabytes(int ranks) {
        return NodeLimits.heapMegabytes(ranks, NodeLimits.Memory.ofNode().megabytes());
    }

    /** The java of this JVM, for every JVM the launcher starts. */
    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
