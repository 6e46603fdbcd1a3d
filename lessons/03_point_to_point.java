///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 03: point-to-point communication, one rank sending to one other.
// 第 03 课，对应原文结尾的“TODO：【mpi4py点对点通讯】”（原文未写）：Send/Recv、标签与 Status、Probe、非阻塞通信、死锁及其避免、环形传递、ping-pong 延迟/带宽测试。
// Article section: "TODO: 点对点通讯", which the article promised and never wrote.
//
// Run it:   jbang lessons/03_point_to_point.java                 the tour, on 4 ranks
//           jbang lessons/03_point_to_point.java -dev niodev     the same between JVMs (see the ping-pong)
//           jbang lessons/03_point_to_point.java --deadlock      the classic deadlock, stopped after 5 s
//
// The tour, one method per step, in this order:
//   1. numbers          Send/Recv of an array of ints
//   2. objects          any serializable object, as MPI.OBJECT
//   3. tags             tags say what a message is; Status says who sent it, with which tag, how much
//   4. probe            a message of unknown size: Probe, then make the array
//   5. nonBlocking      Isend/Irecv return at once; Waitall finishes them
//   6. deadlockAvoided  two ways out of the deadlock (ordering, Sendrecv); deadlock() is the deadlock itself
//   7. ring             a running sum passed once around every rank
//   8. pingPong         latency and bandwidth from 8 bytes to 16 MiB on the device you chose
//SOURCES ../library/launcher/*.java

import java.io.Serializable;
import java.util.Arrays;
import launcher.Mpiexec;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;

class PointToPoint {

    /** A message can be any serializable object when sent as MPI.OBJECT. */
    record Star(String name, double magnitude) implements Serializable {
    }

    public static void main(String[] args) throws Exception {
        boolean deadlock = Arrays.asList(args).contains("--deadlock");
        // The deadlock hangs on purpose: the launcher stops it after 5 s unless -timeout says otherwise.
        Mpiexec.ranks(4).atLeast(2).timeout(deadlock ? 5 : Mpiexec.TIMEOUT_SECONDS).start(args);
        args = MPI.Init(args);
        Intracomm world = MPI.COMM_WORLD;
        int rank = world.Rank();

        if (deadlock) {
            deadlock(world, rank);
        } else {
            numbers(world, rank);
            objects(world, rank);
            tags(world, rank);
            probe(world, rank);
            nonBlocking(world, rank);
            deadlockAvoided(world, rank);
            ring(world, rank, world.Size());
            pingPong(world, rank);
        }
        MPI.Finalize();
    }

    /** 1. Numbers: Send(buffer, offset, count, type, destination, tag); Recv fills a ready array. */
    static void numbers(Intracomm world, int rank) throws Exception {
        if (rank == 0) {
            int[] numbers = {1, 2, 3, 4, 5};
            world.Send(numbers, 0, numbers.length, MPI.INT, 1, 0);
        } else if (rank == 1) {
            int[] numbers = new int[5];
            world.Recv(numbers, 0, 5, MPI.INT, 0, 0);
            System.out.println("1. numbers: rank 1 got " + Arrays.toString(numbers) + " from rank 0");
        }
    }

    /** 2. Objects, as mpi4py's send() pickles them: MPI.OBJECT serializes whatever is in the array. */
    static void objects(Intracomm world, int rank) throws Exception {
        if (rank == 0) {
            Star[] stars = {new Star("Sirius", -1.46), new Star("Vega", 0.03)};
            world.Send(stars, 0, 2, MPI.OBJECT, 1, 0);
        } else if (rank == 1) {
            Star[] stars = new Star[2];
            world.Recv(stars, 0, 2, MPI.OBJECT, 0, 0);
            System.out.println("2. objects: rank 1 got " + stars[0] + " and " + stars[1]);
        }
    }

