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
 *   <li>for each numeric result, a heat map over the first two parameters (the mean over any
 *       further ones), or a line over the parameter when there is only one; a grid of more than
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
        String kind = s.grid().size() >= 2 ? "heatmap" : "plot";
        for (int c : numeric) {
            Path file = s.picture(numeric.size() == 1 ? kind : kind + "-" + columns.names().get(c));
            String name = columns.names().get(c);
            drawing.add(Background.start("picture " + file.getFileName(), () -> {
                if (s.grid().size() >= 2) {
                    heatMap(s, table, c, name, file);
                } else {
                    plot(s, table, c, name, file);
                }
            }));
            files.add(file);
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

    /** Result {@code column} over the first two parameters, averaged over the rest; jobs without a result stay blank. */
    static void heatMap(Settings s, ResultTable results, int column, String name, Path file) {
        Parameters grid = s.grid();
        Parameters.Parameter px = grid.all().get(0);
        Parameters.Parameter py = grid.all().get(1);
        int nx = px.count();
        int ny = py.count();
        double[] sum = new double[nx * ny];
        int[] count = new int[nx * ny];
        int rest = s.jobs() / (nx * ny); // the jobs of one cell: the combinations of the other parameters
        for (int job = results.next(0); job >= 0; job = results.next(job + 1)) {
            double v = results.number(job, column);
            if (Double.isFinite(v)) {
                sum[job / rest] += v;
                count[job / rest]++;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int cells = 0;
        for (int c = 0; c < sum.length; c++) {
            if (count[c] > 0) {
                sum[c] /= count[c];
                lo = Math.min(lo, sum[c]);
                hi = Math.max(hi, sum[c]);
                cells++;
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
            double[][] xyz = new double[3][cells];
            int i = 0;
            for (int c = 0; c < sum.length; c++) {
                if (count[c] > 0) {
                    xyz[0][i] = coordinate(px, c / ny);
                    xyz[1][i] = coordinate(py, c % ny);
                    xyz[2][i++] = sum[c];
                }
            }
            data.addSeries(name, xyz);
        } else {
            // A pixel a cell, lowest y at the bottom, scaled onto the axes' ranges; blank cells stay white.
            BufferedImage image = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
            java.util.Arrays.fill(pixels, 0xffffff); // the plot's white: a cell without a result
            for (int c = 0; c < sum.length; c++) {
                if (count[c] > 0) {
                    pixels[(ny - 1 - c % ny) * nx + c / ny] = scale.rgb(sum[c]);
                }
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
                + py.name();
        JFreeChart chart = new JFreeChart(what + ", " + results.count() + " of " + s.jobs() + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        List<String> others = grid.names().subList(2, grid.size());
        if (!others.isEmpty()) {
            chart.addSubtitle(new TextTitle("each cell: the mean over " + String.join(", ", others)));
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
        Parameters.Parameter p = s.grid().all().get(0);
        XYSeries series = new XYSeries(name, false, true);
        for (int job = results.next(0); job >= 0; job = results.next(job + 1)) {
            series.add(coordinate(p, job), results.number(job, column), false);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x2c7fb8));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), axis(p), axis(name), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(name + " over " + p.name() + ", " + results.count() + " of " + s.jobs() + " jobs",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
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

        @Override
        public Paint getPaint(double value) {
            return new Color(rgb(value), true);
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
