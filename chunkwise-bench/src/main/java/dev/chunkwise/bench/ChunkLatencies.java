package dev.chunkwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunk latencies of one run, by position in the table: for each chunk, the rows read when
 * it ended and its time. Cost growth is read from three windows of the table: the start (the
 * first 10% of rows), the middle (45% to 55%) and the end (the last 10%), each summarised by its
 * median chunk time, which ignores the few slow chunks of a cold JVM.
 */
final class ChunkLatencies {

    private final long[] endRows;
    private final long[] nanos;
    private final long totalRows;

    private ChunkLatencies(long[] endRows, long[] nanos, long totalRows) {
        this.endRows = endRows;
        this.nanos = nanos;
        this.totalRows = totalRows;
    }

    static ChunkLatencies read(Path file, long totalRows) throws IOException {
        List<String> lines = Files.readAllLines(file);
        long[] endRows = new long[lines.size()];
        long[] nanos = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(" ");
            endRows[i] = Long.parseLong(parts[0]);
            nanos[i] = Long.parseLong(parts[1]);
        }
        return new ChunkLatencies(endRows, nanos, totalRows);
    }

    int chunks() {
        return nanos.length;
    }

    /** The time of chunk {@code i} per 1000 of its rows, in nanoseconds (its time, for a 1000-row chunk). */
    private double nanosPer1000Rows(int i) {
        long rowsInChunk = endRows[i] - (i == 0 ? 0 : endRows[i - 1]);
        return nanos[i] * 1000.0 / Math.max(1, rowsInChunk);
    }

    /**
     * Median chunk time per 1000 rows, in milliseconds, of the chunks ending in [from, to) of the
     * table (fractions): the chunk time itself for 1000-row chunks, and comparable across chunks of
     * different sizes (time-targeted chunks grow from 1000 rows).
     */
    double medianMillis(double from, double to) {
        List<Double> window = new ArrayList<>();
        for (int i = 0; i < nanos.length; i++) {
            double position = endRows[i] / (double) totalRows;
            if (position > from && (position <= to || to >= 1.0)) {
                window.add(nanosPer1000Rows(i));
            }
        }
        if (window.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = window.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2] / 1e6;
    }

    double startMillis() {
        return medianMillis(0.0, 0.10);
    }

    double middleMillis() {
        return medianMillis(0.45, 0.55);
    }

    double endMillis() {
        return medianMillis(0.90, 1.0);
    }

    /**
     * At most {@code points} points for a chart: x the position in the table (percent of rows),
     * y the mean chunk time per 1000 rows (ms) of the chunks in each bin.
     */
    double[][] binned(int points) {
        int bins = Math.max(1, Math.min(points, nanos.length));
        double[] sums = new double[bins];
        int[] counts = new int[bins];
        for (int i = 0; i < nanos.length; i++) {
            int bin = (int) Math.min(bins - 1, (endRows[i] - 1) * bins / Math.max(1, totalRows));
            sums[bin] += nanosPer1000Rows(i) / 1e6;
            counts[bin]++;
        }
        List<double[]> kept = new ArrayList<>();
        for (int bin = 0; bin < bins; bin++) {
            if (counts[bin] > 0) {
                kept.add(new double[] {(bin + 0.5) * 100.0 / bins, sums[bin] / counts[bin]});
            }
        }
        double[] x = new double[kept.size()];
        double[] y = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            x[i] = kept.get(i)[0];
            y[i] = kept.get(i)[1];
        }
        return new double[][] {x, y};
    }
}
