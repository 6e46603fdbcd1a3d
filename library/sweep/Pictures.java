package sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
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
 *   <li>for each numeric result, a heat map over the first two parameters (the mean over any
 *       further ones), or a line over the parameter when there is only one;</li>
 *   <li>a timeline: which rank ran which job when, so the balance of a schedule shows at a glance
 *       (white is time a rank spent outside bigJob, in MPI, waiting for a core or done, or jobs too
 *       short to show; failed jobs are red).</li>
 * </ul>
 * A range's axis is numeric; a list's has one tick per value, in the order given.
 */
public final class Pictures {

    public static final int HEAT_WIDTH = 900;
    public static final int HEAT_HEIGHT = 700;
    public static final int TIMELINE_WIDTH = 1100;
    public static final int TIMELINE_HEIGHT = 600;

    private Pictures() {
    }

    /** Every picture, and one line saying where they are. */
    public static void draw(Settings s, ResultLog log, int ranks) {
        System.setProperty("java.awt.headless", "true");
        Columns columns = log.columns();
        List<Path> drawn = new ArrayList<>();
        List<Integer> numeric = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.numeric().get(c)) {
                numeric.add(c);
            }
        }
        String kind = s.grid().size() >= 2 ? "heatmap" : "plot";
        for (int c : numeric) {
            Path file = s.picture(numeric.size() == 1 ? kind : kind + "-" + columns.names().get(c));
            if (s.grid().size() >= 2) {
                heatMap(s, log.all(), c, columns.names().get(c), file);
            } else {
                plot(s, log.all(), c, columns.names().get(c), file);
            }
            drawn.add(file);
        }
        Path timeline = s.picture("timeline");
        timeline(s, log.thisRun(), ranks, timeline);
        drawn.add(timeline);
        List<String> names = drawn.stream().map(Path::toString).toList();
        System.out.println("sweep: pictures " + (names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1)));
    }

    /** Result {@code column} over the first two parameters, averaged over the rest; jobs without a result stay blank. */
    static void heatMap(Settings s, List<Result> results, int column, String name, Path file) {
        Parameters grid = s.grid();
        Parameters.Parameter px = grid.all().get(0);
        Parameters.Parameter py = grid.all().get(1);
        Map<Long, double[]> cells = new HashMap<>(); // (x position, y position) -> {sum, count}
        for (Result r : results) {
            int[] at = grid.positions(r.job());
            double v = ((Number) r.values()[column]).doubleValue();
            if (Double.isFinite(v)) {
                double[] cell = cells.computeIfAbsent((long) at[0] << 32 | at[1], k -> new double[2]);
                cell[0] += v;
                cell[1]++;
            }
        }
        double[][] xyz = new double[3][cells.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (Map.Entry<Long, double[]> e : cells.entrySet()) {
            int x = (int) (e.getKey() >> 32);
            int y = (int) (long) e.getKey();
            double mean = e.getValue()[0] / e.getValue()[1];
            xyz[0][i] = coordinate(px, x);
            xyz[1][i] = coordinate(py, y);
            xyz[2][i] = mean;
            lo = Math.min(lo, mean);
            hi = Math.max(hi, mean);
            i++;
        }
        if (!(hi > lo)) {
            hi = (Double.isFinite(lo) ? lo : 0) + 1;
            lo = hi - 1;
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(name, xyz);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(step(px));
        renderer.setBlockHeight(step(py));
        Colours scale = new Colours(lo, hi);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, axis(px), axis(py), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        String what = s.job() != null ? "bigJob(a, b) over the grid: " + s.job().word() : name + " over " + px.name() + " and "
                + py.name();
        JFreeChart chart = new JFreeChart(what + ", " + results.size() + " of " + s.jobs() + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        List<String> rest = grid.names().subList(2, grid.size());
        if (!rest.isEmpty()) {
            chart.addSubtitle(new TextTitle("each cell: the mean over " + String.join(", ", rest)));
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
    static void plot(Settings s, List<Result> results, int column, String name, Path file) {
        Parameters.Parameter p = s.grid().all().get(0);
        XYSeries series = new XYSeries(name);
        for (Result r : results) {
            series.add(coordinate(p, s.grid().positions(r.job())[0]), ((Number) r.values()[column]).doubleValue());
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x2c7fb8));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), axis(p), axis(name), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(name + " over " + p.name() + ", " + results.size() + " of " + s.jobs() + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, HEAT_WIDTH, HEAT_HEIGHT);
    }

    /** One row per rank, one bar per job from its start to its end; failed jobs in red. */
    static void timeline(Settings s, List<Result> results, int ranks, Path file) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYIntervalSeries ok = new XYIntervalSeries("jobs");
        XYIntervalSeries failed = new XYIntervalSeries("failed jobs");
        for (Result r : results) {
            double end = r.start() + r.seconds();
            (r.ok() ? ok : failed).add(r.rank(), r.rank() - 0.4, r.rank() + 0.4, r.start(), r.start(), end);
        }
        data.addSeries(ok);
        data.addSeries(failed);

        // Bars run along x (time); swap the roles the renderer expects with a flipped orientation.
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
        NumberAxis rankAxis = new NumberAxis("rank");
        rankAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rankAxis.setRange(-0.6, ranks - 0.4);
        rankAxis.setInverted(true);
        XYPlot plot = new XYPlot(data, rankAxis, axis("seconds since the sweep began"), renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Which rank ran which job when: schedule " + s.schedule().word() + ", " + ranks
                + " ranks, " + results.size() + " jobs", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle("a bar is a job, from its start to its end; white is time outside bigJob"
                + " (in MPI, waiting for a core, or done) or jobs too short to show"
                + (failed.getItemCount() > 0 ? "; red, a job that failed" : "")));
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, TIMELINE_WIDTH, TIMELINE_HEIGHT);
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
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
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

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo))) * (STOPS.length - 1);
            int i = Math.min((int) t, STOPS.length - 2);
            double f = t - i;
            Color x = STOPS[i];
            Color y = STOPS[i + 1];
            return new Color((int) Math.round(x.getRed() + f * (y.getRed() - x.getRed())),
                    (int) Math.round(x.getGreen() + f * (y.getGreen() - x.getGreen())),
                    (int) Math.round(x.getBlue() + f * (y.getBlue() - x.getBlue())));
        }
    }
}
