package sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import launcher.BadInput;

/**
 * The parameters of a sweep, each a range or a list of values; every combination of their values
 * is one job. Declared in a program's file and overridable on its command line by name:
 * {@code --eps 0.03:0.5:36} (a range, as numpy.linspace) or {@code --model a,b,c} (a list).
 *
 * <pre>
 *   new Parameters()
 *       .range("eps", 0.03, 0.5, 36)       // numpy.linspace(0.03, 0.5, 36)
 *       .numbers("alpha", 0.5, 1, 2)
 *       .words("model", "linear", "cubic")
 * </pre>
 *
 * Jobs are numbered as nested loops in the order the parameters are declared, the first outermost
 * (the article's job_content): job j has the first parameter's value j / (product of the other
 * counts), and so on.
 */
public final class Parameters {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    /** {@link #all}, made once after the last declaration (it is asked for every job). */
    private List<Parameter> all;
    /** Mistakes in the declarations, reported as bad input before any rank starts. */
    private final List<String> mistakes = new ArrayList<>();

    /** Numbers from {@code start} to {@code stop}, both included, {@code count} of them evenly spaced. */
    public Parameters range(String name, double start, double stop, int count) {
        try {
            return add(Parameter.range(name, start, stop, count));
        } catch (BadInput e) {
            mistakes.add(e.getMessage());
            return this;
        }
    }

    /** These numbers, in this order. */
    public Parameters numbers(String name, double... values) {
        List<Object> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list(name, Kind.NUMBER, list);
    }

    /** These words (a model's name, a file, a method), in this order. */
    public Parameters words(String name, String... values) {
        return list(name, Kind.WORD, List.of((Object[]) values));
    }

    private Parameters list(String name, Kind kind, List<Object> values) {
        try {
            return add(Parameter.list(name, kind, values));
        } catch (BadInput e) {
            mistakes.add(e.getMessage());
            return this;
        }
    }

    private Parameters add(Parameter p) {
        if (!NAME.matcher(p.name()).matches()) {
            mistakes.add("the parameter name '" + p.name() + "' is not a plain name (letters, digits and _, not first a digit)");
        } else if (byName.containsKey(p.name())) {
            mistakes.add("the parameter '" + p.name() + "' is declared twice");
        }
        byName.put(p.name(), p);
        all = null;
        return this;
    }

    /** What is wrong with the declarations, or an empty list. */
    List<String> mistakes() {
        List<String> all = new ArrayList<>(mistakes);
        if (byName.isEmpty()) {
            all.add("the sweep has no parameters; declare at least one, e.g. new Parameters().range(\"x\", 0, 1, 11)");
        }
        return all;
    }

    public List<Parameter> all() {
        List<Parameter> list = all;
        if (list == null) {
            list = List.copyOf(byName.values());
            all = list;
        }
        return list;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Parameter get(String name) {
        return byName.get(name);
    }

    public int size() {
        return byName.size();
    }

    /** The number of jobs: the product of the parameters' counts. */
    public int jobs() {
        long jobs = 1;
        for (Parameter p : byName.values()) {
            jobs *= p.count();
            if (jobs > Integer.MAX_VALUE) {
                throw new BadInput("the parameters make more than " + Integer.MAX_VALUE + " jobs; use fewer values");
            }
        }
        return (int) jobs;
    }

    /** The position of job {@code job}'s value in each parameter's list, in declaration order. */
    public int[] positions(int job) {
        int[] at = new int[byName.size()];
        positions(job, at);
        return at;
    }

    /** {@link #positions(int)}, into {@code at}. */
    void positions(int job, int[] at) {
        int rest = job;
        List<Parameter> list = all();
        for (int i = list.size() - 1; i >= 0; i--) {
            at[i] = rest % list.get(i).count();
            rest /= list.get(i).count();
        }
    }

    /** Job {@code job}'s values, in declaration order: a Double for a number, a String for a word. */
    public Object[] values(int job) {
        int[] at = positions(job);
        List<Parameter> list = all();
        Object[] values = new Object[at.length];
        for (int i = 0; i < at.length; i++) {
            values[i] = list.get(i).value(at[i]);
        }
        return values;
    }

    /** Job {@code job} as "eps=0.03, model=cubic", for messages. */
    public String describe(int job) {
        Object[] values = values(job);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            parts.add(all().get(i).name() + "=" + Csv.param(values[i]));
        }
        return String.join(", ", parts);
    }

