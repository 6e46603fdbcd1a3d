///usr/bin/env jbang "$0" "$@" ; exit $?
// The exercises' checker (scripts/exercise N [FILE]). It judges what a program does, not its text.
// It runs the program under the launcher at a few rank counts (the fewest, an odd one, the
// program's default) and on both devices, with -l so that it knows which rank printed each line,
// and compares what each rank printed with what its messages must have carried. The values that
// travel in messages are the checker's own, new for every run, and each is handed to one rank
// only (exercise.Given): read once from a named pipe, which on niodev the checker also sees being
// opened by that rank's JVM and no other. A program is built from a copy in build/exercise-check/
// whose //SOURCES lines point at the project's library, wherever the program itself lives.
//COMPILE_OPTIONS -encoding UTF-8

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class Check {

    /** How long a run may take before it counts as hung: a right answer takes about a second. */
    static final Map<String, Integer> TIMEOUT = Map.of("multicore", 8, "niodev", 15);

    /** Something said to the learner, in English and in Chinese. */
    record Say(String en, String zh) {
    }

    /** Where one run happens: how many ranks, on which device. */
    record Place(int ranks, String device) {
        String en() {
            return ranks + (ranks == 1 ? " rank (" : " ranks (") + device + ")";
        }

        String zh() {
            return ranks + " 个 rank（" + device + "）";
        }
    }

    /**
     * What the checker gives one run: arguments every rank sees, and numbers for single ranks, or
     * arrays of random ints (Given.ints), which no shorter message can stand for.
     */
    record Plan(List<String> args, Map<Integer, long[]> given, Map<Integer, int[]> arrays) {
        Plan(List<String> args, Map<Integer, long[]> given) {
            this(args, given, Map.of());
        }

        long given(int rank) {
            return given.get(rank)[0];
        }

        /** What each rank's pipe holds: its numbers as a line of text, or its array's ints. */
        Map<Integer, byte[]> handed() {
            Map<Integer, byte[]> all = new HashMap<>();
            given.forEach((rank, numbers) -> all.put(rank, (Arrays.stream(numbers).mapToObj(String::valueOf)
                    .collect(Collectors.joining(" ")) + "\n").getBytes(StandardCharsets.US_ASCII)));
            arrays.forEach((rank, ints) -> {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * ints.length);
                bytes.asIntBuffer().put(ints);
                all.put(rank, bytes.array());
            });
            return all;
        }
    }

    /** One line of stdout and the rank that printed it (-1 when no rank did). */
    record Line(int rank, String text) {
    }

    /**
     * One run of the program: where, with what, and what happened; {@code received} holds the
     * arrays ranks handed back (Given.received), by rank.
     */
    record Run(Place place, Plan plan, int exit, List<Line> out, List<String> err, Map<Integer, int[]> received) {
        int ranks() {
            return place.ranks();
        }

        /** The lines that rank {@code rank} printed matching {@code regex}, as matchers. */
        List<Matcher> lines(int rank, String regex) {
            Pattern p = Pattern.compile(regex);
            List<Matcher> found = new ArrayList<>();
            for (Line l : out) {
                Matcher m = p.matcher(l.text());
                if (l.rank() == rank && m.matches()) {
                    found.add(m);
                }
            }
            return found;
        }

        /** Lines matching {@code regex} printed by any rank but {@code rank}. */
        List<Line> others(int rank, String regex) {
            Pattern p = Pattern.compile(regex);
            return out.stream().filter(l -> l.rank() != rank && p.matcher(l.text()).matches()).toList();
        }
    }

    /** A verdict that stops the check: what is wrong, and what to do about it. */
    static final class Wrong extends Exception {
        final Say what;
        final Say hint;

        Wrong(Say what, Say hint) {
            super(what.en(), null, false, false);
            this.what = what;
            this.hint = hint;
        }
    }

    /** One exercise: its file, where it runs, what each run gets, and how a run is judged. */
    abstract static class Exercise {
        final String name;
        final List<Place> places;
        final Say hint;
        /** The lines that name a rank, which only that rank may print: the first group is the rank. */
        final List<Pattern> named;

        Exercise(String name, List<Place> places, Say hint, String... named) {
            this.name = name;
            this.places = places;
            this.hint = hint;
            this.named = Arrays.stream(named).map(Pattern::compile).toList();
        }

        /** The arguments and numbers for a run at {@code ranks} ranks. */
        abstract Plan plan(int ranks, Random random);

        /** Throws {@link Wrong} when the run did not do what the exercise asks. */
        abstract void judge(Run run) throws Wrong;

        /** A wrong result; the hint is the exercise's own. */
        Wrong wrong(String en, String zh) {
            return new Wrong(new Say(en, zh), hint);
        }

        /** The one line of rank {@code rank} matching {@code regex}; {@code shown} is how it looks. */
        Matcher one(Run run, int rank, String regex, String shown) throws Wrong {
            List<Matcher> found = run.lines(rank, regex);
            if (found.isEmpty()) {
                throw wrong("rank " + rank + " did not print the line '" + shown + "'",
                        "rank " + rank + " 没有打印 '" + shown + "' 这一行");
            }
            if (found.size() > 1) {
                throw wrong("rank " + rank + " printed '" + shown + "' " + found.size() + " times; once is right",
                        "rank " + rank + " 把 '" + shown + "' 打印了 " + found.size() + " 次，应该只打印一次");
            }
            return found.get(0);
        }

        /** Lines matching {@code regex} must come from rank {@code rank} only. */
        void onlyFrom(Run run, int rank, String regex) throws Wrong {
            for (Line l : run.others(rank, regex)) {
                throw wrong("rank " + l.rank() + " printed '" + l.text() + "'; only rank " + rank + " prints that line",
                        "rank " + l.rank() + " 打印了 '" + l.text() + "'，这一行只应由 rank " + rank + " 打印");
            }
        }
    }

    static final Map<Integer, Exercise> EXERCISES = new LinkedHashMap<>();

    static {
        EXERCISES.put(1, new HelloReply());
        EXERCISES.put(2, new LostJobs());
        EXERCISES.put(3, new Deadlock());
        EXERCISES.put(4, new PiReduce());
        EXERCISES.put(5, new BcastParams());
        EXERCISES.put(6, new Ring());
    }

    static final Say FINALIZE = new Say("every rank must call MPI.Finalize() before its main returns, also one that"
            + " returns early", "每个 rank 在 main 返回之前都必须调用 MPI.Finalize()，提前返回的 rank 也一样");
    static final Say OWN_NUMBERS = new Say("each rank may read only its own numbers, Given.number(args, rank) with its"
            + " own rank; another rank's numbers must reach it in a message", "每个 rank 只能读自己的数，即用自己的 rank"
            + " 调用 Given.number(args, rank)；别的 rank 的数必须通过消息传过来");

    static Path root;

    /** The run going on now, and its numbers: stopped and removed if the checker itself is stopped. */
    static volatile Process current;
    static volatile Handout handing;

    public static void main(String[] args) throws Exception {
        root = Path.of("").toAbsolutePath();
        Runtime.getRuntime().addShutdownHook(new Thread(Check::stopRun, "stop-run"));
        if (args.length < 1 || args.length > 2) {
            usage("give an exercise number, e.g. scripts/exercise 1, and optionally the file to check");
        }
        int number;
        try {
            number = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            number = -1;
        }
        Exercise ex = EXERCISES.get(number);
        if (ex == null) {
            usage("no exercise '" + args[0] + "'; the exercises are 1 to " + EXERCISES.size() + " (see exercises/)");
        }
        String shown = args.length == 2 ? args[1] : "exercises/" + ex.name + ".java";
        // scripts/exercise runs this from the project's folder; a FILE the user gave is relative to theirs.
        Path file = args.length == 2 ? Path.of(System.getenv().getOrDefault("EXERCISE_CWD", "")).toAbsolutePath().resolve(shown)
                : root.resolve(shown);
        if (!Files.isRegularFile(file)) {
            usage(shown + " does not exist; give the path of the program to check");
        }
        if (!file.getFileName().toString().endsWith(".java")) {
            usage(shown + " is not a .java file; give the program to check, e.g. exercises/" + ex.name + ".java");
        }

        Path folder = Files.createDirectories(root.resolve("build/exercise-check"));
        try (FileChannel lockFile = FileChannel.open(folder.resolve(ex.name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            Program program = Program.copy(file, shown, folder.resolve(ex.name + ".java"));
            Random random = ThreadLocalRandom.current();
            for (Place place : ex.places) {
                Run run = program.run(place, ex.plan(place.ranks(), random));
                if (place == ex.places.get(0) && run.exit() != 0 && run.out().stream().allMatch(l -> l.rank() < 0)
                        && run.err().stream().noneMatch(l -> l.startsWith(program.copy.getFileName() + ": "))) {
                    program.diagnose(number, run); // no rank said anything: did it build, does it start?
                }
                try {
                    judge(run, ex, program);
                } catch (Wrong w) {
                    System.out.println("✗ exercise " + number + " at " + place.en() + ": " + program.shown(w.what.en()));
                    System.out.println("✗ 练习 " + number + "，" + place.zh() + "：" + program.shown(w.what.zh()));
                    System.out.println("  hint: " + w.hint.en());
                    System.out.println("  提示：" + w.hint.zh());
                    System.exit(1);
                }
            }
        }
        System.out.println("✓ exercise " + number + " solved (" + shown + ")");
        System.out.println("✓ 练习 " + number + " 已完成（" + shown + "）");
    }

    /** SIGTERM to the run (the launcher stops its ranks then), SIGKILL if it is still there after 5 s. */
    static void stopRun() {
        Process p = current;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        Handout h = handing;
        if (h != null) {
            h.removePipes();
        }
    }

    static void usage(String message) {
        System.err.println("exercise: " + message);
        System.exit(2);
    }

    /** Throws {@link Wrong} when the run went wrong: who read the numbers, how it ended, then the exercise's own check. */
    static void judge(Run run, Exercise ex, Program program) throws Wrong {
        if (!program.handout.problems.isEmpty()) {
            throw new Wrong(program.handout.problems.get(0), OWN_NUMBERS);
        }
        String prefix = program.copy.getFileName() + ": ";
        List<String> launcher = run.err().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .toList();
        if (run.exit() == 124) {
            int seconds = TIMEOUT.get(run.place().device());
            Say waits = waits(run.err());
            throw new Wrong(new Say("it hung (stopped after " + seconds + " s); " + waits.en(),
                    "程序卡住了（" + seconds + " 秒后被停止）；" + waits.zh()), ex.hint);
        }
        if (!launcher.isEmpty() && launcher.get(0).contains("without calling MPI.Finalize")) {
            String rank = launcher.get(0).replaceFirst("^rank (\\d+) .*", "$1");
            throw new Wrong(new Say("rank " + rank + " returned from main without calling MPI.Finalize() (the launcher"
                    + " says so, as Open MPI's mpiexec does)", "rank " + rank + " 没有调用 MPI.Finalize() 就从 main"
                    + " 返回了（启动器会报告这一点，Open MPI 的 mpiexec 也一样）"), FINALIZE);
        }
        if (run.exit() != 0 || !launcher.isEmpty()) {
            String cause = !launcher.isEmpty() ? launcher.get(0)
                    : run.err().stream().filter(l -> !l.startsWith("[jbang]")).findFirst().orElse("no message");
            String where = run.err().stream().filter(l -> l.contains("(" + program.copy.getFileName() + ":"))
                    .findFirst().map(l -> l.replaceFirst("^.*\\(.*:(\\d+)\\)$", "$1")).orElse(null);
            throw new Wrong(new Say("it failed (exit status " + run.exit() + "): " + cause
                    + (where != null ? " (line " + where + ")" : ""), "程序出错（退出码 " + run.exit() + "）：" + cause
                    + (where != null ? "（第 " + where + " 行）" : "")), cause.contains("were read already") ? OWN_NUMBERS
                    : ex.hint);
        }
        for (Pattern named : ex.named) {
            for (Line l : run.out()) {
                Matcher m = named.matcher(l.text());
                if (l.rank() >= 0 && m.matches() && Integer.parseInt(m.group(1)) != l.rank()) {
                    throw new Wrong(new Say("rank " + l.rank() + " printed '" + l.text() + "'; that line is rank " + m.group(1)
                            + "'s to print", "rank " + l.rank() + " 打印了 '" + l.text() + "'；这一行应该由 rank " + m.group(1)
                            + " 打印"), ex.hint);
                }
            }
        }
        ex.judge(run);
    }

    /** The launcher's timeout report, condensed: where each unfinished rank was (multicore says so). */
    static Say waits(List<String> err) {
        Pattern at = Pattern.compile("  rank (\\d+) was at [^(]*\\((?:[^:]*):(\\d+)\\)(?:, inside mpi\\.\\w+\\.(\\w+))?");
        List<String> en = new ArrayList<>();
        List<String> zh = new ArrayList<>();
        for (String l : err) {
            Matcher m = at.matcher(l);
            if (m.find()) {
                if (m.group(3) != null) {
                    en.add("rank " + m.group(1) + " waits in " + m.group(3) + " at line " + m.group(2));
                    zh.add("rank " + m.group(1) + " 在第 " + m.group(2) + " 行的 " + m.group(3) + " 里等待");
                } else {
                    en.add("rank " + m.group(1) + " is at line " + m.group(2));
                    zh.add("rank " + m.group(1) + " 停在第 " + m.group(2) + " 行");
                }
            }
        }
        if (en.isEmpty()) {
            return new Say("not every rank finished", "有 rank 没有结束");
        }
        return new Say(String.join(", ", en), String.join("，", zh));
    }

    // --- the program: its copy, its build, its runs ------------------------------------------------

    /** The program under check, as a copy whose //SOURCES lines reach the project's library. */
    static final class Program {
        final Path copy;
        final String shown;
        final String userName;
        Handout handout;

        private Program(Path copy, String shown, String userName) {
            this.copy = copy;
            this.shown = shown;
            this.userName = userName;
        }

        /**
         * Copies {@code file} to {@code copy}, line for line, with each //SOURCES entry pointing at
         * what it names beside {@code file}, or, where it names nothing there, at the project's
         * library (a copy of an exercise in another folder still says ../library/...).
         */
        static Program copy(Path file, String shown, Path copy) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            Path from = file.toAbsolutePath().normalize().getParent();
            Path to = copy.getParent();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
            int start = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                String line = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
                if (line.startsWith("//SOURCES ")) {
                    List<String> entries = new ArrayList<>();
                    for (String entry : line.substring(10).trim().split("\\s+")) {
                        entries.add(rebase(entry, from, to));
                    }
                    out.writeBytes(("//SOURCES " + String.join(" ", entries)).getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.write(bytes, start, end - start);
                }
                if (end < bytes.length) {
                    out.write('\n');
                }
                start = end + 1;
            }
            Path part = Files.createTempFile(to, "copy-", ".part");
            Files.write(part, out.toByteArray());
            Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Program(copy, shown, file.getFileName().toString());
        }

        private static String rebase(String entry, Path from, Path to) {
            if (entry.contains("://") || entry.contains("${") || entry.isEmpty()) {
                return entry;
            }
            Path target = from.resolve(entry).normalize();
            if (!names(target)) {
                Matcher m = Pattern.compile("(?:.*/)?library/(.+)").matcher(entry);
                if (!m.matches()) {
                    return entry;
                }
                target = root.resolve("library").resolve(m.group(1)).normalize();
            }
            return to.relativize(target).toString().replace('\\', '/');
        }

        /** Whether a //SOURCES entry (a file, or a glob in its last part) names any file. */
        private static boolean names(Path target) {
            String last = target.getFileName() == null ? "" : target.getFileName().toString();
            if (!last.matches(".*[*?\\[{].*")) {
                return Files.isRegularFile(target);
            }
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + last);
            try (Stream<Path> files = Files.list(target.getParent())) {
                return files.anyMatch(f -> glob.matches(f.getFileName()));
            } catch (IOException e) {
                return false;
            }
        }

        /** Text from the copy's build or run, with the copy's path and name turned into the user's. */
        String shown(String text) {
            return text.replace(copy.toString(), shown).replace(copy.getFileName().toString(), userName);
        }

        /**
         * After a first run in which no rank printed anything and the launcher said nothing: ends
         * the check when the program does not build (the run's stderr has jbang's or the
         * compiler's errors) or does not start its ranks through the launcher (it does not answer
         * -help as the launcher does). Set-up trouble ends it with status 2.
         */
        void diagnose(int number, Run run) throws Exception {
            List<String> err = run.err();
            List<String> setup = err.stream().filter(l -> l.startsWith("setup:")).toList();
            if (!setup.isEmpty()) {
                setup.forEach(System.err::println);
                System.exit(2);
            }
            int first = -1;
            for (int i = 0; i < err.size() && first < 0; i++) {
                if (err.get(i).matches(".*\\.java:\\d+: error: .*") || err.get(i).startsWith("[jbang] [ERROR]")) {
                    first = i;
                }
            }
            if (first >= 0) {
                List<String> lines = new ArrayList<>();
                for (int i = first; i < err.size() && lines.size() < 8; i++) {
                    String l = err.get(i);
                    if (!l.startsWith("[jbang] Run with --verbose") && !l.startsWith("[jbang] Building")) {
                        lines.add(l);
                    }
                }
                System.out.println("✗ exercise " + number + ": " + shown + " does not build; jbang and the compiler say:");
                System.out.println("✗ 练习 " + number + "：" + shown + " 编译不通过，jbang 和编译器的输出如下：");
                lines.forEach(l -> System.out.println("  " + shown(l)));
                System.exit(1);
            }
            Result r = Result.of(List.of("scripts/jbang", copy.toString(), "-help"), 600, p -> { });
            if (r.exit == 0 && r.out.stream().anyMatch(l -> l.startsWith("usage: jbang"))) {
                return; // it starts as it should: the run's own verdict follows
            }
            String said = Stream.concat(r.err.stream().filter(l -> !l.startsWith("[jbang]")), r.out.stream()).findFirst()
                    .orElse("exit status " + r.exit);
            System.out.println("✗ exercise " + number + ": " + shown + " builds, but does not start its ranks through the"
                    + " launcher: " + shown(said));
            System.out.println("✗ 练习 " + number + "：" + shown + " 能编译，但没有通过启动器启动各个 rank：" + shown(said));
            System.out.println("  hint: the first line of main must be Mpiexec.ranks(...)...start(args), as in the exercise");
            System.out.println("  提示：main 的第一行必须是 Mpiexec.ranks(...)...start(args)，和练习原文一样");
            System.exit(1);
        }

        /** One run at {@code place}, with the numbers of {@code plan} handed out as its ranks open them. */
        Run run(Place place, Plan plan) throws Exception {
            int timeout = TIMEOUT.get(place.device());
            try (Handout h = new Handout(plan.handed())) {
                handout = h;
                handing = h;
                List<String> cmd = new ArrayList<>(List.of("scripts/jbang", copy.toString(), "-np",
                        String.valueOf(place.ranks()), "-dev", place.device(), "-timeout", String.valueOf(timeout), "-l", "--"));
                if (h.dir != null) {
                    cmd.add(h.dir.toString());
                }
                cmd.addAll(plan.args());
                // The first run also builds the program, which jbang may take a while to do.
                Result r = Result.of(cmd, timeout + 600, h::watch);
                Map<Integer, int[]> received = h.received();
                h.close();
                List<Line> lines = new ArrayList<>();
                Pattern prefixed = Pattern.compile("\\[(\\d+)\\] (.*)");
                for (String l : r.out) {
                    Matcher m = prefixed.matcher(l);
                    lines.add(m.matches() ? new Line(Integer.parseInt(m.group(1)), m.group(2)) : new Line(-1, l));
                }
                return new Run(place, plan, r.exit, lines, r.err, received);
            }
        }
    }

    /** What a command printed and how it ended. */
    record Result(int exit, List<String> out, List<String> err) {

        /** Runs {@code cmd} from the project's folder; {@code started} sees the process as it starts. */
        static Result of(List<String> cmd, int limitSeconds, java.util.function.Consumer<ProcessHandle> started)
                throws Exception {
            Path out = Files.createTempFile("exercise", ".out");
            Path err = Files.createTempFile("exercise", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                // Ranks as this machine's processes or threads, also inside a SLURM allocation.
                pb.environment().put("MPJ_NO_SRUN", "1");
                Process p = pb.start();
                current = p;
                p.getOutputStream().close();
                started.accept(p.toHandle());
                if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                }
                return new Result(p.exitValue(), read(out), read(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        private static List<String> read(Path file) throws IOException {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * The numbers of one run, each for one rank: a folder with a named pipe per rank, named by the
     * rank. A pipe is filled once, when a rank opens it, so what it holds can be read once only.
     * On Linux the checker looks, before it writes, at who holds the pipe open: a rank JVM (niodev)
     * other than the one the number is for, or more than one reader, is a program reading another
     * rank's number. (With multicore, all ranks are one JVM, so only a second reader shows.)
     */
    static final class Handout implements AutoCloseable {
        final Path dir;
        /** Numbers read by a rank they were not for, in the order the checker saw it. */
        final List<Say> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Map<Integer, Thread> writers = new HashMap<>();
        private volatile ProcessHandle run;
        private volatile boolean closing;

        Handout(Map<Integer, byte[]> given) throws IOException, InterruptedException {
            dir = given.isEmpty() ? null : Files.createTempDirectory("exercise-");
            for (var e : given.entrySet()) {
                Path pipe = dir.resolve(String.valueOf(e.getKey()));
                Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).redirectErrorStream(true).start();
                String said = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (mkfifo.waitFor() != 0) {
                    throw new IOException("mkfifo " + pipe + " failed: " + said);
                }
                byte[] bytes = e.getValue();
                int rank = e.getKey();
                Thread t = new Thread(() -> write(rank, pipe, bytes), "given-" + rank);
                t.setDaemon(true);
                writers.put(rank, t);
            }
        }

        /** Starts handing out the numbers to the ranks of {@code process} (the launcher). */
        void watch(ProcessHandle process) {
            run = process;
            writers.values().forEach(Thread::start);
        }

        /**
         * Gives {@code text} to the first reader of {@code pipe}, and nothing to any later one, which
         * reads an empty file at once (Given says it was read already) rather than waiting forever.
         */
        private void write(int rank, Path pipe, byte[] bytes) {
            boolean first = true;
            while (!closing) {
                try (FileOutputStream out = new FileOutputStream(pipe.toFile())) { // returns once a reader opened it
                    if (closing) {
                        return;
                    }
                    List<Integer> readers = readers(pipe);
                    if (readers != null && readers.size() > 1) {
                        problem("the numbers the checker gave rank " + rank + " were opened by " + readers.size()
                                + " readers at once" + who(readers, "") + "; only rank " + rank + " may read them",
                                "检查程序给 rank " + rank + " 的数被 " + readers.size() + " 个进程同时打开了" + who(readers, "zh")
                                + "；只有 rank " + rank + " 能读");
                    } else if (readers != null && readers.size() == 1 && readers.get(0) >= 0 && readers.get(0) != rank) {
                        problem("rank " + readers.get(0) + " read the numbers the checker gave rank " + rank,
                                "rank " + readers.get(0) + " 读了检查程序给 rank " + rank + " 的数");
                    }
                    if (first) {
                        first = false;
                        out.write(bytes);
                    }
                } catch (IOException e) {
                    // the reader closed it without reading: it does without the numbers
                }
                awaitNoReader(pipe);
            }
        }

        /** Waits until the last reader has closed the pipe, so that the next open is a new reader's. */
        private void awaitNoReader(Path pipe) {
            for (int i = 0; i < 500 && !closing; i++) {
                List<Integer> readers = readers(pipe);
                if (readers != null && readers.isEmpty()) {
                    return;
                }
                try {
                    Thread.sleep(readers == null ? 100 : 20); // nothing tells when a reader closes its end
                } catch (InterruptedException e) {
                    return;
                }
                if (readers == null) {
                    return;
                }
            }
        }

        private void problem(String en, String zh) {
            problems.add(new Say(en, zh));
        }

        private static String who(List<Integer> readers, String language) {
            List<String> ranks = readers.stream().filter(r -> r >= 0).map(r -> "rank " + r).toList();
            if (ranks.isEmpty()) {
                return "";
            }
            return language.equals("zh") ? "（" + String.join("、", ranks) + "）" : " (" + String.join(", ", ranks) + ")";
        }

        /**
         * The processes of the run that hold {@code pipe} open, one entry per open file: the rank of a
         * rank JVM (niodev), -1 for the launcher's own JVM (multicore); null where /proc is missing.
         */
        private List<Integer> readers(Path pipe) {
            if (!Files.isDirectory(Path.of("/proc/self/fd")) || run == null) {
                return null;
            }
            Path real;
            try {
                real = pipe.toRealPath();
            } catch (IOException e) {
                return null;
            }
            List<Integer> found = new ArrayList<>();
            List<ProcessHandle> processes = new ArrayList<>();
            processes.add(run);
            run.descendants().forEach(processes::add);
            for (ProcessHandle p : processes) {
                try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(p.pid()), "fd"))) {
                    for (Path fd : fds.toList()) {
                        try {
                            if (Files.readSymbolicLink(fd).equals(real)) {
                                found.add(rankOf(p.pid()));
                            }
                        } catch (IOException closed) {
                            // closed while we looked
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
            return found;
        }

        /** The rank a process is, from the launcher's -Dlauncher.rank=R on its command line; -1 for none. */
        private static int rankOf(long pid) {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                        StandardCharsets.UTF_8);
                for (String arg : cmdline.split("\0")) {
                    if (arg.matches("-Dlauncher\\.rank=\\d+")) {
                        return Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // not a rank JVM we can read
            }
            return -1;
        }

        /** The arrays the ranks handed back with Given.received, by rank. */
        Map<Integer, int[]> received() throws IOException {
            Map<Integer, int[]> all = new HashMap<>();
            if (dir == null) {
                return all;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.matches("received-\\d+")) {
                        java.nio.IntBuffer ints = java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).asIntBuffer();
                        int[] array = new int[ints.remaining()];
                        ints.get(array);
                        all.put(Integer.parseInt(name.substring(9)), array);
                    }
                }
            }
            return all;
        }

        /** Lets every writer still waiting for its reader go (the run is over), and removes the pipes. */
        @Override
        public void close() throws IOException {
            if (dir == null || closing) {
                return;
            }
            closing = true;
            for (var e : writers.entrySet()) {
                Thread t = e.getValue();
                if (t.isAlive()) {
                    // Opening for reading and writing does not wait, and lets the waiting writer's open return.
                    try (RandomAccessFile ignored = new RandomAccessFile(dir.resolve(String.valueOf(e.getKey())).toFile(), "rw")) {
                        t.join(5000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            removePipes();
        }

        /** Removes the pipes and their folder. */
        void removePipes() {
            if (dir == null) {
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException gone) {
                // removed already
            }
        }
    }

    // --- what each exercise must do -------------------------------------------------------------

    /** A number from 100,000 to 999,999: six digits, so none is a small number a program might guess. */
    static long six(Random random) {
        return random.nextInt(100_000, 1_000_000);
    }

    /** 01: rank 0 sends its number to rank 1, which answers with that number plus its own. */
    static final class HelloReply extends Exercise {
        HelloReply() {
            super("01_hello_reply", List.of(new Place(2, "multicore"), new Place(4, "multicore"), new Place(3, "niodev")),
                    new Say("rank 1: after its Recv, Send number[0] + mine back to rank 0 with tag 1",
                            "rank 1 在 Recv 之后，用标签 1 把 number[0] + mine 发回给 rank 0"),
                    "rank (\\d+) sent -?\\d+", "rank (\\d+) got -?\\d+", "rank (\\d+) got -?\\d+ back", "rank (\\d+): idle");
        }

        @Override
        Plan plan(int ranks, Random random) {
            return new Plan(List.of(), Map.of(0, new long[] {six(random)}, 1, new long[] {six(random)}));
        }

        @Override
        void judge(Run run) throws Wrong {
            long n = run.plan().given(0);
            long m = run.plan().given(1);
            long sent = Long.parseLong(one(run, 0, "rank 0 sent (-?\\d+)", "rank 0 sent N").group(1));
            if (sent != n) {
                throw wrong("rank 0 sent " + sent + ", not the number the checker gave it (" + n + ")",
                        "rank 0 发出的是 " + sent + "，不是检查程序给它的数（" + n + "）");
            }
            long got = Long.parseLong(one(run, 1, "rank 1 got (-?\\d+)", "rank 1 got N").group(1));
            if (got != n) {
                throw wrong("rank 0 sent " + n + " but rank 1 printed 'rank 1 got " + got + "': it did not receive it",
                        "rank 0 发出的是 " + n + "，rank 1 却打印了 'rank 1 got " + got + "'：它没有收到这个数");
            }
            long back = Long.parseLong(one(run, 0, "rank 0 got (-?\\d+) back", "rank 0 got N back").group(1));
            if (back != n + m) {
                throw wrong("rank 0 got " + back + " back; rank 1's answer is " + (n + m) + ", the number it got (" + n
                        + ") plus its own (" + m + ")", "rank 0 收到的回信是 " + back + "；rank 1 的回信应该是 " + (n + m)
                        + "，即它收到的数（" + n + "）加上它自己的数（" + m + "）");
            }
            for (int rank = 2; rank < run.ranks(); rank++) {
                one(run, rank, "rank " + rank + ": idle", "rank " + rank + ": idle");
            }
        }
    }

    /** 02: every job exactly once, shares that differ by one at most. */
    static final class LostJobs extends Exercise {
        LostJobs() {
            super("02_lost_jobs", List.of(new Place(1, "multicore"), new Place(4, "multicore"), new Place(7, "multicore"),
                            new Place(3, "niodev")),
                    new Say("numjobs / size rounds down; give the first numjobs % size ranks one job more and shift the"
                            + " later ranks' starts", "numjobs / size 会向下取整；让前 numjobs % size 个 rank 各多拿一个任务，"
                            + "后面 rank 的起点依次后移"), "job \\d+ on rank (\\d+)");
        }

        /**
         * A job count that no wrong split survives at {@code ranks} ranks: a remainder of at least
         * one loses jobs with the article's split; of at least two leaves uneven shares when one
         * rank takes the rest; of neither 0 nor ranks - 1 leaves a short last share with blocks of
         * numjobs / size rounded up. So the remainder is 1 at 2 and 3 ranks, from 2 to ranks - 2 at more.
         */
        static int jobs(int ranks, Random random) {
            int rest = ranks <= 3 ? Math.min(1, ranks - 1) : random.nextInt(2, ranks - 1);
            return ranks * random.nextInt(6, 20) + rest;
        }

        @Override
        Plan plan(int ranks, Random random) {
            return new Plan(List.of(String.valueOf(jobs(ranks, random))), Map.of());
        }

        @Override
        void judge(Run run) throws Wrong {
            int numjobs = Integer.parseInt(run.plan().args().get(0));
            int[] times = new int[numjobs];
            int[] perRank = new int[run.ranks()];
            Pattern job = Pattern.compile("job (\\d+) on rank (\\d+)");
            for (Line l : run.out()) {
                Matcher m = job.matcher(l.text());
                if (!m.matches() || l.rank() < 0) {
                    continue;
                }
                int j = Integer.parseInt(m.group(1));
                int rank = Integer.parseInt(m.group(2));
                if (j >= numjobs) {
                    throw wrong("job " + j + " on rank " + rank + " does not exist (" + numjobs + " jobs, numbered from 0)",
                            "任务 " + j + " 并不存在（共 " + numjobs + " 个任务，从 0 开始编号），却在 rank " + rank + " 上运行了");
                }
                times[j]++;
                perRank[rank]++;
            }
            List<Integer> lost = new ArrayList<>();
            for (int j = 0; j < numjobs; j++) {
                if (times[j] == 0) {
                    lost.add(j);
                } else if (times[j] > 1) {
                    throw wrong("job " + j + " of " + numjobs + " ran " + times[j] + " times",
                            numjobs + " 个任务中的任务 " + j + " 运行了 " + times[j] + " 次");
                }
            }
            if (!lost.isEmpty()) {
                throw wrong(lost.size() + " of " + numjobs + " jobs never ran: " + lost,
                        numjobs + " 个任务中有 " + lost.size() + " 个从未运行：" + lost);
            }
            int most = Arrays.stream(perRank).max().orElse(0);
            int fewest = Arrays.stream(perRank).min().orElse(0);
            if (most - fewest > 1) {
                throw wrong("the ranks' shares of " + numjobs + " jobs differ by " + (most - fewest) + " (from " + fewest
                        + " to " + most + "); they may differ by one at most", numjobs + " 个任务在各 rank 间的分配相差 "
                        + (most - fewest) + " 个（从 " + fewest + " 到 " + most + "）；最多只能相差一个");
            }
        }
    }

    /** 03: pairs swap whole arrays, made from seeds only their own rank knows. */
    static final class Deadlock extends Exercise {
        static final int COUNT = 1 << 20;
        private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

        Deadlock() {
            super("03_deadlock", List.of(new Place(2, "multicore"), new Place(4, "multicore"), new Place(3, "niodev")),
                    new Say("both partners send first; let one of them receive first (by rank), or use Sendrecv, or Isend"
                            + " then Recv then Wait; and swap all COUNT ints", "双方都先发送；按 rank 让其中一方先接收，或者用"
                            + " Sendrecv，或者先 Isend、再 Recv、最后 Wait；并且要交换全部 COUNT 个 int"),
                    "rank (\\d+) sends -?\\d+", "rank (\\d+) got -?\\d+ from rank \\d+", "rank (\\d+) has no partner");
        }

        /** Each rank with a partner gets an array of random ints that nothing shorter can stand for. */
        @Override
        Plan plan(int ranks, Random random) {
            Map<Integer, int[]> arrays = new HashMap<>();
            byte[] bytes = new byte[4 * COUNT];
            for (int r = 0; r < ranks; r++) {
                if ((r ^ 1) < ranks) {
                    RANDOM.nextBytes(bytes);
                    int[] ints = new int[COUNT];
                    java.nio.ByteBuffer.wrap(bytes).asIntBuffer().get(ints);
                    arrays.put(r, ints);
                }
            }
            return new Plan(List.of(), Map.of(), arrays);
        }

        @Override
        void judge(Run run) throws Wrong {
            for (int rank = 0; rank < run.ranks(); rank++) {
                int partner = rank ^ 1;
                if (partner >= run.ranks()) {
                    one(run, rank, "rank " + rank + " has no partner", "rank " + rank + " has no partner");
                    continue;
                }
                int mine = Arrays.hashCode(run.plan().arrays().get(rank));
                long sends = Long.parseLong(one(run, rank, "rank " + rank + " sends (-?\\d+)", "rank " + rank + " sends N").group(1));
                if (sends != mine) {
                    throw wrong("rank " + rank + " sends an array with checksum " + sends + "; the array the checker gave it"
                            + " has " + mine + ": send the array Given.ints gave it", "rank " + rank + " 发送的数组校验和是 "
                            + sends + "；检查程序给它的数组校验和是 " + mine + "：要发送 Given.ints 给它的数组");
                }
                Matcher got = one(run, rank, "rank " + rank + " got (-?\\d+) from rank (\\d+)",
                        "rank " + rank + " got N from rank " + partner);
                if (Integer.parseInt(got.group(2)) != partner) {
                    throw wrong("rank " + rank + " says it got from rank " + got.group(2) + "; its partner is rank " + partner,
                            "rank " + rank + " 说它收到的是 rank " + got.group(2) + " 的数组；它的搭档是 rank " + partner);
                }
                int[] given = run.plan().arrays().get(partner);
                int theirs = Arrays.hashCode(given);
                if (Long.parseLong(got.group(1)) != theirs) {
                    throw wrong("rank " + rank + " got an array with checksum " + got.group(1) + ", but rank " + partner
                            + "'s whole array has checksum " + theirs + ": it did not get all of it", "rank " + rank
                            + " 收到的数组校验和是 " + got.group(1) + "，而 rank " + partner + " 整个数组的校验和是 " + theirs
                            + "：它没有收到完整的数组");
                }
                received(run, rank, partner, given);
            }
        }

        /** The verdict on the ints themselves: those rank {@code rank} handed back must be its partner's, every one. */
        void received(Run run, int rank, int partner, int[] given) throws Wrong {
            int[] received = run.received().get(rank);
            if (received == null) {
                throw wrong("rank " + rank + " did not hand the array it got to Given.received(args, rank, theirs): keep that"
                        + " line of the exercise, so the checker sees every int that arrived", "rank " + rank + " 没有把收到的"
                        + "数组交给 Given.received(args, rank, theirs)：请保留练习里的这一行，检查程序要核对收到的每个 int");
            }
            int differs = Arrays.mismatch(received, given);
            if (differs >= 0) {
                String at = differs < Math.min(received.length, given.length) ? "int " + differs + " is " + received[differs]
                        + ", rank " + partner + "'s is " + given[differs] : received.length + " ints, not " + given.length;
                String atZh = differs < Math.min(received.length, given.length) ? "第 " + differs + " 个 int 是 "
                        + received[differs] + "，而 rank " + partner + " 的是 " + given[differs]
                        : received.length + " 个 int，而不是 " + given.length + " 个";
                throw wrong("the array rank " + rank + " handed to Given.received is not rank " + partner + "'s (" + at
                        + "): the whole array must cross in messages, not only its checksum", "rank " + rank + " 交给"
                        + " Given.received 的数组不是 rank " + partner + " 的（" + atZh + "）：要用消息传送整个数组，而不只是它的校验和");
            }
        }
    }

    /** 04: every rank's hits from its own seed, the total and pi on rank 0. */
    static final class PiReduce extends Exercise {
        static final int DARTS = 100_000;

        PiReduce() {
            super("04_pi_reduce", List.of(new Place(1, "multicore"), new Place(4, "multicore"), new Place(3, "niodev")),
                    new Say("MPI.COMM_WORLD.Reduce(new long[] {hits}, 0, total, 0, 1, MPI.LONG, MPI.SUM, 0) on every rank,"
                            + " with long[] total = new long[1]; then rank 0 prints total[0] and pi from it",
                            "每个 rank 都调用 MPI.COMM_WORLD.Reduce(new long[] {hits}, 0, total, 0, 1, MPI.LONG, MPI.SUM, 0)"
                            + "（total 是 new long[1]），然后由 rank 0 打印 total[0] 和由它算出的 π"),
                    "rank (\\d+) hits -?\\d+");
        }

        @Override
        Plan plan(int ranks, Random random) {
            Map<Integer, long[]> seeds = new HashMap<>();
            for (int r = 0; r < ranks; r++) {
                seeds.put(r, new long[] {random.nextInt(1, Integer.MAX_VALUE)});
            }
            return new Plan(List.of(), seeds);
        }

        static long hits(long seed) {
            Random random = new Random(seed);
            long hits = 0;
            for (int i = 0; i < DARTS; i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                if (x * x + y * y <= 1) {
                    hits++;
                }
            }
            return hits;
        }

        @Override
        void judge(Run run) throws Wrong {
            long sum = 0;
            for (int rank = 0; rank < run.ranks(); rank++) {
                long expected = hits(run.plan().given(rank));
                long hits = Long.parseLong(one(run, rank, "rank " + rank + " hits (-?\\d+)", "rank " + rank + " hits N").group(1));
                if (hits != expected) {
                    throw wrong("rank " + rank + " counted " + hits + " hits; " + DARTS + " darts from the seed the checker"
                            + " gave it hit " + expected + " times", "rank " + rank + " 数出 " + hits + " 次命中；用检查程序给它的"
                            + "种子投 " + DARTS + " 支飞镖，应命中 " + expected + " 次");
                }
                sum += expected;
            }
            onlyFrom(run, 0, "total .*");
            onlyFrom(run, 0, "pi = .*");
            long total = Long.parseLong(one(run, 0, "total (-?\\d+)", "total N").group(1));
            if (total != sum) {
                throw wrong("rank 0 printed 'total " + total + "', but the ranks' hits add up to " + sum,
                        "rank 0 打印的是 'total " + total + "'，而各 rank 的命中数加起来是 " + sum);
            }
            String pi = one(run, 0, "pi = (\\S+)", "pi = X").group(1);
            double expected = 4.0 * sum / ((long) DARTS * run.ranks());
            double printed;
            try {
                printed = Double.parseDouble(pi);
            } catch (NumberFormatException e) {
                printed = Double.NaN;
            }
            if (!(Math.abs(printed - expected) <= 1e-6)) { // printed to 6 decimals
                throw wrong(String.format(Locale.ROOT, "rank 0 printed 'pi = %s'; from %d hits of %d darts it is %.6f",
                        pi, sum, (long) DARTS * run.ranks(), expected), String.format(Locale.ROOT,
                        "rank 0 打印的是 'pi = %s'；由 %d 支飞镖中的 %d 次命中算出的值是 %.6f", pi, (long) DARTS * run.ranks(),
                        sum, expected));
            }
        }
    }

    /** 05: all four of rank 0's parameters on every rank. */
    static final class BcastParams extends Exercise {
        BcastParams() {
            super("05_bcast", List.of(new Place(2, "multicore"), new Place(4, "multicore"), new Place(3, "niodev")),
                    new Say("Bcast's third argument is how many elements to send: all of params",
                            "Bcast 的第三个参数是要发送的元素个数：应该是整个 params"),
                    "rank (\\d+) chose .*", "rank (\\d+) has .*");
        }

        @Override
        Plan plan(int ranks, Random random) {
            return new Plan(List.of(), Map.of(0, new long[] {six(random), six(random), six(random), six(random)}));
        }

        @Override
        void judge(Run run) throws Wrong {
            String values = Arrays.stream(run.plan().given().get(0)).mapToObj(String::valueOf).collect(Collectors.joining(" "));
            String chose = one(run, 0, "rank 0 chose (.*)", "rank 0 chose A B C D").group(1).trim();
            if (!chose.equals(values)) {
                throw wrong("rank 0 chose " + chose + ", not the parameters the checker gave it (" + values + ")",
                        "rank 0 的参数是 " + chose + "，不是检查程序给它的那几个（" + values + "）");
            }
            for (int rank = 0; rank < run.ranks(); rank++) {
                String has = one(run, rank, "rank " + rank + " has (.*)", "rank " + rank + " has A B C D").group(1).trim();
                if (!has.equals(values)) {
                    throw wrong("rank 0 chose " + values + " but rank " + rank + " has " + has,
                            "rank 0 的参数是 " + values + "，而 rank " + rank + " 拿到的是 " + has);
                }
            }
        }
    }

    /** 06: the running sum once around the ring, seen at every rank. */
    static final class Ring extends Exercise {
        Ring() {
            super("06_ring", List.of(new Place(2, "multicore"), new Place(4, "multicore"), new Place(3, "niodev")),
                    new Say("on ranks other than 0: Recv the sum from left into sum, print it, add mine, Send it to right",
                            "rank 0 以外的 rank：从 left 接收累加和到 sum（Recv），打印出来，加上 mine，再发给 right（Send）"),
                    "rank (\\d+) adds -?\\d+", "rank (\\d+) got -?\\d+ from rank \\d+");
        }

        @Override
        Plan plan(int ranks, Random random) {
            Map<Integer, long[]> numbers = new HashMap<>();
            for (int r = 0; r < ranks; r++) {
                numbers.put(r, new long[] {six(random)});
            }
            return new Plan(List.of(), numbers);
        }

        @Override
        void judge(Run run) throws Wrong {
            long before = 0;
            for (int rank = 0; rank < run.ranks(); rank++) {
                long mine = run.plan().given(rank);
                long adds = Long.parseLong(one(run, rank, "rank " + rank + " adds (-?\\d+)", "rank " + rank + " adds N").group(1));
                if (adds != mine) {
                    throw wrong("rank " + rank + " adds " + adds + ", not the number the checker gave it (" + mine + ")",
                            "rank " + rank + " 加上的是 " + adds + "，不是检查程序给它的数（" + mine + "）");
                }
                if (rank > 0) {
                    Matcher got = one(run, rank, "rank " + rank + " got (-?\\d+) from rank (\\d+)",
                            "rank " + rank + " got S from rank " + (rank - 1));
                    if (Integer.parseInt(got.group(2)) != rank - 1) {
                        throw wrong("rank " + rank + " says it got the sum from rank " + got.group(2) + "; its left"
                                + " neighbour is rank " + (rank - 1), "rank " + rank + " 说累加和来自 rank " + got.group(2)
                                + "；它左边的邻居是 rank " + (rank - 1));
                    }
                    if (Long.parseLong(got.group(1)) != before) {
                        throw wrong("rank " + rank + " got " + got.group(1) + " from rank " + (rank - 1) + "; the running"
                                + " sum there is " + before + (rank == 1 ? ", rank 0's number" : ", the numbers of ranks 0 to "
                                + (rank - 1) + " added up"), "rank " + rank + " 从 rank " + (rank - 1) + " 收到的是 "
                                + got.group(1) + "；传到这里的累加和应为 " + before + (rank == 1 ? "，即 rank 0 的数"
                                : "，即 rank 0 到 rank " + (rank - 1) + " 的数之和"));
                    }
                }
                before += mine;
            }
            onlyFrom(run, 0, "total .*");
            long total = Long.parseLong(one(run, 0, "total (-?\\d+)", "total T").group(1));
            if (total != before) {
                throw wrong("the ranks' numbers add up to " + before + ", but rank 0 printed 'total " + total + "'",
                        "各 rank 的数加起来是 " + before + "，rank 0 打印的却是 'total " + total + "'");
            }
        }
    }
}
