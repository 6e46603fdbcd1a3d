package launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first thing that went wrong in a run: which rank (-1: the run as a whole), why, the exit
 * status it gives the run, the rank's stack trace, and the node it ran on where that is known.
 */
record Failure(int rank, String cause, int status, List<String> trace, String node) {

    Failure(int rank, String cause, int status, List<String> trace) {
        this(rank, cause, status, trace, null);
    }

    /** The same failure, said to be on {@code node} (a SLURM job's node). */
    Failure on(String node) {
        return new Failure(rank, cause, status, trace, node);
    }

    /** A rank's main threw (an {@link ExitStatus}: the run ends with its status and line, no stack trace). */
    static Failure threw(int rank, Throwable t) {
        ExitStatus exit = ExitStatus.from(t);
        if (exit != null) {
            return new Failure(-1, exit.getMessage(), exit.status(), List.of());
        }
        return new Failure(rank, "failed: " + t, 1, traceLines(t));
    }

    /** A rank's JVM ended with a non-zero status before the run was over. */
    static Failure exited(int rank, int status, List<String> trace) {
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            return new Failure(rank, "was killed by signal " + signal + signalName(signal), status, trace);
        }
        return new Failure(rank, "exited with status " + status, status, trace);
    }

    /** The rank's JVM reported what went wrong through {@link RankJvm} ("failed: ..." and so on) before it ended. */
    static Failure reported(int rank, String cause, List<String> trace) {
        return new Failure(rank, cause, 1, trace);
    }

    /** What the one line says of a rank whose main returned after MPI.Init without MPI.Finalize. */
    static final String UNFINALIZED = "returned from main without calling MPI.Finalize (it called MPI.Init)";

    /**
     * A rank's main returned after MPI.Init without MPI.Finalize. Open MPI's mpiexec ends the job
     * with an error then; so does this launcher, for the same reason: the other ranks would wait
     * for this one in their own MPI.Finalize (a barrier) until the time limit.
     */
    static Failure unfinalized(int rank) {
        return new Failure(rank, UNFINALIZED, 1, List.of());
    }

    /**
     * Whether MPI.Init has run and MPI.Finalize has not, in the MPJ Express of {@code loader} (a
     * rank's own): MPJ's MPI.Initialized() reads a flag that MPI.Init sets as it ends and
     * MPI.Finalize clears as it ends. False when the rank never loaded MPJ Express at all.
     */
    static boolean unfinalized(ClassLoader loader) {
        try {
            Class<?> mpi = Class.forName("mpi.MPI", false, loader);
            return (Boolean) mpi.getMethod("Initialized").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** The one line on stderr that says what happened. */
    String line(int ranks) {
        if (rank < 0) {
            return cause;
        }
        String others = ranks > 2 ? "the other " + (ranks - 1) + " ranks were stopped"
                : ranks == 2 ? "the other rank was stopped" : "";
        return "rank " + rank + (node == null ? "" : " on " + node) + " " + cause + (others.isEmpty() ? "" : "; " + others);
    }

    /** The time limit's line; {@code guess}: with the likely reason, a rank blocked in Recv, and the option. */
    static String timeoutLine(long seconds, List<Integer> unfinished, boolean guess) {
        String who = unfinished.size() == 1 ? "rank " + unfinished.get(0) + " had" : "ranks " + list(unfinished) + " had";
        return "timeout: " + who + " not finished after " + seconds + " s and the run was stopped"
                + (guess ? " (a rank blocked in Recv or a collective waits forever; raise the limit with -timeout"
                + " SECONDS, 0 for none)" : "");
    }

    static String startTimeoutLine(long seconds, int np) {
        return "timeout: the " + np + " ranks had not all reached MPI.Init after " + seconds + " s and the run was"
                + " stopped (starting may take " + Supervisor.START_BASE_SECONDS + " s + " + Supervisor.START_SECONDS_PER_RANK
                + " s per rank; a rank that never calls MPI.Init keeps the others"
                + " waiting there)";
    }

    static String list(List<Integer> ranks) {
        if (ranks.size() > 12) {
            return ranks.subList(0, 12).stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " and " + (ranks.size() - 12) + " more";
        }
        return ranks.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * The stack trace as printStackTrace writes it, less what says nothing to a reader: the frames
     * of reflection and of the launcher, which only show how the lesson's main was called.
     */
    static List<String> traceLines(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        List<String> lines = new ArrayList<>();
        boolean below = false;
        for (String l : w.toString().split("\\R")) {
            String s = l.strip();
            if (!s.startsWith("at ")) {
                below = false;
            } else if (s.contains("launcher.") || s.contains("jdk.internal.reflect.")
                    || s.contains("java.lang.reflect.Method.invoke")) {
                below = below || s.contains("launcher.");
                continue;
            } else if (below || s.contains("java.lang.Thread.run(")) {
                continue;
            }
            lines.add(l);
        }
        return lines;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
