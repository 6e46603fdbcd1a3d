package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> A multicore rank that waits for a message (Recv, Wait, Barrier and
 * every collective built on them) blocks in {@code xdev.smpdev.Semaphore.acquire()}, which reads
 * {@code if (s == 0) wait(); s--;}: it waits once, and whatever wakes it, it takes a permit.
 *
 * <p><b>How it shows.</b> The JVM may end a {@code wait()} without a {@code notify()} (a spurious
 * wake-up, which {@code Object.wait}'s documentation tells callers to expect). The rank then goes on
 * as if its message had been copied in when it was not, and the count goes below zero. The likely
 * cause of a failure seen once under load: lesson 02 at 8 ranks stopped on rank 1 inside
 * MPI.Finalize's Barrier with {@code mpjbuf.BufferUnderflowException: Trying to read past end of
 * buffer}.
 *
 * <p><b>Why the fix is right.</b> The new body is {@code while (s == 0) wait(); s--;}, the loop
 * {@code Object.wait}'s documentation prescribes: {@code acquire} returns only when a
 * {@code signal()} has made {@code s} positive, and both run holding the semaphore's monitor, so no
 * release is missed and none is taken twice. A wake-up that comes with a release behaves as before.
 */
public final class SemaphoreFix extends Fix {

    private static final String SEMAPHORE = "xdev/smpdev/Semaphore";

    @Override
    public String name() {
        return "semaphore";
    }

    @Override
    public String className() {
        return "xdev.smpdev.Semaphore";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return changing(next, (access, name, descriptor) -> name.equals("acquire") && descriptor.equals("()V")
                && (access & Opcodes.ACC_SYNCHRONIZED) != 0, mv -> {
            changes.changed();
            Label waitAgain = new Label();
            Label check = new Label();
            mv.visitCode();
            mv.visitJumpInsn(Opcodes.GOTO, check);
            // while (s == 0) wait(0);
            mv.visitLabel(waitAgain);
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "wait", "(J)V", false);
            mv.visitLabel(check);
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, SEMAPHORE, "s", "I");
            mv.visitJumpInsn(Opcodes.IFEQ, waitAgain);
            // s--;
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.DUP);
            mv.visitFieldInsn(Opcodes.GETFIELD, SEMAPHORE, "s", "I");
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitFieldInsn(Opcodes.PUTFIELD, SEMAPHORE, "s", "I");
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null; // the old body (if, not while) is dropped
        });
    }
}
