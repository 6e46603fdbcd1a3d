///usr/bin/env jbang "$0" "$@" ; exit $?
// The exercises' checker (scripts/exercise N [FILE]). It judges what a program does, not its text:
// it runs it under the launcher at several rank counts, on both devices where that matters, with
// a short time limit, and compares what the ranks printed with what their messages must have
// carried (numbers drawn at random on the sending rank, values that depend on every rank).
//COMPILE_OPTIONS -encoding UTF-8

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

class Check {

    /** One run of the program: how it was started and what it did. */
    record Run(int ranks, String device, List<String> args, int exit, List<String> out, List<String> err) {

        String where() {
            return ranks + (ranks == 1 ? " rank (" : " ranks (") + device + ")";
        }

        /** Lines of stdout that match, as matchers. */
        List<Matcher> lines(String regex) {
            Pattern p = Pattern.compile(regex);
            List<Matcher> found = new ArrayList<>();
            for (String l : out) {
                Matcher m = p.matcher(l);
                if (m.matches()) {
                    found.add(m);
                }
            }
            return found;
        }
    }

    /** What one exercise runs and how it judges a run: null when right, else what is wrong. */
    record Exercise(String name, int[] ranks, List<String> devices, String hint, String hintZh,
                    java.util.function.Function<Integer, List<String>> args,
                    java.util.function.Function<Run, String> judge) {
    }

    static final int TIMEOUT = 6;

    static final Map<Integer, Exercise> EXERCISES = Map.of(
            1, new Exercise("01_hello_reply", new int[] {2, 3}, List.of("multicore"),
                    "rank 1 must Send number + 1 back to rank 0 with tag 1, after its Recv",
                    "rank 1 在 Recv 之后要用标签 1 把 number + 1 发回给 rank 0",
                    n -> List.of(), Check::helloReply),
            2, new Exercise("02_lost_jobs", new int[] {3, 7, 8}, List.of("multicore"),
                    "numjobs / size rounds down; give the first numjobs % size ranks one job more and shift the later ranks' starts",
                    "numjobs / size 会向下取整；让前 numjobs % size 个 rank 各多拿一个任务，后面 rank 的起点依次后移",
                    n -> List.of(String.valueOf(jobsNoRankCountDivides())), Check::lostJobs),
            3, new Exercise("03_deadlock", new int[] {2, 4}, List.of("multicore", "niodev"),
                    "both partners send first; let one of them receive first (by rank), or use Sendrecv, or Isend then Recv then Wait",
                    "双方都先发送；按 rank 让其中一方先接收，或者用 Sendrecv，或者先 Isend、再 Recv、最后 Wait",
                    n -> List.of(), Check::deadlock),
            4, new Exercise("04_pi_reduce", new int[] {1, 3, 4}, List.of("multicore"),
                    "MPI.COMM_WORLD.Reduce(new double[] {part}, 0, sum, 0, 1, MPI.DOUBLE, MPI.SUM, 0) on every rank, then rank 0 prints sum[0]",
                    "每个 rank 都调用 MPI.COMM_WORLD.Reduce(new double[] {part}, 0, sum, 0, 1, MPI.DOUBLE, MPI.SUM, 0)，然后由 rank 0 打印 sum[0]",
                    // Few enough intervals that the sum is at least 1e-8 from pi itself: printing Math.PI never passes.
                    n -> List.of(String.valueOf(ThreadLocalRandom.current().nextInt(1000, 3000))), Check::piReduce),
            5, new Exercise("05_bcast", new int[] {2, 4}, List.of("multicore", "niodev"),
                    "Bcast's third argument is how many elements to send: all of params",
                    "Bcast 的第三个参数是要发送的元素个数：应该是整个 params",
                    n -> List.of(), Check::bcast),
            6, new Exercise("06_ring", new int[] {2, 3, 5}, List.of("multicore", "niodev"),
                    "on ranks other than 0: Recv the sum from left, add mine, Send it to right",
                    "rank 0 以外的 rank：从 left 接收累加和（Recv），加上 mine，再发给 right（Send）",
                    n -> List.of(), Check::ring));

