package dev.chunkwise;

import java.time.Duration;
import java.util.Optional;

/**
 * What one run of a scan did so far. An immutable snapshot.
 *
 * @param rows rows delivered to the caller
 * @param chunks chunks completed
 * @param elapsed wall time since the run started, including the caller's own time
 * @param lastPosition the position after the last delivered row, empty before the first row
 * @param queryLog the bounded log of the statements run
 */
public record ScanStatistics(long rows, long chunks, Duration elapsed, Optional<Position> lastPosition,
        QueryLog queryLog) {

    /** Delivered rows per second of wall time (0 before any time has passed). */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }
}
