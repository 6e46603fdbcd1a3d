///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 04, after lesson 04 (collectives): add the ranks' counts up on rank 0 with Reduce.
// 练习 04（学完第 04 课集合通信后）：用 Reduce 把各 rank 的计数归约（求和）到 rank 0。
//
// Task: every rank throws DARTS random darts at the unit square and counts the hits, those inside
//       the quarter circle x*x + y*y <= 1; four times the share of hits estimates pi. But rank 0
//       prints only its own hits as the total, so the total and pi are wrong on more than one
//       rank. Add every rank's hits up on rank 0 with MPI.COMM_WORLD.Reduce and MPI.SUM, then
//       print that total and pi. Use Reduce: that is what this exercise is for. (The checker reads
//       the total on rank 0; it cannot tell which MPI call brought the counts there.)
// 任务：每个 rank 向单位正方形随机投 DARTS 支飞镖，数一数落在四分之一圆 x*x + y*y <= 1 里的
//       命中数；命中比例乘以 4 就是 π 的估计值。可 rank 0 只把自己的命中数当成总数打印，多于一个
//       rank 时总数和 π 都不对。用 MPI.COMM_WORLD.Reduce 和 MPI.SUM 把各 rank 的命中数归约（求和）
//       到 rank 0，再打印总数和 π。请用 Reduce，这正是本练习要练的。（检查程序只看 rank 0 上的
//       总数，分辨不出计数是哪个 MPI 调用送过去的。）
//
// The darts: each rank draws them from a seed the checker gives it (Given.number), which only that
// rank can read, and only once, so no rank can count another's hits. Run by yourself, with no
// arguments, each rank draws its own seed.
// 飞镖：每个 rank 用检查程序给它的种子（Given.number）生成随机数，这个种子只有该 rank 能读，而且
// 只能读一次，所以谁也算不出别的 rank 的命中数。不带参数自己运行时，各 rank 自己随机生成种子。
//
// Check it:  just exercise 4      (without just: scripts/exercise 4)
//            runs at 1 and 4 ranks on multicore and 3 on niodev; every rank's hits must be the
//            count its seed gives, printed by that rank; the total and pi by rank 0
//SOURCES ../library/launcher/*.java
//SOURCES ../library/exercise/Given.java

import exercise.Given;
import java.util.Locale;
import java.util.Random;
import launcher.Mpiexec;
import mpi.MPI;

class PiReduce {

    static final int DARTS = 100_000; // per rank

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(4).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();

        Random random = new Random(Given.number(args, rank));
        long hits = 0;
        for (int i = 0; i < DARTS; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1) {
                hits++;
            }
        }
        System.out.println("rank " + rank + " hits " + hits);

        // TODO: add every rank's hits up on rank 0 (Reduce with MPI.SUM), and print that total.
        long total = hits;
        if (rank == 0) {
            System.out.println("total " + total);
            System.out.printf(Locale.ROOT, "pi = %.6f%n", 4.0 * total / ((long) DARTS * size));
        }

        MPI.Finalize();
    }
}
