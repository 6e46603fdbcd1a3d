///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 01, after lesson 01 (hello world): make rank 1 answer rank 0.
// 练习 01（学完第 01 课 hello world 后）：让 rank 1 给 rank 0 回信。
//
// Task: rank 0 sends its number to rank 1, then waits for an answer that never comes, so the run
//       hangs. Make rank 1 send back the number it got plus its own number, with tag 1. Every
//       other rank stays idle.
// 任务：rank 0 把自己的数发给 rank 1，然后等回信，可回信一直不来，程序就卡住了。让 rank 1 把收到
//       的数加上自己的数，用标签 1 发回给 rank 0；其余 rank 保持空闲。
//
// The numbers: the checker gives rank 0 and rank 1 one each (Given.number), which only that rank
// can read, and only once; the other rank can learn it only from a message. Run by yourself, with
// no arguments, each rank draws its own.
// 这两个数由检查程序分别交给 rank 0 和 rank 1（Given.number）：只有该 rank 能读，而且只能读一次，
// 对方只能通过消息得知。不带参数自己运行时，各 rank 自己随机生成。
//
// Check it:  just exercise 1      (without just: scripts/exercise 1)
//            runs at 2 and 4 ranks on multicore and 3 on niodev; every line must come from the rank it names
//SOURCES ../library/launcher/*.java
//SOURCES ../library/exercise/Given.java

import exercise.Given;
import launcher.Mpiexec;
import mpi.MPI;

class HelloReply {

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(4).atLeast(2).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();

        if (rank == 0) {
            long[] number = {Given.number(args, 0)};
            System.out.println("rank 0 sent " + number[0]);
            MPI.COMM_WORLD.Send(number, 0, 1, MPI.LONG, 1, 0);
            long[] answer = new long[1];
            MPI.COMM_WORLD.Recv(answer, 0, 1, MPI.LONG, 1, 1);
            System.out.println("rank 0 got " + answer[0] + " back");
        } else if (rank == 1) {
            long mine = Given.number(args, 1);
            long[] number = new long[1];
            MPI.COMM_WORLD.Recv(number, 0, 1, MPI.LONG, 0, 0);
            System.out.println("rank 1 got " + number[0]);
            // TODO: send number[0] + mine back to rank 0, with tag 1.
        } else {
            System.out.println("rank " + rank + ": idle");
        }

        MPI.Finalize();
    }
}
