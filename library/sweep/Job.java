package sweep;

import java.util.List;

/**
 * One job of a sweep: one combination of the parameters' values, which bigJob reads by name.
 *
 * <pre>
 *   double eps = job.number("eps");
 *   int steps = job.integer("steps");
 *   String model = job.word("model");
 * </pre>
 */
public final class Job {

    private final int index;
    private final Parameters parameters;
    private final Object[] values;

    Job(int index, Parameters parameters) {
        this.index = index;
        this.parameters = parameters;
        this.values = parameters.values(index);
    }

    /** The job's number: 0 up to the number of jobs less one, in the order of nested loops over the parameters. */
    public int index() {
        return index;
    }

    /** The value of a parameter of numbers. */
    public double number(String name) {
        if (value(name) instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("the parameter '" + name + "' holds words, not numbers; read it with job.word(\""
                + name + "\")");
    }

    /** The value of a parameter of whole numbers (3, not 3.5). */
    public int integer(String name) {
        double d = number(name);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the parameter '" + name + "' is " + Csv.param(d) + " here, not a whole number;"
                    + " read it with job.number(\"" + name + "\")");
        }
        return (int) d;
    }

    /** The value of a parameter of words; for a parameter of numbers, the number as the CSV writes it. */
    public String word(String name) {
        return Csv.param(value(name));
    }

    /** The value of a parameter: a Double or a String. */
    public Object value(String name) {
        List<String> names = parameters.names();
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("there is no parameter '" + name + "'; this sweep's parameters are "
                    + String.join(", ", names));
        }
        return values[i];
    }

    @Override
    public String toString() {
        return "job " + index + " (" + parameters.describe(index) + ")";
    }
}
