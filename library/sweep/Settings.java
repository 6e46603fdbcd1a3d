package sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's options, checked. {@link #parse} reads them; {@link #check} also looks at the files
 * they name, and the launcher calls it before any rank starts, so bad input is one line.
 *
 * <pre>
 *   --a START:STOP:COUNT      values of a, as numpy.linspace (default 0.03:0.5:36, the article's)
 *   --b START:STOP:COUNT      values of b (default 0.05:0.95:36)
 *   --job mandel|sleep        what bigJob does (default mandel; sleep: a known time per job)
 *   --iterations N            mandel: steps before a point counts as inside (default 2000)
 *   --schedule blocks|article who runs which job, lesson 02 (default blocks); lesson 06 is dynamic
 *   --seed N                  seed of rank 0's shuffle (default 2020)
 *   --out FILE                the results, CSV (default sweep.csv); pictures go beside it
 *   --resume                  finish an interrupted run instead of starting over
 *   --quiet                   no progress lines
 * </pre>
 */
public record Settings(Range a, Range b, String job, int iterations, String schedule, long seed, Path out,
                       boolean resume, boolean quiet) {

    public static final List<String> JOBS = List.of("mandel", "sleep");
    /** Lesson 02's schedules, the first the default. */
    public static final List<String> STATIC = List.of("blocks", "article");
    /** Lesson 06's only schedule. */
    public static final List<String> DYNAMIC = List.of("dynamic");

    /** COUNT evenly spaced values from START to STOP, both included, as numpy.linspace makes them. */
    public record Range(double start, double stop, int count) {

        public double at(int i) {
            if (count == 1) {
                return start;
            }
            return i == count - 1 ? stop : start + i * ((stop - start) / (count - 1));
        }

        @Override
        public String toString() {
            return start + ":" + stop + ":" + count;
        }

        static Range parse(String option, String text) {
            String[] parts = text.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException(option + " takes START:STOP:COUNT, e.g. " + option + " 0.03:0.5:36, not '"
                        + text + "'");
            }
            double start;
            double stop;
            int count;
            try {
                start = Double.parseDouble(parts[0]);
                stop = Double.parseDouble(parts[1]);
                count = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes START:STOP:COUNT with numbers, e.g. " + option
                        + " 0.03:0.5:36, not '" + text + "'");
            }
            if (!Double.isFinite(start) || !Double.isFinite(stop)) {
                throw new IllegalArgumentException(option + " needs finite numbers, not '" + text + "'");
            }
            if (count < 1) {
                throw new IllegalArgumentException(option + " " + text + " has no values: COUNT must be 1 or more");
            }
            if (count > 1 && !(start < stop)) {
                throw new IllegalArgumentException(option + " " + text + " is " + (start == stop ? "empty" : "inverted")
                        + ": START must be below STOP (or COUNT 1)");
            }
            return new Range(start, stop, count);
        }
    }

    public int jobs() {
        return a.count() * b.count();
    }

    /** Job {@code i} is the pair (a, b) at row i / |b|, column i % |b|: the article's nested loops. */
    public double a(int job) {
        return a.at(job / b.count());
    }

    public double b(int job) {
        return b.at(job % b.count());
    }

    /** What must match for --resume: the grid and the work done per job. */
    public String describe() {
        return "a=" + a + " b=" + b + " job=" + job + (job.equals("mandel") ? " iterations=" + iterations : "");
    }

    public Path partial() {
        return out.resolveSibling(out.getFileName() + ".partial");
    }

    /** The file whose lock says which run writes the results (see {@link OneWriter}). */
    public Path lockFile() {
        return out.resolveSibling(out.getFileName() + ".lock");
    }

    /** The jobs order[from..] as "(a=.., b=..), ...", the first 20 of them. */
    public String jobList(int[] order, int from) {
        StringBuilder which = new StringBuilder();
        for (int i = from; i < order.length && i < from + 20; i++) {
            which.append(i > from ? ", " : "").append("(a=" + a(order[i]) + ", b=" + b(order[i]) + ")");
        }
        if (order.length - from > 20) {
            which.append(" and ").append(order.length - from - 20).append(" more");
        }
        return which.toString();
    }

    public Path picture(String what) {
        String name = out.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(stem + "-" + what + ".png");
    }

    /** Lesson 02's options. */
    public static Settings parse(String[] args) {
        return parse(args, STATIC);
    }

    /** The options of a lesson whose schedules are {@code schedules} (the first is the default). */
    public static Settings parse(String[] args, List<String> schedules) {
        Range a = new Range(0.03, 0.5, 36);
        Range b = new Range(0.05, 0.95, 36);
        String job = "mandel";
        int iterations = 2000;
        String schedule = schedules.get(0);
        long seed = 2020;
        Path out = Path.of("sweep.csv");
        boolean resume = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            switch (opt) {
                case "--a" -> a = Range.parse(opt, value(args, ++i, opt));
                case "--b" -> b = Range.parse(opt, value(args, ++i, opt));
                case "--job" -> job = oneOf(opt, value(args, ++i, opt), JOBS);
                case "--iterations" -> {
                    iterations = wholeNumber(opt, value(args, ++i, opt));
                    if (iterations < 1) {
                        throw new IllegalArgumentException("--iterations must be 1 or more, not " + iterations);
                    }
                }
                case "--schedule" -> {
                    schedule = value(args, ++i, opt);
                    if (schedules.equals(DYNAMIC) && !schedule.equals("dynamic")) {
                        throw new IllegalArgumentException("unknown schedule '" + schedule + "': this lesson always"
                                + " schedules dynamically; blocks and article are lesson 02's (jbang lessons/02_sweep.java)");
                    }
                    if (!schedules.contains(schedule)) {
                        throw new IllegalArgumentException("unknown schedule '" + schedule + "'; use one of "
                                + String.join(", ", schedules) + (schedule.equals("dynamic")
                                ? " (the dynamic schedule is lesson 06: jbang lessons/06_dynamic_sweep.java)" : ""));
                    }
                }
                case "--seed" -> seed = wholeNumber(opt, value(args, ++i, opt));
                case "--out" -> out = Path.of(value(args, ++i, opt));
                case "--resume" -> resume = true;
                case "--quiet" -> quiet = true;
                default -> throw new IllegalArgumentException("unknown option " + opt + "; the sweep takes --a, --b, --job,"
                        + " --iterations, --schedule, --seed, --out, --resume, --quiet (see the lesson's header)");
            }
        }
        return new Settings(a, b, job, iterations, schedule, seed, out.toAbsolutePath().normalize(), resume, quiet);
    }

    /** {@link #parse}, and the files: is --out writable and free, does --resume fit what is there. */
    public static void check(String[] args) {
        check(args, STATIC);
    }

    /** {@link #check} for lesson 06. */
    public static void checkDynamic(String[] args) {
        check(args, DYNAMIC);
    }

    private static void check(String[] args, List<String> schedules) {
        Settings s = parse(args, schedules);
        Path dir = s.out().getParent();
        if (Files.isDirectory(s.out())) {
            throw new IllegalArgumentException("--out " + s.out() + " is a folder; give a file name such as "
                    + s.out().resolve("sweep.csv"));
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + s.out() + ": the folder " + dir + " does not exist; create it first");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(dir, ".sweep-write-check", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + s.out() + ": cannot write in " + dir + " (" + e.getMessage()
                    + "); choose another place");
        }
        OneWriter.check(s); // before the partial file: a run in progress has one too
        ResultLog.checkResume(s);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String oneOf(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("unknown " + option.substring(2) + " '" + value + "'; use one of "
                    + String.join(", ", allowed));
        }
        return value;
    }

    private static int wholeNumber(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }
}