    public static void main(String[] args) throws Exception {
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
        Path file = Path.of(args.length == 2 ? args[1] : "exercises/" + ex.name() + ".java");
        if (!Files.isRegularFile(file)) {
            usage(file + " does not exist; give the path of the program to check");
        }

        for (String device : ex.devices()) {
            for (int ranks : ex.ranks()) {
                Run run = run(file, ranks, device, ex.args().apply(ranks));
                String wrong = verdict(run, ex);
                if (wrong != null) {
                    System.out.println("✗ exercise " + number + " at " + run.where() + ": " + wrong);
                    System.out.println("  hint: " + ex.hint());
                    System.out.println("  提示：" + ex.hintZh());
                    System.exit(1);
                }
            }
        }
        System.out.println("✓ exercise " + number + " solved (" + file + ")");
    }

    static void usage(String message) {
        System.err.println("exercise: " + message);
        System.exit(2);
    }

    /** What went wrong with a run, in a few words, or null when it did what the exercise asks. */
    static String verdict(Run run, Exercise ex) {
        List<String> err = run.err().stream().filter(l -> !l.startsWith("[jbang]") && !l.startsWith("setup:")).toList();
        if (run.exit() == 124) {
            return "it hung (stopped after " + TIMEOUT + " s); " + waits(err);
        }
        if (run.err().stream().anyMatch(l -> l.contains("Error during compile"))) {
            String first = err.stream().filter(l -> l.contains("error:")).findFirst().orElse("see jbang's output");
            return "it does not compile: " + first.replaceFirst("^.*/", "");
        }
        if (run.exit() != 0) {
            String first = err.isEmpty() ? "exit status " + run.exit() : err.get(0);
            return "it failed (exit status " + run.exit() + "): " + first.replaceFirst("^[^:]*\\.java: ", "");
        }
        return ex.judge().apply(run);
    }

    /** The launcher's timeout report, condensed: where each unfinished rank was waiting. */
    static String waits(List<String> err) {
        Pattern at = Pattern.compile("  rank (\\d+) was at [^(]*\\((?:[^:]*):(\\d+)\\)(?:, inside mpi\\.\\w+\\.(\\w+))?");
        List<String> each = new ArrayList<>();
        for (String l : err) {
            Matcher m = at.matcher(l);
            if (m.find()) {
                each.add("rank " + m.group(1) + (m.group(3) != null ? " waits in " + m.group(3) : " is") + " at line " + m.group(2));
            }
        }
        return each.isEmpty() ? "no rank finished" : String.join(", ", each);
    }

