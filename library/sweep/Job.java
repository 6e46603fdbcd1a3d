package sweep;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One job of a sweep: one combination of the parameters' values, which bigJob reads by name.
 *
 * <pre>
 *   double eps = job.number("eps");
 *   int steps = job.integer("steps");
 *   String model = job.word("model");
 *   double noise = job.random().nextGaussian();   // the same draws for this job in every run
 * </pre>
 */
public final class Job {

    private final int index;
    private final Parameters parameters;
    private final Object[] values;
    private final long sweepSeed;

    Job(int index, Parameters parameters, long sweepSeed) {
        this.index = index;
        this.parameters = parameters;
        this.values = parameters.values(index);
        this.sweepSeed = sweepSeed;
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

    /** The names of the parameters, in the order of the grid's loops. */
    public List<String> names() {
        return parameters.names();
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

    /**
     * A seed for this job's random draws. It depends only on the job's parameter values (with their
     * names) and the sweep's {@code --seed}: the same whichever rank runs the job, at any rank count,
     * schedule or device, and after {@code --resume}; another job's differs. A seed from the rank, or
     * {@code new Random()}, would make the results depend on the schedule or differ in every run.
     */
    public long seed() {
        long h = 0xcbf29ce484222325L; // FNV-1a over the values as the CSV writes them
        for (byte b : parameters.describe(index).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h ^ mix(sweepSeed));
    }

    /** A generator of random numbers seeded with {@link #seed}: this job's draws, the same in every run. */
    public SplittableRandom random() {
        return new SplittableRandom(seed());
    }

    /** Spreads the bits of {@code z} (the finalizer of MurmurHash3's 64-bit hash), so that near inputs give far seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString() {
        return "job " + index + " (" + parameters.describe(index) + ")";
    }
}
