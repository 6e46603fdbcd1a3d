package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> Each niodev rank opens two listening sockets for its peers, in
 * {@code NIODevice.bindPort}, with {@code new InetSocketAddress(port)}: the wildcard address, so
 * the sockets listen on every network interface of the machine.
 *
 * <p><b>How it shows.</b> For the length of a run, anyone who can reach the machine can connect to
 * a learner's ranks, and {@code MPI.OBJECT} deserializes whatever arrives.
 *
 * <p><b>Why the fix is right.</b> The peers connect to the address each rank reported in from
 * (the launcher hands that address round), so listening on that address alone loses nothing.
 * The fix binds to the address in the system property {@code mpj.bind}, which the rank sets
 * before MPJ starts (launcher.RankJvm: the address it reaches the launcher from); without the
 * property, {@code InetAddress.getByName(null)} is the loopback address. A local run therefore
 * listens on 127.0.0.1 only, a SLURM job on the chosen interface only.
 */
public final class LoopbackFix extends Fix {

    /** The system property holding the address to listen on. */
    public static final String PROPERTY = "mpj.bind";

    @Override
    public String name() {
        return "loopback";
    }

    @Override
    public String className() {
        return "xdev.niodev.NIODevice";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return changing(next, (access, name, descriptor) -> name.equals("bindPort"), mv -> {
            return new MethodVisitor(Opcodes.ASM9, mv) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    if (opcode == Opcodes.INVOKESPECIAL && owner.equals("java/net/InetSocketAddress")
                            && method.equals("<init>") && desc.equals("(I)V")) {
                        changes.changed();
                        // stack: ..., address, address, port -> ..., address, address, InetAddress, port
                        super.visitLdcInsn(PROPERTY);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperty",
                                "(Ljava/lang/String;)Ljava/lang/String;", false);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/net/InetAddress", "getByName",
                                "(Ljava/lang/String;)Ljava/net/InetAddress;", false);
                        super.visitInsn(Opcodes.SWAP);
                        super.visitMethodInsn(opcode, owner, method, "(Ljava/net/InetAddress;I)V", false);
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, method, desc, itf);
                }
            };
        });
    }
}
