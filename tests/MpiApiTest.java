import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lessons compile against library/mpi-api, declarations of MPJ Express's MPI API without its
 * code, and run against MPJ Express itself. Every declaration there must be one MPJ Express has, with
 * the same types, or a lesson that compiles would fail when it runs.
 */
@DisplayName("MPI API declarations")
class MpiApiTest {

    @Test
    void everyDeclarationIsOneMpjExpressHas(@TempDir Path dir) throws Exception {
        Path sources = Launch.ROOT.resolve("library/mpi-api");
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-nowarn"));
        try (Stream<Path> files = Files.list(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac of library/mpi-api").isZero();

        Path lib = Setup.mpjHome().resolve("lib");
        List<URL> real = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                real.add(jar.toUri().toURL());
            }
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (URLClassLoader declared = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
             URLClassLoader mpj = new URLClassLoader(real.toArray(URL[]::new), null)) {
            try (Stream<Path> classes = Files.list(dir.resolve("mpi"))) {
                for (Path file : (Iterable<Path>) classes::iterator) {
                    String name = "mpi." + file.getFileName().toString().replace(".class", "");
                    Class<?> ours = Class.forName(name, false, declared);
                    if (!Modifier.isPublic(ours.getModifiers())) {
                        continue;
                    }
                    Class<?> theirs = Class.forName(name, false, mpj);
                    checked += compare(ours, theirs, mpj, wrong);
                }
            }
        }
        assertThat(wrong).as("declarations that differ from MPJ Express's").isEmpty();
        assertThat(checked).as("members checked").isGreaterThan(200);
    }

    private static int compare(Class<?> ours, Class<?> theirs, ClassLoader mpj, List<String> wrong) throws Exception {
        int checked = 0;
        Class<?> superclass = ours.getSuperclass();
        if (!Class.forName(superclass.getName(), false, mpj).isAssignableFrom(theirs)) {
            wrong.add(ours.getName() + " extends " + superclass.getName() + ", MPJ Express's does not");
        }
        for (Field f : ours.getDeclaredFields()) {
            if (!Modifier.isPublic(f.getModifiers())) {
                continue;
            }
            checked++;
            try {
                Field t = theirs.getField(f.getName());
                if (!t.getType().getName().equals(f.getType().getName()) || t.getModifiers() != f.getModifiers()) {
                    wrong.add(f + " is " + t + " in MPJ Express");
                } else if (Modifier.isFinal(f.getModifiers()) && f.getType().isPrimitive() && f.get(null) != null
                        && !f.getName().equals("NUM_OF_PROCESSORS") && !f.get(null).equals(t.get(null))) {
                    wrong.add(f + " = " + f.get(null) + ", MPJ Express has " + t.get(null));
                }
            } catch (NoSuchFieldException e) {
                wrong.add(f + " is not in MPJ Express");
            }
        }
        for (Constructor<?> c : ours.getDeclaredConstructors()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            checked++;
            try {
                Constructor<?> t = theirs.getConstructor(types(c.getParameterTypes(), mpj));
                if (!names(t.getExceptionTypes()).equals(names(c.getExceptionTypes()))) {
                    wrong.add(c + " throws " + names(t.getExceptionTypes()) + " in MPJ Express");
                }
            } catch (NoSuchMethodException e) {
                wrong.add(c + " is not in MPJ Express");
            }
        }
        for (Method m : ours.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            checked++;
            try {
                Method t = theirs.getMethod(m.getName(), types(m.getParameterTypes(), mpj));
                if (!t.getReturnType().getName().equals(m.getReturnType().getName())
                        || Modifier.isStatic(t.getModifiers()) != Modifier.isStatic(m.getModifiers())
                        || Modifier.isAbstract(t.getModifiers()) != Modifier.isAbstract(m.getModifiers())
                        || !names(t.getExceptionTypes()).equals(names(m.getExceptionTypes()))) {
                    wrong.add(m + " is " + t + " in MPJ Express");
                }
            } catch (NoSuchMethodException e) {
                wrong.add(m + " is not in MPJ Express");
            }
        }
        return checked;
    }

    private static Class<?>[] types(Class<?>[] ours, ClassLoader mpj) throws ClassNotFoundException {
        Class<?>[] theirs = new Class<?>[ours.length];
        for (int i = 0; i < ours.length; i++) {
            theirs[i] = ours[i].isPrimitive() ? ours[i] : Class.forName(ours[i].getName(), false, mpj);
        }
        return theirs;
    }

    private static List<String> names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getName).sorted().toList();
    }
}
