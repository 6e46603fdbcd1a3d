package launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Watches the ranks of one run, however they were started: waits until every rank has ended, the
 * first one has failed, or time is up; then stops the others, passes on what they printed, says in
 * one line what happened and returns the run's exit status. When this JVM ends first (Ctrl-C,
 * SIGTERM), the ranks end with it.
 */
final class Supervisor {

    /** Exit status of a launcher that was interrupted, as a shell gives for SIGINT. */
    static final int INTERRUPTED = 130;

    /** What the ranks' {@code up} puts in the queue of ends: every rank has started. */
    private static final Ranks.Ended UP = new Ranks.Ended(List.of(), null);

    private final String name;
    private final int np;
    private final long timeoutSeconds;
    private final Output output;
    /** The program's line for a run stopped by its time limit (true) or a signal (false), or null. */
    private final Function<Boolean, String> stopped;
    private volatile boolean over;

    Supervisor(String name, int np, long timeoutSeconds, Output output, Function<Boolean, String> stopped) {
        this.name = name;
        this.np = np;
        this.timeoutSeconds = timeoutSeconds;
        this.output = output;
        this.stopped = stopped;
    }

    /** The program's own line after a run stopped early, if it has one. */
    private String stoppedLine(boolean timedOut) {
        try {
            return stopped.apply(timedOut);
        } catch (RuntimeException e) {
            return null; // what it would say cannot be worked out now: the launcher's line stands alone
        }
    }

    /** Starts the ranks and returns the run's exit status once it is over. */
    int run(Ranks ranks) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!over) {
                ranks.stop();
                ranks.finish(1); // what a run leaves behind goes with it, also when ended by a signal
                String why = ranks.endedEarly();
                if (why != null) {
                    output.message(name + ": " + why);
                }
                String said = stoppedLine(false);
                if (said != null) {
                    output.message(said);
                }
            }
        }, "stop-ranks"));
        BlockingQueue<Ranks.Ended> ended = new LinkedBlockingQueue<>();
        int status = 1;
        try {
            ranks.start(ended::add, () -> ended.add(UP));
            status = supervise(ranks, ended);
        } catch (IOException e) {
            over = true;
            ranks.stop();
            output.message(name + ": cannot start the ranks: " + e.getMessage());
        } catch (RuntimeException e) {
            over = true; // bad input found before any rank started
            ranks.stop();
            throw e;
        } finally {
            ranks.finish(status);
        }
        return status;
    }

    /**
     * The time limit counts from when every rank has started, so that starting many JVMs on a busy
     * machine does not use up a program's time; starting has a limit of its own, at least as long.
     */
    static long startLimitSeconds(long timeoutSeconds, int np) {
        return Math.max(timeoutSeconds, START_BASE_SECONDS + START_SECONDS_PER_RANK * np);
    }

    /** Starting may take this long, and {@link #START_SECONDS_PER_RANK} more per rank: JVMs on a busy machine. */
    static final int START_BASE_SECONDS = 60;
    static final int START_SECONDS_PER_RANK = 1;

    private int supervise(Ranks ranks, BlockingQueue<Ranks.Ended> ended) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startLimitSeconds(timeoutSeconds, np));
        boolean up = false;
        boolean[] done = new boolean[np];
        int left = np;
        while (left > 0) {
            Ranks.Ended e;
            try {
                e = timeoutSeconds > 0 ? ended.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : ended.take();
            } catch (InterruptedException interrupted) {
                end(ranks);
                output.message(name + ": interrupted; the ranks were stopped");
                String said = stoppedLine(false);
                if (said != null) {
                    output.message(said);
                }
                return INTERRUPTED;
            }
            if (e == UP) {
                up = true;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                continue;
            }
            if (e == null) {
                List<Integer> unfinished = new ArrayList<>();
                for (int r = 0; r < np; r++) {
                    if (!done[r]) {
                        unfinished.add(r);
                    }
                }
                end(ranks);
                String said = up ? stoppedLine(true) : null;
                output.message(name + ": " + (up ? Failure.timeoutLine(timeoutSeconds, unfinished, said == null)
                        : Failure.startTimeoutLine(startLimitSeconds(timeoutSeconds, np), np)));
                ranks.whereabouts(unfinished).forEach(output::message);
                if (said != null) {
                    output.message(said);
                }
                return Mpiexec.TIMED_OUT;
            }
            for (int r : e.ranks()) {
                if (!done[r]) {
                    done[r] = true;
                    left--;
                }
            }
            if (e.failure() != null) {
                end(ranks);
                Failure f = e.failure().get();
                output.message(name + ": " + f.line(np));
                f.trace().forEach(output::message);
                return f.status();
            }
        }
        over = true;
        ranks.drain();
        return 0;
    }

    /** The run is over before every rank ended: the others are stopped and their last lines passed on. */
    private void end(Ranks ranks) {
        over = true;
        ranks.stop();
        ranks.drain();
    }
}
