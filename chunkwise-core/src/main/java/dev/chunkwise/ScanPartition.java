package dev.chunkwise;

import java.util.Objects;
import java.util.Optional;

/**
 * One of the partitions {@link Scan#partitions(int)} splits a scan into: the scan bounded from
 * one cut position to the next, {@code scan.startAt(start).stopBefore(stop)}, the first keeping
 * the scan's own start bound and the last its own stop bound. Run its {@link #scan()} as any
 * scan, on any thread; {@link #token()} saves it and {@link Scan#partition(String)} restores it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the type of one mapped row
 */
public final class ScanPartition<T> {

    private final int index;
    private final int count;
    private final Scan<T> scan;
    private final Position start;
    private final Position stop;
    private final long estimatedRows;
    private final PartitionStrategy strategy;
    private final String token;

    ScanPartition(
            int index,
            int count,
            Scan<T> scan,
            Position start,
            Position stop,
            long estimatedRows,
            PartitionStrategy strategy,
            String token) {
        this.index = index;
        this.count = count;
        this.scan = scan;
        this.start = start;
        this.stop = stop;
        this.estimatedRows = estimatedRows;
        this.strategy = strategy;
        this.token = token;
    }

    /** This partition's place, from 0, in the scan's order. */
    public int index() {
        return index;
    }

    /** How many partitions the scan was split into. */
    public int count() {
        return count;
    }

    /** The rows of this partition: the scan, started at {@link #start()} and stopped before {@link #stop()}. */
    public Scan<T> scan() {
        return scan;
    }

    /** The cut this partition starts at (its first row, inclusive); empty for the first partition. */
    public Optional<Position> start() {
        return Optional.ofNullable(start);
    }

    /** The cut this partition stops before (the next partition's first row); empty for the last partition. */
    public Optional<Position> stop() {
        return Optional.ofNullable(stop);
    }

    /**
     * The rows this partition is expected to hold when it was made: exact for
     * {@link PartitionStrategy#INDEX_WALK}, scaled from the sample or the statistics otherwise.
     */
    public long estimatedRows() {
        return estimatedRows;
    }

    /** The strategy that found the cuts (never {@link PartitionStrategy#AUTO}). */
    public PartitionStrategy strategy() {
        return strategy;
    }

    /**
     * A compact, URL-safe string from which {@link Scan#partition(String)} of the same scan
     * restores this partition: the scan's fingerprint, the bounds, the index, count, estimate and
     * strategy, check-summed.
     */
    public String token() {
        return token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScanPartition<?> that && token.equals(that.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token);
    }

    @Override
    public String toString() {
        return "ScanPartition[" + (index + 1) + " of " + count + ", from " + (start == null ? "the start" : start)
                + " to before " + (stop == null ? "the end" : stop) + ", ~" + estimatedRows + " rows, " + strategy
                + "]";
    }
}
