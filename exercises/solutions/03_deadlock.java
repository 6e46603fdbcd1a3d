///usr/bin/env jbang "$0" "$@" ; exit $?
// Solution of exercise 03, after lesson 03 (point-to-point): end the deadlock.
// 练习 03 的参考答案（学完第 03 课点对点通信后）：解开死锁。
//
// Task: ranks pair up (0 with 1, 2 with 3, ...) and swap a large array. Each sends first and
//       receives second; a send this large waits until its receive is posted, so both wait
//       forever. Make every pair swap its whole arrays, without changing what is printed.
// 任务：rank 两两配对（0 和 1、2 和 3……）交换一个大数组。双方都先发后收；这么大的消息要等对方
//       开始接收才发得出去，于是双方永远互相等待。让每一对都完整地交换数组，打印的内容不变。
//
// The arrays: each rank gets its own from the checker (Given.ints): random ints that only that
// rank can read, and only once, so its partner can have them only in a message. Given.received
// shows the checker every int a rank got; what is printed is a checksum. Keep both Given lines.
// Run by yourself, with no arguments, each rank draws its own array.
// 数组内容：每个 rank 从检查程序那里拿到自己的数组（Given.ints）：一组随机 int，只有该 rank 能读，
// 而且只能读一次，所以搭档只能通过消息拿到它。Given.received 把收到的每个 int 交给检查程序核对；
// 打印的是校验和。两行 Given 都要保留。不带参数自己运行时，各 rank 自己随机生成数组。
//
// Check it:  just exercise 3 exercises/solutions/03_deadlock.java
//            runs at 2 and 4 ranks on multicore and 3 on niodev (rank 2 has no partner there);
//            every line must come from the rank it names
//SOURCES ../../library/launcher/*.java
//SOURCES ../../library/exercise/Given.java

import exercise.Given;
import java.util.Arrays;
import launcher.Mpiexec;
import mpi.MPI;

class Deadlock {

    static final int COUNT = 1 << 20; // 4 MiB of ints

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(2).atLeast(2).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        int partner = rank ^ 1;
        if (partner >= size) {
            System.out.println("rank " + rank + " has no partner");
            MPI.Finalize();
            return;
        }

        int[] mine = Given.ints(args, rank, COUNT);
        int[] theirs = new int[COUNT];
        System.out.println("rank " + rank + " sends " + Arrays.hashCode(mine));

        // Sendrecv sends and receives at once, so neither side waits for the other to start.
        MPI.COMM_WORLD.Sendrecv(mine, 0, COUNT, MPI.INT, partner, 0, theirs, 0, COUNT, MPI.INT, partner, 0);

        Given.received(args, rank, theirs); // the checker compares every int
        System.out.println("rank " + rank + " got " + Arrays.hashCode(theirs) + " from rank " + partner);
        MPI.Finalize();
    }
}
