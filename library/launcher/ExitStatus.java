package launcher;

/**
 * Thrown by a rank to end the whole run with {@code status} and one line of its own, without a
 * stack trace: for a program that has found and said what is wrong itself (a results file another
 * run is writing, jobs that failed). The launcher prints "program: message", stops the other ranks
 * and exits with the status.
 */
public final class ExitStatus extends RuntimeException {

    private final int status;

    public ExitStatus(int status, String message) {
        super(message, null, false, false);
        if (status < 1 || status > 255) {
            throw new IllegalArgumentException("an exit status that ends a run is 1 to 255, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The status and message of an ExitStatus thrown in a rank, whose class loader has its own copy of this class. */
    static ExitStatus from(Throwable t) {
        if (t == null || !t.getClass().getName().equals(ExitStatus.class.getName())) {
            return null;
        }
        try {
            int status = (Integer) t.getClass().getMethod("status").invoke(t);
            return new ExitStatus(status, t.getMessage());
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
