//DEPS tools.jackson.core:jackson-databind:3.3.0
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A sweep of one's own, as a researcher makes it: `jbang init -t sweep DIR/Study.java` in a folder
 * outside the project, the parameters and bigJob edited, run with jbang from that folder. Its CSV
 * holds a plain serial loop's values at any rank count on both devices; a job that throws stops the
 * run with its parameters named, and --resume finishes it; --keep-going records failures and goes on;
 * the command line changes the grid; bad input is one line and status 2 before any rank starts.
 */
@DisplayName("a sweep of your own (jbang init -t sweep)")
class SweepToolTest {

    @TempDir
    static Path home;
    /** The file as the template makes it, before any edit. */
    static String made;

    /** The parameters of the tests' study: a range, a list of numbers, a list of words (7 x 3 x 2 = 42 jobs). */
    static final String PARAMETERS = """
                static final Parameters PARAMETERS = new Parameters()
                        .range("eps", 0.03, 0.5, 7)
                        .numbers("alpha", 0.5, 1, 2)
                        .words("model", "linear", "cubic");
            """;
    /** Its results and bigJob: cheap, and the same arithmetic as {@link #serial}. */
    static final String BIG_JOB = """
                record Results(double energy, double error) { }

                static Results bigJob(Job job) {
                    double eps = job.number("eps");
                    double alpha = job.number("alpha");
                    String model = job.word("model");
                    //FAIL
                    double energy = model.equals("linear") ? alpha * eps : alpha * eps * eps * eps;
                    return new Results(energy, Math.abs(energy - eps));
                }
            """;

    /** The same, but job (eps 0.5, alpha 2, cubic) throws, as a solver that does not converge. */
    static final String FAILS = BIG_JOB.replace("//FAIL", "if (model.equals(\"cubic\") && alpha == 2 && eps > 0.45) {"
            + " throw new IllegalStateException(\"no convergence\"); }");

    @BeforeAll
    static void makeOne() throws Exception {
        Path file = home.resolve("first/Study.java");
        Launch.Result r = Launch.start(Map.of(), Launch.ROOT, Launch.ROOT.resolve("scripts/jbang").toString(), "init", "-t",
                "sweep", file.toString()).await();
        assertThat(r.exit()).as(r.toString()).isZero();
        made = Files.readString(file);
        assertThat(made.lines().count()).as("the file the template makes, in lines").isLessThan(60);
        assertThat(made).contains("class Study {", "Sweep.run(args, PARAMETERS, Results.class, Study::bigJob);",
                "//DEPS local.mpj-lessons:library:1", "// Run it:   jbang Study.java ",
                "//           jbang Study.java --damping 0:0.5:11   a parameter set on the command line, by name",
                // The cluster line names this checkout's submission script, so it works from the study's folder.
                "// Cluster:  sbatch " + Launch.ROOT.toRealPath() + "/slurm/sweep.sbatch Study.java --damping 0:0.5:11\n");
        assertThat(made).contains(".range(\"damping\", ");
    }

    /** A study in a folder of its own, edited as a user would: our parameters and bigJob in place of the example's. */
    static Path study(Path dir, String bigJob) throws Exception {
        Files.createDirectories(dir);
        String text = made.replaceAll("(?s)    static final Parameters PARAMETERS = .*?;\n", PARAMETERS.replace("$", "\\$"))
                .replaceAll("(?s)    record Results.*?\n    }\n", bigJob.replace("$", "\\$"));
        assertThat(text).contains(".range(\"eps\", 0.03, 0.5, 7)", "String model = job.word(\"model\");");
        Path file = dir.resolve("Study.java");
        Files.writeString(file, text);
        return file;
    }

