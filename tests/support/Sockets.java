import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The listening TCP sockets of a process, read from /proc: its socket inodes (/proc/PID/fd) looked
 * up in the TCP tables of its own network namespace (/proc/PID/net/tcp, tcp6), so a process in
 * another namespace (a node of the pretend cluster) is read the same way.
 */
final class Sockets {

    private Sockets() {
    }

    /** Where {@code pid} listens: address and port of each TCP socket in LISTEN state it holds. */
    static List<InetSocketAddress> listening(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            });
        } catch (IOException gone) {
            return List.of(); // the process ended while we looked
        }
        List<InetSocketAddress> found = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                        String[] local = f[1].split(":");
                        found.add(new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
                    }
                }
            } catch (IOException gone) {
                // no such table, or the process ended
            }
        }
        return found;
    }

    /** /proc/net/tcp writes an address as 32-bit words in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        InetAddress a = InetAddress.getByAddress(bytes);
        return a;
    }

    /** The value of an environment variable of {@code pid}, or null. */
    static String environ(long pid, String name) {
        try {
            for (String kv : new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).split("\0")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
        } catch (IOException gone) {
            // ended, or not ours to read
        }
        return null;
    }

    /** True for a rank JVM the launcher started (its command line says so). */
    static boolean isRank(ProcessHandle p) {
        return p.info().arguments().map(a -> Stream.of(a).anyMatch(s -> s.startsWith("-Dlauncher.rank="))).orElse(false);
    }
}
