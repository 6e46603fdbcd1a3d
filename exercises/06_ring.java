///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 06, after lesson 03 (the ring): pass a running sum once around all ranks.
// 练习 06（学完第 03 课的环形传递后）：让累加和沿着所有 rank 传一圈。
//
// Task: every rank has a number. Rank 0 sends its number to rank 1 and waits for the total to
//       come back from the last rank. Write the other ranks' part: receive the running sum from
//       the left neighbour, print it (the line is there), add your own number, send the sum on to
//       the right neighbour.
// 任务：每个 rank 有一个数。rank 0 把自己的数发给 rank 1，然后等总和从最后一个 rank 传回来。
//       补上其他 rank 的部分：从左边的邻居接收累加和，打印出来（打印语句已经写好），加上自己的数，
//       再发给右边的邻居。
//
// The numbers: the checker gives every rank its own (Given.number), which only that rank can read,
// and only once; the others can learn it only from a message. Run by yourself, with no
// arguments, each rank draws its own.
// 每个 rank 的数由检查程序单独交给它（Given.number）：只有该 rank 能读，而且只能读一次，别的 rank
// 只能通过消息得知。不带参数自己运行时，各 rank 自己随机生成。
//
// Check it:  just exercise 6      (without just: scripts/exercise 6)
//            runs at 2 and 4 ranks on multicore and 3 on niodev; each rank must print the sum of
//            the numbers of the ranks before it, and rank 0 the total
//SOURCES ../library/launcher/*.java
//SOURCES ../library/exercise/Given.java

import exercise.Given;
import launcher.Mpiexec;
import mpi.MPI;

class Ring {

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(4).atLeast(2).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int left = (rank - 1 + size) % size;
        int right = (rank + 1) % size;

        long mine = Given.number(args, rank);
        System.out.println("rank " + rank + " adds " + mine);
        long[] sum = new long[1];

        if (rank == 0) {
            sum[0] = mine;
            MPI.COMM_WORLD.Send(sum, 0, 1, MPI.LONG, right, 0);
            MPI.COMM_WORLD.Recv(sum, 0, 1, MPI.LONG, left, 0);
            System.out.println("total " + sum[0]);
        } else {
            // TODO: receive the running sum from the left neighbour into sum (tag 0).
            System.out.println("rank " + rank + " got " + sum[0] + " from rank " + left);
            // TODO: add mine to it and send it on to the right neighbour (tag 0).
        }

        MPI.Finalize();
    }
}
