package launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A class-data sharing archive for the rank JVMs of one program: the classes every rank loads
 * (the JDK's, MPJ Express's, the lesson's), already parsed and checked, mapped into each JVM
 * instead of loaded again. It takes a quarter off the start of eight ranks on two cores.
 *
 * <p>The first run of a program makes it (rank 0 writes it as it exits); later runs use it. It is
 * kept in ~/.cache/mpj-lessons (or $XDG_CACHE_HOME/mpj-lessons), named after the class path and
 * the JVM, so a rebuilt lesson or another JDK gets an archive of its own; older archives of the
 * same program are removed. A damaged or stale archive is ignored by the JVM.
 */
final class RankArchive {

    private final Path archive;
    private final Path pending;
    private final boolean exists;

    private RankArchive(Path archive) {
        this.archive = archive;
        this.pending = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        this.exists = Files.isRegularFile(archive);
    }

    /** The archive for this class path and JVM, or null where none can be kept. */
    static RankArchive forProgram(String mainClass, String classPath) {
        if (Environment.MPJ_NO_CDS.isSet() || hasFolder(classPath)) {
            return null;
        }
        Path dir = Places.cacheHome().resolve("mpj-lessons");
        try {
            Files.createDirectories(dir);
            removeAbandoned(dir);
            return new RankArchive(dir.resolve("ranks-" + mainClass + "-" + fingerprint(classPath) + ".jsa"));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * Whether the class path names a folder of classes (a program run with plain java -cp, not
     * jbang): the JVM archives classes from jars only, and refuses to start when asked to archive
     * with a non-empty folder on the class path.
     */
    static boolean hasFolder(String classPath) {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry.isEmpty() ? "." : entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> inside = Files.list(p)) {
                    if (inside.findAny().isPresent()) {
                        return true;
                    }
                } catch (IOException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** JVM options for one rank: rank 0 writes the archive when there is none yet. */
    List<String> options(int rank) {
        if (exists) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
        }
        return rank == 0 ? List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds*=off") : List.of();
    }

    /** After the run: keep a newly written archive if the run succeeded, drop it otherwise. */
    void finish(boolean succeeded) {
        try {
            if (!exists && succeeded && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOlder();
            }
        } catch (IOException ignored) {
            // no archive this time; the next run tries again
        } finally {
            try {
                Files.deleteIfExists(pending);
            } catch (IOException ignored) {
                // a leftover .tmp is harmless
            }
        }
    }

    /**
     * Archives being written by a launcher that is gone (killed with SIGKILL, or its machine
     * restarted): {@code NAME.PID.tmp} where no process PID runs now.
     */
    private static void removeAbandoned(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            all.filter(p -> {
                Matcher m = PENDING.matcher(p.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
            }).forEach(p -> p.toFile().delete());
        }
    }

    /** The name of an archive being written ({@link #pending}); group 1 is its writer's pid. */
    private static final Pattern PENDING = Pattern.compile("ranks-.+\\.jsa\\.(\\d{1,18})\\.tmp");

    private void removeOlder() throws IOException {
        String name = archive.getFileName().toString();
        String program = name.substring(0, name.lastIndexOf('-') + 1);
        try (Stream<Path> all = Files.list(archive.getParent())) {
            all.filter(p -> p.getFileName().toString().startsWith(program) && !p.equals(archive)
                            && p.getFileName().toString().endsWith(".jsa"))
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** The class path's files (name, size, time) and the JVM: what decides whether an archive fits. */
    private static String fingerprint(String classPath) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                + RankCommand.RANK_JVM).getBytes(StandardCharsets.UTF_8));
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String stamp;
            try {
                stamp = entry + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                stamp = entry + "|missing";
            }
            sha.update(stamp.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
