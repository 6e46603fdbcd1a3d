package mpjfix;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One mend of MPJ Express 0.44, applied to one of its classes as a multicore run's class loaders
 * read it ({@link FixLoader}), or ahead of time for rank JVMs ({@link FixJar}); MPJ's jars stay as
 * they are on disk. Each fix is a file of its own in this
 * folder, headed by what MPJ does wrong, how it shows, and why the change is right.
 */
public abstract class Fix {

    /** The short name used in MPJ_FIXES (e.g. "hash"). */
    public abstract String name();

    /** The binary name of the class this fix changes (e.g. "xdev.smpdev.SMPDeviceImpl$Key"). */
    public abstract String className();

    /** The class file with the fix in it; the rest of the class as it was. */
    public final byte[] apply(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // COMPUTE_MAXS: the changes add to the operand stack but add no branches, so the class's
        // own stack map frames stay valid and methods that are not changed are copied as they are.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Counter found = new Counter();
        reader.accept(visitor(writer, found), 0);
        if (found.count != 1) {
            throw new IllegalStateException("MPJ Express's " + className() + " is not the 0.44 class the '" + name()
                    + "' fix was written for (found the place to change " + found.count
                    + " times, expected once); set MPJ_FIXES=-" + name() + " to run without it");
        }
        return writer.toByteArray();
    }

    /** A visitor that writes the fixed class to {@code next} and counts each change it makes. */
    protected abstract ClassVisitor visitor(ClassVisitor next, Counter changes);

    /** Which methods of the class a fix changes. */
    @FunctionalInterface
    protected interface Methods {
        boolean match(int access, String name, String descriptor);
    }

    /**
     * What a fix does to a method: a visitor in front of {@code next}, or null to drop the old body
     * once the new one is written to {@code next}.
     */
    @FunctionalInterface
    protected interface Change {
        MethodVisitor apply(MethodVisitor next);
    }

    /**
     * A visitor that copies the class as it is, but for the methods {@code which} picks: those go
     * through {@code change}.
     */
    protected static ClassVisitor changing(ClassVisitor next, Methods which, Change change) {
        return new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return which.match(access, name, descriptor) ? change.apply(mv) : mv;
            }
        };
    }

    /** How many times a fix found the code it changes: exactly once, or the class is not the one expected. */
    protected static final class Counter {
        int count;

        public void changed() {
            count++;
        }
    }
}