    /** Runs the study as its user would: jbang (as set up) in the study's folder. */
    static Launch run(Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Setup.jbang(), file.getFileName().toString(), "-timeout", "120"));
        cmd.addAll(List.of(args));
        return Launch.start(Map.of(), file.getParent(), cmd.toArray(String[]::new));
    }

    /** The serial loop the sweep must equal: every (eps, alpha, model), in the CSV's words. */
    static Map<String, String> serial(List<Double> eps, List<Double> alphas, List<String> models) {
        Map<String, String> values = new LinkedHashMap<>();
        for (double e : eps) {
            for (double alpha : alphas) {
                for (String model : models) {
                    double energy = model.equals("linear") ? alpha * e : alpha * e * e * e;
                    values.put(text(e) + "," + text(alpha) + "," + model, energy + "," + Math.abs(energy - e));
                }
            }
        }
        return values;
    }

    static List<Double> linspace(double start, double stop, int count) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            v.add(i == count - 1 ? stop : start + i * ((stop - start) / (count - 1)));
        }
        return v;
    }

    /** A parameter's value as the CSV writes it: whole numbers without ".0". */
    static String text(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static final Map<String, String> SERIAL = serial(linspace(0.03, 0.5, 7), List.of(0.5, 1.0, 2.0), List.of("linear", "cubic"));

    /** The CSV as "eps,alpha,model" to "energy,error", in the file's order, failing on a repeated job. */
    static Map<String, String> values(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("eps,alpha,model,energy,error,rank,start,seconds,run");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(values.put(f[0] + "," + f[1] + "," + f[2], f[3] + "," + f[4])).as("%s twice", line).isNull();
        }
        return values;
    }

    static Stream<Arguments> ranksAndDevices() {
        return Stream.of("multicore", "niodev").flatMap(d -> Stream.of(1, 3, 8).map(n -> Arguments.of(n, d)));
    }

    @ParameterizedTest(name = "{0} ranks on {1}")
    @MethodSource("ranksAndDevices")
    void theCsvHoldsTheSerialLoopsValues(int ranks, String device, @TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result r = run(file, "-np", String.valueOf(ranks), "-dev", device, "--quiet").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(SERIAL);
        assertThat(r.out()).as(r.toString()).contains("sweep: 42 of 42 results in " + dir.resolve("sweep.csv"))
                .anyMatch(l -> l.startsWith("sweep: 42 jobs on " + ranks + " rank" + (ranks == 1 ? "" : "s")
                        + ", schedule dynamic: "));
        assertThat(r.errWithoutJbang()).as(r.toString()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("Study.java", "sweep.csv", "sweep.json",
                    "sweep-best.csv", "sweep-heatmap-energy-model-linear.png", "sweep-heatmap-energy-model-cubic.png",
                    "sweep-heatmap-error-model-linear.png", "sweep-heatmap-error-model-cubic.png", "sweep-timeline.png");
        }
        BufferedImage heat = ImageIO.read(dir.resolve("sweep-heatmap-energy-model-cubic.png").toFile());
        assertThat(heat.getWidth()).isEqualTo(900);
        assertThat(heat.getHeight()).isEqualTo(700);
        assertThat(r.leftovers()).isEmpty();
    }

    @Test
    void blocksGiveTheSameValues(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result r = run(file, "-np", "5", "--schedule", "blocks", "--quiet", "--out", "blocks.csv").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(values(dir.resolve("blocks.csv"))).containsExactlyEntriesOf(SERIAL);
        assertThat(r.out()).as(r.toString()).anyMatch(l -> l.startsWith("sweep: 42 jobs on 5 ranks, schedule blocks: "));
    }

    @Test
    void theCommandLineChangesTheGrid(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result r = run(file, "-np", "2", "--eps", "0:1:3", "--model=linear", "--quiet").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(values(dir.resolve("sweep.csv")))
                .containsExactlyEntriesOf(serial(List.of(0.0, 0.5, 1.0), List.of(0.5, 1.0, 2.0), List.of("linear")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("failingRuns")
    void aJobThatThrowsStopsTheRunWithItsParametersAndResumeFinishesIt(String ranks, String device, @TempDir Path dir)
            throws Exception {
        Path file = study(dir, FAILS);
        int line = Files.readAllLines(file).indexOf(Files.readAllLines(file).stream()
                .filter(l -> l.contains("no convergence")).findFirst().orElseThrow()) + 1;
        Launch.Result failed = run(file, "-np", ranks, "-dev", device, "--quiet").await();

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        List<String> err = failed.errWithoutJbang();
        assertThat(err).as(failed.toString()).anyMatch(l -> l.matches("Study\\.java: rank \\d+ failed: job 41 of 42 \\(eps=0\\.5,"
                + " alpha=2, model=cubic\\): java\\.lang\\.IllegalStateException: no convergence(; the other .*)?"));
        assertThat(err).as(failed.toString()).contains("\tat Study.bigJob(Study.java:" + line + ")");
        assertThat(dir.resolve("sweep.csv")).doesNotExist();
        List<String> partial = Files.readAllLines(dir.resolve("sweep.csv.partial"));
        int kept = (int) partial.stream().skip(1).filter(l -> !l.startsWith("!")).count();
        // The count it says is the partial file's, exactly: nothing is recorded after the failure.
        assertThat(err).as(failed.toString()).contains("sweep: " + kept + (kept == 1 ? " result is in " : " results are in ")
                + dir.resolve("sweep.csv.partial") + "; mend bigJob, then run again with --resume to run only the "
                + (42 - kept) + " missing job" + (42 - kept == 1 ? "" : "s") + " (or --keep-going to record failures and go on)");
        assertThat(failed.leftovers()).isEmpty();

        // Mend bigJob, as its user would, and finish the run.
        Files.writeString(file, Files.readString(file).replace("eps > 0.45", "eps > 9"));
        Launch.Result resumed = run(file, "-np", ranks, "-dev", device, "--quiet", "--resume").await();

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).as(resumed.toString()).anyMatch(l -> l.startsWith("sweep: " + (42 - kept) + (42 - kept == 1 ? " job on " : " jobs on ")));
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(SERIAL);
        assertThat(dir.resolve("sweep.csv.partial")).doesNotExist();
    }

    static Stream<Arguments> failingRuns() {
        return Stream.of(Arguments.of("1", "multicore"), Arguments.of("4", "multicore"), Arguments.of("3", "niodev"));
    }

    @Test
    void keepGoingListsTheFailedJobsAndResumeRunsOnlyThem(@TempDir Path dir) throws Exception {
        Path file = study(dir, FAILS);
        Launch.Result r = run(file, "-np", "3", "--quiet", "--keep-going").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("Study.java: 1 of 42 jobs failed");
        assertThat(r.out()).as(r.toString()).contains("sweep: 41 of 42 results in " + dir.resolve("sweep.csv"),
                "sweep: 1 job failed, listed with the error in " + dir.resolve("sweep-failures.csv") + "; mend bigJob, then"
                        + " run again with --resume to run only the missing jobs");
        assertThat(Files.readAllLines(dir.resolve("sweep-failures.csv"))).containsExactly("eps,alpha,model,rank,attempts,error",
                Files.readAllLines(dir.resolve("sweep-failures.csv")).get(1));
        assertThat(Files.readAllLines(dir.resolve("sweep-failures.csv")).get(1))
                .matches("0\\.5,2,cubic,\\d,1,java\\.lang\\.IllegalStateException: no convergence");
        Map<String, String> without = new LinkedHashMap<>(SERIAL);
        without.remove("0.5,2,cubic");
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(without);

        Files.writeString(file, Files.readString(file).replace("eps > 0.45", "eps > 9"));
        Launch.Result resumed = run(file, "-np", "3", "--quiet", "--resume").await();

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).as(resumed.toString()).anyMatch(l -> l.startsWith("sweep: 1 job on 3 ranks, "));
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(SERIAL);
        assertThat(dir.resolve("sweep-failures.csv")).doesNotExist();
    }

    @Test
    void aNanResultIsAFailureOnlyWhenAskedFor(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB.replace("Math.abs(energy - eps)", "eps > 0.45 ? Double.NaN : Math.abs(energy - eps)"));
        Launch.Result kept = run(file, "-np", "2", "--quiet", "--out", "kept.csv").await();
        Launch.Result refused = run(file, "-np", "2", "--quiet", "--fail-on-nan").await();

        assertThat(kept.exit()).as(kept.toString()).isZero();
        assertThat(values(dir.resolve("kept.csv")).get("0.5,1,linear")).isEqualTo("0.5,NaN");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.errWithoutJbang()).as(refused.toString()).anyMatch(l -> l.matches("Study\\.java: rank \\d failed:"
                + " job \\d+ of 42 \\(eps=0\\.5, alpha=[0-9.]+, model=\\w+\\): java\\.lang\\.ArithmeticException: the result"
                + " 'error' is NaN \\(--fail-on-nan\\).*"));
    }

    @Test
    void oneParameterAndOneNumberGiveALinePlot(@TempDir Path dir) throws Exception {
        Path file = oneNumberStudy(dir, "Curve", "new Parameters().range(\"x\", 0, 2, 21)",
                "job.number(\"x\") * job.number(\"x\")");
        Launch.Result r = run(file, "-np", "3", "--quiet").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(csv.get(0)).isEqualTo("x,value,rank,start,seconds,run");
        assertThat(csv).hasSize(22);
        assertThat(csv.get(12)).startsWith("1.1," + 1.1 * 1.1 + ",");
        assertThat(r.out()).contains("sweep: pictures " + dir.resolve("sweep-plot.png") + " and "
                + dir.resolve("sweep-timeline.png"));
        assertThat(ImageIO.read(dir.resolve("sweep-plot.png").toFile())).isNotNull();
    }

    @Test
    void aGridOfManyJobsIsDrawnAsAnImageAndItsTimelineAsBands(@TempDir Path dir) throws Exception {
        // 150 x 100 = 15,000 jobs of microseconds: more cells than shapes, more jobs than bars.
        Path file = oneNumberStudy(dir, "Fine", "new Parameters().range(\"x\", 0, 1, 150).range(\"y\", 0, 1, 100)",
                "job.number(\"x\") + job.number(\"y\")");
        Launch.Result r = run(file, "-np", "3", "--quiet").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("sweep.csv"))).hasSize(15_001);
        // The heat map: x + y grows from the lower left to the upper right, so the two corners of
        // the plot differ, and neither is the white of an empty plot.
        BufferedImage heat = ImageIO.read(dir.resolve("sweep-heatmap.png").toFile());
        int low = plotPixel(heat, 0.1, 0.9);
        int high = plotPixel(heat, 0.75, 0.1);
        assertThat(low).as("lower left of the heat map").isNotEqualTo(0xffffff).isNotEqualTo(high);
        assertThat(high).as("upper right of the heat map").isNotEqualTo(0xffffff);
        // The timeline: each rank's row is a band of blue shades across the run, not blank.
        BufferedImage timeline = ImageIO.read(dir.resolve("sweep-timeline.png").toFile());
        long blue = 0;
        for (int x = 0; x < timeline.getWidth(); x++) {
            for (int y = 0; y < timeline.getHeight(); y++) {
                int rgb = timeline.getRGB(x, y) & 0xffffff;
                if ((rgb & 0xff) > ((rgb >> 16) & 0xff) + 40) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("blue pixels of the timeline's bands").isGreaterThan(timeline.getWidth() * timeline.getHeight() / 10);
    }

    @Test
    void threeHundredThousandJobsRunInBoundedMemoryEachOnceAndResumeAfterAKill(@TempDir Path dir) throws Exception {
        // 600 x 500 jobs of some microseconds each, in a JVM of 128 MB: as many boxed results, lines
        // of text and list entries per job as before would not fit. Killed (SIGKILL) once a sixth of
        // the jobs are in the partial file, then --resume runs exactly the jobs it does not hold.
        Path file = oneNumberStudy(dir, "Many", "new Parameters().range(\"a\", 0, 599, 600).range(\"b\", 0, 499, 500)",
                "Math.sqrt(busy(job.number(\"a\"))) + 1000 * job.number(\"a\") + job.number(\"b\")");
        Files.writeString(file, Files.readString(file).replace("    public static void main", """
                    static double busy(double a) {
                        double s = a;
                        for (int i = 0; i < 2000; i++) {
                            s = s * 0.5 + 1;
                        }
                        return s * 0 + a * a;
                    }

                    public static void main"""));
        Map<String, String> small = Map.of("JAVA_TOOL_OPTIONS", "-Xmx128m");
        Path partial = dir.resolve("sweep.csv.partial");
        Launch first = Launch.start(small, dir, Setup.jbang(), file.getFileName().toString(), "-np", "3", "-timeout", "300",
                "--quiet");
        Launch.awaitLines(partial, 50_000);
        first.pause();
        first.handle().destroyForcibly();
        first.await();
        first.resume();
        assertThat(first.awaitNoLeftovers(30)).isEmpty();
        String text = Files.readString(partial);
        long kept = text.lines().count() - 1 - (text.endsWith("\n") ? 0 : 1);
        assertThat(kept).as("results in the partial file").isBetween(50_000L - 1, 299_999L);

        Launch.Result resumed = Launch.start(small, dir, Setup.jbang(), file.getFileName().toString(), "-np", "3",
                "-timeout", "300", "--quiet", "--resume").await();
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).as(resumed.toString()).anyMatch(l -> l.startsWith("sweep: " + (300_000 - kept)
                + " jobs on 3 ranks")).anyMatch(l -> l.matches("sweep: jobs per rank \\(and its share of the time in bigJob\\):"
                + " 0: [1-9][0-9]* \\([0-9]+%\\), 1: [1-9][0-9]* \\([0-9]+%\\), 2: [1-9][0-9]* \\([0-9]+%\\)"))
                .contains("sweep: 300000 of 300000 results in " + dir.resolve("sweep.csv"));
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(csv).hasSize(300_001);
        assertThat(csv.get(0)).isEqualTo("a,b,value,rank,start,seconds,run");
        for (int job = 0; job < 300_000; job++) {
            int a = job / 500;
            int b = job % 500;
            String line = csv.get(job + 1);
            String want = a + "," + b + "," + (a + 1000.0 * a + b) + ",";
            if (!line.startsWith(want)) {
                assertThat(line).as("row %d", job + 1).startsWith(want);
            }
        }
        assertThat(partial).doesNotExist();
    }

    @Test
    void aJobsRandomDrawsAreTheSameAtAnyRankCountScheduleAndDevice(@TempDir Path dir) throws Exception {
        // A Monte Carlo job: the mean of 1000 draws from its own generator.
        Path file = oneNumberStudy(dir, "Carlo", "new Parameters().range(\"x\", 0, 1, 30).words(\"model\", \"a\", \"b\")",
                "java.util.stream.DoubleStream.generate(job.random()::nextGaussian).limit(1000).average().orElse(0)");
        List<List<String>> values = new ArrayList<>();
        for (List<String> how : List.of(List.of("-np", "1", "--schedule", "blocks"), List.of("-np", "4"),
                List.of("-np", "3", "-dev", "niodev", "--schedule", "blocks"))) {
            List<String> args = new ArrayList<>(how);
            args.addAll(List.of("--quiet", "--out", dir.resolve(values.size() + ".csv").toString()));
            Launch.Result r = run(file, args.toArray(String[]::new)).await();
            assertThat(r.exit()).as(r.toString()).isZero();
            values.add(Files.readAllLines(dir.resolve(values.size() + ".csv")).stream()
                    .map(l -> String.join(",", java.util.Arrays.asList(l.split(",")).subList(0, 3))).toList());
        }
        assertThat(values.get(0)).hasSize(61).doesNotHaveDuplicates();
        assertThat(values.get(1)).isEqualTo(values.get(0));
        assertThat(values.get(2)).isEqualTo(values.get(0));
        // Another --seed, other draws.
        Launch.Result other = run(file, "--quiet", "--seed", "7", "--out", dir.resolve("seven.csv").toString()).await();
        assertThat(other.exit()).as(other.toString()).isZero();
        String seven = Files.readAllLines(dir.resolve("seven.csv")).get(1);
        assertThat(seven.substring(0, seven.indexOf(',', seven.indexOf(',', seven.indexOf(',') + 1) + 1)))
                .isNotEqualTo(values.get(0).get(1));
    }

    @Test
    void thePicturesAndTheBestParametersTellTheTruth(@TempDir Path dir) throws Exception {
        Path file = study(dir, FAILS);
        Launch.Result r = run(file, "-np", "3", "--quiet", "--keep-going").await();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);

        // A heat map per word, never the mean over one: the failed job's cell is red in cubic's only.
        int red = 0xd7301f;
        assertThat(colours(dir.resolve("sweep-heatmap-energy-model-cubic.png"))).contains(red);
        assertThat(colours(dir.resolve("sweep-heatmap-energy-model-linear.png"))).doesNotContain(red);
        // The summary's last lines: each result from its lowest to its highest, and the file of the best.
        Map<String, String> ok = new LinkedHashMap<>(SERIAL);
        ok.remove("0.5,2,cubic");
        List<Map.Entry<String, String>> byEnergy = ok.entrySet().stream()
                .sorted(java.util.Comparator.comparingDouble(e -> Double.parseDouble(e.getValue().split(",")[0]))).toList();
        Map.Entry<String, String> low = byEnergy.get(0);
        Map.Entry<String, String> high = byEnergy.get(byEnergy.size() - 1);
        assertThat(r.out()).as(r.toString()).contains("sweep: energy from " + text(Double.parseDouble(low.getValue()
                .split(",")[0])) + " (" + described(low.getKey()) + ") to " + text(Double.parseDouble(high.getValue()
                .split(",")[0])) + " (" + described(high.getKey()) + ")");
        assertThat(r.out()).last().isEqualTo("sweep: the 5 lowest and highest of each result, with their parameters: "
                + dir.resolve("sweep-best.csv"));
        List<String> best = Files.readAllLines(dir.resolve("sweep-best.csv"));
        assertThat(best).hasSize(21).first().isEqualTo("result,end,place,eps,alpha,model,value");
        for (int place = 1; place <= 5; place++) {
            Map.Entry<String, String> e = byEnergy.get(place - 1);
            assertThat(best.get(place)).isEqualTo("energy,lowest," + place + "," + e.getKey() + "," + e.getValue().split(",")[0]);
            Map.Entry<String, String> h = byEnergy.get(byEnergy.size() - place);
            assertThat(best.get(5 + place)).isEqualTo("energy,highest," + place + "," + h.getKey() + ","
                    + h.getValue().split(",")[0]);
        }

        // One parameter that varies among constants (--set fixes one): a line, not a one-row heat map.
        Launch.Result line = run(file, "-np", "2", "--quiet", "--set", "model=cubic", "--set", "alpha=1",
                "--out", "line.csv").await();
        assertThat(line.exit()).as(line.toString()).isZero();
        assertThat(line.out()).contains("sweep: pictures " + dir.resolve("line-plot-energy.png") + ", "
                + dir.resolve("line-plot-error.png") + " and " + dir.resolve("line-timeline.png"));
        assertThat(values(dir.resolve("line.csv")).keySet()).hasSize(7).allMatch(k -> k.endsWith(",1,cubic"));
    }

    @Test
    void aCurvePerJobGoesToALongFormCsvAndAPictureAndResumesWithTheRest(@TempDir Path dir) throws Exception {
        // path: 2 alpha + 1 points per job, the i-th eps * i; one job fails the first time.
        Path file = study(dir, """
                    record Results(double energy, double[] path) { }

                    static Results bigJob(Job job) {
                        double eps = job.number("eps");
                        double alpha = job.number("alpha");
                        String model = job.word("model");
                        //FAIL
                        double[] path = new double[(int) (2 * alpha) + 1];
                        for (int i = 0; i < path.length; i++) {
                            path[i] = eps * i;
                        }
                        return new Results(alpha * eps, path);
                    }
                """.replace("//FAIL", "if (model.equals(\"cubic\") && alpha == 2 && eps > 0.45) {"
                + " throw new IllegalStateException(\"no convergence\"); }"));
        Launch.Result r = run(file, "-np", "3", "-dev", "niodev", "--quiet", "--keep-going").await();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("sweep.csv")).get(0)).isEqualTo("eps,alpha,model,energy,rank,start,seconds,run");
        Path curves = dir.resolve("sweep-curve-path.csv");
        List<String> points = Files.readAllLines(curves);
        assertThat(points.get(0)).isEqualTo("job,eps,alpha,model,index,value");
        assertThat(points.subList(1, 3)).containsExactly("0,0.03,0.5,linear,0,0.0", "0,0.03,0.5,linear,1,0.03");
        assertThat(points).hasSize(1 + 14 * (2 + 3 + 5) - 5);
        assertThat(r.out()).anyMatch(l -> l.startsWith("sweep: pictures ") && l.contains(dir.resolve("sweep-curves-path.png")
                .toString()));
        assertThat(ImageIO.read(dir.resolve("sweep-curves-path.png").toFile())).isNotNull();

        // Mended and resumed from the finished files: the curves come back from their CSV, the missing one is added.
        Files.writeString(file, Files.readString(file).replace("eps > 0.45", "eps > 9"));
        Launch.Result resumed = run(file, "-np", "2", "--quiet", "--resume").await();
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        List<String> all = Files.readAllLines(curves);
        assertThat(all).hasSize(1 + 14 * (2 + 3 + 5)).startsWith(points.subList(0, 3).toArray(String[]::new))
                .contains("41,0.5,2,cubic,4,2.0");
    }

    /** A CSV key "0.5,2,cubic" as the summary names a job: "eps=0.5, alpha=2, model=cubic". */
    private static String described(String key) {
        String[] v = key.split(",");
        return "eps=" + v[0] + ", alpha=" + v[1] + ", model=" + v[2];
    }

    /** Every colour of a picture, as RGB. */
    private static java.util.Set<Integer> colours(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen;
    }

    /** A bigJob whose job (eps 0.5, alpha 2, cubic) never returns, as a solver that does not converge. */
    static final String STUCK = BIG_JOB.replace("//FAIL", "if (model.equals(\"cubic\") && alpha == 2 && eps > 0.45) {"
            + " while (eps > 0) { eps = Math.sqrt(eps * eps); } }");

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"multicore", "niodev"})
    void aJobThatNeverReturnsIsEndedByJobTimeoutAndTheRunGoesOn(String device, @TempDir Path dir) throws Exception {
        Path file = study(dir, STUCK);
        // Without a limit per job, the run's -timeout ends it all: the results so far are kept.
        List<String> cmd = List.of(Setup.jbang(), "Study.java", "-np", "3", "-dev", device, "-timeout", "6", "--quiet");
        Launch.Result stopped = Launch.start(Map.of(), dir, cmd.toArray(String[]::new)).await();

        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(124);
        assertThat(stopped.errWithoutJbang()).as(stopped.toString())
                .anyMatch(l -> l.matches("Study\\.java: timeout: ranks? [0-9, ]+ had not finished after 6 s and the run was"
                        + " stopped"))
                .contains("sweep: the results so far are kept in " + dir.resolve("sweep.csv.partial") + "; run again with"
                        + " --resume to run only the missing jobs; --job-timeout SECONDS ends a job that runs too long");
        assertThat(stopped.leftovers()).isEmpty();

        // With one, the stuck job fails with "timeout" and every other job is done.
        Launch.Result r = run(file, "-np", "3", "-dev", device, "--quiet", "--resume", "--job-timeout", "2",
                "--keep-going").await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly("Study.java: 1 of " + (42 - resumedFrom(r))
                + " jobs failed");
        assertThat(Files.readAllLines(dir.resolve("sweep-failures.csv"))).containsExactly("eps,alpha,model,rank,attempts,error",
                Files.readAllLines(dir.resolve("sweep-failures.csv")).get(1));
        assertThat(Files.readAllLines(dir.resolve("sweep-failures.csv")).get(1))
                .matches("0\\.5,2,cubic,\\d,1,timeout: still running after 2 s \\(--job-timeout\\)");
        Map<String, String> without = new LinkedHashMap<>(SERIAL);
        without.remove("0.5,2,cubic");
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(without);
        assertThat(r.leftovers()).isEmpty();
    }

    /** How many results a --resume run found, from its summary's count of jobs it ran. */
    private static int resumedFrom(Launch.Result r) {
        String line = r.out().stream().filter(l -> l.matches("sweep: \\d+ jobs? on .*")).findFirst().orElseThrow();
        return 42 - Integer.parseInt(line.substring("sweep: ".length(), line.indexOf(' ', "sweep: ".length())));
    }

    @Test
    void aJobThatFailsOnceRunsAgainWithRetriesAndTheFailuresFileCountsTheAttempts(@TempDir Path dir) throws Exception {
        // A passing fault: the first attempt of one job fails (as an I/O hiccup would), the second works.
        Path once = dir.resolve("once");
        Path file = study(dir, BIG_JOB.replace("//FAIL", "if (model.equals(\"cubic\") && alpha == 2 && eps > 0.45"
                + " && new java.io.File(\"" + once + "\").mkdir()) { throw new java.io.UncheckedIOException("
                + "new java.io.IOException(\"hiccup\")); }"));
        Launch.Result r = run(file, "-np", "3", "--quiet", "--retries", "1").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.errWithoutJbang()).as(r.toString()).singleElement().asString().matches("sweep: job 41 of 42 \\(eps=0\\.5,"
                + " alpha=2, model=cubic\\) failed on rank \\d \\(java\\.io\\.UncheckedIOException: java\\.io\\.IOException:"
                + " hiccup\\); running it again,"
                + " attempt 2 of 2");
        assertThat(values(dir.resolve("sweep.csv"))).containsExactlyEntriesOf(SERIAL);

        // A job that always fails is tried 1 + N times, and then it is a failure like any other.
        Path always = study(dir.resolve("always"), FAILS);
        Launch.Result failed = run(always, "-np", "3", "--quiet", "--retries", "2", "--keep-going").await();

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.errWithoutJbang()).as(failed.toString()).hasSize(3).last().isEqualTo("Study.java: 1 of 42 jobs failed");
        assertThat(Files.readAllLines(dir.resolve("always/sweep-failures.csv")).get(1))
                .matches("0\\.5,2,cubic,\\d,3,java\\.lang\\.IllegalStateException: no convergence");
    }

    @Test
    void theProvenanceBesideTheCsvSaysWhereEachRowCameFrom(@TempDir Path dir) throws Exception {
        Path file = study(dir, FAILS);
        Launch.Result failed = run(file, "-np", "2", "--quiet", "--seed", "11").await();
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        String firstSha = sha256(file);

        // Mended, then resumed: a second run, with other code, says so and goes on.
        Files.writeString(file, Files.readString(file).replace("eps > 0.45", "eps > 9"));
        Launch.Result resumed = run(file, "-np", "3", "-dev", "niodev", "--quiet", "--seed", "11", "--resume").await();
        assertThat(resumed.exit()).as(resumed.toString()).isZero();

        JsonNode json = new ObjectMapper().readTree(dir.resolve("sweep.json").toFile());
        JsonNode runs = json.get("runs");
        assertThat(resumed.errWithoutJbang()).as(resumed.toString()).containsExactly("sweep: the code has changed since"
                + " run 1 (" + runs.get(0).get("code").asString() + ", now " + runs.get(1).get("code").asString()
                + "); the CSV's run column tells their rows apart");
        assertThat(json.get("sweep").asString()).isEqualTo("eps=0.03:0.5:7 alpha=0.5,1,2 model=linear,cubic"
                + " results=energy,error");
        assertThat(json.get("parameters").get("eps")).hasSize(7);
        assertThat(json.get("parameters").get("model").toString()).isEqualTo("[\"linear\",\"cubic\"]");
        assertThat(json.get("seed").asLong()).isEqualTo(11);
        assertThat(json.get("study").asString()).isEqualTo(file.toRealPath().toString());
        assertThat(runs).hasSize(2);
        JsonNode one = runs.get(0);
        JsonNode two = runs.get(1);
        assertThat(one.get("studySha256").asString()).isEqualTo(firstSha);
        assertThat(two.get("studySha256").asString()).isEqualTo(sha256(file));
        assertThat(one.get("code").asString()).startsWith("sha256:").isNotEqualTo(two.get("code").asString());
        assertThat(List.of(one.get("device").asString(), two.get("device").asString())).containsExactly("multicore", "niodev");
        assertThat(List.of(one.get("ranks").asInt(), two.get("ranks").asInt())).containsExactly(2, 3);
        assertThat(two.get("arguments").toString()).isEqualTo("[\"--quiet\",\"--seed\",\"11\",\"--resume\"]");
        assertThat(two.get("hosts").get(0).asString()).endsWith(" x3");
        assertThat(one.get("end").isNull()).isFalse();
        assertThat(two.get("java").asString()).contains(System.getProperty("java.runtime.version"));
        assertThat(two.get("mpj").asString()).contains("MPJ Express 0.44");
        assertThat(List.of(one.get("jobsFailed").asInt(), two.get("jobsFailed").asInt())).containsExactly(1, 0);
        assertThat(two.get("resumed").asBoolean()).isTrue();
        // The CSV's run column: the rows of each run, as many as each says it did.
        Map<String, Long> byRun = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("sweep.csv")).subList(1, 43)) {
            byRun.merge(line.substring(line.lastIndexOf(',') + 1), 1L, Long::sum);
        }
        assertThat(byRun.getOrDefault("1", 0L)).isEqualTo(one.get("jobsDone").asLong());
        assertThat(byRun.get("2")).isEqualTo(two.get("jobsDone").asLong());
        assertThat(byRun.getOrDefault("1", 0L) + byRun.get("2")).isEqualTo(42);
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    @Test
    void aFinishedResultOfOtherValuesIsNotOverwrittenAndFoldersAreMade(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result first = run(file, "-np", "2", "--quiet", "--eps", "0:1:3", "--out", "a/b/c.csv").await();
        assertThat(first.exit()).as(first.toString()).isZero();
        Path csv = dir.resolve("a/b/c.csv");
        byte[] before = Files.readAllBytes(csv);

        Launch.Result refused = run(file, "-np", "2", "--quiet", "--out", "a/b/c.csv").await();
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.errWithoutJbang()).as(refused.toString()).containsExactly("Study.java: " + csv + " holds the"
                + " finished results of other values (eps=0:1:3 alpha=0.5,1,2 model=linear,cubic results=energy,error);"
                + " give a new --out to keep them (or --overwrite to replace them; --resume adds to results of the same"
                + " values)");
        assertThat(Files.readAllBytes(csv)).isEqualTo(before);
        assertThat(refused.out()).isEmpty();

        // The same values again: a new run of the same sweep replaces it; --overwrite, one of others.
        Launch.Result again = run(file, "-np", "2", "--quiet", "--eps", "0:1:3", "--out", "a/b/c.csv").await();
        assertThat(again.exit()).as(again.toString()).isZero();
        Launch.Result replaced = run(file, "-np", "2", "--quiet", "--out", "a/b/c.csv", "--overwrite").await();
        assertThat(replaced.exit()).as(replaced.toString()).isZero();
        assertThat(values(csv)).containsExactlyEntriesOf(SERIAL);
    }

    /** The template's study as class {@code name} with these parameters and a bigJob that returns one number, {@code value}. */
    private static Path oneNumberStudy(Path dir, String name, String parameters, String value) throws Exception {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, made.replace("Study", name)
                .replaceAll("(?s)    static final Parameters PARAMETERS = .*?;\n",
                        "    static final Parameters PARAMETERS = " + parameters.replace("$", "\\$") + ";\n")
                .replaceAll("(?s)    record Results.*?\n    }\n", "    static double bigJob(Job job) {\n        return "
                        + value.replace("$", "\\$") + ";\n    }\n")
                .replace("Results.class", "Double.class"));
        return file;
    }

    /** The RGB of the heat map at a fraction of its width and height, inside the plot's frame. */
    private static int plotPixel(BufferedImage image, double x, double y) {
        return image.getRGB((int) (image.getWidth() * x), (int) (image.getHeight() * y)) & 0xffffff;
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--eps", "0.5:0.5:3"), "Study.java: --eps 0.5:0.5:3 is empty: START must be below STOP (or COUNT 1)"),
                Arguments.of(List.of("--eps", "0:1:0"), "Study.java: --eps 0:1:0 has no values: COUNT must be 1 or more"),
                Arguments.of(List.of("--alpha", "1,two"), "Study.java: --alpha takes numbers (a range START:STOP:COUNT or"
                        + " values separated by commas), not 'two'"),
                Arguments.of(List.of("--model", "linear,,cubic"), "Study.java: --model linear,,cubic has an empty value"),
                Arguments.of(List.of("--temperature", "300"), "Study.java: unknown option --temperature; this sweep takes its"
                        + " parameters --eps, --alpha, --model and the options --schedule, --seed, --out, --resume, --overwrite,"
                        + " --quiet, --keep-going, --fail-on-nan, --set, --job-timeout, --retries (-help says more)"),
                Arguments.of(List.of("--set", "colour=red"), "Study.java: --set takes NAME=VALUE with NAME one of the"
                        + " parameters eps, alpha, model, not 'colour=red'"),
                Arguments.of(List.of("--set", "model=linear,cubic"), "Study.java: --set gives model one value, not"
                        + " 'linear,cubic'; for several use --model A,B or START:STOP:COUNT"),
                Arguments.of(List.of("--job-timeout", "0"), "Study.java: --job-timeout must be more than 0 seconds, not 0"),
                Arguments.of(List.of("--job-timeout", "soon"), "Study.java: --job-timeout takes a number of seconds, not 'soon'"),
                Arguments.of(List.of("--retries", "-1"), "Study.java: --retries must be 0 or more, not -1"),
                Arguments.of(List.of("--resume", "--overwrite"), "Study.java: --resume adds to the results in --out and"
                        + " --overwrite replaces them; give one of the two"),
                Arguments.of(List.of("--out", "Study.java/sweep.csv"), "Study.java: --out " + "%DIR%/Study.java/sweep.csv: "
                        + "%DIR%/Study.java is a file, not a folder; choose another place"),
                Arguments.of(List.of("--schedule", "article"), "Study.java: unknown schedule 'article'; use one of dynamic, blocks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputGetsOneLineAndStatus2BeforeAnyRankStarts(List<String> args, String message, @TempDir Path dir)
            throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result r = run(file, args.toArray(String[]::new)).await();

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errWithoutJbang()).as(r.toString()).containsExactly(message.replace("%DIR%", dir.toString()));
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("Study.java");
        }
    }

    @Test
    void aMistakeInTheFileIsOneLineToo(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Files.writeString(file, Files.readString(file).replace(".words(\"model\"", ".words(\"out\""));
        Launch.Result named = run(file).await();
        Files.writeString(file, Files.readString(file).replace(".words(\"out\"", ".words(\"model\"")
                .replace("record Results(double energy, double error)", "record Results(double energy, int[] error)")
                .replace("Math.abs(energy - eps))", "new int[] {1})"));
        Launch.Result typed = run(file).await();

        assertThat(named.exit()).as(named.toString()).isEqualTo(2);
        assertThat(named.errWithoutJbang()).as(named.toString())
                .containsExactly("Study.java: the parameter 'out' has the name of the sweep's option --out; call it something else");
        assertThat(typed.exit()).as(typed.toString()).isEqualTo(2);
        assertThat(typed.errWithoutJbang()).as(typed.toString()).containsExactly("Study.java: Results.error is of type int[];"
                + " each result is one number or one word (double, long, int, boolean, String or an enum), or a curve"
                + " (double[])");
    }

    @Test
    void helpListsTheParametersAndOptions(@TempDir Path dir) throws Exception {
        Path file = study(dir, BIG_JOB);
        Launch.Result r = run(file, "-help").await();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Parameters (every combination is one job; 42 now), each settable by name:",
                "  --eps              numbers START:STOP:COUNT or A,B,...; now 0.03:0.5:7",
                "  --model            words A,B,...; now linear,cubic",
                "  --keep-going       when bigJob fails for a job: record it and go on (default: stop the run)");
    }
    /** What slurm/sweep.sbatch says of a program that is not a sweep (%s: the program). */
    static final String NOT_A_SWEEP = "sweep.sbatch: %s takes no --out and --resume, so it is not a sweep this script can"
            + " run and resume; make one with: jbang init -t sweep DIR/MyStudy.java (or run your program with a script"
            + " like slurm/hello.sbatch)";

    @Test
    void theBatchScriptRunsItAndRefusesAProgramThatIsNotASweep(@TempDir Path dir) throws Exception {
        // slurm/sweep.sbatch as a plain script, as SLURM would run it, with no SLURM around it.
        Path file = study(dir.resolve("study"), BIG_JOB);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SLURM_JOB_NAME", "mine");
        env.put("SLURM_NTASKS", "3");
        env.put("SLURM_JOB_ID", null);
        env.put("MPJ_NO_SRUN", "1");
        env.put("JBANG", Setup.jbang());
        env.put("WORK", dir.resolve("work").toString());
        env.put("RESULTS", dir.resolve("results").toString());
        env.put("SWEEP_ARGS", "--quiet");
        env.put("LESSON", file.toString());
        Launch.Result mine = Launch.start(env, Launch.ROOT, "bash", "slurm/sweep.sbatch").await();
        env.put("LESSON", "lessons/01_hello.java");
        Launch.Result hello = Launch.start(env, Launch.ROOT, "bash", "slurm/sweep.sbatch").await();

        assertThat(mine.exit()).as(mine.toString()).isZero();
        assertThat(values(dir.resolve("results/sweep.csv"))).containsExactlyEntriesOf(SERIAL);
        assertThat(hello.exit()).as(hello.toString()).isEqualTo(2);
        assertThat(hello.errWithoutJbang()).as(hello.toString()).containsExactly(NOT_A_SWEEP.formatted("lessons/01_hello.java"));
        assertThat(hello.out()).as(hello.toString()).noneMatch(l -> l.startsWith("rank "))
                .anyMatch(l -> l.startsWith("end: ") && l.endsWith("(status 2)"));
    }
}
