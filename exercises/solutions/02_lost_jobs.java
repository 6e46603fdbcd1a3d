///usr/bin/env jbang "$0" "$@" ; exit $?
// Solution of exercise 02, after lesson 02 (the parameter sweep): no job may be lost.
// 练习 02 的参考答案（学完第 02 课参数扫描后）：一个任务都不能丢。
//
// Task: this is the article's split, k = numjobs / size, and each rank runs jobs
//       [rank*k, (rank+1)*k). At 3 or 7 ranks some jobs never run. Change the split so that every
//       job runs exactly once at any number of ranks, and the ranks' shares differ by one at most.
// 任务：这是原文的划分方式 k = numjobs / size，每个 rank 运行编号在 [rank*k, (rank+1)*k) 区间内的
//       任务。用 3 个或 7 个 rank 时，有的任务根本没有执行。改写划分，让任何 rank 数下每个任务都
//       恰好执行一次，并且各 rank 分到的任务数最多相差一个。
//
// Check it:  just exercise 2 exercises/solutions/02_lost_jobs.java
//            runs at 1, 4 and 7 ranks on multicore and 3 on niodev, with job counts (the first
//            argument) chosen so that no wrong split gets through; each "job J on rank R" line must
//            come from rank R
//SOURCES ../../library/launcher/*.java

import launcher.Mpiexec;
import mpi.MPI;

class LostJobs {

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(7).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int numjobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;

        // The first numjobs % size ranks take one job more than the others.
        int k = numjobs / size;
        int extra = numjobs % size;
        int first = rank * k + Math.min(rank, extra);
        int last = first + k + (rank < extra ? 1 : 0); // one past this rank's last job
        for (int job = first; job < last; job++) {
            System.out.println("job " + job + " on rank " + rank);
        }

        MPI.Finalize();
    }
}
