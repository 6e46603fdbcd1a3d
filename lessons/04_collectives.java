///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 04: collective communication, where every rank of a communicator takes part at once.
// 第 04 课，原文没有对应章节（“mpi4py实现并行计算”只用到 bcast）：Bcast、Scatter/Gather、Reduce/Allreduce，以及用 v 变体处理不均匀划分。
// Article section: none; the article's sweep uses one collective (bcast) and gets the uneven split
// wrong. This lesson computes pi and a sum with a known answer using the main collectives, and
// splits uneven work correctly with their "v" variants.
//
// Run it:   jbang lessons/04_collectives.java               5 ranks (1,000,003 intervals do not divide by 5)
//           jbang lessons/04_collectives.java -np 7 -dev niodev
//
// Pi is the integral of 4 / (1 + x^2) from 0 to 1; the midpoint rule over N intervals estimates it.
// One method per step, each printing its result on rank 0, in this order:
//   1. broadcast         Bcast: rank 0 chooses N, every rank gets it
//   2. scatterAndGather  Scatter one value to each rank, Gather one back from each
//   3. scatterv          Scatterv: unequal shares of the N midpoints
//   4. reduce            Reduce: the ranks' parts of the integral, added up on rank 0
//   5. allreduce         Allreduce: the same sum, on every rank
//   6. gatherv           Gatherv: unequal shares back, every height on rank 0
//   7. knownSum          1 + 2 + ... + N by Allreduce, which must be N(N+1)/2
//   8. ownOperation      a reduction with an Op of our own, which must agree with MPI.MAX
//   9. barrier           Barrier: nobody passes until everyone has arrived
//SOURCES ../library/launcher/*.java

import java.util.Arrays;
import java.util.Locale;
import launcher.Mpiexec;
import mpi.Datatype;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Op;
import mpi.User_function;

class Collectives {

    /**
     * How N items split over the ranks: rank r gets counts[r] of them, starting at displs[r]. When
     * N does not divide by the rank count, the first N % size ranks get one more. (The article's
     * int(numjobs/size) would drop the rest.)
     */
    record Shares(int[] counts, int[] displs) {
        static Shares of(int n, int size) {
            int[] counts = new int[size];
            int[] displs = new int[size];
            for (int r = 0; r < size; r++) {
                counts[r] = n / size + (r < n % size ? 1 : 0);
                displs[r] = r == 0 ? 0 : displs[r - 1] + counts[r - 1];
            }
            return new Shares(counts, displs);
        }
    }

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(5).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();

        int n = broadcast(world, rank);
        scatterAndGather(world, rank, size);
        Shares shares = Shares.of(n, size);
        double[] mine = scatterv(world, rank, n, shares);

        // Each rank's part of the integral, on its own share only.
        double h = 1.0 / n;
        double[] heights = new double[mine.length];
        double part = 0;
        for (int i = 0; i < mine.length; i++) {
            heights[i] = 4 / (1 + mine[i] * mine[i]);
            part += heights[i] * h;
        }

