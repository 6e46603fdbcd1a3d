package sweep;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import launcher.BadInput;

/**
 * The results a bigJob returns, as CSV columns: the components of a record (one column each, named
 * as the record names them), or one column "value" for a plain number or word.
 */
public record Columns(List<String> names, List<Boolean> numeric, Class<?> type) {

    /** One number called "value": what lessons 02, 05 and 06 compute. */
    public static final Columns VALUE = new Columns(List.of("value"), List.of(true), double.class);

    /** The columns of results of {@code type}; BadInput, saying what is wrong, for a type that does not fit. */
    public static Columns of(Class<?> type) {
        if (type.isRecord()) {
            List<String> names = new ArrayList<>();
            List<Boolean> numeric = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                String kind = kind(c.getType());
                if (kind == null) {
                    throw new BadInput(type.getSimpleName() + "." + c.getName() + " is a "
                            + c.getType().getSimpleName() + "; each result is one number or one word (double, long, int,"
                            + " boolean, String or an enum)");
                }
                names.add(c.getName());
                numeric.add(kind.equals("number"));
            }
            if (names.isEmpty()) {
                throw new BadInput(type.getSimpleName() + " has no components; give it at least one result,"
                        + " e.g. record " + type.getSimpleName() + "(double value) {}");
            }
            return new Columns(List.copyOf(names), List.copyOf(numeric), type);
        }
        String kind = kind(type);
        if (kind == null) {
            throw new BadInput("bigJob returns " + type.getSimpleName() + "; return a record of numbers and"
                    + " words (e.g. record Results(double energy, double error) {}), or one number or word");
        }
        return new Columns(List.of("value"), List.of(kind.equals("number")), type);
    }

    /** "number", "word", or null for a type a CSV column cannot hold. */
    private static String kind(Class<?> t) {
        if (t == double.class || t == float.class || t == int.class || t == long.class || t == short.class
                || t == byte.class || Number.class.isAssignableFrom(t)) {
            return "number";
        }
        if (t == String.class || t == boolean.class || t == Boolean.class || t == char.class || t == Character.class
                || t.isEnum()) {
            return "word";
        }
        return null;
    }

    public int size() {
        return names.size();
    }

    /**
     * A result's values, one per column: Double or Long for numbers, String for words. Throws
     * IllegalStateException, naming the column, for a value a line of CSV cannot hold.
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
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                try {
                    components[i].getAccessor().setAccessible(true);
                    values[i] = cell(names.get(i), components[i].getAccessor().invoke(result));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + names.get(i) + ": " + e, e);
                }
            }
        } else {
            values[0] = cell("value", result);
        }
        return values;
    }

    private static Object cell(String name, Object v) {
        if (v == null) {
            throw new IllegalStateException("the result '" + name + "' is null");
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String word = v instanceof Enum<?> e ? e.name() : v.toString();
        if (word.indexOf('\n') >= 0 || word.indexOf('\r') >= 0) {
            throw new IllegalStateException("the result '" + name + "' holds a line break; a result is one line");
        }
        return word;
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

    /** Values read back from CSV fields. */
    Object[] parse(List<String> texts) {
        Object[] values = new Object[texts.size()];
        for (int i = 0; i < values.length; i++) {
            String t = texts.get(i);
            if (!numeric.get(i)) {
                values[i] = t;
            } else if (t.matches("-?\\d{1,18}")) {
                values[i] = Long.parseLong(t);
            } else {
                values[i] = Double.parseDouble(t); // NumberFormatException: a torn line
            }
        }
        return values;
    }

    /** The header: the result columns' names. */
    public String header() {
        return String.join(",", names);
    }
}
