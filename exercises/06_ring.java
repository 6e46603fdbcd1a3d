///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 06, after lesson 03 (the ring): pass a running sum once around all ranks.
// 练习 06（对应第 03 课的环形传递）：让累加和沿着所有 rank 绕一圈。
//
// Task: every rank draws a number. Rank 0 sends its number to rank 1 and waits for the total to
//       come back from the last rank. Write the other ranks' part: receive the sum from the left
//       neighbour, add your own number, send it on to the right neighbour.
// 任务：每个 rank 抽一个数。rank 0 把自己的数发给 rank 1，然后等总和从最后一个 rank 传回来。
//       补上其他 rank 的部分：从左边的邻居接收累加和，加上自己的数，再发给右边的邻居。
//
// Check it:  just exercise 6      (without just: scripts/exercise 6)
//SOURCES ../library/launcher/*.java

import java.util.concurrent.ThreadLocalRandom;
import launcher.Mpiexec;
import mpi.MPI;

class Ring {

    public static void main(String[] args) throws Exception {
        Mpiexec.start(args, 4, 2);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int left = (rank - 1 + size) % size;
        int right = (rank + 1) % size;

        int mine = ThreadLocalRandom.current().nextInt(1, 100);
        System.out.println("rank " + rank + " adds " + mine);
        int[] sum = new int[1];

        if (rank == 0) {
            sum[0] = mine;
            MPI.COMM_WORLD.Send(sum, 0, 1, MPI.INT, right, 0);
            MPI.COMM_WORLD.Recv(sum, 0, 1, MPI.INT, left, 0);
            System.out.println("total " + sum[0]);
        } else {
            // TODO: receive the sum from the left, add mine, send it to the right.
        }

        MPI.Finalize();
    }
}