    /**
     * 3. Tags say what a message is; Status says who sent it, with which tag, and how much.
     * Rank 1 takes two messages in whatever order, from anyone, with any tag.
     */
    static void tags(Intracomm world, int rank) throws Exception {
        final int temperature = 7;
        final int pressure = 9;
        if (rank == 0) {
            world.Send(new double[] {21.5}, 0, 1, MPI.DOUBLE, 1, temperature);
            world.Send(new double[] {1013.2, 1012.8}, 0, 2, MPI.DOUBLE, 1, pressure);
        } else if (rank == 1) {
            for (int i = 0; i < 2; i++) {
                double[] reading = new double[2];
                Status status = world.Recv(reading, 0, 2, MPI.DOUBLE, MPI.ANY_SOURCE, MPI.ANY_TAG);
                String what = status.tag == temperature ? "temperature" : "pressure";
                int count = status.Get_count(MPI.DOUBLE);
                System.out.println("3. tags: rank 1 got " + count + " " + what + " value(s) from rank "
                        + status.source + " (tag " + status.tag + "): " + Arrays.toString(Arrays.copyOf(reading, count)));
            }
        }
    }

    /** 4. Probe: look at a message before receiving it, to learn its size and make the array. */
    static void probe(Intracomm world, int rank) throws Exception {
        if (rank == 0) {
            double[] data = new double[1000];
            Arrays.fill(data, 0.5);
            world.Send(data, 0, data.length, MPI.DOUBLE, 1, 0);
        } else if (rank == 1) {
            Status status = world.Probe(0, 0);
            double[] data = new double[status.Get_count(MPI.DOUBLE)];
            world.Recv(data, 0, data.length, MPI.DOUBLE, 0, 0);
            System.out.println("4. probe: rank 1 learnt the message holds " + data.length + " doubles, summing to "
                    + Arrays.stream(data).sum());
        }
    }

    /**
     * 5. Non-blocking: Isend and Irecv return at once with a Request; Wait or Waitall finishes
     * them. Ranks 0 and 1 swap arrays, both sending and receiving at the same time.
     */
    static void nonBlocking(Intracomm world, int rank) throws Exception {
        if (rank < 2) {
            int other = 1 - rank;
            int[] mine = {rank * 100, rank * 100 + 1};
            int[] theirs = new int[2];
            Request receiving = world.Irecv(theirs, 0, 2, MPI.INT, other, 5);
            Request sending = world.Isend(mine, 0, 2, MPI.INT, other, 5);
            // ... a program would compute here while the messages travel ...
            Request.Waitall(new Request[] {receiving, sending});
            if (rank == 1) {
                System.out.println("5. non-blocking: rank 1 sent " + Arrays.toString(mine) + " and got "
                        + Arrays.toString(theirs));
            }
        }
    }

    /**
     * --deadlock: both ranks send 4 MiB first and receive second. A large message waits in Send
     * until the other side receives it, and neither ever gets to its Recv: a deadlock. (On the
     * default device every Send waits so, even of one int; niodev lets a few KB through first.
     * MPI allows both: a correct program never counts on Send returning early.)
     */
    static void deadlock(Intracomm world, int rank) throws Exception {
        if (rank < 2) {
            int other = 1 - rank;
            byte[] out = new byte[4 << 20];
            byte[] in = new byte[4 << 20];
            System.out.println("rank " + rank + ": sending 4 MiB to rank " + other + ", then receiving");
            world.Send(out, 0, out.length, MPI.BYTE, other, 0);
            world.Recv(in, 0, in.length, MPI.BYTE, other, 0);
            System.out.println("rank " + rank + ": never printed");
        }
    }

    /** 6. The same exchange as deadlock(), both ranks sending 4 MiB to the other, and two ways out. */
    static void deadlockAvoided(Intracomm world, int rank) throws Exception {
        if (rank < 2) {
            int other = 1 - rank;
            byte[] out = new byte[4 << 20];
            byte[] in = new byte[4 << 20];
            Arrays.fill(out, (byte) (rank + 1));
            // Way out 1: order. Rank 0 sends first, rank 1 receives first; then the other way round.
            if (rank == 0) {
                world.Send(out, 0, out.length, MPI.BYTE, other, 6);
                world.Recv(in, 0, in.length, MPI.BYTE, other, 6);
            } else {
                world.Recv(in, 0, in.length, MPI.BYTE, other, 6);
                world.Send(out, 0, out.length, MPI.BYTE, other, 6);
            }
            int byOrder = in[0];
            // Way out 2: Sendrecv does both at once and cannot deadlock with itself.
            world.Sendrecv(out, 0, out.length, MPI.BYTE, other, 6, in, 0, in.length, MPI.BYTE, other, 6);
            if (rank == 1) {
                System.out.println("6. deadlock avoided: by ordering rank 1 got bytes of value " + byOrder
                        + ", by Sendrecv " + in[0]);
            }
        }
    }

