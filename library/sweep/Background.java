package sweep;

/**
 * A second thread of a rank (in lesson 06, rank 0 answers requests for work in one while it
 * computes). Whatever it throws comes back from {@link #join}, so it fails the rank instead of
 * vanishing with the thread.
 */
public final class Background {

    /** The work of the thread; may throw anything, MPJ Express's MPIException included. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile Throwable failure;

    private Background(String name, Task task) {
        thread = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        thread.setDaemon(true);
    }

    public static Background start(String name, Task task) {
        Background b = new Background(name, task);
        b.thread.start();
        return b;
    }

    /** Waits for the thread to end; rethrows what it threw. */
    public void join() throws Exception {
        thread.join();
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
