package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> The multicore device files every message waiting to be received,
 * and every receive waiting for a message, in hash maps keyed by {@code SMPDeviceImpl.Key}
 * (context, tag, source, destination). {@code Key.hashCode()} returns -1 for every key, so each
 * map is one long chain and every match compares against every waiting entry.
 *
 * <p><b>How it shows.</b> {@code MPI.Init} exchanges messages between all ranks to set up
 * {@code COMM_WORLD}; with all keys alike its cost grows about as ranks⁴: hello takes 17-25 s at
 * 128 ranks and minutes at 320, and a thread dump has every rank in {@code Comm.calculateContext}.
 *
 * <p><b>Why the fix is right.</b> {@code Key.equals} compares exactly the context, the tag and the
 * UUIDs of the source and destination process IDs; the new {@code hashCode} combines exactly
 * those, so keys that are equal hash alike (the contract HashMap relies on) and keys that differ
 * mostly do not. Wildcard receives are unaffected: MPJ matches {@code ANY_SOURCE} and
 * {@code ANY_TAG} by filing a message under one key per wildcard combination, each an ordinary key.
 */
public final class HashFix extends Fix {

    private static final String KEY = "xdev/smpdev/SMPDeviceImpl$Key";
    private static final String PROCESS_ID = "Lxdev/ProcessID;";

    @Override
    public String name() {
        return "hash";
    }

    @Override
    public String className() {
        return "xdev.smpdev.SMPDeviceImpl$Key";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return changing(next, (access, name, descriptor) -> name.equals("hashCode") && descriptor.equals("()I"), mv -> {
            changes.changed();
            mv.visitCode();
            // ((context * 31 + tag) * 31 + hash(destID.uuid())) * 31 + hash(srcID.uuid())
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, KEY, "context", "I");
            mix(mv);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, KEY, "tag", "I");
            mv.visitInsn(Opcodes.IADD);
            mix(mv);
            uuidHash(mv, "destID");
            mv.visitInsn(Opcodes.IADD);
            mix(mv);
            uuidHash(mv, "srcID");
            mv.visitInsn(Opcodes.IADD);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null; // the old body (return -1) is dropped
        });
    }

    private static void mix(MethodVisitor mv) {
        mv.visitIntInsn(Opcodes.BIPUSH, 31);
        mv.visitInsn(Opcodes.IMUL);
    }

    /** Pushes Objects.hashCode(this.field.uuid()): the same UUID that equals compares. */
    private static void uuidHash(MethodVisitor mv, String field) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, KEY, field, PROCESS_ID);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "xdev/ProcessID", "uuid", "()Ljava/util/UUID;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Objects", "hashCode", "(Ljava/lang/Object;)I", false);
    }
}
