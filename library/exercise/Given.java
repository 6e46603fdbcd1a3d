package exercise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The numbers the exercises' checker (scripts/exercise) gives a single rank. The checker passes a
 * folder as the program's first argument; in it, the file named by a rank's number holds that
 * rank's numbers. Each file is a named pipe that the checker fills once, when a rank opens it, so
 * a number can be read once only: a rank that needs another rank's number must get it in a
 * message. (On niodev, where each rank is a JVM of its own, the checker also sees which rank
 * opened each file.) Run without the checker, with no arguments, a rank draws its numbers at random.
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
        Path folder = Path.of(args[0]);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the first argument is the folder of the checker's numbers, and '"
                    + args[0] + "' is not a folder; run the program with no arguments to draw numbers at random");
        }
        Path file = folder.resolve(String.valueOf(rank));
        if (!Files.exists(file)) {
            throw new IllegalStateException("the checker gave rank " + rank + " no numbers: in this exercise, at this"
                    + " number of ranks, rank " + rank + " needs none");
        }
        String text = readAtOnce(file).trim();
        if (text.isEmpty()) {
            throw new IllegalStateException("the numbers the checker gave rank " + rank + " were read already; each"
                    + " rank may read only its own numbers, and only once");
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
