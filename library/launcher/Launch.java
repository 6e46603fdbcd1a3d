package launcher;

/**
 * What a program asks of the launcher: how many ranks by default and at least, the time limit
 * when the user gives no {@code -timeout}, and a check of the program's own arguments before any
 * rank starts. The first line of a program's main:
 *
 * <pre>
 *   Mpiexec.ranks(8).atLeast(2).start(args);
 *   Mpiexec.ranks(4).timeout(5).start(args);               // a part that hangs on purpose
 *   Mpiexec.ranks(8).checking(Settings::parse).start(args); // bad arguments: one line, status 2
 * </pre>
 *
 * @param ranks          how many ranks to start when the user gives no {@code -np}
 * @param fewestRanks    the smallest {@code -np} the program can work with
 * @param timeoutSeconds the time limit when the user gives no {@code -timeout}; 0 for none
 * @param check          the program's own arguments, checked before any rank starts
 * @param program        the class every rank runs; null: the class that calls {@link #start}
 */
public record Launch(int ranks, int fewestRanks, long timeoutSeconds, ArgumentCheck check, Class<?> program) {

    /** Checks a program's arguments; throws {@link BadInput} with a message for the user. */
    @FunctionalInterface
    public interface ArgumentCheck {
        void check(String[] programArgs);

        /** The program's own options, for -help (after the launcher's); empty when it has none to list. */
        default String usage() {
            return "";
        }

        /**
         * What to tell the user when the run was stopped before its end, by its time limit
         * ({@code timedOut}) or by a signal (Ctrl-C): one line, or null for nothing more than the
         * launcher's own line. With a line for a time limit, the launcher leaves out its own guess
         * of the reason (a rank blocked in Recv).
         */
        default String stopped(String[] programArgs, boolean timedOut) {
            return null;
        }
    }

    /** {@code ranks} ranks unless -np says otherwise; one is enough; the usual time limit. */
    public static Launch ranks(int ranks) {
        return new Launch(ranks, 1, Mpiexec.TIMEOUT_SECONDS, null, null);
    }

    /** The program needs at least {@code fewest} ranks; fewer is bad input. */
    public Launch atLeast(int fewest) {
        return new Launch(ranks, fewest, timeoutSeconds, check, program);
    }

    /** The time limit when the user gives no -timeout (0: none), as -help shows it. */
    public Launch timeout(long seconds) {
        return new Launch(ranks, fewestRanks, seconds, check, program);
    }

    /** The program's arguments are checked by {@code check} before any rank starts. */
    public Launch checking(ArgumentCheck check) {
        return new Launch(ranks, fewestRanks, timeoutSeconds, check, program);
    }

    /**
     * Run by a user: starts the ranks (each runs the same main again), supervises them, and ends
     * this JVM with the run's status; it never returns. Inside a rank it returns at once, and the
     * program goes on with {@code MPI.Init(args)}, so the same file runs under MPJ Express's own
     * mpjrun.sh too.
     *
     * @param args the arguments the program's {@code main} received
     */
    public void start(String[] args) {
        Mpiexec.start(args, this, program != null ? program : CALLER.getCallerClass());
    }

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Every rank runs {@code program}'s main (for shared code that starts the ranks on a program's behalf). */
    public Launch program(Class<?> program) {
        return new Launch(ranks, fewestRanks, timeoutSeconds, check, program);
    }
}
