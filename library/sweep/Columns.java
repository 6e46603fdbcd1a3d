package sweep;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import launcher.BadInput;

/**
 * The results a bigJob returns, as CSV columns: the components of a record (one column each, named
 * as the record names them), or one column "value" for a plain number or word. Each column is of
 * one {@link Kind}, from its declared type: a {@code long} stays whole, a {@code double} real.
 */
public record Columns(List<String> names, List<Kind> kinds, Class<?> type) {

    /**
     * What a column holds: real numbers (double, float, any other Number), whole numbers (long,
     * int, short, byte), words, or curves (double[]: a list of numbers per job, in a long-form CSV
     * of its own).
     */
    public enum Kind { REAL, WHOLE, WORD, CURVE }

    /** One number called "value": what lessons 02, 05 and 06 compute. */
    public static final Columns VALUE = new Columns(List.of("value"), List.of(Kind.REAL), double.class);

    /** A record's accessors, made accessible once (they are called for every job). */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    /** The columns of results of {@code type}; BadInput, saying what is wrong, for a type that does not fit. */
    public static Columns of(Class<?> type) {
        if (type.isRecord()) {
            List<String> names = new ArrayList<>();
            List<Kind> kinds = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Kind kind = kind(c.getType());
                if (kind == null) {
                    throw new BadInput(type.getSimpleName() + "." + c.getName() + " is of type "
                            + c.getType().getSimpleName() + "; each result is one number or one word (double, long, int,"
                            + " boolean, String or an enum), or a curve (double[])");
                }
                names.add(c.getName());
                kinds.add(kind);
            }
            if (names.isEmpty()) {
                throw new BadInput(type.getSimpleName() + " has no components; give it at least one result,"
                        + " e.g. record " + type.getSimpleName() + "(double value) {}");
            }
            return new Columns(List.copyOf(names), List.copyOf(kinds), type);
        }
        Kind kind = kind(type);
        if (kind == null) {
            throw new BadInput("bigJob returns " + type.getSimpleName() + "; return a record of numbers and"
                    + " words (e.g. record Results(double energy, double error) {}), or one number or word");
        }
        return new Columns(List.of("value"), List.of(kind), type);
    }

    /** The kind of a column of type {@code t}, or null for a type a CSV column cannot hold. */
    private static Kind kind(Class<?> t) {
        if (t == double[].class) {
            return Kind.CURVE;
        }
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class) {
            return Kind.WHOLE;
        }
        if (t == double.class || t == float.class || Number.class.isAssignableFrom(t)) {
            return Kind.REAL;
        }
        if (t == String.class || t == boolean.class || t == Boolean.class || t == char.class || t == Character.class
                || t.isEnum()) {
            return Kind.WORD;
        }
        return null;
    }

    public int size() {
        return names.size();
    }

    /** Whether column {@code c} holds numbers, one per job. */
    public boolean numeric(int c) {
        return kinds.get(c) == Kind.REAL || kinds.get(c) == Kind.WHOLE;
    }

    /** Whether column {@code c} holds a curve per job. */
    public boolean curve(int c) {
        return kinds.get(c) == Kind.CURVE;
    }

    /** The names of the columns the main CSV has: all but the curves. */
    List<String> flatNames() {
        List<String> flat = new ArrayList<>();
        for (int c = 0; c < size(); c++) {
            if (!curve(c)) {
                flat.add(names.get(c));
            }
        }
        return flat;
    }

    /**
     * A result's values, one per column: Double for a real number, Long for a whole one, String for
     * a word. Throws IllegalStateException, naming the column, for a value a line of CSV cannot hold.
     */
    Object[] values(Object result) {
        if (result == null) {
            throw new IllegalStateException("bigJob returned null; return its results");
        }
        Object[] values = new Object[names.size()];
        if (type.isRecord()) {
            if (!type.isInstance(result)) {
                throw new IllegalStateException("bigJob returned a " + result.getClass().getSimpleName() + ", not a "
                        + type.getSimpleName());
            }
            Method[] accessors = ACCESSORS.get(type);
            for (int i = 0; i < accessors.length; i++) {
                try {
                    values[i] = cell(i, accessors[i].invoke(result));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + names.get(i) + ": " + e, e);
                }
            }
        } else {
            values[0] = cell(0, result);
        }
        return values;
    }

    private Object cell(int column, Object v) {
        if (v == null) {
            throw new IllegalStateException("the result '" + names.get(column) + "' is null");
        }
        switch (kinds.get(column)) {
            case REAL:
                return ((Number) v).doubleValue();
            case WHOLE:
                return ((Number) v).longValue();
            case CURVE:
                return ((double[]) v).clone();
            default:
                String word = v instanceof Enum<?> e ? e.name() : v.toString();
                if (word.indexOf('\n') >= 0 || word.indexOf('\r') >= 0) {
                    throw new IllegalStateException("the result '" + names.get(column)
                            + "' holds a line break; a result is one line");
                }
                return word;
        }
    }

    /** The name of the first numeric value that is NaN, or null. */
    String nan(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Double d && d.isNaN()) {
                return names.get(i);
            }
        }
        return null;
    }

    /** Values read back from CSV fields; NumberFormatException for a number that is not one. */
    Object[] parse(List<String> texts) {
        Object[] values = new Object[texts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parse(i, texts.get(i));
        }
        return values;
    }

    /** Column {@code c}'s value read back from its CSV field. */
    Object parse(int c, String text) {
        return switch (kinds.get(c)) {
            case REAL -> Double.parseDouble(text);
            case WHOLE -> Long.parseLong(text);
            case WORD -> text;
            case CURVE -> text.isEmpty() ? new double[0]
                    : java.util.Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray();
        };
    }

    /** The header: the result columns' names. */
    public String header() {
        return String.join(",", names);
    }
}
