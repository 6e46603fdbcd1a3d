///usr/bin/env jbang "$0" "$@" ; exit $?
// Solution of exercise 05, after lessons 02 and 04 (Bcast): every rank must get all of rank 0's parameters.
// 练习 05 的参考答案（对应第 02、04 课的 Bcast）：每个 rank 都要拿到 rank 0 的全部参数。
//
// Task: rank 0 draws four parameters and broadcasts them, as lesson 02 broadcasts the job order,
//       but the other ranks print only some of them right. Find the mistake in the Bcast call.
// 任务：rank 0 抽出四个参数并广播出去（就像第 02 课广播任务顺序那样），可其他 rank 只有一部分
//       参数是对的。找出 Bcast 调用里的错误。
//
// Check it:  just exercise 5 exercises/solutions/05_bcast.java
//SOURCES ../../library/launcher/*.java

import java.util.concurrent.ThreadLocalRandom;
import launcher.Mpiexec;
import mpi.MPI;

class BcastParams {

    public static void main(String[] args) throws Exception {
        Mpiexec.start(args, 4, 2);
        args = MPI.Init(args);
        int rank = MPI.COMM_WORLD.Rank();

        int[] params = new int[4];
        if (rank == 0) {
            for (int i = 0; i < params.length; i++) {
                params[i] = ThreadLocalRandom.current().nextInt(1, 1000);
            }
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
