package launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the launcher once more in a child JVM whose environment has MPJ_HOME. */
final class Relaunch {

    /** Set in the launcher started again: it ends when this one does, even by SIGKILL. */
    static final String PROPERTY = "mpj.lessons.relaunched";

    private Relaunch() {
    }

    static int withMpjHome(Class<?> lesson, String name, String[] args, Path mpjHome) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessRun.javaCommand());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-D" + PROPERTY + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(lesson.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("MPJ_HOME", mpjHome.toString());
        try {
            Process child = pb.start();
            // If this JVM is told to stop, the child goes first.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }));
            return child.waitFor();
        } catch (IOException e) {
            System.err.println(name + ": cannot start " + cmd.get(0) + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
