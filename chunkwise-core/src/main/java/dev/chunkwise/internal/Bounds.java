package dev.chunkwise.internal;

import java.util.List;

/**
 * Where a run starts and stops, as key values of the scan's order: set by {@code startAfter},
 * {@code startAt}, {@code stopAt} and {@code stopBefore}, JDBC or JPA. Immutable.
 *
 * @param start the key values to start at or after, or {@code null} for the beginning
 * @param startInclusive whether the row at {@code start} is included
 * @param stop the key values to stop at or before, or {@code null} for the end
 * @param stopInclusive whether the row at {@code stop} is included
 */
public record Bounds(List<Object> start, boolean startInclusive, List<Object> stop, boolean stopInclusive) {

    /** From the beginning to the end. */
    public static final Bounds NONE = new Bounds(null, false, null, false);

    /** These bounds, starting at or after {@code values}. */
    public Bounds withStart(List<Object> values, boolean inclusive) {
        return new Bounds(values, inclusive, stop, stopInclusive);
    }

    /** These bounds, stopping at or before {@code values}. */
    public Bounds withStop(List<Object> values, boolean inclusive) {
        return new Bounds(start, startInclusive, values, inclusive);
    }
}
