package dev.chunkwise.internal;

/**
 * One key of a scan's total order, as the walk needs to know it: a JDBC column
 * ({@link KeyColumn}) or a JPA attribute path. Implementations are immutable.
 *
 * @param <K> the implementing type
 */
public interface OrderKey<K extends OrderKey<K>> {

    /** Whether the key may hold NULL. */
    boolean nullable();

    /** Whether NULLs come before every value in scan order (resolved, never "default"). */
    boolean nullsFirst();

    /** Whether the scan walks the key from high to low. */
    boolean descending();

    /** The same key, known not to hold NULL. */
    K notNull();

    /** The same key in the opposite order: direction and NULLs placement flipped. */
    K reversed();
}