    /**
     * 7. A ring: each rank receives a running sum from the rank before it, adds its own number,
     * and passes it on; rank 0 starts it and gets it back after a trip through every rank.
     */
    static void ring(Intracomm world, int rank, int size) throws Exception {
        int[] sum = new int[1];
        int next = (rank + 1) % size;
        int previous = (rank + size - 1) % size;
        if (rank == 0) {
            world.Send(sum, 0, 1, MPI.INT, next, 7);
            world.Recv(sum, 0, 1, MPI.INT, previous, 7);
            System.out.println("7. ring: the sum of all " + size + " ranks' numbers came back to rank 0: " + sum[0]);
        } else {
            world.Recv(sum, 0, 1, MPI.INT, previous, 7);
            sum[0] += rank;
            world.Send(sum, 0, 1, MPI.INT, next, 7);
        }
    }

    /**
     * 8. Ping-pong: rank 0 sends a message to rank 1, which sends it straight back. Half the round
     * trip is the one-way time: at 8 bytes that is the latency, at 16 MiB the size divided by it
     * is the bandwidth.
     */
    static void pingPong(Intracomm world, int rank) throws Exception {
        world.Barrier();
        if (rank < 2) {
            if (rank == 0) {
                System.out.println("8. ping-pong between rank 0 and rank 1:");
                System.out.printf("   %10s %14s %16s%n", "bytes", "one-way (us)", "bandwidth (MB/s)");
            }
            // Untimed rounds for a second first: the JIT compiler takes that long to compile the
            // path a message takes, and a figure taken sooner would time the compiler.
            warmUp(world, rank, 1000);
            for (int bytes = 8; bytes <= 16 << 20; bytes *= 8) {
                byte[] message = new byte[bytes];
                int rounds = Math.max(10, Math.min(10000, (256 << 20) / bytes));
                // The first half of the rounds only warms up, untimed, as the OSU benchmarks skip
                // their first rounds: the caches are filled, so every row is a warm figure.
                long start = 0;
                for (int i = -rounds; i < rounds; i++) {
                    if (i == 0) {
                        start = System.nanoTime(); // MPJ Express's MPI.Wtime() counts whole milliseconds
                    }
                    if (rank == 0) {
                        world.Send(message, 0, bytes, MPI.BYTE, 1, 8);
                        world.Recv(message, 0, bytes, MPI.BYTE, 1, 8);
                    } else {
                        world.Recv(message, 0, bytes, MPI.BYTE, 0, 8);
                        world.Send(message, 0, bytes, MPI.BYTE, 0, 8);
                    }
                }
                double oneWay = (System.nanoTime() - start) / 1e9 / rounds / 2;
                if (rank == 0) {
                    System.out.printf("   %10d %14.2f %16.1f%n", bytes, oneWay * 1e6, bytes / oneWay / 1e6);
                }
            }
            if (rank == 0) {
                System.out.println("   Small messages cost the fixed price of a message (software in MPJ Express, and"
                        + " for niodev the TCP stack); large ones cost copying, so bandwidth grows with size"
                        + " until memory or the loopback network is the limit.");
            }
        }
    }

    /**
     * Ping-pong of 8 bytes for {@code millis} milliseconds, untimed. Rank 0 says when to stop: the
     * first byte of each message tells rank 1 whether another round follows.
     */
    static void warmUp(Intracomm world, int rank, long millis) throws Exception {
        byte[] message = new byte[8];
        long until = System.nanoTime() + millis * 1_000_000;
        do {
            if (rank == 0) {
                message[0] = (byte) (System.nanoTime() < until ? 1 : 0);
                world.Send(message, 0, 8, MPI.BYTE, 1, 8);
                world.Recv(message, 0, 8, MPI.BYTE, 1, 8);
            } else {
                world.Recv(message, 0, 8, MPI.BYTE, 0, 8);
                world.Send(message, 0, 8, MPI.BYTE, 0, 8);
            }
        } while (message[0] == 1);
    }
}
