package mpjfix;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> While a niodev rank is in {@code MPI.Init}, its two listening
 * sockets take any connection: {@code NIODevice.doAccept} counts whatever connects as a peer and
 * its selector thread reads what arrives as niodev messages, whose {@code MPI.OBJECT} payloads are
 * Java-deserialized on receipt. Nothing tells a peer of the run from any other process.
 *
 * <p><b>How it shows.</b> On a shared machine or cluster, another user's process that connects to
 * a rank's port during start-up is taken for a peer: it can make the rank deserialize an object of
 * its choosing (a well-known way to run code as someone else), or simply wreck the run.
 *
 * <p><b>Why the fix is right.</b> Every connection into a run now opens with a proof of the run's
 * secret ({@link RunSecret}), which the launcher hands to its ranks in their environment: the
 * rank that connects sends it right after connecting ({@code SocketChannel.connect} in
 * {@code init} becomes {@link RunSecret#connect}; its connection to the launcher's rendezvous is
 * followed by {@link RunSecret#proveRendezvous}), and the rank that accepts reads and checks it
 * before MPJ sees the connection ({@code doAccept}'s {@code isOpen()} becomes
 * {@link RunSecret#admit}, which accepts and checks, and its {@code accept()} becomes
 * {@link RunSecret#admitted}, which hands over what was let in). A refused connection makes
 * doAccept return as it does for a closed channel: MPJ never reads a byte of it. Peers prove
 * themselves before they send anything else, so nobody waits on anybody for it. Without a secret
 * in its environment a rank fails in MPI.Init with a message saying so.
 */
public final class RunSecretFix extends Fix {

    /** Where the fix changes init and doAccept: five places in all. */
    private static final int PLACES = 5;

    @Override
    public String name() {
        return "secret";
    }

    @Override
    public String className() {
        return "xdev.niodev.NIODevice";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        int[] found = new int[1];
        String helper = RunSecret.class.getName().replace('.', '/');
        return new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean init = name.equals("init") && descriptor.equals("([Ljava/lang/String;)[Lxdev/ProcessID;");
                boolean accept = name.equals("doAccept");
                if (!init && !accept) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (init && opcode == Opcodes.INVOKESPECIAL && owner.equals("java/net/Socket")
                                && method.equals("<init>") && desc.equals("(Ljava/lang/String;I)V")) {
                            found[0]++;
                            // stack: ..., socket -> ..., socket (the proof sent on it)
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                            super.visitInsn(Opcodes.DUP);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, helper, "proveRendezvous",
                                    "(Ljava/net/Socket;)V", false);
                            return;
                        }
                        if (init && opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/nio/channels/SocketChannel")
                                && method.equals("connect")) {
                            found[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, helper, "connect",
                                    "(Ljava/nio/channels/SocketChannel;Ljava/net/SocketAddress;)Z", false);
                            return;
                        }
                        if (accept && opcode == Opcodes.INVOKEVIRTUAL
                                && owner.equals("java/nio/channels/SelectableChannel") && method.equals("isOpen")) {
                            found[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, helper, "admit",
                                    "(Ljava/nio/channels/SelectableChannel;)Z", false);
                            return;
                        }
                        if (accept && opcode == Opcodes.INVOKEVIRTUAL
                                && owner.equals("java/nio/channels/ServerSocketChannel") && method.equals("accept")) {
                            found[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, helper, "admitted",
                                    "(Ljava/nio/channels/ServerSocketChannel;)Ljava/nio/channels/SocketChannel;", false);
                            return;
                        }
                        super.visitMethodInsn(opcode, owner, method, desc, itf);
                    }
                };
            }

            @Override
            public void visitEnd() {
                // One change made of five parts: all of them, or the class is not the one expected.
                if (found[0] == PLACES) {
                    changes.changed();
                }
                super.visitEnd();
            }
        };
    }
}
