package sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep's pictures, drawn with JFreeChart (a long-kept charting library on Maven Central that
 * writes PNG without a display), beside the CSV:
 * <ul>
 *   <li>for each numeric result, a heat map over the first two parameters that have more than one
 *       value, one per value of the others ({@link Panel}: past {@link #PANELS_AT_MOST}, numbers
 *       are averaged over, words never), cells without a result grey and failed ones red; or a
 *       line over the one parameter that varies; a grid of more than
 *       {@link #CELLS_AS_SHAPES} cells is drawn as an image of the grid, a pixel a cell, so that a
 *       1000 x 1000 grid takes no longer than a small one;</li>
 *   <li>a timeline: which rank ran which job when, so the balance of a schedule shows at a glance
 *       (white is time a rank spent outside bigJob, in MPI, waiting for a core or done, or jobs too
 *       short to show; failed jobs are red). Past {@link #BARS_AT_MOST} jobs a bar per job shows
 *       nothing one can read, so each rank's row is a band instead: how much of each moment it
 *       spent in bigJob.</li>
 * </ul>
 * A range's axis is numeric; a list's has one tick per value, in the order given.
 */
public final class Pictures {

    public static final int HEAT_WIDTH = 900;
    public static final int HEAT_HEIGHT = 700;
    public static final int TIMELINE_WIDTH = 1100;
    public static final int TIMELINE_HEIGHT = 600;
    /** Up to this many heat-map cells, each is a shape of its own (its edges crisp at any size). */
    static final int CELLS_AS_SHAPES = 10_000;
    /** Up to this many jobs, the timeline has a bar per job; past it, a band per rank. */
    static final int BARS_AT_MOST = 5_000;
    /**
     * The PNG writer's quality, 0.85: zlib's level 1, quick (its default, 9, took most of a small
     * picture's time); the pictures are mostly flat colour and hardly larger for it.
     */
    static final float PNG_QUALITY = 0.85f;
    /** How many slices of the run's time a band is made of. */
    static final int BAND_SLICES = 500;
    /** A rank's rows of pixels in the image of the bands: its band, with a blank row above and below. */
    static final int BAND_ROWS = 10;

    private Pictures() {
    }

    /** Every picture, and one line saying where they are. */
    public static void draw(Settings s, ResultLog log, int ranks) {
        Drawing drawing = start(s, log, ranks);
        drawing.finish();
    }

    /**
     * Starts drawing every picture, each in a thread of its own (the ranks are done: their cores
     * are free), so that the CSV can be written meanwhile; {@link Drawing#finish} waits for them
     * and says where they are.
     */
    public static Drawing start(Settings s, ResultLog log, int ranks) {
        System.setProperty("java.awt.headless", "true");
        Columns columns = log.columns();
        ResultTable table = log.table();
        List<Path> files = new ArrayList<>();
        List<Background> drawing = new ArrayList<>();
        List<Integer> numeric = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.numeric(c)) {
                numeric.add(c);
            }
        }
        List<Panel> panels = Panel.all(s.grid());
        String kind = panels.isEmpty() ? "plot" : "heatmap";
        java.util.BitSet failed = new java.util.BitSet();
        log.failed().forEach(r -> failed.set(r.job()));
        for (int c : numeric) {
            String name = columns.names().get(c);
            for (Panel panel : panels.isEmpty() ? java.util.Collections.<Panel>singletonList(null) : panels) {
                Path file = s.picture((numeric.size() == 1 ? kind : kind + "-" + name) + (panel == null ? "" : panel.suffix()));
                drawing.add(Background.start("picture " + file.getFileName(), () -> {
                    if (panel != null) {
                        heatMap(s, table, failed, c, name, panel, file);
                    } else {
                        plot(s, table, c, name, file);
                    }
                }));
                files.add(file);
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.curve(c)) {
                int column = c;
                String name = columns.names().get(c);
                Path file = s.picture("curves-" + name);
                drawing.add(Background.start("picture " + file.getFileName(), () -> curves(s, table, column, name, file)));
                files.add(file);
            }
        }
        Path timeline = s.picture("timeline");
        Run run = Run.of(table, log.failed());
        drawing.add(Background.start("picture " + timeline.getFileName(), () -> timeline(s, run, ranks, timeline)));
        files.add(timeline);
        return new Drawing(files, drawing);
    }

    /** Pictures being drawn. */
    public record Drawing(List<Path> files, List<Background> threads) {
        /** Waits until every picture is on disk (rethrowing what a drawing threw), then says where they are. */
        public void finish() {
            try {
                for (Background b : threads) {
                    b.join();
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<String> names = files.stream().map(Path::toString).toList();
            System.out.println("sweep: pictures " + (names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1)));
        }
    }

    /** At most this many heat maps per result: one per combination of the values of the parameters past the first two. */
    static final int PANELS_AT_MOST = 12;
    /** A cell without a result: no job of it ran, or its results are NaN. */
    static final int MISSING = 0xd9d9d9;
    /** A cell whose jobs failed, every one. */
    static final int FAILED = 0xd7301f;

    /**
     * One heat map: over the varying parameters {@code x} and {@code y} (positions in the grid),
     * with every other parameter fixed at a value ({@code fixed}[p], a position) or, where there are
     * too many combinations to draw each, a number averaged over (-1). A word is never averaged over.
     */
    record Panel(int x, int y, int[] fixed, String label, String suffix) {

        /** The heat maps a grid gets: none with fewer than two varying parameters. */
        static List<Panel> all(Parameters grid) {
            List<Parameters.Parameter> ps = grid.all();
            List<Integer> varying = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i).count() > 1) {
                    varying.add(i);
                }
            }
            if (varying.size() < 2) {
                return List.of();
            }
            List<Integer> others = varying.subList(2, varying.size());
            List<Integer> split = new ArrayList<>(others);
            if (combinations(ps, split) > PANELS_AT_MOST) {
                split.removeIf(i -> ps.get(i).kind() != Parameters.Kind.WORD); // numbers averaged over, words never
            }
            int[] fixed = new int[ps.size()];
            for (int i : others) {
                fixed[i] = -1;
            }
            List<Panel> panels = new ArrayList<>();
            long n = Math.min(combinations(ps, split), PANELS_AT_MOST);
            for (long k = 0; k < n; k++) {
                long rest = k;
                List<String> label = new ArrayList<>();
                StringBuilder suffix = new StringBuilder();
                int[] f = fixed.clone();
                for (int j = split.size() - 1; j >= 0; j--) {
                    Parameters.Parameter p = ps.get(split.get(j));
                    f[split.get(j)] = (int) (rest % p.count());
                    rest /= p.count();
                }
                for (int i : split) {
                    String v = Csv.param(ps.get(i).value(f[i]));
                    label.add(ps.get(i).name() + "=" + v);
                    suffix.append('-').append(ps.get(i).name()).append('-').append(v.replaceAll("[^A-Za-z0-9._+-]", "_"));
                }
                panels.add(new Panel(varying.get(0), varying.get(1), f, String.join(", ", label), suffix.toString()));
            }
            return panels;
        }

        private static long combinations(List<Parameters.Parameter> ps, List<Integer> which) {
            long n = 1;
            for (int i : which) {
                n *= ps.get(i).count();
            }
            return n;
        }

        /** The cell of a job whose positions are {@code at}, or -1 when the job is not in this panel. */
        int cell(int[] at, int ny) {
            for (int i = 0; i < at.length; i++) {
                if (i != x && i != y && fixed[i] >= 0 && at[i] != fixed[i]) {
                    return -1;
                }
            }
            return at[x] * ny + at[y];
        }
    }

    /**
     * Result {@code column} over the panel's two parameters, averaged over any it averages; a cell
     * without a result is grey, one whose jobs all failed red, as the subtitle says.
     */
    static void heatMap(Settings s, ResultTable results, java.util.BitSet failed, int column, String name, Panel panel,
                        Path file) {
        Parameters grid = s.grid();
        Parameters.Parameter px = grid.all().get(panel.x());
        Parameters.Parameter py = grid.all().get(panel.y());
        int nx = px.count();
        int ny = py.count();
        double[] sum = new double[nx * ny];
        int[] count = new int[nx * ny];
        boolean[] failedCell = new boolean[nx * ny];
        int[] at = new int[grid.size()];
        int shown = 0;
        for (int job = 0; job < s.jobs(); job++) {
            boolean has = results.has(job);
            if (!has && !failed.get(job)) {
                continue;
            }
            grid.positions(job, at);
            int c = panel.cell(at, ny);
            if (c < 0) {
                continue;
            }
            if (!has) {
                failedCell[c] = true;
                continue;
            }
            double v = results.number(job, column);
            shown++;
            if (Double.isFinite(v)) {
                sum[c] += v;
                count[c]++;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int missing = 0;
        int failedCells = 0;
        for (int c = 0; c < sum.length; c++) {
            if (count[c] > 0) {
                sum[c] /= count[c];
                lo = Math.min(lo, sum[c]);
                hi = Math.max(hi, sum[c]);
            } else if (failedCell[c]) {
                failedCells++;
            } else {
                missing++;
            }
        }
        if (!(hi > lo)) {
            hi = (Double.isFinite(lo) ? lo : 0) + 1;
            lo = hi - 1;
        }
        Colours scale = new Colours(lo, hi);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(step(px));
        renderer.setBlockHeight(step(py));
        renderer.setPaintScale(scale);
        DefaultXYZDataset data = new DefaultXYZDataset();
        ValueAxis xAxis = axis(px);
        ValueAxis yAxis = axis(py);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        if ((long) nx * ny <= CELLS_AS_SHAPES) {
            double[][] xyz = new double[3][sum.length];
            for (int c = 0; c < sum.length; c++) {
                xyz[0][c] = coordinate(px, c / ny);
                xyz[1][c] = coordinate(py, c % ny);
                xyz[2][c] = count[c] > 0 ? sum[c] : failedCell[c] ? Colours.FAILED_VALUE : Double.NaN;
            }
            data.addSeries(name, xyz);
        } else {
            // A pixel a cell, lowest y at the bottom, scaled onto the axes' ranges.
            BufferedImage image = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int c = 0; c < sum.length; c++) {
                pixels[(ny - 1 - c % ny) * nx + c / ny] = count[c] > 0 ? scale.rgb(sum[c]) : failedCell[c] ? FAILED : MISSING;
            }
            double x0 = coordinate(px, 0) - step(px) / 2;
            double y0 = coordinate(py, 0) - step(py) / 2;
            double w = step(px) * nx;
            double h = step(py) * ny;
            xAxis.setRange(x0, x0 + w);
            yAxis.setRange(y0, y0 + h);
            plot.addAnnotation(new XYDataImageAnnotation(image, x0, y0, w, h, true));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        String what = s.job() != null ? "bigJob(a, b) over the grid: " + s.job().word() : name + " over " + px.name() + " and "
                + py.name() + (panel.label().isEmpty() ? "" : ", " + panel.label());
        JFreeChart chart = new JFreeChart(what + ", " + shown + " results", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        List<String> notes = new ArrayList<>();
        List<String> constants = new ArrayList<>();
        List<String> averaged = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Parameters.Parameter p = grid.all().get(i);
            if (p.count() == 1) {
                constants.add(p.name() + "=" + Csv.param(p.value(0)));
            } else if (i != panel.x() && i != panel.y() && panel.fixed()[i] < 0) {
                averaged.add(p.name());
            }
        }
        if (!averaged.isEmpty()) {
            notes.add("each cell: the mean over " + String.join(", ", averaged));
        }
        if (!constants.isEmpty()) {
            notes.add("with " + String.join(", ", constants));
        }
        if (failedCells > 0) {
            notes.add("red: failed (" + failedCells + (failedCells == 1 ? " cell" : " cells") + ")");
        }
        if (missing > 0) {
            notes.add("grey: no result (" + missing + (missing == 1 ? " cell" : " cells") + ")");
        }
        if (!notes.isEmpty()) {
            chart.addSubtitle(new TextTitle(String.join("; ", notes)));
        }
        NumberAxis legendAxis = new NumberAxis(name);
        legendAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(8, 8, 8, 8);
        legend.setFrame(new BlockBorder(Color.GRAY));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, HEAT_WIDTH, HEAT_HEIGHT);
    }

    /** Result {@code column} over the only parameter, one point per value. */
    static void plot(Settings s, ResultTable results, int column, String name, Path file) {
        Parameters grid = s.grid();
        int x = 0;
        List<String> constants = new ArrayList<>();
        for (int i = grid.size() - 1; i >= 0; i--) {
            if (grid.all().get(i).count() > 1) {
                x = i;
            }
        }
        for (int i = 0; i < grid.size(); i++) {
            if (i != x) {
                constants.add(grid.all().get(i).name() + "=" + Csv.param(grid.all().get(i).value(0)));
            }
        }
        Parameters.Parameter p = grid.all().get(x);
        XYSeries series = new XYSeries(name, false, true);
        int[] at = new int[grid.size()];
        for (int job = results.next(0); job >= 0; job = results.next(job + 1)) {
            grid.positions(job, at);
            series.add(coordinate(p, at[x]), results.number(job, column), false);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x2c7fb8));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), axis(p), axis(name), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(name + " over " + p.name() + ", " + results.count() + " of " + s.jobs() + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        if (!constants.isEmpty()) {
            chart.addSubtitle(new TextTitle("with " + String.join(", ", constants)));
        }
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, HEAT_WIDTH, HEAT_HEIGHT);
    }

    /** At most this many curves in a picture of curves: more would be a tangle. */
    static final int CURVES_AT_MOST = 12;

    /** Curve result {@code column}: a line per job over its points' index, for up to {@link #CURVES_AT_MOST} jobs spread over the grid. */
    static void curves(Settings s, ResultTable results, int column, String name, Path file) {
        int n = results.count();
        XYSeriesCollection data = new XYSeriesCollection();
        int shown = 0;
        int i = 0;
        int m = Math.min(n, CURVES_AT_MOST);
        for (int job = results.next(0); job >= 0; job = results.next(job + 1), i++) {
            // The jobs drawn are spread from the first to the last: the i-th of n when i is round(k (n - 1) / (m - 1)).
            if (shown < m && i == (m == 1 ? 0 : Math.round((double) shown * (n - 1) / (m - 1)))) {
                XYSeries series = new XYSeries(s.grid().describe(job), false, true);
                double[] curve = results.curve(job, column);
                for (int k = 0; k < curve.length; k++) {
                    series.add(k, curve[k], false);
                }
                data.addSeries(series);
                shown++;
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(data, axis("index"), axis(name), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(name + ": the curves of " + shown + " of " + n + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("every curve is in " + CsvFiles.curveFile(s, name).getFileName()));
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, HEAT_WIDTH, HEAT_HEIGHT);
    }

    /** One row per rank: a bar per job from its start to its end (failed jobs in red), or past {@link #BARS_AT_MOST} jobs a band. */
    static void timeline(Settings s, Run results, int ranks, Path file) {
        NumberAxis rankAxis = new NumberAxis("rank");
        rankAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rankAxis.setRange(-0.6, ranks - 0.4);
        rankAxis.setInverted(true);
        long failedJobs = results.failed();
        String failures = failedJobs == 0 ? "" : "; " + failedJobs + (failedJobs == 1 ? " job" : " jobs") + " failed";
        XYPlot plot;
        String how;
        if (results.size() <= BARS_AT_MOST) {
            plot = bars(results, rankAxis);
            how = "a bar is a job, from its start to its end; white is time outside bigJob (in MPI, waiting for a core,"
                    + " or done) or jobs too short to show" + (failedJobs > 0 ? "; red, a job that failed" : "");
        } else {
            Bands bands = bands(results, ranks, rankAxis);
            plot = bands.plot();
            how = String.format(java.util.Locale.ROOT, "too many jobs for a bar each: the darker a rank's row, the more"
                    + " of each %.3g s it spent in bigJob (dark blue: all of it; white: none)", bands.slice()) + failures;
        }
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Which rank ran which job when: schedule " + s.schedule().word() + ", " + ranks
                + " ranks, " + results.size() + " jobs", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(how));
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, TIMELINE_WIDTH, TIMELINE_HEIGHT);
    }

    /** A bar per job (unsorted series: a sorted one costs time in the square of the jobs). */
    private static XYPlot bars(Run results, NumberAxis rankAxis) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYIntervalSeries ok = new XYIntervalSeries("jobs", false, true);
        XYIntervalSeries failed = new XYIntervalSeries("failed jobs", false, true);
        results.forEach((rank, start, seconds, good) ->
                (good ? ok : failed).add(rank, rank - 0.4, rank + 0.4, start, start, start + seconds));
        data.addSeries(ok);
        data.addSeries(failed);
        // Bars run along x (time); the plot's horizontal orientation swaps the roles the renderer expects.
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x2c7fb8));
        renderer.setSeriesPaint(1, new Color(0xd7301f));
        renderer.setDrawBarOutline(true);
        for (int i = 0; i < 2; i++) {
            renderer.setSeriesOutlinePaint(i, Color.WHITE);
            renderer.setSeriesOutlineStroke(i, new BasicStroke(0.5f));
        }
        return new XYPlot(data, rankAxis, axis("seconds since the sweep began"), renderer);
    }

    /** This run's jobs, for the timeline: who ran each, when, for how long, and whether it failed. */
    record Run(ResultTable table, List<Result> failures) {
        static Run of(ResultTable table, List<Result> failed) {
            return new Run(table, failed);
        }

        /** What the timeline needs of one job. */
        interface Job {
            void run(int rank, double start, double seconds, boolean ok);
        }

        /** Each of this run's jobs, those with results first. */
        void forEach(Job each) {
            for (int job = table.next(0); job >= 0; job = table.next(job + 1)) {
                if (!table.resumed(job)) {
                    each.run(table.rank(job), table.start(job), table.seconds(job), true);
                }
            }
            for (Result r : failures) {
                each.run(r.rank(), r.start(), r.seconds(), false);
            }
        }

        int size() {
            return table.count() - table.resumedCount() + failures.size();
        }

        long failed() {
            return failures.size();
        }
    }

    /** A timeline's bands, and how long each slice of them is. */
    private record Bands(XYPlot plot, double slice) {
    }

    /**
     * Each rank's share of each of {@link #BAND_SLICES} slices of the run's time spent in bigJob (a
     * job that spans slices counts in each for its part), drawn as one image, a pixel a slice, so
     * that a thousand ranks take no longer to draw than eight.
     */
    private static Bands bands(Run results, int ranks, NumberAxis rankAxis) {
        double[] end = {0};
        results.forEach((rank, start, seconds, good) -> end[0] = Math.max(end[0], start + seconds));
        double slice = end[0] > 0 ? end[0] / BAND_SLICES : 1;
        double[][] busy = new double[ranks][BAND_SLICES];
        results.forEach((rank, from, seconds, good) -> {
            double to = from + seconds;
            for (int k = (int) Math.min(BAND_SLICES - 1, from / slice); k < BAND_SLICES && k * slice < to; k++) {
                busy[rank][k] += Math.min(to, (k + 1) * slice) - Math.max(from, k * slice);
            }
        });
        // An image of the bands, a pixel a slice across and BAND_ROWS rows a rank down (the first and
        // last of them blank, as the gap between two ranks' rows), top to bottom as the rank axis runs.
        BufferedImage image = new BufferedImage(BAND_SLICES, ranks * BAND_ROWS, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(pixels, 0xffffff);
        Color blue = new Color(0x2c7fb8);
        for (int rank = 0; rank < ranks; rank++) {
            for (int k = 0; k < BAND_SLICES; k++) {
                double f = Math.round(20 * Math.min(1, busy[rank][k] / slice)) / 20.0; // 21 shades, white to blue
                int rgb = (int) Math.round(255 + f * (blue.getRed() - 255)) << 16
                        | (int) Math.round(255 + f * (blue.getGreen() - 255)) << 8
                        | (int) Math.round(255 + f * (blue.getBlue() - 255));
                for (int row = 1; row < BAND_ROWS - 1; row++) {
                    pixels[(rank * BAND_ROWS + row) * BAND_SLICES + k] = rgb;
                }
            }
        }
        NumberAxis time = axis("seconds since the sweep began");
        time.setRange(0, slice * BAND_SLICES);
        rankAxis.setRange(-0.5, ranks - 0.5);
        XYPlot plot = new XYPlot(new DefaultXYZDataset(), rankAxis, time, new XYBlockRenderer());
        plot.addAnnotation(new XYDataImageAnnotation(image, -0.5, 0, ranks, slice * BAND_SLICES, true));
        return new Bands(plot, slice);
    }

    /** Where value {@code i} of a parameter goes on its axis: the number for a range, its position for a list. */
    private static double coordinate(Parameters.Parameter p, int i) {
        return isRange(p) ? (Double) p.value(i) : i;
    }

    private static boolean isRange(Parameters.Parameter p) {
        return p.kind() == Parameters.Kind.NUMBER && p.spec().contains(":");
    }

    private static double step(Parameters.Parameter p) {
        if (!isRange(p) || p.count() == 1) {
            return 1;
        }
        return ((Double) p.value(p.count() - 1) - (Double) p.value(0)) / (p.count() - 1);
    }

    /** A numeric axis for a range; for a list, one tick per value, labelled with it. */
    private static ValueAxis axis(Parameters.Parameter p) {
        if (isRange(p)) {
            return axis(p.name());
        }
        String[] labels = p.values().stream().map(Csv::param).toArray(String[]::new);
        SymbolAxis axis = new SymbolAxis(p.name(), labels);
        axis.setGridBandsVisible(false);
        return axis;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** Written through a temporary file, so a PNG on disk is always whole. */
    private static void save(JFreeChart chart, Path file, int width, int height) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                png(chart, width, height, out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The chart drawn at this size, written as PNG at {@link #PNG_QUALITY}. */
    private static void png(JFreeChart chart, int width, int height, ImageOutputStream out) throws IOException {
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        ImageWriter png = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam quick = png.getDefaultWriteParam();
        quick.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        quick.setCompressionQuality(PNG_QUALITY);
        try {
            png.setOutput(out);
            png.write(null, new IIOImage(image, null, null), quick);
        } finally {
            png.dispose();
        }
    }

    /** Dark blue for the lowest value through green to yellow for the highest (perceptually even-ish). */
    private record Colours(double lo, double hi) implements PaintScale {
        private static final Color[] STOPS = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
                new Color(0x5ec962), new Color(0xfde725)};

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        /** The value a cell whose jobs failed is given, to be painted {@link #FAILED}. */
        static final double FAILED_VALUE = Double.POSITIVE_INFINITY;

        @Override
        public Paint getPaint(double value) {
            return new Color(Double.isNaN(value) ? MISSING : value == FAILED_VALUE ? FAILED : rgb(value));
        }

        /** The colour of {@code value} as an opaque ARGB pixel. */
        int rgb(double value) {
            double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo))) * (STOPS.length - 1);
            int i = Math.min((int) t, STOPS.length - 2);
            double f = t - i;
            Color x = STOPS[i];
            Color y = STOPS[i + 1];
            return 0xff000000 | (int) Math.round(x.getRed() + f * (y.getRed() - x.getRed())) << 16
                    | (int) Math.round(x.getGreen() + f * (y.getGreen() - x.getGreen())) << 8
                    | (int) Math.round(x.getBlue() + f * (y.getBlue() - x.getBlue()));
        }
    }
}
