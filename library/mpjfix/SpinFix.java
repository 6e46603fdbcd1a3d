package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> A multicore rank waiting for a message blocks at once, in
 * {@code Object.wait} inside {@code xdev.smpdev.Semaphore.acquire()}, and the rank that sends the
 * message wakes it with {@code notify}. Putting a thread to sleep and waking it again costs the
 * operating system several microseconds each time, several times what MPJ's own work for a small
 * message costs.
 *
 * <p><b>How it shows.</b> Lesson 03's ping-pong between two thread ranks: several microseconds one
 * way at 8 bytes, a wake-up per message, where MPI libraries between processes on one machine
 * take well under one (figures: docs/mending-mpj.md and docs/speed.md).
 *
 * <p><b>Why the fix is right.</b> {@code acquire()} first watches the count for a short time
 * (50 µs, or the system property {@code mpj.spin} in nanoseconds), calling {@code Thread.yield}
 * between looks (it returns at once on an idle machine, and on a busy one lets the rank that will
 * send the message have the core), and then does what it did before, now in
 * {@code acquireBlocking()}: MPJ's own synchronized body (the {@code while} loop with
 * {@link SemaphoreFix}). Watching only reads the count, which is made
 * {@code volatile} so that a release shows at once; taking the permit and waiting still happen
 * under the monitor, as before, so a release cannot be lost or taken twice whatever the spin
 * sees. A thread that watches holds a core, which is only worth it when every rank has one: the
 * spin is on only when the run's rank count (the property {@code mpj.ranks}, set by the
 * launcher, launcher.ThreadRun) is at most the JVM's available processors. MPJ's own starter
 * does not set it, so under mpjrun.sh ranks block at once as before.
 */
public final class SpinFix extends Fix {

    /** The system property holding the run's number of ranks. */
    public static final String RANKS = "mpj.ranks";
    /** The system property holding how long to watch before blocking, in nanoseconds. */
    public static final String NANOS = "mpj.spin";
    /** Tens of microseconds: far more than a message between two ranks takes, far less than a wake-up is worth. */
    public static final long DEFAULT_NANOS = 50_000;

    private static final String SEMAPHORE = "xdev/smpdev/Semaphore";
    private static final String BUDGET = "spinNanos";
    private static final String BLOCKING = "acquireBlocking";

    @Override
    public String name() {
        return "spin";
    }

    @Override
    public String className() {
        return "xdev.smpdev.Semaphore";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                int flags = name.equals("s") && descriptor.equals("I") ? access | Opcodes.ACC_VOLATILE : access;
                return super.visitField(flags, name, descriptor, signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (name.equals("<clinit>")) {
                    changes.changed(); // a class initializer of its own: not the class this fix adds one to
                }
                if (name.equals("acquire") && descriptor.equals("()V") && (access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                    changes.changed();
                    return super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNCHRONIZED, BLOCKING, descriptor,
                            signature, exceptions);
                }
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }

            @Override
            public void visitEnd() {
                super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, BUDGET, "J", null, null)
                        .visitEnd();
                budget(super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null));
                spinThenBlock(super.visitMethod(Opcodes.ACC_PUBLIC, "acquire", "()V", null,
                        new String[] {"java/lang/InterruptedException"}));
                super.visitEnd();
            }
        };
    }

    /** spinNanos = Integer.getInteger(RANKS, MAX_VALUE) <= availableProcessors() ? Long.getLong(NANOS, DEFAULT_NANOS) : 0 */
    private static void budget(MethodVisitor mv) {
        Label none = new Label();
        Label set = new Label();
        mv.visitCode();
        mv.visitLdcInsn(RANKS);
        mv.visitLdcInsn(Integer.MAX_VALUE);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "getInteger",
                "(Ljava/lang/String;I)Ljava/lang/Integer;", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Runtime", "availableProcessors", "()I", false);
        mv.visitJumpInsn(Opcodes.IF_ICMPGT, none);
        mv.visitLdcInsn(NANOS);
        mv.visitLdcInsn(DEFAULT_NANOS);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "getLong", "(Ljava/lang/String;J)Ljava/lang/Long;",
                false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
        mv.visitJumpInsn(Opcodes.GOTO, set);
        mv.visitLabel(none);
        mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitLabel(set);
        mv.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.LONG});
        mv.visitFieldInsn(Opcodes.PUTSTATIC, SEMAPHORE, BUDGET, "J");
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * if (spinNanos > 0) { long end = nanoTime() + spinNanos; while (s == 0 && nanoTime() - end < 0) yield(); }
     * acquireBlocking();
     */
    private static void spinThenBlock(MethodVisitor mv) {
        Label spin = new Label();
        Label block = new Label();
        mv.visitCode();
        mv.visitFieldInsn(Opcodes.GETSTATIC, SEMAPHORE, BUDGET, "J");
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(Opcodes.IFLE, block);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
        mv.visitFieldInsn(Opcodes.GETSTATIC, SEMAPHORE, BUDGET, "J");
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, 1);
        mv.visitLabel(spin);
        mv.visitFrame(Opcodes.F_APPEND, 1, new Object[] {Opcodes.LONG}, 0, null);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, SEMAPHORE, "s", "I");
        mv.visitJumpInsn(Opcodes.IFNE, block);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
        mv.visitVarInsn(Opcodes.LLOAD, 1);
        mv.visitInsn(Opcodes.LSUB);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(Opcodes.IFGE, block);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "yield", "()V", false);
        mv.visitJumpInsn(Opcodes.GOTO, spin);
        mv.visitLabel(block);
        mv.visitFrame(Opcodes.F_CHOP, 1, null, 0, null);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, SEMAPHORE, BLOCKING, "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
