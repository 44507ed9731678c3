package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of the scan order in which the NULL-ness of the leading nullable key columns is
 * fixed. A scan whose first key column is nullable walks its non-NULL rows and its NULL rows as
 * separate segments (in the order the NULLs rule gives), so that each chunk query is a plain
 * index range: {@code a IS NOT NULL AND a >= ? AND ...} or {@code a IS NULL AND b > ?}, never an
 * OR across NULL and non-NULL that an index cannot serve in order.
 *
 * <p>Shared by the JDBC scans (keys are {@link KeyColumn}s) and chunkwise-jpa (its key attributes).
 *
 * @param isNull key indexes constrained {@code IS NULL} in this segment
 * @param isNotNull key indexes constrained {@code IS NOT NULL} in this segment
 * @param seekIndexes the key indexes the seek predicate compares, in key order
 * @param seekKeys those keys, with columns constrained NOT NULL here marked not nullable
 * @param <K> the type of one key
 */
public record Segment<K extends OrderKey<K>>(
        List<Integer> isNull, List<Integer> isNotNull, List<Integer> seekIndexes, List<K> seekKeys) {

    /** The segments of a key list, in scan order. */
    public static <K extends OrderKey<K>> List<Segment<K>> of(List<K> keys) {
        List<Segment<K>> segments = new ArrayList<>();
        split(keys, 0, new ArrayList<>(), segments);
        return List.copyOf(segments);
    }

    private static <K extends OrderKey<K>> void split(
            List<K> keys, int from, List<Integer> nullPrefix, List<Segment<K>> out) {
        if (from == keys.size() || !keys.get(from).nullable()) {
            out.add(segment(keys, from, nullPrefix, List.of()));
            return;
        }
        K first = keys.get(from);
        if (first.nullsFirst()) {
            splitNull(keys, from, nullPrefix, out);
            out.add(segment(keys, from, nullPrefix, List.of(from)));
        } else {
            out.add(segment(keys, from, nullPrefix, List.of(from)));
            splitNull(keys, from, nullPrefix, out);
        }
    }

    private static <K extends OrderKey<K>> void splitNull(
            List<K> keys, int from, List<Integer> nullPrefix, List<Segment<K>> out) {
        List<Integer> longer = new ArrayList<>(nullPrefix);
        longer.add(from);
        split(keys, from + 1, longer, out);
    }

    private static <K extends OrderKey<K>> Segment<K> segment(
            List<K> keys, int from, List<Integer> isNull, List<Integer> isNotNull) {
        List<Integer> seekIndexes = new ArrayList<>();
        List<K> seekKeys = new ArrayList<>();
        for (int i = from; i < keys.size(); i++) {
            seekIndexes.add(i);
            seekKeys.add(isNotNull.contains(i) ? keys.get(i).notNull() : keys.get(i));
        }
        return new Segment<>(
                List.copyOf(isNull), List.copyOf(isNotNull), List.copyOf(seekIndexes), List.copyOf(seekKeys));
    }

    /** The index of the segment that holds a row with these key values. */
    public static <K extends OrderKey<K>> int indexOf(List<Segment<K>> segments, List<?> keyValues) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).contains(keyValues)) {
                return i;
            }
        }
        throw new IllegalStateException("no segment holds " + keyValues);
    }

    /** Whether a row with these key values lies in this segment. */
    public boolean contains(List<?> values) {
        for (int index : isNull) {
            if (values.get(index) != null) {
                return false;
            }
        }
        for (int index : isNotNull) {
            if (values.get(index) == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether a key index is fixed to NULL or NOT NULL in this segment. */
    public boolean fixes(int keyIndex) {
        return isNull.contains(keyIndex) || isNotNull.contains(keyIndex);
    }
}
