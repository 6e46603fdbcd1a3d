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

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(5).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();
        int size = world.Size();

        // 1. Bcast: rank 0 decides how many intervals; afterwards every rank knows.
        int[] n = new int[1];
        if (rank == 0) {
            n[0] = 1_000_003;
        }
        world.Bcast(n, 0, 1, MPI.INT, 0);

        // 2. Scatter: one value per rank, equal shares. Each rank gets a label from rank 0.
        int[] labels = new int[size];
        if (rank == 0) {
            for (int r = 0; r < size; r++) {
                labels[r] = 100 + r;
            }
        }
        int[] myLabel = new int[1];
        world.Scatter(labels, 0, 1, MPI.INT, myLabel, 0, 1, MPI.INT, 0);

        // 3. Scatterv: unequal shares. N is not a multiple of the rank count, so the first N % size
        //    ranks take one interval more. counts[r] says how many go to rank r, displs[r] where
        //    they start in rank 0's array. (The article's int(numjobs/size) would drop the rest.)
        int[] counts = new int[size];
        int[] displs = new int[size];
        for (int r = 0; r < size; r++) {
            counts[r] = n[0] / size + (r < n[0] % size ? 1 : 0);
            displs[r] = r == 0 ? 0 : displs[r - 1] + counts[r - 1];
        }
        double h = 1.0 / n[0];
        double[] midpoints = null;
        if (rank == 0) {
            midpoints = new double[n[0]];
            for (int i = 0; i < n[0]; i++) {
                midpoints[i] = (i + 0.5) * h;
            }
        }
        double[] mine = new double[counts[rank]];
        world.Scatterv(midpoints, 0, counts, displs, MPI.DOUBLE, mine, 0, mine.length, MPI.DOUBLE, 0);

        // Each rank's part of the integral, on its own share only.
        double[] heights = new double[mine.length];
        double[] part = {0};
        for (int i = 0; i < mine.length; i++) {
            heights[i] = 4 / (1 + mine[i] * mine[i]);
            part[0] += heights[i] * h;
        }

        // 4. Reduce: the parts, added up on rank 0. Allreduce: the same, and every rank gets it.
        double[] pi = new double[1];
        world.Reduce(part, 0, pi, 0, 1, MPI.DOUBLE, MPI.SUM, 0);
        double[] piEverywhere = new double[1];
        world.Allreduce(part, 0, piEverywhere, 0, 1, MPI.DOUBLE, MPI.SUM);
        // Did every rank get the same? The largest and smallest of their answers tell.
        double[] highest = new double[1];
        double[] lowest = new double[1];
        world.Reduce(piEverywhere, 0, highest, 0, 1, MPI.DOUBLE, MPI.MAX, 0);
        world.Reduce(piEverywhere, 0, lowest, 0, 1, MPI.DOUBLE, MPI.MIN, 0);

        // 5. Gather: one value from each rank, in rank order, on rank 0 (here: the labels back, and
        //    how many intervals each rank did). Gatherv: unequal shares back, here every height,
        //    so rank 0 can redo the whole sum itself and compare.
        int[] labelsBack = new int[size];
        world.Gather(myLabel, 0, 1, MPI.INT, labelsBack, 0, 1, MPI.INT, 0);
        int[] shares = new int[size];
        world.Gather(new int[] {mine.length}, 0, 1, MPI.INT, shares, 0, 1, MPI.INT, 0);
        double[] allHeights = rank == 0 ? new double[n[0]] : new double[0];
        world.Gatherv(heights, 0, heights.length, MPI.DOUBLE, allHeights, 0, counts, displs, MPI.DOUBLE, 0);

        // 6. A sum with a known answer: 1 + 2 + ... + N, each rank adding its own share of the
        //    numbers (rank r adds displs[r]+1 .. displs[r]+counts[r]); it must be N(N+1)/2 exactly.
        long[] mySum = {0};
        for (long k = displs[rank] + 1; k <= displs[rank] + counts[rank]; k++) {
            mySum[0] += k;
        }
        long[] total = new long[1];
        world.Allreduce(mySum, 0, total, 0, 1, MPI.LONG, MPI.SUM);

        // 7. A reduction of our own: an Op made from a function that combines two arrays. This one
        //    keeps the larger part, so it must agree with MPI.MAX.
        Op largest = new Op(new User_function() {
            @Override
            public void Call(Object in, int inOffset, Object inout, int inoutOffset, int count, Datatype type) {
                double[] a = (double[]) in;
                double[] b = (double[]) inout;
                for (int i = 0; i < count; i++) {
                    b[inoutOffset + i] = Math.max(a[inOffset + i], b[inoutOffset + i]);
                }
            }
        }, true);
        double[] byOurs = new double[1];
        double[] byMax = new double[1];
        world.Allreduce(part, 0, byOurs, 0, 1, MPI.DOUBLE, largest);
        world.Allreduce(part, 0, byMax, 0, 1, MPI.DOUBLE, MPI.MAX);

        // 8. Barrier: nobody passes until everyone has arrived. Then rank 0 reports.
        world.Barrier();
        if (rank == 0) {
            double again = 0;
            for (double y : allHeights) {
                again += y * h;
            }
            System.out.println("1. Bcast: every rank knows N = " + n[0]);
            System.out.println("2. Scatter and Gather: labels " + Arrays.toString(labelsBack) + " went out and came back");
            System.out.println("3. Scatterv: intervals per rank " + Arrays.toString(shares) + ", " + Arrays.stream(shares).sum()
                    + " in all");
            System.out.printf(Locale.ROOT, "4. Reduce: pi is about %.12f (error %.1e); Allreduce gave every rank the same"
                    + " to 12 digits: %s%n", pi[0], Math.abs(pi[0] - Math.PI), highest[0] - lowest[0] < 1e-12 ? "yes" : "no");
            System.out.printf(Locale.ROOT, "5. Gatherv: all %d heights back on rank 0, their sum gives %.12f%n",
                    allHeights.length, again);
            System.out.println("6. the sum 1 + ... + N = " + total[0] + (total[0] == (long) n[0] * (n[0] + 1) / 2
                    ? ", which is N(N+1)/2" : ", NOT N(N+1)/2"));
            System.out.println("7. our own Op found the largest part, " + (byOurs[0] == byMax[0] ? "as MPI.MAX did"
                    : "unlike MPI.MAX"));
        }
        MPI.Finalize();
    }
}
