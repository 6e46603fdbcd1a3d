//DEPS org.ow2.asm:asm-tree:9.8
package mpjfix;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * <b>What MPJ does wrong.</b> A message between thread ranks is copied three times: the sending
 * rank's MPI layer ({@code mpi.Comm}) packs the user's array into a buffer it makes for this one
 * message, the multicore device ({@code xdev.smpdev.SMPDeviceImpl}) copies that buffer into the one
 * the receiving rank's MPI layer made, and that layer unpacks it into the user's array. The middle
 * copy is not needed: both buffers are the MPI layers' own, they come from the one buffer pool
 * all thread ranks share ({@code mpjbuf.BufferFactory}), and each goes back to it as soon as its
 * message is through. The device copies while it holds the lock every rank's sends and receives
 * take, too.
 *
 * <p><b>How it shows.</b> In lesson 03's ping-pong at 16 MiB, copying is nearly all the time, a
 * third of it each for packing, the device's copy and unpacking; without the middle copy large
 * messages go much faster (figures: docs/mending-mpj.md, the handoff row).
 *
 * <p><b>Why the fix is right.</b> Where the device copies (isend finding a posted receive, irecv
 * and iprobeAndFetch finding a queued send), it calls {@code handOver(to, from)} instead: if both
 * buffers are marked as the MPI layer's own for one message, and the message starts at the same
 * place in both, fits in the receiver's and is not short ({@link #SHORTEST}), the two
 * {@code mpjbuf.Buffer}s exchange what they hold ({@code setStaticBuffer}), so the receiver reads
 * the sender's bytes at the places the copy would have put them; otherwise it copies as before,
 * and a message that does not fit fails as before.
 * The mark is a field this fix adds to {@code mpjbuf.Buffer}, set by {@code mpi.Comm} on the
 * buffers it makes with {@code createWriteBuffer(count)} and {@code createReadBuffer(count)}, the
 * eight places it makes a buffer for one message; never on a user's {@code MPI.PACKED} buffer, a
 * Bsend's slice of the attached buffer, or the device layer's own buffers, which are copied as
 * before. Nothing is given back twice or lost: the MPI layer gives back whatever its Buffer holds
 * when the message is through ({@code BufferFactory.destroy(buffer.getStaticBuffer())}), so of the
 * two exchanged, the receiver gives back the sender's and the sender the receiver's. The three
 * parts of the fix (the field, the marks, the hand-over) share one name, so they are on or off
 * together.
 */
public final class HandOffFix extends Fix {

    /** The field added to mpjbuf.Buffer: true on a buffer the MPI layer made for one message. */
    static final String MARK = "handOff";
    /**
     * Messages shorter than this as packed (the data and an 8-byte header) are copied: a copy of a
     * few hundred bytes costs less than the buffers' memory moving between the two ranks' cores
     * (measured: 8 bytes handed over were slower, 1 KiB faster; docs/mending-mpj.md).
     */
    static final int SHORTEST = 512;

    private static final String BUFFER = "mpjbuf/Buffer";
    private static final String DEVICE = "xdev/smpdev/SMPDeviceImpl";
    private static final String HAND_OVER = "handOver";
    private static final String HAND_OVER_DESC = "(Lmpjbuf/Buffer;Lmpjbuf/Buffer;)Ljava/nio/ByteBuffer;";
    private static final String BYTES = "java/nio/ByteBuffer";
    private static final String PUT_DESC = "(Ljava/nio/ByteBuffer;)Ljava/nio/ByteBuffer;";

    @Override
    public String name() {
        return "handoff";
    }

    @Override
    public String className() {
        return "xdev.smpdev.SMPDeviceImpl";
    }

