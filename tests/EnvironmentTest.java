//SOURCES ../library/launcher/*.java
package launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The one list of environment variables (launcher.Environment): every variable the Java code and
 * the scripts read is in it, Java reads them through it (but where it cannot), and the docs' tables
 * name exactly the list's variables.
 */
@Tag("quick")
@DisplayName("environment variables: one list (unit)")
class EnvironmentTest {

    static final Set<String> LISTED = Arrays.stream(Environment.values()).map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    /** What cannot see the launcher, and so reads the variables it needs itself (Environment's comment says why). */
    static final List<String> READ_THEMSELVES = List.of("library/mpjfix/", "scripts/Fetch.java", "scripts/checker/");
    static final Pattern JAVA_READ = Pattern.compile("getenv\\(\\)\\.getOrDefault\\(\"([A-Za-z_]+)\"|getenv\\(\"([A-Za-z_]+)\"\\)");
    /** A shell script's read of a variable with a default: ${NAME:-...} or ${NAME-...}. */
    static final Pattern SHELL_READ = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):?-");

    static List<Path> files(String folder, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(Path.of(folder))) {
            return all.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static List<Path> javaFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("library", "lessons", "exercises", "scripts")) {
            files.addAll(files(folder, ".java"));
        }
        return files;
    }

    static List<Path> shellScripts() throws IOException {
        List<Path> scripts = new ArrayList<>(files("slurm", ".sbatch"));
        try (Stream<Path> all = Files.list(Path.of("scripts"))) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                if (Files.readString(p).startsWith("#!/usr/bin/env bash") || Files.readString(p).startsWith("#!/bin/bash")) {
                    scripts.add(p);
                }
            }
        }
        scripts.add(Path.of(".ci/run"));
        return scripts;
    }

    @Test
    void everyVariableTheJavaCodeReadsIsListedAndReadThroughTheList() throws IOException {
        List<String> unlisted = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        for (Path f : javaFiles()) {
            String text = Files.readString(f);
            Matcher m = JAVA_READ.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!LISTED.contains(name)) {
                    unlisted.add(f + ": " + name);
                }
            }
            boolean mayReadItself = f.toString().equals("library/launcher/Environment.java")
                    || READ_THEMSELVES.stream().anyMatch(f.toString()::startsWith);
            if (!mayReadItself && text.contains("System.getenv(")) {
                direct.add(f.toString());
            }
        }
        assertThat(unlisted).as("variables read but not in launcher.Environment").isEmpty();
        assertThat(direct).as("files that read the environment without launcher.Environment").isEmpty();
    }

    @Test
    void everyVariableAScriptReadsIsListed() throws IOException {
        List<String> unlisted = new ArrayList<>();
        for (Path f : shellScripts()) {
            Matcher m = SHELL_READ.matcher(Files.readString(f));
            while (m.find()) {
                if (!LISTED.contains(m.group(1))) {
                    unlisted.add(f + ": " + m.group(1));
                }
            }
        }
        assertThat(unlisted).as("variables scripts read but not in launcher.Environment").isEmpty();
    }

    @Test
    void theDocsTablesNameExactlyTheListsVariables() throws IOException {
        for (String page : List.of("docs/environment.md", "docs/environment.zh-CN.md")) {
            Set<String> named = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|").matcher(Files.readString(Path.of(page)));
            while (m.find()) {
                named.add(m.group(1));
            }
            assertThat(named).as(page + "'s table").isEqualTo(LISTED);
        }
    }

    @Test
    void theTestsCatchAnUnlistedRead() {
        Matcher java = JAVA_READ.matcher("String x = System.getenv(\"MPJ_SOMETHING_NEW\");");
        assertThat(java.find() && !LISTED.contains(java.group(2))).isTrue();
        Matcher shell = SHELL_READ.matcher("dir=${MPJ_SOMETHING_NEW:-/tmp}");
        assertThat(shell.find() && !LISTED.contains(shell.group(1))).isTrue();
    }
}
