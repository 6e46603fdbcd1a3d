package mpjfix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * <b>What MPJ does wrong.</b> {@code Cartcomm.Dims_create(nnodes, dims)}, which picks the shape of
 * a Cartesian grid of {@code nnodes} ranks, fills every entry of {@code dims} with integer roots
 * of what is left: it overwrites the entries the caller fixed (a positive entry must stay as it
 * is), and its shapes need not hold {@code nnodes} ranks at all.
 *
 * <p><b>How it shows.</b> {@code (6, {2, 0})} gives {@code {3, 2}}, not {@code {2, 3}}; 7 ranks in
 * two dimensions give {@code {3, 2}} (6 places) and 10 give {@code {3, 3}} (9), so a grid made
 * from them with {@code Create_cart} leaves ranks out or asks for more than there are. MPJ
 * Express's own test {@code topo/dimscreate} fails for the first.
 *
 * <p><b>Why the fix is right.</b> The body becomes {@link Standard#create}, which does what the
 * MPI standard says: positive entries stay; the zero entries get the ranks that are left
 * (nnodes divided by the fixed entries' product), split into factors close to each other as Open
 * MPI splits them (each prime factor, largest first, multiplies the smallest entry so far; not
 * always the closest split: 72 ranks in two dimensions give {12, 6} where MPICH gives {9, 8}), in
 * non-increasing order. Input the standard calls erroneous (nnodes below 1, a
 * negative entry, fixed entries whose product does not divide nnodes or, with no zero entry, is
 * not nnodes) throws MPIException saying so, where MPJ gave a wrong shape.
 */
public final class DimsFix extends Fix {

    @Override
    public String name() {
        return "dims";
    }

    @Override
    public String className() {
        return "mpi.Cartcomm";
    }

    @Override
    protected ClassVisitor visitor(ClassVisitor next, Counter changes) {
        return changing(next, (access, name, descriptor) -> name.equals("Dims_create") && descriptor.equals("(I[I)V")
                && (access & Opcodes.ACC_STATIC) != 0, mv -> {
            changes.changed();
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "mpjfix/DimsFix$Standard", "create", "(I[I)V", false);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return null; // MPJ's body is dropped
        });
    }

    /**
     * The new body, called from MPJ's mpi.Cartcomm: it needs nothing of this project but itself
     * (the rank's class path has it; MPIException is MPJ's own there).
     */
    public static final class Standard {

        private Standard() {
        }

        /** MPI_Dims_create: fills the zero entries of {@code dims} so that all entries multiply to {@code nnodes}. */
        public static void create(int nnodes, int[] dims) {
            if (nnodes < 1) {
                throw new mpi.MPIException("Dims_create: nnodes must be at least 1, not " + nnodes);
            }
            long fixed = 1;
            int free = 0;
            for (int d : dims) {
                if (d < 0) {
                    throw new mpi.MPIException("Dims_create: dims " + Arrays.toString(dims)
                            + " has a negative entry; give 0 for the entries to choose, a size for those to keep");
                }
                if (d == 0) {
                    free++;
                } else {
                    fixed *= d;
                    if (fixed > nnodes) {
                        throw new mpi.MPIException("Dims_create: the fixed entries of " + Arrays.toString(dims)
                                + " multiply to more than " + nnodes);
                    }
                }
            }
            if (nnodes % fixed != 0 || free == 0 && fixed != nnodes) {
                throw new mpi.MPIException("Dims_create: the fixed entries of " + Arrays.toString(dims)
                        + " multiply to " + fixed + ", which " + (free == 0 ? "is not " : "does not divide ") + nnodes);
            }
            int[] chosen = new int[free];
            Arrays.fill(chosen, 1);
            List<Integer> primes = primeFactors((int) (nnodes / fixed));
            for (int i = primes.size() - 1; i >= 0; i--) {
                int smallest = 0;
                for (int j = 1; j < free; j++) {
                    if (chosen[j] < chosen[smallest]) {
                        smallest = j;
                    }
                }
                chosen[smallest] *= primes.get(i);
            }
            Arrays.sort(chosen);
            int next = free - 1; // largest first
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == 0) {
                    dims[i] = chosen[next--];
                }
            }
        }

        /** The prime factors of {@code n}, smallest first, each as often as it divides n. */
        private static List<Integer> primeFactors(int n) {
            List<Integer> factors = new ArrayList<>();
            for (int p = 2; (long) p * p <= n; p++) {
                while (n % p == 0) {
                    factors.add(p);
                    n /= p;
                }
            }
            if (n > 1) {
                factors.add(n);
            }
            return factors;
        }
    }
}