    static Run run(Path file, int ranks, String device, List<String> programArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("scripts/jbang", file.toString(), "-np", String.valueOf(ranks),
                "-dev", device, "-timeout", String.valueOf(TIMEOUT)));
        if (!programArgs.isEmpty()) {
            cmd.add("--");
            cmd.addAll(programArgs);
        }
        Path out = Files.createTempFile("exercise", ".out");
        Path err = Files.createTempFile("exercise", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT + 120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            return new Run(ranks, device, programArgs, p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // --- what each exercise must do ------------------------------------------------------------

    static String helloReply(Run r) {
        List<Matcher> sent = r.lines("rank 0 sent (\\d+)");
        List<Matcher> got = r.lines("rank 1 got (\\d+)");
        List<Matcher> back = r.lines("rank 0 got (\\d+) back");
        if (sent.size() != 1 || got.size() != 1 || back.size() != 1) {
            return "expected the lines 'rank 0 sent N', 'rank 1 got N' and 'rank 0 got N+1 back'; got " + r.out();
        }
        long n = Long.parseLong(sent.get(0).group(1));
        if (Long.parseLong(got.get(0).group(1)) != n) {
            return "rank 0 sent " + n + " but rank 1 printed " + got.get(0).group(1) + ": it did not receive it";
        }
        if (Long.parseLong(back.get(0).group(1)) != n + 1) {
            return "rank 0 expected " + (n + 1) + " back, got " + back.get(0).group(1);
        }
        for (int rank = 2; rank < r.ranks(); rank++) {
            if (!r.out().contains("rank " + rank + ": idle")) {
                return "rank " + rank + " should print 'rank " + rank + ": idle'";
            }
        }
        return null;
    }

    /** A number of jobs that 3, 7 and 8 ranks do not divide, so that the article's split loses some. */
    static int jobsNoRankCountDivides() {
        while (true) {
            int n = ThreadLocalRandom.current().nextInt(40, 120);
            if (n % 3 != 0 && n % 7 != 0 && n % 8 != 0) {
                return n;
            }
        }
    }

    static String lostJobs(Run r) {
        int numjobs = Integer.parseInt(r.args().get(0));
        int[] times = new int[numjobs];
        int[] perRank = new int[r.ranks()];
        for (Matcher m : r.lines("job (\\d+) on rank (\\d+)")) {
            int job = Integer.parseInt(m.group(1));
            int rank = Integer.parseInt(m.group(2));
            if (job >= numjobs || rank >= r.ranks()) {
                return "job " + job + " on rank " + rank + " does not exist (" + numjobs + " jobs, " + r.ranks() + " ranks)";
            }
            times[job]++;
            perRank[rank]++;
        }
        List<Integer> lost = new ArrayList<>();
        for (int j = 0; j < numjobs; j++) {
            if (times[j] == 0) {
                lost.add(j);
            } else if (times[j] > 1) {
                return "job " + j + " of " + numjobs + " ran " + times[j] + " times";
            }
        }
        if (!lost.isEmpty()) {
            return lost.size() + " of " + numjobs + " jobs never ran: " + lost;
        }
        int most = 0;
        int fewest = Integer.MAX_VALUE;
        for (int n : perRank) {
            most = Math.max(most, n);
            fewest = Math.min(fewest, n);
        }
        if (most - fewest > 1) {
            return "the ranks' shares of " + numjobs + " jobs differ by " + (most - fewest) + " (from " + fewest + " to "
                    + most + "); they may differ by one at most";
        }
        return null;
    }

    static String deadlock(Run r) {
        Map<Integer, Long> sent = new HashMap<>();
        for (Matcher m : r.lines("rank (\\d+) sends (\\d+)")) {
            sent.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        }
        List<Matcher> got = r.lines("rank (\\d+) got (\\d+) from rank (\\d+)");
        if (sent.size() != r.ranks() || got.size() != r.ranks()) {
            return "expected 'rank R sends N' and 'rank R got N from rank P' from every rank; got " + r.out();
        }
        for (Matcher m : got) {
            int rank = Integer.parseInt(m.group(1));
            int partner = Integer.parseInt(m.group(3));
            if (partner != (rank ^ 1)) {
                return "rank " + rank + " says it got from rank " + partner + "; its partner is rank " + (rank ^ 1);
            }
            if (Long.parseLong(m.group(2)) != sent.get(partner)) {
                return "rank " + partner + " sent " + sent.get(partner) + " but rank " + rank + " printed " + m.group(2);
            }
        }
        return null;
    }

    static String piReduce(Run r) {
        int intervals = Integer.parseInt(r.args().get(0));
        double h = 1.0 / intervals;
        double expected = 0;
        for (int i = 0; i < intervals; i++) {
            double x = h * (i + 0.5);
            expected += 4 / (1 + x * x);
        }
        expected *= h;
        List<Matcher> parts = r.lines("rank (\\d+) part (\\S+)");
        List<Matcher> pi = r.lines("pi = (\\S+)");
        if (parts.size() != r.ranks() || pi.size() != 1) {
            return "expected 'rank R part X' from every rank and one 'pi = X' from rank 0; got " + r.out();
        }
        double got = Double.parseDouble(pi.get(0).group(1));
        if (Math.abs(got - expected) > 1e-9) {
            return String.format("with %d intervals pi should be %.12f, got %.12f", intervals, expected, got);
        }
        return null;
    }

    static String bcast(Run r) {
        List<Matcher> chose = r.lines("rank 0 chose ([\\d ]+)");
        if (chose.size() != 1) {
            return "expected one line 'rank 0 chose A B C D'; got " + r.out();
        }
        String values = chose.get(0).group(1);
        for (int rank = 0; rank < r.ranks(); rank++) {
            List<Matcher> has = r.lines("rank " + rank + " has ([\\d ]+)");
            if (has.size() != 1) {
                return "expected one line 'rank " + rank + " has A B C D'; got " + r.out();
            }
            if (!has.get(0).group(1).equals(values)) {
                return "rank 0 chose " + values + " but rank " + rank + " has " + has.get(0).group(1);
            }
        }
        return null;
    }

    static String ring(Run r) {
        long sum = 0;
        List<Matcher> adds = r.lines("rank (\\d+) adds (\\d+)");
        for (Matcher m : adds) {
            sum += Long.parseLong(m.group(2));
        }
        List<Matcher> total = r.lines("total (\\d+)");
        if (adds.size() != r.ranks() || total.size() != 1) {
            return "expected 'rank R adds N' from every rank and one 'total T'; got " + r.out();
        }
        if (Long.parseLong(total.get(0).group(1)) != sum) {
            return "the ranks' numbers add up to " + sum + ", but the total was " + total.get(0).group(1);
        }
        return null;
    }
}
