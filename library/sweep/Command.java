package sweep;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import launcher.BadInput;

/**
 * A program of your own, in any language, run once per job as bigJob: the article's
 * {@code from myhome import big_job} when big_job is a Python script (or any program) you keep.
 *
 * <pre>
 *   static final Command PROGRAM = Command.of("python3", "spring.py");
 *   static Results bigJob(Job job) throws Exception {
 *       return PROGRAM.run(job, Results.class);   // python3 spring.py --damping 0.01 --spring cubic
 *   }
 * </pre>
 *
 * The program runs in the study file's folder, with each parameter as {@code --NAME VALUE} (the
 * value as the CSV writes it), and prints its results on stdout as {@code NAME=VALUE} lines, one
 * per component of the results record (a curve as numbers separated by spaces or commas); other
 * lines are ignored. A status other than 0, or a result it did not print, fails the job with the
 * last lines of its stderr. A program still running when the job times out or the run ends is
 * killed, with what it started.
 */
public final class Command {

    /** The programs running now, so that none outlives the rank that started it. */
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int STDERR_LINES = 3;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Command::kill), "Command: stop programs"));
    }

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Every command the study made, so that the record of a run can name the files they run. */
    private static final List<Command> MADE = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<String> command;
    /** The study file's folder, found at the first job. */
    private volatile Path folder;

    private Command(List<String> command) {
        this.command = command;
    }

    /** The program and its first arguments, e.g. {@code of("python3", "spring.py")}. */
    public static Command of(String... command) {
        if (command.length == 0 || command[0].isBlank()) {
            throw new BadInput("Command.of needs the program to run, e.g. Command.of(\"python3\", \"spring.py\")");
        }
        Command made = new Command(List.of(command));
        MADE.add(made);
        return made;
    }

    /**
     * The files the study's commands run, by the name they are given (a script, or the program
     * itself when it is given by path), each with its SHA-256, as found where they run ({@code
     * study} is the study's file, or null); null when the study runs no program.
     */
    static Map<String, String> files(Path study) {
        if (MADE.isEmpty()) {
            return null;
        }
        Path folder = folderOf(study);
        Map<String, String> files = new java.util.TreeMap<>();
        for (Command c : MADE) {
            for (String word : c.command) {
                Path file = folder.resolve(word);
                if (!word.startsWith("-") && Files.isRegularFile(file)) {
                    files.put(word, Provenance.sha256(file));
                }
            }
        }
        return files;
    }

    /** The whole command line for {@code job}: the program, its first arguments, then --NAME VALUE per parameter. */
    public List<String> commandLine(Job job) {
        List<String> line = new ArrayList<>(command);
        for (String name : job.names()) {
            line.add("--" + name);
            line.add(job.word(name));
        }
        return line;
    }

    /** Runs the program for {@code job} and reads its results as a {@code type}: a record, or one number or word. */
    public <R> R run(Job job, Class<R> type) throws IOException, InterruptedException {
        if (folder == null) {
            folder = folderOf(Provenance.studyFile(CALLER.getCallerClass()));
        }
        Columns columns = Columns.of(type);
        Path out = Files.createTempFile("sweep-job-", ".out");
        Path err = Files.createTempFile("sweep-job-", ".err");
        try {
            List<String> line = commandLine(job);
            ProcessBuilder pb = new ProcessBuilder(line).directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new Failed("cannot start " + String.join(" ", command) + " in " + folder + ": " + e.getMessage());
            }
            RUNNING.add(p.toHandle());
            int status;
            try {
                status = p.waitFor();
            } catch (InterruptedException e) { // --job-timeout: the program goes with its job
                kill(p.toHandle());
                throw e;
            } finally {
                RUNNING.remove(p.toHandle());
            }
            String said = tail(Files.readString(err, StandardCharsets.UTF_8));
            if (status != 0) {
                throw new Failed(shown(line) + " ended with status " + status + (said.isEmpty() ? "" : ": " + said));
            }
            return type.cast(results(columns, type, Files.readString(out, StandardCharsets.UTF_8), line, said));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Where the program runs: the study file's folder (the one jbang ran), else the working folder. */
    private static Path folderOf(Path study) {
        return study != null ? study.getParent() : Path.of("").toAbsolutePath();
    }

    private static void kill(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The results in {@code stdout}, as the record (or single value) of {@code type}. */
    private static Object results(Columns columns, Class<?> type, String stdout, List<String> line, String said) {
        Map<String, String> printed = new LinkedHashMap<>();
        for (String l : stdout.split("\\R")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                printed.putIfAbsent(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
            }
        }
        Object[] values = new Object[columns.size()];
        Class<?>[] types = type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new) : new Class<?>[] {type};
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.names().get(c);
            String text = printed.get(name);
            if (text == null) {
                throw new Failed(shown(line) + " printed no line " + name + "=VALUE"
                        + (said.isEmpty() ? "" : " (stderr: " + said + ")") + "; print one NAME=VALUE line per result: "
                        + String.join(", ", columns.names()));
            }
            try {
                values[c] = value(types[c], text);
            } catch (IllegalArgumentException e) {
                throw new Failed(shown(line) + " printed " + name + "=" + text + ", not " + article(types[c]));
            }
        }
        if (!type.isRecord()) {
            return values[0];
        }
        try {
            Constructor<?> make = type.getDeclaredConstructor(types);
            make.setAccessible(true);
            return make.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new Failed("new " + type.getSimpleName() + "(...) threw " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    /** {@code text} as a value of {@code t}; IllegalArgumentException when it is not one. */
    private static Object value(Class<?> t, String text) {
        if (t == String.class) {
            return text;
        }
        if (t == double[].class) {
            String inner = text.replaceAll("^\\[|\\]$", "").trim();
            return inner.isEmpty() ? new double[0]
                    : Arrays.stream(inner.split("[,\\s]+")).mapToDouble(Command::real).toArray();
        }
        if (t == double.class || t == Double.class) {
            return real(text);
        }
        if (t == float.class || t == Float.class) {
            return (float) real(text);
        }
        if (t == long.class || t == Long.class) {
            return Long.parseLong(text);
        }
        if (t == int.class || t == Integer.class) {
            return Integer.parseInt(text);
        }
        if (t == short.class || t == Short.class) {
            return Short.parseShort(text);
        }
        if (t == byte.class || t == Byte.class) {
            return Byte.parseByte(text);
        }
        if (t == boolean.class || t == Boolean.class) {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(text);
            }
            return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        }
        if (t == char.class || t == Character.class) {
            if (text.length() != 1) {
                throw new IllegalArgumentException(text);
            }
            return text.charAt(0);
        }
        if (t.isEnum()) {
            for (Object constant : t.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(text);
        }
        return real(text); // another Number: Columns takes it as a real number
    }

    /** A number as Java or Python prints it (Python writes nan, inf and -inf). */
    private static double real(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String article(Class<?> t) {
        return t == double[].class ? "numbers" : t == String.class ? "a word" : "a " + t.getSimpleName();
    }

    /** The last lines of a program's stderr, on one line. */
    private static String tail(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size()));
        return joined.length() > 400 ? "..." + joined.substring(joined.length() - 400) : joined;
    }

    private static String shown(List<String> line) {
        return String.join(" ", line);
    }

    /** A job whose program failed: what it was run as, and what it said. No stack: the program's lines are in it. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
