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
 * @param selectIndex its 1-based position in the select list, where the library reads it (the
 *     column's own position, or that of an expression that reads it exactly)
 * @param bindMarker how a bound value of it is written: {@code ?}, or a cast of it to the column's type
 */
public record KeyColumn(
        String name,
        String quoted,
        boolean descending,
        boolean nullsFirst,
        boolean nullable,
        ValueKind kind,
        int selectIndex,
        String bindMarker)
        implements OrderKey<KeyColumn> {

    /** A key bound as a plain {@code ?}. */
    public KeyColumn(
            String name,
            String quoted,
            boolean descending,
            boolean nullsFirst,
            boolean nullable,
            ValueKind kind,
            int selectIndex) {
        this(name, quoted, descending, nullsFirst, nullable, kind, selectIndex, "?");
    }

    @Override
    public KeyColumn reversed() {
        return new KeyColumn(name, quoted, !descending, !nullsFirst, nullable, kind, selectIndex, bindMarker);
    }

    @Override
    public KeyColumn notNull() {
        return new KeyColumn(name, quoted, descending, nullsFirst, false, kind, selectIndex, bindMarker);
    }
}
