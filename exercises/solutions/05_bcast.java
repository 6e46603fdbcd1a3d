///usr/bin/env jbang "$0" "$@" ; exit $?
// Solution of exercise 05, after lessons 02 and 04 (Bcast): every rank must get all of rank 0's parameters.
// 练习 05 的参考答案（学完第 02、04 课的 Bcast 后）：每个 rank 都要拿到 rank 0 的全部参数。
//
// Task: rank 0 has four parameters and broadcasts them, as lesson 02 broadcasts the job order,
//       but the other ranks print only some of them right. Find the mistake in the Bcast call.
// 任务：rank 0 有四个参数，并把它们广播出去（就像第 02 课广播任务顺序那样），可其他 rank 只有
//       一部分参数是对的。找出 Bcast 调用里的错误。
//
// The parameters: the checker gives them to rank 0 alone (Given.numbers), which can read them
// only once; the other ranks can learn them only from a message. Run by yourself, with no
// arguments, rank 0 draws them at random.
// 参数由检查程序只交给 rank 0（Given.numbers），而且只能读一次；其他 rank 只能通过消息得到它们。
// 不带参数自己运行时，由 rank 0 随机生成。
//
// Check it:  just exercise 5 exercises/solutions/05_bcast.java
//            runs at 2 and 4 ranks on multicore and 3 on niodev; every rank's line must come from
//            that rank and hold all four parameters
//SOURCES ../../library/launcher/*.java
//SOURCES ../../library/exercise/Given.java

import exercise.Given;
import launcher.Mpiexec;
import mpi.MPI;

class BcastParams {

    public static void main(String[] args) throws Exception {
        Mpiexec.ranks(4).atLeast(2).start(args);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();

        int[] params = new int[4];
        if (rank == 0) {
            params = Given.numbers(args, 0, 4);
            System.out.println("rank 0 chose " + join(params));
        }

        MPI.COMM_WORLD.Bcast(params, 0, params.length, MPI.INT, 0);

        System.out.println("rank " + rank + " has " + join(params));
        MPI.Finalize();
    }

    static String join(int[] values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : " ").append(v);
        }
        return b.toString();
    }
}
