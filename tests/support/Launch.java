import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One real command started by a test: its output line by line as it comes, its exit status, and
 * every process it left behind. Each launch puts a unique marker in the environment, which every
 * process it starts inherits; after the run, any live process with that marker is a leak.
 */
final class Launch {

    static final Path ROOT = Path.of("").toAbsolutePath();
    /** No test run may take longer than this; a hung launcher fails the test instead of hanging it. */
    static final Duration LIMIT = Duration.ofSeconds(180);

    private final String marker = "mpj-test-" + UUID.randomUUID();
    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outReader;
    private final Thread errReader;
    private final long started = System.nanoTime();

    private Launch(List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        env.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        pb.environment().put("MPJ_TEST_MARKER", marker);
        process = pb.start();
        process.getOutputStream().close();
        outReader = reader(process.getInputStream(), out);
        errReader = reader(process.getErrorStream(), err);
    }

    /** Starts {@code command} in the project's root folder. */
    static Launch start(String... command) throws IOException {
        return new Launch(Arrays.asList(command), Map.of(), ROOT);
    }

    /** Starts {@code command} with changes to the environment (a null value removes a variable). */
    static Launch start(Map<String, String> env, Path dir, String... command) throws IOException {
        return new Launch(Arrays.asList(command), new HashMap<>(env), dir);
    }

    /** A lesson or test program through scripts/jbang, as a user runs it. */
    static Launch jbang(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/jbang").toString(), script));
        cmd.addAll(Arrays.asList(args));
        return new Launch(cmd, Map.of(), ROOT);
    }

    /** Waits for the command to end (failing the test after {@link #LIMIT}) and returns what it did. */
    Result await() throws Exception {
        return await(LIMIT);
    }

    /** Waits for the command to end (failing the test after {@code limit}) and returns what it did. */
    Result await(Duration limit) throws Exception {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("command still running after " + limit.toSeconds() + " s; killed it\nstdout: "
                    + out + "\nstderr: " + err);
        }
        outReader.join(10_000);
        errReader.join(10_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(process.exitValue(), List.copyOf(out), List.copyOf(err), leftovers(), seconds);
    }

    /** Waits until a line on stdout matches, and returns it. */
    String awaitLine(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        synchronized (out) {
            while (true) {
                for (String l : out) {
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !outReader.isAlive()) {
                    throw new AssertionError("no such line on stdout; got " + out + "\nstderr: " + err);
                }
                TimeUnit.NANOSECONDS.timedWait(out, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Processes still alive that this launch started, however far down. */
    List<ProcessHandle> leftovers() {
        return withMarker(marker);
    }

    /** Waits (up to {@code seconds}) for every process this launch started to end; returns those that did not. */
    List<ProcessHandle> awaitNoLeftovers(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle h : leftovers()) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillThere) {
                // reported below
            }
        }
        return leftovers();
    }

    /**
     * Stops every process of this launch where it is (SIGSTOP), so that a test can act while the
     * run is certainly still going, however loaded the machine; {@link #resume} lets it go on.
     */
    void pause() throws Exception {
        signal("-STOP");
    }

    /** Lets the processes of a {@link #pause}d launch go on (SIGCONT). */
    void resume() throws Exception {
        signal("-CONT");
    }

    /**
     * Signals the launch and everything it started, all in one {@code kill} so that they stop (or go
     * on) together. A process that ended in the meantime (a rank the test killed, reaped between
     * listing and signalling) is no failure; one still there that the signal did not reach is.
     */
    private void signal(String which) throws Exception {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        leftovers().forEach(h -> pids.add(h.pid()));
        if (send(which, pids) == null) {
            return;
        }
        for (long pid : pids) {
            String said = send(which, List.of(pid));
            if (said != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new AssertionError("kill " + which + " " + pid + " failed: " + said);
            }
        }
    }

    /** Runs {@code kill SIGNAL -- PIDS}; null when it succeeded, else what it said. */
    private static String send(String which, List<Long> pids) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", which, "--"));
        pids.forEach(pid -> cmd.add(String.valueOf(pid)));
        Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return kill.waitFor() == 0 ? null : said.strip();
    }

    void kill() {
        for (ProcessHandle h : leftovers()) {
            h.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static List<ProcessHandle> withMarker(String marker) {
        byte[] needle = ("MPJ_TEST_MARKER=" + marker).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    if (indexOf(env, needle) >= 0) {
                        ProcessHandle.of(Long.parseLong(p.getFileName().toString())).filter(ProcessHandle::isAlive)
                                .ifPresent(found::add);
                    }
                } catch (IOException | SecurityException gone) {
                    // the process ended while we looked, or is not ours to read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Thread reader(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(l);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            synchronized (lines) {
                lines.notifyAll();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What a finished command did. */
    record Result(int exit, List<String> out, List<String> err, List<ProcessHandle> leftovers, double seconds) {

        /** stderr without jbang's own build messages, which appear only when a script is (re)built. */
        List<String> errWithoutJbang() {
            return err.stream().filter(l -> !l.startsWith("[jbang]")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + String.format("%.1f", seconds) + " s\n--- stdout\n"
                    + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err) + "\n--- left running: "
                    + leftovers.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
        }
    }

    /** Waits until FILE has at least N lines (a sweep's journal growing), and returns how many it had. */
    static long awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + Launch.LIMIT.toNanos();
        Files.createDirectories(file.getParent());
        java.nio.file.WatchService watch = file.getFileSystem().newWatchService();
        file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
                java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        try (watch) {
            while (true) {
                if (Files.exists(file)) {
                    long lines;
                    try (Stream<String> s = Files.lines(file)) {
                        lines = s.count();
                    }
                    if (lines >= n) {
                        return lines;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(file + " did not reach " + n + " lines");
                }
                watch.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
