package sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The sweep's two pictures, drawn with JFreeChart (a long-kept charting library on Maven Central
 * that writes PNG without a display): the value of bigJob over the grid, and which rank ran which
 * job when, so the balance of a schedule can be seen at a glance.
 */
public final class Pictures {

    public static final int HEAT_WIDTH = 900;
    public static final int HEAT_HEIGHT = 700;
    public static final int TIMELINE_WIDTH = 1100;
    public static final int TIMELINE_HEIGHT = 600;

    private Pictures() {
    }

    /**
     * Both pictures beside the CSV: the heat map of every result so far, and the timeline of this
     * run's jobs.
     */
    public static void draw(Settings s, ResultLog log, int ranks) {
        heatMap(s, log.all(), s.picture("heatmap"));
        timeline(s, log.thisRun(), ranks, s.picture("timeline"));
        System.out.println("sweep: pictures " + s.picture("heatmap") + " and " + s.picture("timeline"));
    }

    /** A heat map of value over (a, b); jobs without a result stay blank. */
    public static void heatMap(Settings s, List<ResultLog.Result> results, Path file) {
        System.setProperty("java.awt.headless", "true");
        double[][] xyz = new double[3][results.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < results.size(); i++) {
            ResultLog.Result r = results.get(i);
            xyz[0][i] = s.a(r.job());
            xyz[1][i] = s.b(r.job());
            xyz[2][i] = r.value();
            lo = Math.min(lo, r.value());
            hi = Math.max(hi, r.value());
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("value", xyz);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(step(s.a()));
        renderer.setBlockHeight(step(s.b()));
        Colours scale = new Colours(lo, hi);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, axis("a"), axis("b"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        JFreeChart chart = new JFreeChart("bigJob(a, b) over the grid: " + s.job() + ", " + results.size() + " of "
                + s.jobs() + " jobs", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis("value");
        legendAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(8, 8, 8, 8);
        legend.setFrame(new BlockBorder(Color.GRAY));
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, HEAT_WIDTH, HEAT_HEIGHT);
    }

    /** One row per rank, one bar per job from its start to its end. */
    public static void timeline(Settings s, List<ResultLog.Result> results, int ranks, Path file) {
        System.setProperty("java.awt.headless", "true");
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYIntervalSeries jobs = new XYIntervalSeries("jobs");
        for (ResultLog.Result r : results) {
            double end = r.start() + r.seconds();
            jobs.add(r.rank(), r.rank() - 0.4, r.rank() + 0.4, r.start(), r.start(), end);
        }
        data.addSeries(jobs);

        // Bars run along x (time); swap the roles the renderer expects with a flipped orientation.
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x2c7fb8));
        renderer.setDrawBarOutline(true);
        renderer.setSeriesOutlinePaint(0, Color.WHITE);
        renderer.setSeriesOutlineStroke(0, new BasicStroke(0.5f));
        NumberAxis rankAxis = axis("rank");
        rankAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rankAxis.setRange(-0.6, ranks - 0.4);
        rankAxis.setInverted(true);
        XYPlot plot = new XYPlot(data, rankAxis, axis("seconds since the sweep began"), renderer);
        plot.setOrientation(org.jfree.chart.plot.PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Which rank ran which job when: schedule " + s.schedule() + ", " + ranks
                + " ranks, " + results.size() + " jobs", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, file, TIMELINE_WIDTH, TIMELINE_HEIGHT);
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static double step(Settings.Range r) {
        return r.count() > 1 ? (r.stop() - r.start()) / (r.count() - 1) : 1;
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
