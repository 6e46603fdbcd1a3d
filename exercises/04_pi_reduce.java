///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 04, after lesson 04 (collectives): combine the ranks' parts of pi with Reduce.
// 练习 04（对应第 04 课集合通信）：用 Reduce 把各 rank 算出的部分合成 π。
//
// Task: every rank adds up its share of the midpoint rule for pi (every size-th interval), but
//       rank 0 prints only its own part, so the value is wrong on more than one rank. Add the
//       parts up on rank 0 with MPI.COMM_WORLD.Reduce and MPI.SUM before it prints.
// 任务：每个 rank 用中点法算出 π 的一部分（每隔 size 个区间取一个），可 rank 0 只打印了自己那
//       一部分，多于一个 rank 时结果就错了。在打印之前，用 MPI.COMM_WORLD.Reduce 和 MPI.SUM
//       把各部分加到 rank 0 上。
//
// Check it:  just exercise 4      (without just: scripts/exercise 4)
//SOURCES ../library/launcher/*.java

import launcher.Mpiexec;
import mpi.MPI;

class PiReduce {

    public static void main(String[] args) throws Exception {
        Mpiexec.start(args, 4, 1);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int intervals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;

        // This rank's share: intervals rank, rank + size, rank + 2*size, ...
        double h = 1.0 / intervals;
        double part = 0;
        for (int i = rank; i < intervals; i += size) {
            double x = h * (i + 0.5);
            part += 4 / (1 + x * x);
        }
        part *= h;
        System.out.println("rank " + rank + " part " + part);

        // TODO: add every rank's part up on rank 0 (Reduce with MPI.SUM), and print that.
        double pi = part;
        if (rank == 0) {
            System.out.printf("pi = %.12f%n", pi);
        }

        MPI.Finalize();
    }
}
