///usr/bin/env jbang "$0" "$@" ; exit $?
// Exercise 01, after lesson 01 (hello world): make rank 1 answer rank 0.
// 练习 01（对应第 01 课 hello world）：让 rank 1 给 rank 0 回信。
//
// Task: rank 0 sends a number it drew to rank 1, then waits for an answer that never comes, so
//       the run hangs. Make rank 1 send back the number plus one, with tag 1. Every other rank
//       stays idle.
// 任务：rank 0 把随机抽到的数发给 rank 1，然后等回信，可回信从来不来，程序就卡住了。
//       让 rank 1 用标签 1 把这个数加一后发回去；其余 rank 保持空闲。
//
// Check it:  just exercise 1      (without just: scripts/exercise 1)
//SOURCES ../library/launcher/*.java

import java.util.concurrent.ThreadLocalRandom;
import launcher.Mpiexec;
import mpi.MPI;

class HelloReply {

    public static void main(String[] args) throws Exception {
        Mpiexec.start(args, 4, 2);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();

        if (rank == 0) {
            long[] number = {ThreadLocalRandom.current().nextLong(1_000_000)};
            System.out.println("rank 0 sent " + number[0]);
            MPI.COMM_WORLD.Send(number, 0, 1, MPI.LONG, 1, 0);
            long[] answer = new long[1];
            MPI.COMM_WORLD.Recv(answer, 0, 1, MPI.LONG, 1, 1);
            System.out.println("rank 0 got " + answer[0] + " back");
        } else if (rank == 1) {
            long[] number = new long[1];
            MPI.COMM_WORLD.Recv(number, 0, 1, MPI.LONG, 0, 0);
            System.out.println("rank 1 got " + number[0]);
            // TODO: send number[0] + 1 back to rank 0, with tag 1.
        } else {
            System.out.println("rank " + rank + ": idle");
        }

        MPI.Finalize();
    }
}
