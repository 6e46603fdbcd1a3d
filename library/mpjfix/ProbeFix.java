package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> {@code Probe} waits for a message by asking for it again and again
 * without a pause: {@code probe()} of both devices ({@code xdev.smpdev.SMPDevice} and
 * {@code xdev.niodev.NIODevice}) is {@code while (!found) { status = iprobe(...); ... }}. A rank
 * waiting in {@code Probe} holds a core for as long as it waits.
 *
 * <p><b>How it shows.</b> A sweep's rank 0 answers the others from a second thread that waits in
 * {@code Probe(ANY_SOURCE, ...)}, and ranks wait for work the same way: with 8 ranks on 2 cores, a
 * million one-microsecond jobs spent 4.7 of their 8.3 CPU seconds in {@code Key.equals} under
 * {@code SMPDevice.probe}, taking the cores from the ranks that had work to do.
 *
 * <p><b>Why the fix is right.</b> The new body asks exactly as before, and returns exactly what
 * the first successful {@code iprobe} returns; between two asks it gives the core away: the first
 * {@link #YIELDS} times with {@code Thread.yield()} (which returns at once on an idle machine, so a
 * message that is nearly there is seen as soon as before), then by parking for a pause that doubles
 * from {@link #FIRST_PAUSE_NANOS} up to {@link #LONGEST_PAUSE_NANOS}. A message is thus seen at
 * most a millisecond after it arrives, by a rank that has waited that long already; nothing else
 * about matching or ordering changes, since only {@code iprobe} looks at the queues.
 */
public class ProbeFix extends Fix {

    /** How many times a waiting Probe yields before it parks. */
    public static final int YIELDS = 100;
    /** The first pause between two asks once it parks, doubling each time. */
    public static final long FIRST_PAUSE_NANOS = 1_000;
    /** The longest pause: how late a message may be seen by a Probe that has waited long. */
    public static final long LONGEST_PAUSE_NANOS = 1_000_000;

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String className() {
        return "xdev.smpdev.SMPDevice";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        String owner = className().replace('.', '/');
        return changing(next, (access, name, descriptor) -> name.equals("probe")
                && descriptor.equals("(Lxdev/ProcessID;II)Lmpjdev/Status;"), mv -> {
                    changes.changed();
                    askWithPauses(mv, owner);
                    return null; // the old body (a loop without a pause) is dropped
                });
    }

    /** The same for niodev's device. */
    static final class Nio extends ProbeFix {
        @Override
        public String className() {
            return "xdev.niodev.NIODevice";
        }
    }

    /**
     * int looks = 0; long pause = FIRST_PAUSE_NANOS;
     * while (true) {
     *     Status s = iprobe(id, src, tag); if (s != null) return s;
     *     if (++looks <= YIELDS) Thread.yield();
     *     else { LockSupport.parkNanos(pause); pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS); }
     * }
     */
    private static void askWithPauses(MethodVisitor mv, String owner) {
        Label ask = new Label();
        Label none = new Label();
        Label park = new Label();
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 4);
        mv.visitLdcInsn(FIRST_PAUSE_NANOS);
        mv.visitVarInsn(Opcodes.LSTORE, 5);
        mv.visitLabel(ask);
        mv.visitFrame(Opcodes.F_APPEND, 2, new Object[] {Opcodes.INTEGER, Opcodes.LONG}, 0, null);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "iprobe", "(Lxdev/ProcessID;II)Lmpjdev/Status;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 7);
        mv.visitVarInsn(Opcodes.ALOAD, 7);
        mv.visitJumpInsn(Opcodes.IFNULL, none);
        mv.visitVarInsn(Opcodes.ALOAD, 7);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(none);
        mv.visitFrame(Opcodes.F_APPEND, 1, new Object[] {"mpjdev/Status"}, 0, null);
        mv.visitIincInsn(4, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 4);
        mv.visitIntInsn(Opcodes.SIPUSH, YIELDS);
        mv.visitJumpInsn(Opcodes.IF_ICMPGT, park);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "yield", "()V", false);
        mv.visitJumpInsn(Opcodes.GOTO, ask);
        mv.visitLabel(park);
        mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        mv.visitVarInsn(Opcodes.LLOAD, 5);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/concurrent/locks/LockSupport", "parkNanos", "(J)V", false);
        mv.visitVarInsn(Opcodes.LLOAD, 5);
        mv.visitInsn(Opcodes.ICONST_2);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LMUL);
        mv.visitLdcInsn(LONGEST_PAUSE_NANOS);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
        mv.visitVarInsn(Opcodes.LSTORE, 5);
        mv.visitJumpInsn(Opcodes.GOTO, ask);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
