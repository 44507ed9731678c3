package dev.chunkwise;

import dev.chunkwise.internal.PositionList;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One chunk of a scan: its rows, in scan order, and where it starts and ends.
 *
 * <p>Immutable. {@code last} is the position to resume from after this chunk:
 * {@code scan.startAfter(chunk.last())} delivers exactly the rows after it.
 *
 * @param rows the mapped rows, never empty, unmodifiable
 * @param number 1 for the first chunk of a run, then 2, 3, ...
 * @param first the position of the first row
 * @param last the position of the last row
 * @param elapsed the time spent querying and reading this chunk's rows (not the caller's time)
 * @param positions the position of each row, in the order of {@code rows}: what
 *     {@link Scan#rowConditions(List)} turns into statements that address exactly these rows
 * @param <T> the type of one mapped row
 */
public record Chunk<T>(
        List<T> rows, long number, Position first, Position last, Duration elapsed, List<Position> positions) {

    public Chunk {
        rows = List.copyOf(rows);
        positions = positions instanceof PositionList ? positions : List.copyOf(positions);
        if (positions.size() != rows.size()) {
            throw new IllegalArgumentException(
                    "a chunk has one position per row: " + rows.size() + " rows, " + positions.size() + " positions");
        }
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(elapsed, "elapsed");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a chunk has at least one row");
        }
    }

    /** The number of rows in this chunk. */
    public int size() {
        return rows.size();
    }
}
