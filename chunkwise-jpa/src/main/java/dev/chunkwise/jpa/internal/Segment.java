package dev.chunkwise.jpa.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of the scan order in which the NULL-ness of the leading nullable keys is fixed, as
 * in chunkwise-core: a scan whose first key is nullable walks its non-NULL rows and its NULL rows
 * as separate segments (in the order its NULLs rule gives), so that each chunk query is a plain
 * range, {@code a IS NOT NULL AND a >= :a ...} or {@code a IS NULL AND b > :b}, never an OR
 * across NULL and non-NULL values.
 *
 * <p>Mirrors {@code dev.chunkwise.internal.Segment}, which chunkwise-core does not export.
 *
 * @param isNull key indexes constrained {@code IS NULL} in this segment
 * @param isNotNull key indexes constrained {@code IS NOT NULL} in this segment
 * @param seekIndexes the key indexes the seek predicate compares, in key order
 * @param seekKeys those keys, with keys constrained NOT NULL here marked not nullable
 */
record Segment(List<Integer> isNull, List<Integer> isNotNull, List<Integer> seekIndexes, List<KeyAttribute> seekKeys) {

    /** The segments of a key list, in scan order. */
    static List<Segment> of(List<KeyAttribute> keys) {
        List<Segment> segments = new ArrayList<>();
        split(keys, 0, new ArrayList<>(), segments);
        return List.copyOf(segments);
    }

    private static void split(List<KeyAttribute> keys, int from, List<Integer> nullPrefix, List<Segment> out) {
        if (from == keys.size() || !keys.get(from).nullable()) {
            out.add(segment(keys, from, nullPrefix, List.of()));
            return;
        }
        if (keys.get(from).nullsFirst()) {
            splitNull(keys, from, nullPrefix, out);
            out.add(segment(keys, from, nullPrefix, List.of(from)));
        } else {
            out.add(segment(keys, from, nullPrefix, List.of(from)));
            splitNull(keys, from, nullPrefix, out);
        }
    }

    private static void splitNull(List<KeyAttribute> keys, int from, List<Integer> nullPrefix, List<Segment> out) {
        List<Integer> longer = new ArrayList<>(nullPrefix);
        longer.add(from);
        split(keys, from + 1, longer, out);
    }

    private static Segment segment(List<KeyAttribute> keys, int from, List<Integer> isNull, List<Integer> isNotNull) {
        List<Integer> seekIndexes = new ArrayList<>();
        List<KeyAttribute> seekKeys = new ArrayList<>();
        for (int i = from; i < keys.size(); i++) {
            seekIndexes.add(i);
            seekKeys.add(isNotNull.contains(i) ? keys.get(i).notNull() : keys.get(i));
        }
        return new Segment(List.copyOf(isNull), List.copyOf(isNotNull), List.copyOf(seekIndexes),
                List.copyOf(seekKeys));
    }

    /** Whether a row with these key values lies in this segment. */
    boolean contains(List<?> values) {
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
    boolean fixes(int keyIndex) {
        return isNull.contains(keyIndex) || isNotNull.contains(keyIndex);
    }
}