    /** Every parameter as NAME=SPEC: what a --resume must match. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Parameter p : byName.values()) {
            parts.add(p.name() + "=" + p.spec());
        }
        return String.join(" ", parts);
    }

    /** A copy with {@code name} set from the command line's {@code text}; BadInput if it does not fit. */
    Parameters with(String name, String text) {
        Parameters copy = new Parameters();
        copy.mistakes.addAll(mistakes);
        for (Parameter p : byName.values()) {
            copy.byName.put(p.name(), p.name().equals(name) ? Parameter.parse(p, text) : p);
        }
        return copy;
    }

    /** Numbers or words. */
    public enum Kind { NUMBER, WORD }

    /**
     * One parameter: its name, its values, and how it was given (START:STOP:COUNT for a range, the
     * values with commas for a list).
     */
    public record Parameter(String name, Kind kind, List<Object> values, String spec) {

        public int count() {
            return values.size();
        }

        public Object value(int i) {
            return values.get(i);
        }

        static Parameter range(String name, double start, double stop, int count) {
            if (!Double.isFinite(start) || !Double.isFinite(stop)) {
                throw new BadInput("--" + name + " needs finite numbers, not " + start + ":" + stop + ":" + count);
            }
            String spec = Csv.param(start) + ":" + Csv.param(stop) + ":" + count;
            if (count < 1) {
                throw new BadInput("--" + name + " " + spec + " has no values: COUNT must be 1 or more");
            }
            if (count > 1 && !(start < stop)) {
                throw new BadInput("--" + name + " " + spec + " is " + (start == stop ? "empty" : "inverted")
                        + ": START must be below STOP (or COUNT 1)");
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(linspace(start, stop, count, i));
            }
            return new Parameter(name, Kind.NUMBER, List.copyOf(values), spec);
        }

        static Parameter list(String name, Kind kind, List<Object> values) {
            if (values.isEmpty()) {
                throw new BadInput("--" + name + " has no values; give at least one");
            }
            List<String> texts = new ArrayList<>();
            for (Object v : values) {
                if (v == null || v instanceof String s && s.isBlank()) {
                    throw new BadInput("--" + name + " has an empty value");
                }
                if (v instanceof Double d && !Double.isFinite(d)) {
                    throw new BadInput("--" + name + " needs finite numbers, not " + d);
                }
                String text = Csv.param(v);
                if (texts.contains(text)) {
                    throw new BadInput("--" + name + " lists " + text + " twice; each value once");
                }
                texts.add(text);
            }
            return new Parameter(name, kind, List.copyOf(values), String.join(",", texts));
        }

        /** This parameter as the command line gives it: START:STOP:COUNT, or values separated by commas. */
        static Parameter parse(Parameter declared, String text) {
            String name = declared.name();
            String t = text.strip();
            if (t.isEmpty()) {
                throw new BadInput("--" + name + " needs a value: START:STOP:COUNT or values separated by commas");
            }
            if (t.contains(":")) {
                String[] parts = t.split(":", -1);
                if (declared.kind() == Kind.WORD) {
                    throw new BadInput("--" + name + " takes words separated by commas (e.g. --" + name + " "
                            + declared.spec() + "), not the range '" + text + "'");
                }
                if (parts.length != 3) {
                    throw new BadInput("--" + name + " takes START:STOP:COUNT, e.g. --" + name
                            + " 0.03:0.5:36, not '" + text + "'");
                }
                try {
                    return range(name, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                            Integer.parseInt(parts[2].strip()));
                } catch (NumberFormatException e) {
                    throw new BadInput("--" + name + " takes START:STOP:COUNT with numbers, e.g. --" + name
                            + " 0.03:0.5:36, not '" + text + "'");
                }
            }
            List<Object> values = new ArrayList<>();
            for (String part : t.split(",", -1)) {
                String v = part.strip();
                if (v.isEmpty()) {
                    throw new BadInput("--" + name + " " + text + " has an empty value");
                }
                if (declared.kind() == Kind.WORD) {
                    values.add(v);
                } else {
                    try {
                        values.add(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        throw new BadInput("--" + name + " takes numbers (a range START:STOP:COUNT or values"
                                + " separated by commas), not '" + v + "'");
                    }
                }
            }
            return list(name, declared.kind(), values);
        }
    }

    /** Value i of numpy.linspace(start, stop, count): evenly spaced, both ends included exactly. */
    static double linspace(double start, double stop, int count, int i) {
        if (count == 1) {
            return start;
        }
        return i == count - 1 ? stop : start + i * ((stop - start) / (count - 1));
    }

    @Override
    public String toString() {
        return byName.isEmpty() ? "(none)" : describe();
    }
}
