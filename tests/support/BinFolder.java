import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of links to this machine's commands (/usr/bin and /bin) less some, for a PATH that
 * lacks them as another system would: no apt-get and dpkg-deb (not Debian), no java (no JDK).
 * Closing it removes the folder (the links only, never what they lead to).
 */
final class BinFolder implements AutoCloseable {

    /** apt and dpkg, which only Debian and its kin have. */
    static final Set<String> DEBIAN = Set.of("apt", "apt-get", "apt-cache", "apt-config", "apt-mark", "dpkg", "dpkg-deb",
            "dpkg-query");

    private final Path folder;

    private BinFolder(Path folder) {
        this.folder = folder;
    }

    /**
     * A new folder of links to every command but those {@code without} names and, when
     * {@code withoutJava}, every command of a JDK (those that lead into /usr/lib/jvm).
     */
    static BinFolder without(Set<String> without, boolean withoutJava) throws IOException {
        Path folder = Files.createTempDirectory("mpj-bin-");
        for (String system : new String[] {"/usr/bin", "/bin"}) {
            try (Stream<Path> commands = Files.list(Path.of(system))) {
                for (Path c : (Iterable<Path>) commands::iterator) {
                    String name = c.getFileName().toString();
                    Path link = folder.resolve(name);
                    if (without.contains(name) || Files.exists(link, LinkOption.NOFOLLOW_LINKS)
                            || !Files.exists(c) || withoutJava && c.toRealPath().startsWith("/usr/lib/jvm")) {
                        continue; // left out, already there, or a broken link
                    }
                    Files.createSymbolicLink(link, c);
                }
            }
        }
        folder.toFile().setReadable(true, false);
        folder.toFile().setExecutable(true, false);
        return new BinFolder(folder);
    }

    Path path() {
        return folder;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
