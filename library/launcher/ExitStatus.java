package launcher;

/**
 * Thrown by a rank to end the whole run with {@code status} and one line of its own, without a
 * stack trace: for a program that has found and said what is wrong itself (a results file another
 * run is writing, jobs that failed). The launcher prints "program: message", stops the other ranks
 * and exits with the status.
 */
public class ExitStatus extends RuntimeException {

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

    /**
     * The status and message of an ExitStatus (a {@link BadInput} too) thrown in a rank, whose class
     * loader has its own copy of these classes; null for any other exception.
     */
    static ExitStatus from(Throwable t) {
        for (Class<?> c = t == null ? null : t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(ExitStatus.class.getName())) {
                try {
                    int status = (Integer) c.getMethod("status").invoke(t);
                    return new ExitStatus(status, t.getMessage());
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
