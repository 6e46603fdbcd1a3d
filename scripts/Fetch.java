// Downloads one artifact from a Maven repository and checks it, for scripts/setup on machines
// that have a JDK but neither curl nor wget (a fresh Debian install, for one).
//
//   java scripts/Fetch.java GROUP:ARTIFACT:VERSION[:CLASSIFIER] SHA256 DEST
//
// The repository is $MAVEN_REPOSITORY, else Maven Central. The file is written to DEST.part,
// checked against SHA256 (fixed in scripts/setup, so a changed upstream file is refused), and only
// then renamed to DEST: an interrupted download never leaves a half-written DEST behind.

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

class Fetch {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java scripts/Fetch.java GROUP:ARTIFACT:VERSION[:CLASSIFIER] SHA256 DEST");
            System.exit(2);
        }
        String[] gav = args[0].split(":");
        String repo = System.getenv().getOrDefault("MAVEN_REPOSITORY", "https://repo.maven.apache.org/maven2");
        String file = gav[1] + "-" + gav[2] + (gav.length > 3 ? "-" + gav[3] : "") + ".jar";
        URI uri = URI.create(repo.replaceAll("/+$", "") + "/" + gav[0].replace('.', '/') + "/" + gav[1] + "/"
                + gav[2] + "/" + file);
        Path dest = Path.of(args[2]);
        Files.createDirectories(dest.toAbsolutePath().getParent());
        Path part = dest.resolveSibling(dest.getFileName() + ".part");

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            fail("cannot download " + uri + ": " + e + " (set MAVEN_REPOSITORY to use a mirror)");
            return;
        }
        if (response.statusCode() != 200) {
            fail("cannot download " + uri + ": HTTP " + response.statusCode());
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(response.body(), sha256)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equalsIgnoreCase(args[1])) {
            Files.deleteIfExists(part);
            fail(uri + " has SHA-256 " + actual + ", expected " + args[1] + "; not installed");
        }
        Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void fail(String message) {
        System.err.println("setup: " + message);
        System.exit(1);
    }
}
