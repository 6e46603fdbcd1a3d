///usr/bin/env jbang "$0" "$@" ; exit $?
// Runs the project's tests (JUnit 5 with AssertJ), one after the other: each starts real MPJ
// Express ranks, and the machine they run on may have only two cores. `scripts/test` runs this.
//
//   scripts/test                     every test
//   scripts/test --quick             the tests tagged "quick": every lesson once, and the unit tests
//   scripts/test --reports-dir DIR ...   also JUnit's XML reports (the format CI servers read) in DIR
//   scripts/test HelloTest           the tests of one class (several names may follow)
//   scripts/test 'SweepTest#aSecondSweepWithTheSameOutRefusesAndTheFirstFinishes'   one test method
//
// Prints one line per test and, last, "tests: N passed, N failed, N skipped". A test that cannot run
// on this machine (a failed assumption, e.g. SLURM without root) is skipped with its reason; anything
// else that goes wrong is a failure. Exit status 0 only when tests ran and none failed.
//DEPS org.junit.platform:junit-platform-launcher:1.14.4
//DEPS org.junit.platform:junit-platform-reporting:1.14.4
//DEPS org.junit.jupiter:junit-jupiter-engine:5.14.4
//DEPS org.junit.jupiter:junit-jupiter-params:5.14.4
//DEPS org.assertj:assertj-core:3.27.7
//SOURCES support/*.java
//SOURCES *Test.java
//COMPILE_OPTIONS -encoding UTF-8

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.launcher.TagFilter.includeTags;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

class RunTests {

    public static void main(String[] args) throws Exception {
        Path reports = null;
        if (args.length > 0 && args[0].equals("--reports-dir")) {
            if (args.length < 2) {
                System.err.println("scripts/test: --reports-dir needs a folder, e.g. --reports-dir build/test-reports");
                System.exit(2);
            }
            reports = Path.of(args[1]);
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        boolean quick = args.length == 1 && args[0].equals("--quick");
        if (args.length == 0 || quick) {
            // The test classes are where jbang put this runner, or, when the jbang launcher compiled
            // this file alone, in the jar of the code it names (//SOURCES): both are searched.
            Set<Path> roots = new java.util.HashSet<>();
            for (Class<?> c : List.of(RunTests.class, HelloTest.class)) {
                roots.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            }
            request.selectors(selectClasspathRoots(roots)).filters(includeClassNamePatterns(".*Test"));
            if (quick) {
                request.filters(includeTags("quick"));
            }
        } else {
            for (String name : args) {
                if (name.contains("#")) {
                    selectMethods(request, name);
                } else {
                    request.selectors(selectClass(name));
                }
            }
        }
        LauncherDiscoveryRequest discovery = request.build();

        Report report = new Report();
        List<TestExecutionListener> listeners = new ArrayList<>(List.of(report));
        if (reports != null) {
            // JUnit's own XML report writer, beside the lines below.
            listeners.add(new LegacyXmlReportGeneratingListener(reports, new PrintWriter(System.err, true)));
        }
        LauncherFactory.create().execute(discovery, listeners.toArray(TestExecutionListener[]::new));
        report.summary();
        System.exit(report.failed.isEmpty() && report.passed > 0 ? 0 : 1);
    }

    /** CLASS#METHOD: every method of that name, whatever its parameters; an unknown name is bad input. */
    static void selectMethods(LauncherDiscoveryRequestBuilder request, String name) {
        String className = name.substring(0, name.indexOf('#'));
        String method = name.substring(name.indexOf('#') + 1);
        Class<?> c;
        try {
            c = Class.forName(className);
        } catch (ClassNotFoundException e) {
            System.err.println("scripts/test: no test class " + className + " (as in " + name + "); name one in tests/");
            System.exit(2);
            return;
        }
        List<java.lang.reflect.Method> found = java.util.Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.getName().equals(method)).toList();
        if (found.isEmpty()) {
            System.err.println("scripts/test: " + className + " has no method " + method + "; name one of its tests");
            System.exit(2);
        }
        found.forEach(m -> request.selectors(selectMethod(c, m)));
    }

    /** Prints each test as it ends, then the failures in full and the counts. */
    static final class Report implements TestExecutionListener {
        int passed;
        int skipped;
        final List<String> failed = new ArrayList<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private TestPlan plan;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped++;
                System.out.println("  skip " + name(id) + ": " + reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            double seconds = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1e9;
            if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                return;
            }
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                // A failed assumption: the test cannot run here (it says why). A class whose set-up
                // was aborted never starts its tests, so each of them counts as skipped.
                String why = result.getThrowable().map(Throwable::getMessage).orElse("aborted")
                        .replaceFirst("^Assumption failed: ", "");
                long tests = id.isTest() ? 1 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
                skipped += (int) tests;
                System.out.printf("  skip %s%s: %s%n", name(id), tests == 1 ? "" : " (" + tests + " tests)", why);
                System.out.flush();
                return;
            }
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                passed++;
                System.out.printf("  ok   %s (%.1f s)%n", name(id), seconds);
            } else {
                String why = result.getThrowable().map(RunTests::trace).orElse(result.getStatus().toString());
                failed.add(name(id) + "\n" + why);
                System.out.printf("  FAIL %s (%.1f s)%n", name(id), seconds);
            }
            System.out.flush();
        }

        /** "class > method > case", from the test's place in the plan (the engine itself left out). */
        private String name(TestIdentifier id) {
            List<String> parts = new ArrayList<>();
            for (TestIdentifier at = id; at != null; at = plan.getParent(at).orElse(null)) {
                if (plan.getParent(at).isPresent()) {
                    parts.add(0, at.getDisplayName());
                }
            }
            return String.join(" > ", parts);
        }

        void summary() {
            for (String f : failed) {
                System.out.println("\n--- FAILED: " + f);
            }
            System.out.println();
            System.out.printf("tests: %d passed, %d failed, %d skipped%n", passed, failed.size(), skipped);
        }
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        StringBuilder kept = new StringBuilder();
        for (String line : w.toString().split("\\R")) {
            if (line.contains("org.junit.") || line.contains("jdk.internal.") || line.contains("java.base/")) {
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }
}
