//DEPS org.ow2.asm:asm:9.8
package mpjfix;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class loader that applies the fixes in this folder to MPJ Express's classes as it defines
 * them: the per-rank and shared loaders of a multicore run (rank JVMs take the fixed classes from
 * a {@link FixJar}). Every other class is loaded as a plain URLClassLoader would.
 *
 * <p>Which fixes apply is MPJ_FIXES: {@code all} (the default), {@code none}, or a comma-separated
 * list of names, each on its own ({@code hash,loopback}: only those) or with a minus ({@code -hash}:
 * all but that one).
 */
public final class FixLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Every fix there is; a fix that changes several classes has a part for each, all with its one name. */
    public static final List<Fix> ALL = List.of(new HashFix(), new LoopbackFix(), new RunSecretFix(),
            new MpjHomeFix(), new SemaphoreFix(), new SpinFix(), new ConcatFix(), new HandOffFix.Mark(),
            new HandOffFix.Lend(), new HandOffFix(), new DimsFix(), new ProbeFix(), new ProbeFix.Nio());

    /** The fixes of each class they change, in the order of {@link #ALL}: several may change one class. */
    private final Map<String, List<Fix>> byClass;
    /** Fixed class files by the URL they were read from, perhaps shared with other loaders. */
    private final Map<String, byte[]> fixed;

    public FixLoader(URL[] urls, ClassLoader parent, List<Fix> fixes) {
        this(urls, parent, fixes, new ConcurrentHashMap<>());
    }

    /**
     * A loader that shares {@code fixedClasses} with others made with the same fixes (the map's
     * keys do not say which fixes), so that a class they all load from the same jar is fixed about
     * once rather than once for each (a multicore run's rank loaders each define mpi.MPI and
     * mpi.Comm); loaders that load it at the same moment may each fix it, to the same bytes.
     */
    public FixLoader(URL[] urls, ClassLoader parent, List<Fix> fixes, ConcurrentHashMap<String, byte[]> fixedClasses) {
        super(urls, parent);
        byClass = byClass(fixes);
        fixed = fixedClasses;
    }

    /** {@code fixes} grouped by the class they change, each group in the order given. */
    public static Map<String, List<Fix>> byClass(List<Fix> fixes) {
        Map<String, List<Fix>> groups = new LinkedHashMap<>();
        for (Fix f : fixes) {
            groups.computeIfAbsent(f.className(), c -> new ArrayList<>()).add(f);
        }
        return groups;
    }

    /** The class file with every fix of {@code group} applied, one after the other. */
    public static byte[] applyAll(List<Fix> group, byte[] classFile) {
        byte[] fixed = classFile;
        for (Fix f : group) {
            fixed = f.apply(fixed);
        }
        return fixed;
    }

    /** The fixes MPJ_FIXES asks for; IllegalArgumentException with a message for the user if it names no fix. */
    public static List<Fix> chosen(String setting) {
        if (setting == null || setting.isBlank() || setting.trim().equals("all")) {
            return ALL;
        }
        if (setting.trim().equals("none")) {
            return List.of();
        }
        List<String> words = List.of(setting.trim().split("\\s*,\\s*"));
        boolean allBut = words.stream().allMatch(w -> w.startsWith("-"));
        boolean only = words.stream().noneMatch(w -> w.startsWith("-"));
        List<String> names = ALL.stream().map(Fix::name).distinct().toList(); // a fix of several classes has one name
        for (String w : words) {
            if (!names.contains(w.replaceFirst("^-", ""))) {
                throw new IllegalArgumentException("MPJ_FIXES names no fix '" + w + "'; use all, none, or a list of "
                        + String.join(", ", names) + " (each with a minus to leave it out), e.g. MPJ_FIXES=-hash");
            }
        }
        if (!allBut && !only) {
            throw new IllegalArgumentException("MPJ_FIXES='" + setting + "' mixes names with and without a minus;"
                    + " use either the fixes to apply (hash,loopback) or those to leave out (-hash)");
        }
        List<Fix> result = new ArrayList<>();
        for (Fix f : ALL) {
            if (allBut ? !words.contains("-" + f.name()) : words.contains(f.name())) {
                result.add(f);
            }
        }
        return List.copyOf(result);
    }

    /** The fixes chosen by this process's MPJ_FIXES. */
    public static List<Fix> chosen() {
        return chosen(System.getenv("MPJ_FIXES"));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        List<Fix> fixes = byClass.get(name);
        if (fixes == null) {
            return super.findClass(name);
        }
        URL url = findResource(name.replace('.', '/') + ".class");
        if (url == null) {
            throw new ClassNotFoundException(name);
        }
        URL source = url;
        byte[] bytes;
        try {
            URLConnection c = url.openConnection();
            if (c instanceof JarURLConnection jar) {
                source = jar.getJarFileURL();
            }
            bytes = fixed.get(url.toString());
            if (bytes == null) {
                try (InputStream in = c.getInputStream()) {
                    bytes = applyAll(fixes, in.readAllBytes());
                }
                fixed.putIfAbsent(url.toString(), bytes);
            }
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        return defineClass(name, bytes, 0, bytes.length, new CodeSource(source, (CodeSigner[]) null));
    }
}
