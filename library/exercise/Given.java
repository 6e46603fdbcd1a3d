package exercise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The numbers the exercises' checker (scripts/exercise) gives a single rank. The checker passes a
 * folder as the program's first argument; in it, the file named by a rank's number holds that
 * rank's numbers. Each file is a named pipe that the checker fills once, when a rank opens it, so
 * a number can be read once only: a rank that needs another rank's number must get it in a
 * message. (On niodev, where each rank is a JVM of its own, the checker also sees which rank
 * opened each file.) Run without the checker, with no arguments, a rank draws its numbers at random.
 *
 * <p>Where a message's content is the point (exercise 03 swaps arrays), the checker gives a rank a
 * whole array of random ints ({@link #ints}), which nothing shorter can stand for, and the rank
 * hands what it received back to the checker ({@link #received}): the verdict rests on the ints
 * that crossed, not on a checksum a rank prints.
 */
public final class Given {

    private Given() {
    }

    /** Rank {@code rank}'s own number from the checker, or a random one from 1 to 999,999 without it. */
    public static long number(String[] args, int rank) throws IOException {
        return numbers(args, rank, 1)[0];
    }

    /** Rank {@code rank}'s own {@code count} numbers from the checker, or random ones from 1 to 999,999 without it. */
    public static int[] numbers(String[] args, int rank, int count) throws IOException {
        int[] numbers = new int[count];
        if (args.length == 0) {
            for (int i = 0; i < count; i++) {
                numbers[i] = ThreadLocalRandom.current().nextInt(1, 1_000_000);
            }
            return numbers;
        }
        Path file = own(args, rank);
        String text = readAtOnce(file).trim();
        if (text.isEmpty()) {
            throw new IllegalStateException("the numbers the checker gave rank " + rank + " were read already; each"
                    + " rank may read only its own numbers, and only once");
        }
        if (!text.matches("[-0-9\\s]*")) {
            throw new IllegalStateException("the checker gave rank " + rank + " an array of ints, not numbers: read it"
                    + " with Given.ints(args, rank, COUNT), as the exercise does");
        }
        String[] words = text.split("\\s+");
        if (words.length != count) {
            throw new IllegalArgumentException("rank " + rank + " expected " + count + " numbers from the checker, got '"
                    + String.join(" ", words) + "'");
        }
        for (int i = 0; i < count; i++) {
            numbers[i] = Integer.parseInt(words[i]);
        }
        return numbers;
    }

    /**
     * Rank {@code rank}'s own array of {@code count} ints from the checker (random, read once, as
     * numbers are), or random ones without it.
     */
    public static int[] ints(String[] args, int rank, int count) throws IOException {
        if (args.length == 0) {
            return ThreadLocalRandom.current().ints(count).toArray();
        }
        Path file = own(args, rank);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw new IllegalStateException("the ints the checker gave rank " + rank + " were read already; each"
                    + " rank may read only its own ints, and only once");
        }
        if (bytes.length != 4L * count) {
            throw new IllegalStateException("rank " + rank + " got " + bytes.length / 4 + " of the checker's ints, not "
                    + count + ": another reader took the rest, or the program asks for the wrong count");
        }
        int[] ints = new int[count];
        ByteBuffer.wrap(bytes).asIntBuffer().get(ints);
        return ints;
    }

    /**
     * Hands the array rank {@code rank} received to the checker, which compares it int by int with
     * the array it gave the sender. Does nothing without the checker.
     */
    public static void received(String[] args, int rank, int[] array) throws IOException {
        if (args.length == 0) {
            return;
        }
        Path folder = folder(args);
        ByteBuffer bytes = ByteBuffer.allocate(4 * array.length);
        bytes.asIntBuffer().put(array);
        Path tmp = folder.resolve("received-" + rank + ".tmp");
        Files.write(tmp, bytes.array());
        Files.move(tmp, folder.resolve("received-" + rank), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path folder(String[] args) {
        Path folder = Path.of(args[0]);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the first argument is the folder of the checker's numbers, and '"
                    + args[0] + "' is not a folder; run the program with no arguments to draw numbers at random");
        }
        return folder;
    }

    /** The pipe of rank {@code rank}'s own numbers. */
    private static Path own(String[] args, int rank) {
        Path file = folder(args).resolve(String.valueOf(rank));
        if (!Files.exists(file)) {
            throw new IllegalStateException("the checker gave rank " + rank + " no numbers: in this exercise, at this"
                    + " number of ranks, rank " + rank + " needs none");
        }
        return file;
    }

    /**
     * What the pipe holds, taken in one read: the checker writes it in one piece, so one read gets
     * all of it, and a second reader of the same pipe gets nothing rather than a part of it.
     * (Files.readString would first read a single byte, which another reader could split off.)
     */
    private static String readAtOnce(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
