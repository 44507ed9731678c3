package dev.chunkwise;

import java.time.Duration;
import java.util.List;

/**
 * What a parallel run did: each partition's own {@link ScanStatistics}, in partition order, and
 * their sums. An immutable snapshot.
 *
 * @param elapsed wall time of the whole run, from finding (or restoring) the partitions to the
 *     last partition's end
 * @param partitions the statistics of each partition, by index; a partition that an earlier run of
 *     the same job had finished is not run again and has all-zero statistics
 * @param skipped the indexes of the partitions that an earlier run had finished, in order
 */
public record ParallelStatistics(Duration elapsed, List<ScanStatistics> partitions, List<Integer> skipped) {

    public ParallelStatistics {
        partitions = List.copyOf(partitions);
        skipped = List.copyOf(skipped);
    }

    /** Rows delivered, over all partitions. */
    public long rows() {
        return partitions.stream().mapToLong(ScanStatistics::rows).sum();
    }

    /** Chunks completed, over all partitions. */
    public long chunks() {
        return partitions.stream().mapToLong(ScanStatistics::chunks).sum();
    }

    /** Chunks retried after a transient failure, over all partitions. */
    public long retries() {
        return partitions.stream().mapToLong(ScanStatistics::retries).sum();
    }

    /** Statements run, over all partitions. */
    public long statements() {
        return partitions.stream()
                .mapToLong(statistics -> statistics.queryLog().statements())
                .sum();
    }

    /** Delivered rows per second of the run's wall time (0 before any time has passed). */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows() / seconds;
    }
}
