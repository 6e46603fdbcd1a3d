///usr/bin/env jbang "$0" "$@" ; exit $?
// Lesson 00: check the installation.
// 第 00 课，对应原文“安装mpi4py”：装好后跑个小例子验证；这里逐项检查 JDK、jbang、MPJ Express，再在两种设备上各让两个 rank 往返通信一次。
// Article section: "安装mpi4py", which ends with "run a small example to check that it is really
// installed". This does that for Java: the JDK, jbang, MPJ Express, then a two-rank round trip on
// each device.
//
// Run it:   jbang lessons/00_install_check.java        (from the project's folder)
//
// One line per check: ✓ and what was found, or ✗, what is wrong and the command that fixes it.
// Exit status 0 only when every check passes. It needs no MPJ Express to start, so it can say
// what is wrong with it.
//SOURCES ../library/launcher/Places.java
//SOURCES ../library/launcher/Environment.java
//COMPILE_OPTIONS -encoding UTF-8

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import launcher.Environment;
import launcher.Places;

class InstallCheck {

    static int failures = 0;

    public static void main(String[] args) throws Exception {
        // 1. Java 17 or newer (jbang has just compiled this file, so a compiler is there too).
        Runtime.Version java = Runtime.version();
        check(java.feature() >= 17, "Java " + java + " in " + System.getProperty("java.home"),
                "Java " + java + " is too old: the lessons need 17 or newer; install it with"
                        + " `sudo apt install openjdk-17-jdk` (macOS: `brew install openjdk@17`) and set JAVA_HOME");

        // 2. jbang: on PATH, the one running this file, or where scripts/setup puts it.
        String jbang = findJbang();
        String version = jbang == null ? null : run(List.of(jbang, "--version"), Map.of(), 60);
        version = version == null ? null : version.trim();
        check(jbang != null && version != null && !version.isEmpty(), "jbang " + version + " (" + jbang + ")",
                "jbang not found on PATH or in ~/.jbang/bin; install it with `scripts/setup`");

        // 3. MPJ Express: MPJ_HOME, or where scripts/setup installs it (the launcher looks there too).
        String fromEnv = Environment.MPJ_HOME.value();
        Path home = fromEnv != null ? Path.of(fromEnv) : Places.installedMpj();
        String where = fromEnv != null ? "MPJ_HOME=" + fromEnv : home + " (MPJ_HOME is not set)";
        String fix = fromEnv != null
                ? "point MPJ_HOME at an unpacked mpj-v0_44.tar.gz, or `unset MPJ_HOME && scripts/setup`"
                : "run `scripts/setup`, or set MPJ_HOME to an unpacked mpj-v0_44.tar.gz";
        List<String> missing = new ArrayList<>();
        for (String jar : Places.MPJ_JARS) {
            if (!Files.isRegularFile(home.resolve("lib").resolve(jar))) {
                missing.add("lib/" + jar);
            }
        }
        if (Files.isDirectory(home.resolve("lib")) && Places.log4j(home.resolve("lib")) == null) {
            missing.add("lib/" + Places.MPJ_LOG4J);
        }
        String mpjVersion = mpjVersion(home);
        boolean mpjOk = missing.isEmpty() && mpjVersion != null;
        check(mpjOk, "MPJ Express " + mpjVersion + " at " + home,
                "MPJ Express: " + where + (Files.isDirectory(home) ? " lacks " + (missing.isEmpty()
                        ? "conf/mpjexpress.conf" : String.join(", ", missing)) : " does not exist") + "; " + fix);

        // 4. A round trip between two ranks on each device, with the launcher every lesson uses.
        for (String device : List.of("multicore", "niodev")) {
            if (!mpjOk || jbang == null) {
                check(false, "", "round trip on " + device + ": skipped until jbang and MPJ Express are in place");
                continue;
            }
            long start = System.nanoTime();
            String out = run(List.of(jbang, "scripts/roundtrip.java", "-dev", device, "-timeout", "60"),
                    Map.of("MPJ_HOME", home.toString()), 120);
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean ok = out != null && out.contains("round trip: rank 0 sent 41 and got 42 back");
            check(ok, String.format("round trip between 2 ranks on %s (%.1f s)", device, seconds),
                    "round trip on " + device + " failed; run `jbang scripts/roundtrip.java -dev " + device
                            + "` to see why" + (out == null ? "" : ": " + out.strip().lines().reduce((a, b) -> b).orElse("")));
        }

        System.out.println(failures == 0 ? "all checks passed" : failures + " check(s) failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    static void check(boolean ok, String good, String bad) {
        System.out.println(ok ? "✓ " + good : "✗ " + bad);
        if (!ok) {
            failures++;
        }
    }

    static String findJbang() {
        for (String dir : Environment.PATH.valueOr("").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "jbang");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        // The jbang that started this file (an offline bundle's, say), else where scripts/setup installs it.
        String launcher = Environment.JBANG_LAUNCH_CMD.value();
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return launcher;
        }
        Path installed = Places.home().resolve(".jbang/bin/jbang");
        return Files.isExecutable(installed) ? installed.toString() : null;
    }

    /** MPJ Express's version from its conf/mpjexpress.conf ("mpjexpress.version=0.44"), or null. */
    static String mpjVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("conf/mpjexpress.conf"), StandardCharsets.UTF_8)) {
                if (line.startsWith("mpjexpress.version=")) {
                    return line.substring("mpjexpress.version=".length()).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Runs a command and returns what it printed (stdout and stderr), or null if it failed or hung. */
    static String run(List<String> command, Map<String, String> env, int seconds) {
        Path log = null;
        try {
            // Output to a file, so that the wait below is what ends a command that hangs.
            log = Files.createTempFile("install-check", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return null;
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? text : "failed (exit " + p.exitValue() + "): " + text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }
}
