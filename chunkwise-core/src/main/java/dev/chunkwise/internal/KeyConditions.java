package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the key conditions of a walk, once for every target ({@link KeyCondition}): the seek
 * past a position, the stop bound, and the range between two positions. This is where G1 and G2
 * are decided, for JDBC and JPA scans alike.
 *
 * <p>The seek over keys {@code k1..kn} is a row value {@code (k1, k2) > (v1, v2)} where the
 * target allows it and every key shares one direction and none is nullable; otherwise the
 * expanded form {@code after(i) = k_i > v_i OR (k_i = v_i AND after(i + 1))}, with a redundant
 * leading range {@code k1 >= v1} that lets an optimizer read an index range. A NULL value, and
 * NULLs of a nullable key, are placed by the key's NULLs rule.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyConditions {

    private KeyConditions() {}

    /**
     * The key condition of one chunk query: the segment's NULL-ness constraints, the seek past
     * {@code after} (when given) and the stop bound (when given).
     *
     * @param keys the whole order, in scan direction
     * @param after the key values to seek past, one per key, or {@code null} at the segment's start
     * @param inclusive whether the row at {@code after} itself is included
     * @param stop the key values of the stop bound, or {@code null} for none
     * @param stopInclusive whether the row at {@code stop} itself is included
     * @param rowValues whether the target compares row values by an index ({@code (a, b) > (?, ?)})
     */
    public static <K extends OrderKey<K>> KeyCondition<K> chunk(
            Segment<K> segment,
            List<K> keys,
            List<?> after,
            boolean inclusive,
            List<?> stop,
            boolean stopInclusive,
            boolean rowValues) {
        KeyCondition<K> where = KeyCondition.always();
        for (int index : segment.isNull()) {
            where = KeyCondition.and(where, new KeyCondition.IsNull<>(keys.get(index), true));
        }
        for (int index : segment.isNotNull()) {
            where = KeyCondition.and(where, new KeyCondition.IsNull<>(keys.get(index), false));
        }
        if (after != null) {
            List<Object> seekValues = new ArrayList<>();
            for (int index : segment.seekIndexes()) {
                seekValues.add(after.get(index));
            }
            where = KeyCondition.and(where, seek(segment.seekKeys(), seekValues, inclusive, rowValues));
        }
        if (stop != null) {
            where = KeyCondition.and(where, expanded(reversed(keys), new ArrayList<>(stop), 0, stopInclusive));
        }
        return where;
    }

    /** The rows within these bounds: after (or at) {@code start} and before (or at) {@code stop}, either one absent. */
    public static <K extends OrderKey<K>> KeyCondition<K> bounded(
            List<K> keys, List<?> start, boolean startInclusive, List<?> stop, boolean stopInclusive) {
        KeyCondition<K> where = KeyCondition.always();
        if (start != null) {
            where = expanded(keys, new ArrayList<>(start), 0, startInclusive);
        }
        if (stop != null) {
            where = KeyCondition.and(where, expanded(reversed(keys), new ArrayList<>(stop), 0, stopInclusive));
        }
        return where;
    }

    /**
     * Exactly the rows with these key values, one list of values per row (a NULL where a nullable
     * key holds NULL): {@code k IN (...)} for a one-column key, {@code (k1, k2) IN ((...), ...)}
     * where the target compares row values in a list, else one {@code k1 = ? AND k2 = ?} term per
     * row; a row with a NULL is matched by its own term with {@code IS NULL}. The terms form one
     * flat disjunction, never a nested one (databases limit the depth of an expression).
     *
     * @param rows at least one
     * @param rowValueIn whether the target writes {@code (k1, k2) IN ((v1, v2), ...)}
     */
    public static <K extends OrderKey<K>> KeyCondition<K> rows(
            List<K> keys, List<? extends List<?>> rows, boolean rowValueIn) {
        List<KeyCondition<K>> terms = new ArrayList<>();
        List<List<Object>> listed = new ArrayList<>();
        for (List<?> row : rows) {
            if (!row.contains(null) && (keys.size() == 1 || rowValueIn)) {
                listed.add(new ArrayList<>(row));
            } else {
                KeyCondition<K> equal = KeyCondition.always();
                for (int i = 0; i < keys.size(); i++) {
                    equal = KeyCondition.and(equal, equalTo(keys.get(i), row.get(i)));
                }
                terms.add(equal);
            }
        }
        if (!listed.isEmpty()) {
            if (keys.size() == 1) {
                List<Object> values = new ArrayList<>(listed.size());
                listed.forEach(row -> values.add(row.get(0)));
                terms.add(0, new KeyCondition.In<>(keys.get(0), values));
            } else {
                terms.add(0, new KeyCondition.RowIn<>(List.copyOf(keys), listed));
            }
        }
        return terms.size() == 1 ? terms.get(0) : new KeyCondition.AnyOf<>(terms);
    }

    /** The rows strictly after (or at, when inclusive) these values over a segment's seek keys. */
    static <K extends OrderKey<K>> KeyCondition<K> seek(
            List<K> seekKeys, List<Object> values, boolean inclusive, boolean rowValues) {
        if (seekKeys.isEmpty()) {
            return inclusive ? KeyCondition.always() : KeyCondition.never();
        }
        if (seekKeys.size() > 1 && rowValues && rowValueApplies(seekKeys)) {
            return new KeyCondition.RowCompare<>(
                    List.copyOf(seekKeys), !seekKeys.get(0).descending(), inclusive, values);
        }
        KeyCondition<K> expanded = expanded(seekKeys, values, 0, inclusive);
        K leading = seekKeys.get(0);
        Object leadingValue = values.get(0);
        if (seekKeys.size() > 1
                && !leading.nullable()
                && leadingValue != null
                && !(expanded instanceof KeyCondition.Constant)) {
            return KeyCondition.and(
                    new KeyCondition.Compare<>(leading, !leading.descending(), true, leadingValue), expanded);
        }
        return expanded;
    }

    private static <K extends OrderKey<K>> boolean rowValueApplies(List<K> seekKeys) {
        boolean descending = seekKeys.get(0).descending();
        for (K key : seekKeys) {
            if (key.nullable() || key.descending() != descending) {
                return false;
            }
        }
        return true;
    }

    /** after(i) = gt(k_i) OR (eq(k_i) AND after(i + 1)); the last level is gt, or ge when inclusive. */
    private static <K extends OrderKey<K>> KeyCondition<K> expanded(
            List<K> keys, List<Object> values, int index, boolean inclusive) {
        K key = keys.get(index);
        Object value = values.get(index);
        if (index == keys.size() - 1) {
            return comesAfter(key, value, inclusive);
        }
        return KeyCondition.or(
                comesAfter(key, value, false),
                KeyCondition.and(equalTo(key, value), expanded(keys, values, index + 1, inclusive)));
    }

    private static <K> KeyCondition<K> equalTo(K key, Object value) {
        return value == null ? new KeyCondition.IsNull<>(key, true) : new KeyCondition.Equal<>(key, value);
    }

    /** The rows whose value of one key comes after {@code value} (or equals it, when inclusive). */
    private static <K extends OrderKey<K>> KeyCondition<K> comesAfter(K key, Object value, boolean inclusive) {
        if (value == null) {
            if (key.nullsFirst()) {
                return inclusive ? KeyCondition.always() : new KeyCondition.IsNull<>(key, false);
            }
            return inclusive ? new KeyCondition.IsNull<>(key, true) : KeyCondition.never();
        }
        KeyCondition<K> compared = new KeyCondition.Compare<>(key, !key.descending(), inclusive, value);
        if (key.nullable() && !key.nullsFirst()) {
            return KeyCondition.or(compared, new KeyCondition.IsNull<>(key, true));
        }
        return compared;
    }

    private static <K extends OrderKey<K>> List<K> reversed(List<K> keys) {
        List<K> reversed = new ArrayList<>(keys.size());
        for (K key : keys) {
            reversed.add(key.reversed());
        }
        return reversed;
    }
}
