package dev.chunkwise.internal;

/**
 * One resolved term of a scan's total order.
 *
 * @param name the column name as the catalog spells it
 * @param quoted the quoted identifier, safe to put in SQL
 * @param descending whether the term sorts descending
 * @param nullsFirst whether NULLs come before every value (resolved, never "default")
 * @param nullable whether the column may hold NULL (unknown counts as nullable)
 * @param kind how its value is read and bound
 * @param selectIndex its 1-based position in the select list, where the library reads it
 */
public record KeyColumn(String name, String quoted, boolean descending, boolean nullsFirst, boolean nullable,
        ValueKind kind, int selectIndex) implements Segment.Key<KeyColumn> {

    /** The same column in the opposite order: direction and NULLs placement flipped. */
    public KeyColumn reversed() {
        return new KeyColumn(name, quoted, !descending, !nullsFirst, nullable, kind, selectIndex);
    }

    @Override
    public KeyColumn notNull() {
        return new KeyColumn(name, quoted, descending, nullsFirst, false, kind, selectIndex);
    }
}
