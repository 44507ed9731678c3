package dev.chunkwise;

import java.time.Duration;
import java.util.List;

/**
 * The bounded query log of one scan run: totals over every statement, the slowest few and the
 * last few. Its size does not grow with the number of chunks, however long the scan runs.
 *
 * <p>An immutable snapshot; bind values are not recorded (they may be sensitive).
 *
 * @param statements the number of statements executed
 * @param rows the number of rows read by them
 * @param totalTime their total time (executing and reading rows)
 * @param slowest the slowest statements, slowest first (at most {@link #KEPT})
 * @param latest the most recent statements, oldest first (at most {@link #KEPT})
 */
public record QueryLog(long statements, long rows, Duration totalTime, List<Entry> slowest, List<Entry> latest) {

    /** How many entries each of {@link #slowest()} and {@link #latest()} keeps. */
    public static final int KEPT = 5;

    public QueryLog {
        slowest = List.copyOf(slowest);
        latest = List.copyOf(latest);
    }

    /**
     * One statement.
     *
     * @param chunk the chunk it belonged to
     * @param sql the SQL text, with {@code ?} for bind values
     * @param rows the rows it returned
     * @param elapsed its time, executing and reading rows
     */
    public record Entry(long chunk, String sql, long rows, Duration elapsed) {}
}
