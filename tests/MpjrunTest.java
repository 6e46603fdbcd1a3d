import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user who follows MPJ Express's own documentation can run the lesson with its mpjrun.sh. */
@DisplayName("MPJ Express's own mpjrun.sh")
class MpjrunTest {

    @Test
    void runsTheLessonExportedByJbang(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("hello.jar");
        Launch.Result export = Launch.jbang("export", "portable", "--force", "-O", jar.toString(), HelloTest.LESSON).await();
        assertThat(export.exit()).as(export.toString()).isZero();
        assertThat(jar).exists();
        assertThat(dir.resolve("lib/mpj.jar")).exists();

        String env = System.getenv("MPJ_HOME");
        Path mpjHome = env != null ? Path.of(env) : Launch.ROOT.resolve("mpj-express");
        Launch.Result r = Launch.start(Map.of("MPJ_HOME", mpjHome.toString()), dir,
                mpjHome.resolve("bin/mpjrun.sh").toString(), "-np", "8", "-jar", "hello.jar").await();

        List<String> expected = new ArrayList<>(HelloTest.expected(8));
        expected.add("MPJ Express (0.44) is started in the multicore configuration");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.leftovers()).as(r.toString()).isEmpty();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("hello.jar", "lib");
    }
}
