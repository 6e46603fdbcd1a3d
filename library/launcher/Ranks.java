package launcher;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One way of starting the ranks of a run ({@link ThreadRun}, {@link ProcessRun}, {@link SrunRun}).
 * It starts them and says when they end; the {@link Supervisor} does the rest: the time limit, the
 * one line that says what went wrong, stopping the others, the exit status.
 */
interface Ranks {

    /**
     * Some ranks ended: {@code failure} is null when they ended normally, else what went wrong,
     * asked for only after {@link #stop} and {@link #drain} (a rank's own report of its failure may
     * still be on its way).
     */
    record Ended(List<Integer> ranks, Supplier<Failure> failure) {
    }

    /**
     * Starts every rank; each end (of one rank, or of all at once) goes to {@code ended}, from any
     * thread, and {@code up} is run once every rank has started: threads at once, JVM ranks when all
     * have reported to the launcher's rendezvous (early in MPI.Init).
     */
    void start(Consumer<Ended> ended, Runnable up) throws IOException;

    /** Ends every rank still running. Also called when this JVM is ending (Ctrl-C, SIGTERM, a rank's System.exit). */
    void stop();

    /** Waits, a few seconds at most, until what the ranks printed has been passed on. */
    void drain();

    /** How long {@link #drain} waits for the ranks' output in all, at most. */
    long DRAIN_MILLIS = 5000;

    /** Waits for each of {@code readers} to end, {@link #DRAIN_MILLIS} for them all at most. */
    static void awaitReaders(java.util.Collection<Thread> readers) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        for (Thread t : List.copyOf(readers)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Where each unfinished rank was when time ran out, a line each, where that can be known. */
    default List<String> whereabouts(List<Integer> unfinished) {
        return List.of();
    }

    /** What to say when this JVM ends before the run does (a thread rank's System.exit), or null. */
    default String endedEarly() {
        return null;
    }

    /** After the run, with its exit status; again (status 1) if a signal ends the launcher, so it must bear a second call. */
    default void finish(int status) {
    }
}
