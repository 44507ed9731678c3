package dev.chunkwise.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts, drawn with XChart. */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {}

    /** Rows per second of each strategy that succeeded, as bars. */
    static void throughput(Path file, String title, List<String> names, List<Double> rowsPerSecond) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("strategy")
                .yAxisTitle("rows per second (median run)")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(35);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,###");
        chart.addSeries("rows/s", names, rowsPerSecond);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Chunk latency against position in the table, one line per strategy. */
    static void latency(Path file, String title, Map<String, double[][]> series) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("position in the table (% of rows read)")
                .yAxisTitle("chunk time per 1000 rows (ms, mean per bin)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisTickMarkSpacingHint(80);
        series.forEach(
                (name, points) -> chart.addSeries(name, points[0], points[1]).setMarker(SeriesMarkers.NONE));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Peak heap against table size, one line per strategy and measure. */
    static void memory(Path file, String title, Map<String, List<double[]>> series) throws IOException {
        bySize(file, title, "MB", false, series);
    }

    /** Rows per second against table size, one line per strategy (both axes logarithmic). */
    static void throughputBySize(Path file, String title, Map<String, List<double[]>> series) throws IOException {
        bySize(file, title, "rows per second (median run)", true, series);
    }

    private static void bySize(
            Path file, String title, String yAxisTitle, boolean logarithmicY, Map<String, List<double[]>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("rows in the table")
                .yAxisTitle(yAxisTitle)
                .build();
        chart.getStyler().setYAxisLogarithmic(logarithmicY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.forEach((name, points) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] point : points) {
                x.add(point[0]);
                y.add(point[1]);
            }
            if (!x.isEmpty()) {
                chart.addSeries(name, x, y);
            }
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
