package dev.chunkwise;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one run of a scan did so far. An immutable snapshot.
 *
 * @param rows rows delivered to the caller
 * @param chunks chunks completed
 * @param elapsed wall time since the run started, including the caller's own time
 * @param lastPosition the position after the last delivered row, empty before the first row
 * @param queryLog the bounded log of the statements run
 * @param retries how many times a chunk was retried after a transient failure
 * @param retryTime the time spent on retries: discarding connections and backing off
 * @param retryCauses the causes of the most recent retries (at most five), oldest first
 */
public record ScanStatistics(
        long rows,
        long chunks,
        Duration elapsed,
        Optional<Position> lastPosition,
        QueryLog queryLog,
        long retries,
        Duration retryTime,
        List<String> retryCauses) {

    public ScanStatistics {
        retryCauses = List.copyOf(retryCauses);
    }

    /** Delivered rows per second of wall time (0 before any time has passed). */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }
}
