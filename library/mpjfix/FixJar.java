package mpjfix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The fixed classes as a jar of their own, for rank JVMs (niodev, srun): put ahead of MPJ
 * Express's jar on the class path, its classes replace MPJ's own of the same name, and every other
 * class of MPJ's still loads from MPJ's jar, and from the ranks' class-data archive, which a class
 * loader of our own would forgo. The jar is made once for each MPJ jar and choice of fixes, in the
 * cache folder, and reused.
 */
public final class FixJar {

    private FixJar() {
    }

    /** The jar of {@code fixes} applied to the classes in {@code mpjJar}, made in {@code dir} if not there yet. */
    public static Path of(Path mpjJar, List<Fix> fixes, Path dir) throws IOException {
        Path jar = dir.resolve("mpjfix-" + fingerprint(mpjJar, fixes) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, "mpjfix-", ".tmp");
        try (JarFile mpj = new JarFile(mpjJar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(part))) {
            for (var group : FixLoader.byClass(fixes).entrySet()) {
                String name = group.getKey().replace('.', '/') + ".class";
                JarEntry entry = mpj.getJarEntry(name);
                if (entry == null) {
                    continue; // a class the rank JVMs do not load (the multicore device's is in smpdev.jar)
                }
                byte[] original;
                try (InputStream in = mpj.getInputStream(entry)) {
                    original = in.readAllBytes();
                }
                out.putNextEntry(new JarEntry(name));
                out.write(FixLoader.applyAll(group.getValue(), original));
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    /** MPJ's jar (path, size, time), the fixes chosen, and this code's own version of them. */
    private static String fingerprint(Path mpjJar, List<Fix> fixes) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((mpjJar.toAbsolutePath() + "|" + Files.size(mpjJar) + "|"
                    + Files.getLastModifiedTime(mpjJar).toMillis()).getBytes(StandardCharsets.UTF_8));
            for (Fix f : fixes) {
                sha.update(("|" + f.name()).getBytes(StandardCharsets.UTF_8));
                try (InputStream own = Fix.class.getResourceAsStream("/" + f.getClass().getName().replace('.', '/') + ".class")) {
                    if (own != null) {
                        sha.update(own.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