        reduce(world, rank, part);
        allreduce(world, rank, part);
        gatherv(world, rank, heights, shares, h);
        knownSum(world, rank, n, shares);
        ownOperation(world, rank, part);
        barrier(world, rank, size);
        MPI.Finalize();
    }

    /** 1. Bcast: rank 0 decides how many intervals; afterwards every rank knows. */
    static int broadcast(Intracomm world, int rank) throws Exception {
        int[] n = new int[1];
        if (rank == 0) {
            n[0] = 1_000_003;
        }
        world.Bcast(n, 0, 1, MPI.INT, 0);
        if (rank == 0) {
            System.out.println("1. Bcast: every rank knows N = " + n[0]);
        }
        return n[0];
    }

    /** 2. Scatter: one value to each rank, in rank order. Gather: one from each, back in rank order. */
    static void scatterAndGather(Intracomm world, int rank, int size) throws Exception {
        int[] labels = new int[size];
        if (rank == 0) {
            for (int r = 0; r < size; r++) {
                labels[r] = 100 + r;
            }
        }
        int[] myLabel = new int[1];
        world.Scatter(labels, 0, 1, MPI.INT, myLabel, 0, 1, MPI.INT, 0);
        int[] back = new int[size];
        world.Gather(myLabel, 0, 1, MPI.INT, back, 0, 1, MPI.INT, 0);
        if (rank == 0) {
            System.out.println("2. Scatter and Gather: labels " + Arrays.toString(back) + " went out and came back");
        }
    }

    /**
     * 3. Scatterv: unequal shares. counts says how many midpoints go to each rank, displs where
     * they start in rank 0's array. Gather (step 2) then asks each rank how many it got.
     */
    static double[] scatterv(Intracomm world, int rank, int n, Shares shares) throws Exception {
        double[] midpoints = null;
        if (rank == 0) {
            midpoints = new double[n];
            for (int i = 0; i < n; i++) {
                midpoints[i] = (i + 0.5) / n;
            }
        }
        double[] mine = new double[shares.counts()[rank]];
        world.Scatterv(midpoints, 0, shares.counts(), shares.displs(), MPI.DOUBLE, mine, 0, mine.length, MPI.DOUBLE, 0);
        int[] got = new int[world.Size()];
        world.Gather(new int[] {mine.length}, 0, 1, MPI.INT, got, 0, 1, MPI.INT, 0);
        if (rank == 0) {
            System.out.println("3. Scatterv: intervals per rank " + Arrays.toString(got) + ", "
                    + Arrays.stream(got).sum() + " in all");
        }
        return mine;
    }

    /** 4. Reduce: every rank's part, combined by MPI.SUM, arrives on rank 0 only. */
    static void reduce(Intracomm world, int rank, double part) throws Exception {
        double[] pi = new double[1];
        world.Reduce(new double[] {part}, 0, pi, 0, 1, MPI.DOUBLE, MPI.SUM, 0);
        if (rank == 0) {
            System.out.printf(Locale.ROOT, "4. Reduce: pi is about %.12f (error %.1e)%n", pi[0], Math.abs(pi[0] - Math.PI));
        }
    }

    /**
     * 5. Allreduce: the same sum, and every rank gets it. Did they all get the same? The largest
     * and the smallest of their answers (Reduce with MPI.MAX and MPI.MIN) tell.
     */
    static void allreduce(Intracomm world, int rank, double part) throws Exception {
        double[] pi = new double[1];
        world.Allreduce(new double[] {part}, 0, pi, 0, 1, MPI.DOUBLE, MPI.SUM);
        double[] highest = new double[1];
        double[] lowest = new double[1];
        world.Reduce(pi, 0, highest, 0, 1, MPI.DOUBLE, MPI.MAX, 0);
        world.Reduce(pi, 0, lowest, 0, 1, MPI.DOUBLE, MPI.MIN, 0);
        if (rank == 0) {
            System.out.println("5. Allreduce: every rank got the same pi to 12 digits: "
                    + (highest[0] - lowest[0] < 1e-12 ? "yes" : "no"));
        }
    }

    /** 6. Gatherv: each rank's heights, unequal shares, back in order; rank 0 redoes the sum itself. */
    static void gatherv(Intracomm world, int rank, double[] heights, Shares shares, double h) throws Exception {
        int n = Arrays.stream(shares.counts()).sum();
        double[] all = new double[rank == 0 ? n : 0];
        world.Gatherv(heights, 0, heights.length, MPI.DOUBLE, all, 0, shares.counts(), shares.displs(), MPI.DOUBLE, 0);
        if (rank == 0) {
            double pi = 0;
            for (double y : all) {
                pi += y * h;
            }
            System.out.printf(Locale.ROOT, "6. Gatherv: all %d heights back on rank 0, their sum gives %.12f%n", n, pi);
        }
    }

    /** 7. A sum with a known answer: rank r adds displs[r]+1 .. displs[r]+counts[r], Allreduce the rest. */
    static void knownSum(Intracomm world, int rank, int n, Shares shares) throws Exception {
        long[] mine = {0};
        int first = shares.displs()[rank] + 1;
        for (long k = first; k < first + shares.counts()[rank]; k++) {
            mine[0] += k;
        }
        long[] total = new long[1];
        world.Allreduce(mine, 0, total, 0, 1, MPI.LONG, MPI.SUM);
        if (rank == 0) {
            System.out.println("7. the sum 1 + ... + N = " + total[0]
                    + (total[0] == (long) n * (n + 1) / 2 ? ", which is N(N+1)/2" : ", NOT N(N+1)/2"));
        }
    }

    /** 8. A reduction of our own: an Op made from a function that combines two arrays, here keeping the larger. */
    static void ownOperation(Intracomm world, int rank, double part) throws Exception {
        Op largest = new Op(new User_function() {
            @Override
            public void Call(Object in, int inOffset, Object inout, int inoutOffset, int count, Datatype type) {
                double[] a = (double[]) in;
                double[] b = (double[]) inout;
                for (int i = 0; i < count; i++) {
                    b[inoutOffset + i] = Math.max(a[inOffset + i], b[inoutOffset + i]);
                }
            }
        }, true); // true: the order of the operands does not matter
        double[] byOurs = new double[1];
        double[] byMax = new double[1];
        world.Allreduce(new double[] {part}, 0, byOurs, 0, 1, MPI.DOUBLE, largest);
        world.Allreduce(new double[] {part}, 0, byMax, 0, 1, MPI.DOUBLE, MPI.MAX);
        if (rank == 0) {
            System.out.println("8. our own Op found the largest part, " + (byOurs[0] == byMax[0] ? "as MPI.MAX did"
                    : "unlike MPI.MAX"));
        }
    }

    /** 9. Barrier: it returns on a rank only once every rank has called it. */
    static void barrier(Intracomm world, int rank, int size) throws Exception {
        world.Barrier();
        if (rank == 0) {
            System.out.println("9. Barrier: rank 0 got past it, so every rank (" + size + " in all) had reached it");
        }
    }
}