    /** The device: its three copies become calls of handOver, which it gets as a new static method. */
    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return new ClassVisitor(Opcodes.ASM9, next) {
            private int copies;

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor out = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
                    @Override
                    public void visitEnd() {
                        copies += handOverInstead(this);
                        accept(out);
                    }
                };
            }

            @Override
            public void visitEnd() {
                if (copies == 3) {
                    changes.changed();
                }
                handOver(super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                        HAND_OVER, HAND_OVER_DESC, null, null));
                super.visitEnd();
            }
        };
    }

    /**
     * In {@code method}, each {@code ((NIOBuffer) to.getStaticBuffer()).getBuffer().put(((NIOBuffer)
     * from.getStaticBuffer()).getBuffer())} becomes {@code handOver(to, from)}: the two unwrappings
     * go, the put becomes the call. Returns how many it changed (0 if it finds the put without the
     * unwrappings around it, which Fix.apply reports as a class it was not written for).
     */
    private static int handOverInstead(MethodNode method) {
        int changed = 0;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (!(insn instanceof MethodInsnNode put && put.owner.equals(BYTES) && put.name.equals("put")
                    && put.desc.equals(PUT_DESC))) {
                continue;
            }
            List<AbstractInsnNode> from = unwrapping(previous(put));
            if (from == null) {
                return 0;
            }
            // Between the two unwrappings, the load of `from` (a local, or a request's buffer field).
            AbstractInsnNode load = previous(from.get(0));
            AbstractInsnNode beforeLoad = load == null ? null : previous(load);
            if (load == null || beforeLoad == null || load.getOpcode() != Opcodes.ALOAD
                    && !(load.getOpcode() == Opcodes.GETFIELD && beforeLoad.getOpcode() == Opcodes.ALOAD)) {
                return 0;
            }
            List<AbstractInsnNode> to = unwrapping(load.getOpcode() == Opcodes.ALOAD ? beforeLoad : previous(beforeLoad));
            if (to == null) {
                return 0;
            }
            for (AbstractInsnNode gone : from) {
                method.instructions.remove(gone);
            }
            for (AbstractInsnNode gone : to) {
                method.instructions.remove(gone);
            }
            method.instructions.set(put, new MethodInsnNode(Opcodes.INVOKESTATIC, DEVICE, HAND_OVER, HAND_OVER_DESC,
                    false));
            changed++;
        }
        return changed;
    }

    /** The three instructions of {@code ((NIOBuffer) b.getStaticBuffer()).getBuffer()} ending at {@code last}, or null. */
    private static List<AbstractInsnNode> unwrapping(AbstractInsnNode last) {
        AbstractInsnNode cast = last == null ? null : previous(last);
        AbstractInsnNode get = cast == null ? null : previous(cast);
        boolean matches = last instanceof MethodInsnNode unwrap && unwrap.name.equals("getBuffer")
                && unwrap.owner.equals("mpjbuf/NIOBuffer")
                && cast instanceof TypeInsnNode c && c.getOpcode() == Opcodes.CHECKCAST && c.desc.equals("mpjbuf/NIOBuffer")
                && get instanceof MethodInsnNode g && g.owner.equals(BUFFER) && g.name.equals("getStaticBuffer");
        return matches ? new ArrayList<>(List.of(get, cast, last)) : null;
    }

    /** The instruction before {@code insn}, passing over labels, line numbers and frames. */
    private static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }

    /**
     * <pre>
     * static ByteBuffer handOver(Buffer to, Buffer from) {
     *     ByteBuffer dst = ((NIOBuffer) to.getStaticBuffer()).getBuffer();
     *     ByteBuffer src = ((NIOBuffer) from.getStaticBuffer()).getBuffer();
     *     if (to.handOff &amp;&amp; from.handOff &amp;&amp; dst.position() == src.position() &amp;&amp; dst.remaining() &gt;= src.remaining()
     *             &amp;&amp; src.remaining() &gt;= SHORTEST) {
     *         RawBuffer mine = to.getStaticBuffer();
     *         to.setStaticBuffer(from.getStaticBuffer());
     *         from.setStaticBuffer(mine);
     *         src.position(src.limit());   // where the copy would have left dst: the device flips it next
     *         return src;
     *     }
     *     return dst.put(src);
     * }
     * </pre>
     */
    private static void handOver(MethodVisitor mv) {
        Label copy = new Label();
        mv.visitCode();
        unwrap(mv, 0);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        unwrap(mv, 1);
        mv.visitVarInsn(Opcodes.ASTORE, 3);
        for (int b = 0; b < 2; b++) {
            mv.visitVarInsn(Opcodes.ALOAD, b);
            mv.visitFieldInsn(Opcodes.GETFIELD, BUFFER, MARK, "Z");
            mv.visitJumpInsn(Opcodes.IFEQ, copy);
        }
        bufferInt(mv, 2, "position");
        bufferInt(mv, 3, "position");
        mv.visitJumpInsn(Opcodes.IF_ICMPNE, copy);
        bufferInt(mv, 2, "remaining");
        bufferInt(mv, 3, "remaining");
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, copy);
        bufferInt(mv, 3, "remaining");
        mv.visitLdcInsn(SHORTEST);
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, copy);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUFFER, "getStaticBuffer", "()Lmpjbuf/RawBuffer;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 4);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUFFER, "getStaticBuffer", "()Lmpjbuf/RawBuffer;", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUFFER, "setStaticBuffer", "(Lmpjbuf/RawBuffer;)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 4);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUFFER, "setStaticBuffer", "(Lmpjbuf/RawBuffer;)V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        bufferInt(mv, 3, "limit");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/nio/Buffer", "position", "(I)Ljava/nio/Buffer;", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(copy);
        mv.visitFrame(Opcodes.F_FULL, 4, new Object[] {BUFFER, BUFFER, BYTES, BYTES}, 0, new Object[0]);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BYTES, "put", PUT_DESC, false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** ((NIOBuffer) local.getStaticBuffer()).getBuffer() */
    private static void unwrap(MethodVisitor mv, int local) {
        mv.visitVarInsn(Opcodes.ALOAD, local);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUFFER, "getStaticBuffer", "()Lmpjbuf/RawBuffer;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "mpjbuf/NIOBuffer");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "mpjbuf/NIOBuffer", "getBuffer", "()Ljava/nio/ByteBuffer;", false);
    }

    /** local.position(), .remaining() or .limit(), a ByteBuffer's int */
    private static void bufferInt(MethodVisitor mv, int local, String name) {
        mv.visitVarInsn(Opcodes.ALOAD, local);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/nio/Buffer", name, "()I", false);
    }

    /** The mark: {@code public boolean handOff;} added to mpjbuf.Buffer, false until the MPI layer sets it. */
    static final class Mark extends Fix {
        @Override
        public String name() {
            return "handoff";
        }

        @Override
        public String className() {
            return "mpjbuf.Buffer";
        }

        @Override
        protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
            return new ClassVisitor(Opcodes.ASM9, next) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                               Object value) {
                    if (name.equals(MARK)) {
                        changes.changed(); // already there: not the class this fix adds it to
                    }
                    return super.visitField(access, name, descriptor, signature, value);
                }

                @Override
                public void visitEnd() {
                    changes.changed();
                    super.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, MARK, "Z", null, null).visitEnd();
                    super.visitEnd();
                }
            };
        }
    }

    /**
     * The marks: in mpi.Comm, each buffer made by {@code datatype.createWriteBuffer(count)} or
     * {@code createReadBuffer(count)} (six sends and two receives in MPJ 0.44) gets
     * {@code handOff = true} before it is used.
     */
    static final class Lend extends Fix {
        private static final int PLACES = 8;

        @Override
        public String name() {
            return "handoff";
        }

        @Override
        public String className() {
            return "mpi.Comm";
        }

        @Override
        protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
            return new ClassVisitor(Opcodes.ASM9, next) {
                private int places;

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                            exceptions)) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                            if (owner.equals("mpi/Datatype") && desc.equals("(I)Lmpjbuf/Buffer;")
                                    && (method.equals("createWriteBuffer") || method.equals("createReadBuffer"))) {
                                places++;
                                super.visitInsn(Opcodes.DUP);
                                super.visitInsn(Opcodes.ICONST_1);
                                super.visitFieldInsn(Opcodes.PUTFIELD, BUFFER, MARK, "Z");
                            }
                        }
                    };
                }

                @Override
                public void visitEnd() {
                    if (places == PLACES) {
                        changes.changed();
                    }
                    super.visitEnd();
                }
            };
        }
    }
}
