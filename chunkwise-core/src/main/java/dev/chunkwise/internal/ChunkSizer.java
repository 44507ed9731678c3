package dev.chunkwise.internal;

/**
 * Chooses the number of rows of the next chunk: a fixed size, or one that follows a smoothed
 * rows-per-second estimate towards a target time per chunk, within bounds. Growth is limited to
 * doubling per chunk so that one fast, cache-warm chunk cannot make the next one huge; shrinking
 * is immediate, so a slow server gets small chunks at once.
 *
 * <p>Not thread-safe: one per scan run.
 */
public final class ChunkSizer {

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

    public static ChunkSizer fixed(int size) {
        return new ChunkSizer(0, size, size, size);
    }

    public static ChunkSizer adaptive(long targetNanos, int min, int max, int initial) {
        return new ChunkSizer(targetNanos, min, max, initial);
    }

    /** The size of the next chunk. */
    public int next() {
        return size;
    }

    /** Records a completed chunk: how many rows it had and how long it took. */
    public void record(int rows, long nanos) {
        if (targetNanos == 0 || rows <= 0) {
            return;
        }
        double rate = rows / (double) Math.max(1, nanos);
        // a slower chunk is believed at once; a faster one only through the smoothed estimate
        rowsPerNano = rowsPerNano == 0 || rate < rowsPerNano ? rate : SMOOTHING * rate + (1 - SMOOTHING) * rowsPerNano;
        long wanted = Math.round(rowsPerNano * targetNanos);
        long bounded = Math.min(wanted, 2L * size);
        size = (int) Math.max(min, Math.min(max, bounded));
    }
}
