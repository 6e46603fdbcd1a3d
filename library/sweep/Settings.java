package sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import launcher.BadInput;
import launcher.Launch;

/**
 * A sweep's options, checked: the parameters (each one overridable as --NAME), and the options of
 * {@link Option}, the one table from which the parser, -help and the README's list come.
 * {@link #parse} reads them; {@link #check} also looks at the files they name, and the launcher
 * calls it before any rank starts, so bad input is one line with exit status 2.
 */
public record Settings(Program program, Parameters grid, Schedule schedule, BigJob.Kind job, int iterations, long seed,
                       Path out, boolean resume, boolean overwrite, boolean quiet, boolean keepGoing, boolean failOnNan,
                       double jobTimeout, int retries) {

    /** Which program the options are for: they differ a little. */
    public enum Program {
        /** Lesson 02: the article's static split, or blocks. */
        LESSON_02("lesson 02", List.of(Schedule.BLOCKS, Schedule.ARTICLE), true),
        /** Lesson 05: times bigJob over the grid and keeps no results, so only what a job computes. */
        LESSON_05("lesson 05", List.of(Schedule.BLOCKS), false),
        /** Lesson 06: dynamic scheduling only. */
        LESSON_06("lesson 06", List.of(Schedule.DYNAMIC), true),
        /** A sweep of your own (library/sweep/Sweep.java). */
        OWN("your sweep", List.of(Schedule.DYNAMIC, Schedule.BLOCKS), true);

        final String title;
        /** The schedules it takes, the first the default. */
        public final List<Schedule> schedules;
        /** Whether it writes results (and so takes the options of running and recording a sweep). */
        final boolean keepsResults;

        Program(String title, List<Schedule> schedules, boolean keepsResults) {
            this.title = title;
            this.schedules = schedules;
            this.keepsResults = keepsResults;
        }

        boolean isLesson() {
            return this != OWN;
        }
    }

    /** Who runs which job. */
    public enum Schedule {
        /** Each rank takes a block of the shuffled order; blocks differ by one job at most. */
        BLOCKS,
        /** The article's split: int(numjobs/size) jobs each; the rest are dropped (and named). */
        ARTICLE,
        /** Ranks ask rank 0 for work as they finish it. */
        DYNAMIC;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The options, in the order -help lists them. */
    public enum Option {
        JOB("--job", "mandel|sleep", "bigJob: a Mandelbrot area estimate (uses the CPU), or a known wait per job", true, false),
        ITERATIONS("--iterations", "N", "mandel: steps before a point counts as inside (default 2000)", true, false),
        SCHEDULE("--schedule", "NAME", null, true, true),
        SEED("--seed", "N", "seed of rank 0's shuffle of the jobs (default 2020)", true, true),
        OUT("--out", "FILE", "the results as CSV (default sweep.csv); pictures go beside it", true, true),
        RESUME("--resume", null, "after a run was stopped or killed: run only the jobs that are missing", true, true),
        OVERWRITE("--overwrite", null, "replace the finished results of other values in --out (default: refuse)", true,
                true),
        QUIET("--quiet", null, "no progress lines", true, true),
        KEEP_GOING("--keep-going", null, "when bigJob fails for a job: record it and go on (default: stop the run)", false,
                true),
        FAIL_ON_NAN("--fail-on-nan", null, "a result that is NaN counts as a failure of its job", false, true),
        SET("--set", "NAME=VALUE", "fix a parameter to one value (--set model=cubic is --model cubic)", false, true),
        JOB_TIMEOUT("--job-timeout", "SECONDS", "a job that runs longer fails with \"timeout\" (default: no limit)", false,
                true),
        RETRIES("--retries", "N", "run a failed job again up to N times, on another rank where there is one (default 0)",
                false, true);

        public final String flag;
        final String value;
        final String help;
        final boolean lessons;
        final boolean own;

        Option(String flag, String value, String help, boolean lessons, boolean own) {
            this.flag = flag;
            this.value = value;
            this.help = help;
            this.lessons = lessons;
            this.own = own;
        }

        boolean appliesTo(Program p) {
            return (p.isLesson() ? lessons : own) && (p.keepsResults || this == JOB || this == ITERATIONS);
        }

        /** Listed in -help and messages: not a --schedule that has one choice only. */
        boolean listed(Program p) {
            return appliesTo(p) && !(this == SCHEDULE && p.schedules.size() == 1);
        }

        String help(Program p) {
            if (this != SCHEDULE) {
                return help;
            }
            return "who runs which job: " + String.join(" or ", p.schedules.stream().map(Schedule::word).toList())
                    + " (default " + p.schedules.get(0).word() + ")";
        }
    }

    /** Lesson 02's and 06's grid: a and b, each a range as numpy.linspace makes it (the article's). */
    public static Parameters articleGrid() {
        return new Parameters().range("a", 0.03, 0.5, 36).range("b", 0.05, 0.95, 36);
    }

    /** Lesson 02's options. */
    public static Settings parse(String[] args) {
        return parse(args, Program.LESSON_02);
    }

    /** The options of a lesson, over the article's grid. */
    public static Settings parse(String[] args, Program lesson) {
        return parse(args, lesson, articleGrid());
    }

    /** The options of {@code program}, whose parameters are {@code grid} unless the command line changes them. */
    public static Settings parse(String[] args, Program program, Parameters grid) {
        Parameters g = grid;
        Schedule schedule = program.schedules.get(0);
        BigJob.Kind job = BigJob.Kind.MANDEL;
        int iterations = 2000;
        long seed = 2020;
        Path out = Path.of("sweep.csv");
        boolean resume = false;
        boolean overwrite = false;
        double jobTimeout = 0;
        int retries = 0;
        boolean quiet = false;
        boolean keepGoing = false;
        boolean failOnNan = false;
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            int eq = word.startsWith("--") ? word.indexOf('=') : -1;
            String flag = eq > 2 ? word.substring(0, eq) : word;
            String inline = eq > 2 ? word.substring(eq + 1) : null;
            String name = flag.startsWith("--") ? flag.substring(2) : null;
            if (name != null && grid.get(name) != null) {
                g = g.with(name, inline != null ? inline : value(args, ++i, flag));
                continue;
            }
            Option option = Arrays.stream(Option.values()).filter(o -> o.flag.equals(flag) && o.appliesTo(program))
                    .findFirst().orElseThrow(() -> unknown(word, program, grid));
            if (option.value == null && inline != null) {
                throw new BadInput(flag + " takes no value, not '" + inline + "'");
            }
            String v = option.value == null ? null : inline != null ? inline : value(args, ++i, flag);
            switch (option) {
                case JOB -> job = BigJob.Kind.parse(v);
                case ITERATIONS -> {
                    iterations = wholeNumber(flag, v);
                    if (iterations < 1) {
                        throw new BadInput("--iterations must be 1 or more, not " + iterations);
                    }
                }
                case SCHEDULE -> schedule = schedule(v, program);
                case SEED -> seed = wholeNumber(flag, v);
                case OUT -> out = Path.of(v);
                case RESUME -> resume = true;
                case OVERWRITE -> overwrite = true;
                case SET -> {
                    int at = v.indexOf('=');
                    String param = at > 0 ? v.substring(0, at) : "";
                    if (grid.get(param) == null) {
                        throw new BadInput("--set takes NAME=VALUE with NAME one of the parameters "
                                + String.join(", ", grid.names()) + ", not '" + v + "'");
                    }
                    String one = v.substring(at + 1);
                    if (one.isEmpty() || one.contains(",") || one.contains(":")) {
                        throw new BadInput("--set gives " + param + " one value, not '" + one + "'; for several use --"
                                + param + " A,B or START:STOP:COUNT");
                    }
                    g = g.with(param, one);
                }
                case JOB_TIMEOUT -> {
                    jobTimeout = seconds(flag, v);
                }
                case RETRIES -> {
                    retries = wholeNumber(flag, v);
                    if (retries < 0) {
                        throw new BadInput("--retries must be 0 or more, not " + retries);
                    }
                }
                case QUIET -> quiet = true;
                case KEEP_GOING -> keepGoing = true;
                case FAIL_ON_NAN -> failOnNan = true;
            }
        }
        if (resume && overwrite) {
            throw new BadInput("--resume adds to the results in --out and --overwrite replaces them; give one of the two");
        }
        return new Settings(program, g, schedule, program.isLesson() ? job : null, iterations, seed,
                out.toAbsolutePath().normalize(), resume, overwrite, quiet, keepGoing, failOnNan, jobTimeout, retries);
    }

    private static Schedule schedule(String v, Program program) {
        Schedule s = Arrays.stream(Schedule.values()).filter(x -> x.word().equals(v)).findFirst().orElse(null);
        if (s != null && program.schedules.contains(s)) {
            return s;
        }
        String use = String.join(", ", program.schedules.stream().map(Schedule::word).toList());
        if (program == Program.LESSON_06) {
            throw new BadInput("unknown schedule '" + v + "': this lesson always schedules dynamically;"
                    + " blocks and article are lesson 02's (jbang lessons/02_sweep.java)");
        }
        if (s == Schedule.DYNAMIC && program == Program.LESSON_02) {
            throw new BadInput("unknown schedule 'dynamic'; use one of " + use
                    + " (the dynamic schedule is lesson 06: jbang lessons/06_dynamic_sweep.java)");
        }
        throw new BadInput("unknown schedule '" + v + "'; use one of " + use);
    }

    private static BadInput unknown(String word, Program program, Parameters grid) {
        List<String> options = new ArrayList<>();
        for (Option o : Option.values()) {
            if (o.listed(program)) {
                options.add(o.flag);
            }
        }
        List<String> params = grid.names().stream().map(n -> "--" + n).toList();
        if (program.isLesson()) {
            List<String> all = new ArrayList<>(params);
            all.addAll(options);
            String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!program.keepsResults && Arrays.stream(Option.values()).anyMatch(o -> o.lessons && o.flag.equals(flag))) {
                return new BadInput(flag + " is for a sweep that keeps its results (lesson 02); " + program.title
                        + " only times bigJob and takes " + String.join(", ", all));
            }
            return new BadInput("unknown option " + word + "; the sweep takes " + String.join(", ", all)
                    + " (see the lesson's header)");
        }
        return new BadInput("unknown option " + word + "; this sweep takes its parameters "
                + String.join(", ", params) + " and the options " + String.join(", ", options) + " (-help says more)");
    }

    /** The sweep's part of -help: the parameters with their values now, then the options. */
    public static String usage(Program program, Parameters grid) {
        StringBuilder b = new StringBuilder();
        b.append("\nParameters (every combination is one job; ").append(grid.jobs()).append(" now), each settable by name:\n");
        for (Parameters.Parameter p : grid.all()) {
            line(b, "--" + p.name(), (p.kind() == Parameters.Kind.WORD ? "words A,B,..." : "numbers START:STOP:COUNT or A,B,...")
                    + "; now " + p.spec());
        }
        b.append("\nSweep options (").append(program.title).append("):\n");
        for (Option o : Option.values()) {
            if (o.listed(program)) {
                line(b, o.flag + (o.value == null ? "" : " " + o.value), o.help(program));
            }
        }
        return b.toString();
    }

    /**
     * The options of {@code program} as a Markdown list, as docs/your-own-sweep.md has them (a test
     * compares the two): the same table that the parser reads and -help prints
     * ({@code jbang library/mpjlessons/Library.java options}).
     */
    public static String markdown(Program program) {
        StringBuilder b = new StringBuilder();
        if (program.isLesson()) {
            for (Parameters.Parameter p : articleGrid().all()) {
                b.append("- `--").append(p.name()).append(" START:STOP:COUNT`: the grid's ").append(p.name())
                        .append(", as numpy.linspace (default ").append(p.spec()).append(")\n");
            }
        } else {
            b.append("- `--NAME VALUES`: each parameter by its name, a range START:STOP:COUNT or values A,B,...\n");
        }
        for (Option o : Option.values()) {
            if (o.listed(program)) {
                b.append("- `").append(o.flag).append(o.value == null ? "" : " " + o.value).append("`: ")
                        .append(o.help(program)).append("\n");
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String left, String right) {
        b.append(String.format(Locale.ROOT, "  %-18s %s%n", left, right));
    }

    public int jobs() {
        return grid.jobs();
    }

    /** Parameter a of job {@code job} (lessons 02, 05 and 06). */
    public double a(int job) {
        return (Double) grid.values(job)[0];
    }

    /** Parameter b of job {@code job} (lessons 02, 05 and 06). */
    public double b(int job) {
        return (Double) grid.values(job)[1];
    }

    /** What must match for --resume: the parameters and, in lessons, the work done per job. */
    public String describe() {
        return grid.describe() + (job == null ? "" : " job=" + job.word()
                + (job == BigJob.Kind.MANDEL ? " iterations=" + iterations : ""));
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
            which.append(i > from ? ", " : "").append("(").append(grid.describe(order[i])).append(")");
        }
        if (order.length - from > 20) {
            which.append(" and ").append(order.length - from - 20).append(" more");
        }
        return which.toString();
    }

    /** OUT's file name without .csv: what the files beside it start with. */
    public String stem() {
        String name = out.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    /** A file beside the CSV: OUT's name without .csv, then "-" and {@code what}. */
    public Path beside(String what) {
        return out.resolveSibling(stem() + "-" + what);
    }

    public Path picture(String what) {
        return beside(what + ".png");
    }

    /** Where a run with --keep-going lists the jobs that failed. */
    public Path failures() {
        return beside("failures.csv");
    }

    /**
     * A lesson's check for the launcher, before any rank starts: {@link #parse}, and the files (is
     * --out writable and free, does --resume fit what is there); and its options for -help.
     */
    public static Launch.ArgumentCheck check(Program lesson) {
        return new Launch.ArgumentCheck() {
            @Override
            public void check(String[] args) {
                Settings s = parse(args, lesson);
                if (lesson.keepsResults) {
                    Settings.check(s, Columns.VALUE);
                }
            }

            @Override
            public String usage() {
                return Settings.usage(lesson, articleGrid());
            }

            @Override
            public String stopped(String[] args, boolean timedOut) {
                return lesson.keepsResults ? parse(args, lesson).stoppedLine(timedOut) : null;
            }
        };
    }

    /**
     * What a run stopped by its time limit ({@code timedOut}) or a signal leaves: its results so
     * far, kept for --resume; null when it wrote none.
     */
    String stoppedLine(boolean timedOut) {
        if (!Files.exists(partial())) {
            return null;
        }
        return "sweep: the results so far are kept in " + partial() + "; run again with --resume to run only the missing"
                + " jobs" + (timedOut && program == Program.OWN ? "; --job-timeout SECONDS ends a job that runs too long" : "");
    }

    /** The files these settings name, for results of {@code columns}. */
    static void check(Settings s, Columns columns) {
        if (Files.isDirectory(s.out())) {
            throw new BadInput("--out " + s.out() + " is a folder; give a file name such as "
                    + s.out().resolve("sweep.csv"));
        }
        // Folders that do not exist yet are made by the run: here, the nearest one that does must take them.
        Path dir = s.out().getParent();
        while (!Files.exists(dir) && dir.getParent() != null) {
            dir = dir.getParent();
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInput("--out " + s.out() + ": " + dir + " is a file, not a folder; choose another place");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(dir, ".sweep-write-check", ".tmp"));
        } catch (IOException e) {
            throw new BadInput("--out " + s.out() + ": cannot write in " + dir + " (" + e.getMessage()
                    + "); choose another place");
        }
        if (!Files.isDirectory(s.out().getParent())) {
            return; // nothing there yet: no results to keep, no run to resume
        }
        OneWriter.check(s); // before the partial file: a run in progress has one too
        Resume.check(s, columns);
        overwriting(s, columns);
    }

    /**
     * Without --resume or --overwrite, a finished CSV is replaced only by a run of the same sweep
     * (same values, same result columns): one of other values is refused, and stays as it is.
     */
    static void overwriting(Settings s, Columns columns) {
        if (s.resume() || s.overwrite() || !Files.isRegularFile(s.out())) {
            return;
        }
        Provenance p = Provenance.read(Provenance.file(s));
        boolean same = p != null ? p.sweep().equals(Provenance.sweep(s, columns)) : Resume.isThisSweeps(s, columns);
        if (!same) {
            throw new BadInput(s.out() + " holds the finished results of other values" + (p == null ? "" : " (" + p.sweep()
                    + ")") + "; give a new --out to keep them (or --overwrite to replace them; --resume adds to results"
                    + " of the same values)");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new BadInput(option + " needs a value");
        }
        return args[i];
    }

    private static double seconds(String option, String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a number of seconds, not '" + value + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new BadInput(option + " must be more than 0 seconds, not " + value);
        }
        return v;
    }

    private static int wholeNumber(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a whole number, not '" + value + "'");
        }
    }
}
