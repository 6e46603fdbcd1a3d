//SOURCES ../library/mpjfix/*.java

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import javax.tools.ToolProvider;
import mpjfix.ConcatFix;
import mpjfix.Fix;
import mpjfix.FixLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** mpjfix.ConcatFix: the same strings, built without invokedynamic; MPJ's NIODevice with every fix has none left. */
@Tag("quick")
@DisplayName("concat fix (unit)")
class ConcatFixTest {

    /** Concatenations of every kind of value, null, and text holding the recipe's own marks. */
    private static final String SAMPLE = """
            public class Sample {
                static String all(String s, int i, long l, char c, double d, boolean b, Object o, Object none,
                                  byte by, short sh, float f) {
                    return "s=" + s + " i=" + i + " l=" + l + " c=" + c + " d=" + d + " b=" + b + " o=" + o
                            + " none=" + none + " by=" + by + " sh=" + sh + " f=" + f + " \\u0001 and \\u0002 stay";
                }

                static String argsOnly(int a, String b) {
                    return a + b;
                }

                public static String[] cases() {
                    return new String[] {
                        all("x", -3, 1L << 40, 'q', 0.1, true, java.util.List.of(1, 2), null, (byte) 7, (short) -2, 1.5f),
                        all(null, 0, 0, '\\0', Double.NaN, false, new StringBuilder("sb"), null, (byte) 0, (short) 0, -0f),
                        argsOnly(4, null), argsOnly(0, "")};
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theFixedClassBuildsTheSameStringsWithoutInvokedynamic() throws Exception {
        byte[] original = compileSample(); // javac's default, as Debian's build of MPJ Express has it
        byte[] fixed = new ConcatFix().apply(original);
        assertThat(concatenates(original)).isTrue();
        assertThat(concatenates(fixed)).isFalse();

        String[] want;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            want = cases(loader.loadClass("Sample"));
        }
        assertThat(cases(define(fixed))).containsExactly(want);
        assertThat(want[0]).isEqualTo("s=x i=-3 l=1099511627776 c=q d=0.1 b=true o=[1, 2] none=null by=7 sh=-2 f=1.5"
                + " \u0001 and \u0002 stay");
        assertThat(want[2]).isEqualTo("4null");
    }

    @Test
    void aClassBuiltWithoutInvokedynamicConcatenationIsTakenAsItIs() throws Exception {
        // as MPJ Express's own release is built (for Java 6): nothing to change, and no refusal
        byte[] plain = compileSample("-XDstringConcat=inline");
        assertThat(concatenates(plain)).isFalse();
        assertThat(cases(define(new ConcatFix().apply(plain)))[2]).isEqualTo("4null");
    }

    @Test
    void mpjsNiodeviceHasNoInvokedynamicConcatenationWithEveryFixAndHasItWithoutThisOne() throws Exception {
        byte[] niodevice;
        try (JarFile jar = new JarFile(Setup.mpjHome().resolve("lib/niodev.jar").toFile());
             InputStream in = jar.getInputStream(jar.getEntry("xdev/niodev/NIODevice.class"))) {
            niodevice = in.readAllBytes();
        }
        assertThat(concatenates(niodevice)).as("MPJ Express's own NIODevice").isTrue();
        assertThat(concatenates(fixedNiodevice(FixLoader.chosen("all"), niodevice))).isFalse();
        assertThat(concatenates(fixedNiodevice(FixLoader.chosen("-concat"), niodevice))).isTrue();
    }

    private static byte[] fixedNiodevice(List<Fix> fixes, byte[] classFile) {
        return FixLoader.applyAll(FixLoader.byClass(fixes).get("xdev.niodev.NIODevice"), classFile);
    }

    /** Whether any method of a class file concatenates with invokedynamic (StringConcatFactory). */
    private static boolean concatenates(byte[] classFile) {
        boolean[] found = {false};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String method, String d, Handle bsm, Object... args) {
                        found[0] |= bsm.getOwner().equals("java/lang/invoke/StringConcatFactory");
                    }
                };
            }
        }, 0);
        return found[0];
    }

    /** Sample.class, compiled by javac with {@code options}. */
    private byte[] compileSample(String... options) throws Exception {
        Files.writeString(dir.resolve("Sample.java"), SAMPLE);
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("-d", dir.toString(), dir.resolve("Sample.java").toString()));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).isZero();
        return Files.readAllBytes(dir.resolve("Sample.class"));
    }

    /** The class Sample from these bytes, in a class loader of its own. */
    private static Class<?> define(byte[] classFile) {
        return new ClassLoader(null) {
            Class<?> sample() {
                return defineClass("Sample", classFile, 0, classFile.length);
            }
        }.sample();
    }

    private static String[] cases(Class<?> sample) throws Exception {
        Method m = sample.getMethod("cases");
        return (String[]) m.invoke(null);
    }
}
