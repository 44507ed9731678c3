package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition over the keys of a scan's order, built once by {@link KeyConditions} and rendered
 * per target: SQL by {@link ScanPlan}, JPQL and Criteria by chunkwise-jpa. Every fix to the seek
 * logic is made in the builder, once, for both.
 *
 * <p>Conjunctions and disjunctions are binary, in the order they were built, so that a renderer
 * can reproduce the shape exactly; the constants TRUE and FALSE fold away when combined.
 *
 * @param <K> the type of one key: a column ({@link KeyColumn}) or an attribute path (JPA)
 */
public sealed interface KeyCondition<K> {

    /** TRUE or FALSE; only ever a whole condition, never a part of one. */
    record Constant<K>(boolean value) implements KeyCondition<K> {}

    /** {@code key > value}, {@code key >= value}, {@code key < value} or {@code key <= value}. */
    record Compare<K>(K key, boolean greater, boolean orEqual, Object value) implements KeyCondition<K> {}

    /** {@code (k1, k2) > (v1, v2)} and the like: every key in one direction, none nullable. */
    record RowCompare<K>(List<K> keys, boolean greater, boolean orEqual, List<Object> values)
            implements KeyCondition<K> {}

    record Equal<K>(K key, Object value) implements KeyCondition<K> {}

    /** {@code key IN (v1, v2, ...)}: one key, at least one value, none NULL. */
    record In<K>(K key, List<Object> values) implements KeyCondition<K> {}

    /** {@code (k1, k2) IN ((v1, v2), ...)}: at least one row of values, none NULL. */
    record RowIn<K>(List<K> keys, List<List<Object>> rows) implements KeyCondition<K> {}

    /** {@code t1 OR t2 OR ...} as one flat disjunction, however many terms (a list of rows, not a walk). */
    record AnyOf<K>(List<KeyCondition<K>> terms) implements KeyCondition<K> {}

    record IsNull<K>(K key, boolean isNull) implements KeyCondition<K> {}

    record And<K>(KeyCondition<K> left, KeyCondition<K> right) implements KeyCondition<K> {}

    record Or<K>(KeyCondition<K> left, KeyCondition<K> right) implements KeyCondition<K> {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static <K> KeyCondition<K> always() {
        return (KeyCondition<K>) Constants.TRUE;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static <K> KeyCondition<K> never() {
        return (KeyCondition<K>) Constants.FALSE;
    }

    /** Whether this is the constant TRUE. */
    default boolean isTrue() {
        return this instanceof Constant && ((Constant<K>) this).value();
    }

    /** Whether this is the constant FALSE. */
    default boolean isFalse() {
        return this instanceof Constant && !((Constant<K>) this).value();
    }

    static <K> KeyCondition<K> and(KeyCondition<K> left, KeyCondition<K> right) {
        if (left.isFalse() || right.isFalse()) {
            return never();
        }
        if (left.isTrue()) {
            return right;
        }
        return right.isTrue() ? left : new And<>(left, right);
    }

    static <K> KeyCondition<K> or(KeyCondition<K> left, KeyCondition<K> right) {
        if (left.isTrue() || right.isTrue()) {
            return always();
        }
        if (left.isFalse()) {
            return right;
        }
        return right.isFalse() ? left : new Or<>(left, right);
    }

    /**
     * The terms of a run of the same connective, flattened: {@code a AND (b AND c)} gives
     * {@code [a, b, c]}; any other condition gives itself.
     */
    static <K> List<KeyCondition<K>> terms(KeyCondition<K> condition) {
        List<KeyCondition<K>> terms = new ArrayList<>();
        collect(condition, condition.getClass(), terms);
        return terms;
    }

    private static <K> void collect(KeyCondition<K> condition, Class<?> connective, List<KeyCondition<K>> terms) {
        if (condition instanceof And && connective == And.class) {
            collect(((And<K>) condition).left(), connective, terms);
            collect(((And<K>) condition).right(), connective, terms);
        } else if (condition instanceof Or && connective == Or.class) {
            collect(((Or<K>) condition).left(), connective, terms);
            collect(((Or<K>) condition).right(), connective, terms);
        } else {
            terms.add(condition);
        }
    }

    /** The two constants, shared by every key type. */
    final class Constants {
        @SuppressWarnings("rawtypes")
        static final KeyCondition TRUE = new Constant<>(true);

        @SuppressWarnings("rawtypes")
        static final KeyCondition FALSE = new Constant<>(false);

        private Constants() {}
    }
}
