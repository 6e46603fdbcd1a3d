package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> {@code MPI.Init} reads its settings from
 * {@code $MPJ_HOME/conf/mpjexpress.conf}, taking MPJ_HOME from the environment only. A JVM cannot
 * change its own environment, so a launcher that found MPJ Express by itself (where
 * scripts/setup installs it, with MPJ_HOME unset) cannot tell MPI.Init where it is.
 *
 * <p><b>How it shows.</b> Without MPJ_HOME, every rank prints a {@code FileNotFoundException} for
 * {@code null/conf/mpjexpress.conf} from MPI.Init; the alternative, starting the launcher again
 * in a second JVM with MPJ_HOME set, costs a JVM start and a process to keep track of.
 *
 * <p><b>Why the fix is right.</b> Right after MPI.Init takes MPJ_HOME from the environment, the
 * value becomes {@code System.getProperty("mpj.home", thatValue)}: the launcher's setting of
 * the property wins, and where nobody set it (MPJ's own mpjrun.sh) the environment counts as
 * before. Nothing else in MPJ Express 0.44 reads MPJ_HOME.
 */
public final class MpjHomeFix extends Fix {

    /** The system property holding MPJ Express's folder. */
    public static final String PROPERTY = "mpj.home";

    @Override
    public String name() {
        return "mpjhome";
    }

    @Override
    public String className() {
        return "mpi.MPI";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return changing(next, (access, name, descriptor) -> name.equals("Init"), mv -> {
            return new MethodVisitor(Opcodes.ASM9, mv) {
                /** 0: nothing seen; 1: ldc "MPJ_HOME"; 2: and Map.get after it. */
                private int seen;

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(value);
                    seen = "MPJ_HOME".equals(value) ? 1 : 0;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    super.visitMethodInsn(opcode, owner, method, desc, itf);
                    seen = seen == 1 && owner.equals("java/util/Map") && method.equals("get") ? 2 : 0;
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    super.visitTypeInsn(opcode, type);
                    if (seen == 2 && opcode == Opcodes.CHECKCAST && type.equals("java/lang/String")) {
                        changes.changed();
                        // stack: ..., fromEnvironment -> ..., System.getProperty("mpj.home", fromEnvironment)
                        super.visitLdcInsn(PROPERTY);
                        super.visitInsn(Opcodes.SWAP);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperty",
                                "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;", false);
                    }
                    seen = 0;
                }

                @Override
                public void visitInsn(int opcode) {
                    super.visitInsn(opcode);
                    seen = 0;
                }

                @Override
                public void visitVarInsn(int opcode, int var) {
                    super.visitVarInsn(opcode, var);
                    seen = 0;
                }
            };
        });
    }
}
