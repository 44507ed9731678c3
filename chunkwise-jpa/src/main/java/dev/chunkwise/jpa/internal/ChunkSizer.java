package dev.chunkwise.jpa.internal;

/**
 * Chooses the number of results of the next chunk: a fixed size, or one that follows a smoothed
 * results-per-second estimate towards a target time per chunk, within bounds, by the same rule as
 * chunkwise-core's scans (whose sizer is internal to its module): growth at most doubling per
 * chunk, shrinking at once.
 *
 * <p>Not thread-safe: one per run.
 */
final class ChunkSizer {

    private static final double SMOOTHING = 0.3;

    private final long targetNanos;
    private final int min;
    private final int max;
    private int size;
    private double rowsPerNano;

    private ChunkSizer(long targetNanos, int min, int max, int initial) {
        this.targetNanos = targetNanos;
        this.min = min;
        this.max = max;
        this.size = Math.max(min, Math.min(max, initial));
    }

    static ChunkSizer of(RunSettings settings, int chunkSize) {
        if (settings.chunkTime() == null) {
            return new ChunkSizer(0, chunkSize, chunkSize, chunkSize);
        }
        return new ChunkSizer(settings.chunkTime().toNanos(), settings.minChunkSize(), settings.maxChunkSize(),
                chunkSize);
    }

    int next() {
        return size;
    }

    void record(int rows, long nanos) {
        if (targetNanos == 0 || rows <= 0) {
            return;
        }
        double rate = rows / (double) Math.max(1, nanos);
        rowsPerNano = rowsPerNano == 0 || rate < rowsPerNano ? rate : SMOOTHING * rate + (1 - SMOOTHING) * rowsPerNano;
        long wanted = Math.round(rowsPerNano * targetNanos);
        long bounded = Math.min(wanted, 2L * size);
        size = (int) Math.max(min, Math.min(max, bounded));
    }
}
