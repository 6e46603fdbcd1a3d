package launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things live for the user running a lesson, decided as scripts/setup decides it: from $HOME
 * (Java's user.home comes from the account database instead, and the two differ in containers, CI
 * systems and on some clusters), and the XDG variables where they are set.
 */
public final class Places {

    private Places() {
    }

    /** $HOME, as the shell scripts see it; the account's home folder only where HOME is not set. */
    public static Path home() {
        String home = Environment.HOME.value();
        return home != null && home.startsWith("/") ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /** $XDG_DATA_HOME, else ~/.local/share. */
    public static Path dataHome() {
        return xdg(Environment.XDG_DATA_HOME, ".local/share");
    }

    /** $XDG_CACHE_HOME, else ~/.cache. */
    public static Path cacheHome() {
        return xdg(Environment.XDG_CACHE_HOME, ".cache");
    }

    /**
     * The jars every MPJ Express 0.44 folder holds in lib/, besides log4j (whose file name differs
     * between distributions). scripts/setup reads this list from the line below: keep it one line.
     */
    public static final List<String> MPJ_JARS = List.of("mpj.jar", "mpi.jar", "mpjdev.jar", "smpdev.jar", "xdev.jar", "mpjbuf.jar", "mpiExp.jar", "starter.jar");

    /** log4j 1.2, which MPJ Express logs with, as a glob over lib/'s file names; scripts/setup reads this line too. */
    public static final String MPJ_LOG4J = "log4j*.jar";

    /** The first file in {@code lib} that {@link #MPJ_LOG4J} matches, or null. */
    public static Path log4j(Path lib) {
        java.nio.file.PathMatcher log4j = lib.getFileSystem().getPathMatcher("glob:" + MPJ_LOG4J);
        try (var files = java.nio.file.Files.list(lib)) {
            return files.filter(p -> log4j.matches(p.getFileName())).sorted().findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Where scripts/setup installs MPJ Express when MPJ_HOME is not set. */
    public static Path installedMpj() {
        return dataHome().resolve("mpj-express");
    }

    private static Path xdg(Environment variable, String fallback) {
        String value = variable.value();
        return value != null && value.startsWith("/") ? Path.of(value) : home().resolve(fallback);
    }
}
