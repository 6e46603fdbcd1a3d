package mpjfix;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * <b>What MPJ does wrong.</b> Debian builds MPJ Express for Java 11, so javac compiles its string
 * concatenations to {@code invokedynamic}, whose first use in a JVM sets up method handles for
 * each kind of concatenation: milliseconds of processor time each, before the JIT compiler has seen
 * any of it. {@code NIODevice.init} concatenates debug messages that no level check guards
 * ({@code logger.debug("Connecting to :ServerName " + serverName + ...)}), so every niodev rank
 * pays this on its way through {@code MPI.Init}.
 *
 * <p><b>How it shows.</b> A profile of 64 niodev ranks starting on two cores: about 8% of all
 * their processor time goes to that set-up inside {@code NIODevice.init}, and start-up is bound
 * by processor time there.
 *
 * <p><b>Why the fix is right.</b> Each such call site becomes a call to a static method added to
 * the class, with the same arguments, that appends the same pieces to a {@code StringBuilder}, as
 * javac itself compiles concatenation with {@code -XDstringConcat=inline} (and did before Java 9):
 * the recipe's literal text and constants in order, each argument as {@code String.valueOf} would
 * give it. Nothing but the way the string is built changes.
 */
public final class ConcatFix extends Fix {

    private static final String FACTORY = "java/lang/invoke/StringConcatFactory";

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String className() {
        return "xdev.niodev.NIODevice";
    }

    /**
     * Replaces every {@code makeConcatWithConstants} call site of the class with a call to a static
     * method of its own, and adds those methods. A class without such sites (MPJ Express's own
     * release, built for Java 6) stays as it was, and counts as changed all the same.
     */
    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return new ClassVisitor(Opcodes.ASM9, next) {
            private String owner;
            private final List<Site> sites = new ArrayList<>();

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String method, String desc, Handle bsm, Object... args) {
                        if (bsm.getOwner().equals(FACTORY) && bsm.getName().equals("makeConcatWithConstants")
                                && args.length >= 1 && args[0] instanceof String recipe) {
                            Site site = new Site("mpjfix$concat$" + sites.size(), desc, recipe,
                                    List.of(args).subList(1, args.length));
                            sites.add(site);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, site.method, desc, false);
                        } else {
                            super.visitInvokeDynamicInsn(method, desc, bsm, args);
                        }
                    }
                };
            }

            @Override
            public void visitEnd() {
                for (Site site : sites) {
                    site.write(super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                            site.method, site.descriptor, null, null));
                }
                changes.changed();
                super.visitEnd();
            }
        };
    }

    /** One call site: the method that takes its place, its arguments' types, its recipe and constants. */
    private record Site(String method, String descriptor, String recipe, List<Object> constants) {

        /** new StringBuilder().append(piece)...toString(), the pieces in the recipe's order. */
        void write(MethodVisitor mv) {
            mv.visitCode();
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
            Type[] args = Type.getArgumentTypes(descriptor);
            int arg = 0;
            int slot = 0;
            int constant = 0;
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < recipe.length(); i++) {
                char c = recipe.charAt(i);
                if (c != '\u0001' && c != '\u0002') {
                    text.append(c);
                    continue;
                }
                appendText(mv, text);
                if (c == '\u0001') {
                    Type t = args[arg++];
                    mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
                    slot += t.getSize();
                    append(mv, t);
                } else {
                    Object value = constants.get(constant++);
                    mv.visitLdcInsn(value);
                    append(mv, constantType(value));
                }
            }
            appendText(mv, text);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString",
                    "()Ljava/lang/String;", false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        /** What ldc of a bootstrap constant leaves on the stack: a primitive for a number, else the object. */
        private static Type constantType(Object value) {
            if (value instanceof Integer) {
                return Type.INT_TYPE;
            } else if (value instanceof Long) {
                return Type.LONG_TYPE;
            } else if (value instanceof Float) {
                return Type.FLOAT_TYPE;
            } else if (value instanceof Double) {
                return Type.DOUBLE_TYPE;
            }
            return Type.getType(value.getClass());
        }

        private static void appendText(MethodVisitor mv, StringBuilder text) {
            if (text.length() > 0) {
                mv.visitLdcInsn(text.toString());
                append(mv, Type.getType(String.class));
                text.setLength(0);
            }
        }

        /** StringBuilder.append for a value of type {@code t} on the stack (above the builder). */
        private static void append(MethodVisitor mv, Type t) {
            String param = switch (t.getSort()) {
                case Type.BOOLEAN -> "Z";
                case Type.CHAR -> "C";
                case Type.BYTE, Type.SHORT, Type.INT -> "I";
                case Type.LONG -> "J";
                case Type.FLOAT -> "F";
                case Type.DOUBLE -> "D";
                default -> t.getDescriptor().equals("Ljava/lang/String;") ? "Ljava/lang/String;" : "Ljava/lang/Object;";
            };
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(" + param + ")Ljava/lang/StringBuilder;", false);
        }
    }
}
