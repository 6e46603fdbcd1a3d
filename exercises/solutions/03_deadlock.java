///usr/bin/env jbang "$0" "$@" ; exit $?
// Solution of exercise 03, after lesson 03 (point-to-point): end the deadlock.
// 练习 03 的参考答案（对应第 03 课点对点通信）：解开死锁。
//
// Task: ranks pair up (0 with 1, 2 with 3, ...) and swap a large array. Each sends first and
//       receives second; a send this large waits until its receive is posted, so both wait
//       forever. Make every pair swap its arrays, without changing what is printed.
// 任务：rank 两两配对（0 和 1、2 和 3……）交换一个大数组。双方都先发后收；这么大的消息要等
//       对方开始接收才发得出去，于是双方永远互相等待。让每一对都能完成交换，打印的内容不变。
//
// Check it:  just exercise 3 exercises/solutions/03_deadlock.java
//SOURCES ../../library/launcher/*.java

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import launcher.Mpiexec;
import mpi.MPI;

class Deadlock {

    static final int COUNT = 1 << 20; // 4 MiB of ints

    public static void main(String[] args) throws Exception {
        Mpiexec.start(args, 2, 2);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int partner = rank ^ 1;
        if (partner >= size) {
            System.out.println("rank " + rank + " has no partner");
            MPI.Finalize();
            return;
        }

        int[] mine = new int[COUNT];
        Arrays.fill(mine, ThreadLocalRandom.current().nextInt(1_000_000));
        int[] theirs = new int[COUNT];
        System.out.println("rank " + rank + " sends " + mine[0]);

        // Sendrecv sends and receives at once, so neither side waits for the other to start.
        MPI.COMM_WORLD.Sendrecv(mine, 0, COUNT, MPI.INT, partner, 0, theirs, 0, COUNT, MPI.INT, partner, 0);

        System.out.println("rank " + rank + " got " + theirs[0] + " from rank " + partner);
        MPI.Finalize();
    }
}
