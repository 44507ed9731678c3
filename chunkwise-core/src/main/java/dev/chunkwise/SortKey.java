package dev.chunkwise;

import java.util.Locale;
import java.util.Objects;

/**
 * One term of a scan's order: a column, a direction and a rule for where NULLs go.
 *
 * <p>Immutable and thread-safe. The column is a plain column name that is checked against the
 * database catalog when the scan is built and then quoted; it is never pasted into SQL as
 * written.
 *
 * @param column the column name as the catalog knows it (matched case-insensitively when that
 *     is unambiguous)
 * @param direction ascending or descending
 * @param nulls where NULLs sort; {@link Nulls#DEFAULT} means where this database puts them for
 *     a plain {@code ORDER BY column}
 */
public record SortKey(String column, Direction direction, Nulls nulls) {

    /** The direction of one sort key. */
    public enum Direction {
        ASC,
        DESC;

        Direction flip() {
            return this == ASC ? DESC : ASC;
        }
    }

    /** Where NULL values of one sort key are placed. */
    public enum Nulls {
        /** NULLs before every value. */
        FIRST,
        /** NULLs after every value. */
        LAST,
        /** Wherever the database places them for a plain {@code ORDER BY}; resolved when the scan is built. */
        DEFAULT
    }

    public SortKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(nulls, "nulls");
        if (column.isBlank()) {
            throw new IllegalArgumentException("a sort key needs a column name, got a blank one");
        }
    }

    /** {@code column ASC}, NULLs where the database puts them. */
    public static SortKey asc(String column) {
        return new SortKey(column, Direction.ASC, Nulls.DEFAULT);
    }

    /** {@code column DESC}, NULLs where the database puts them. */
    public static SortKey desc(String column) {
        return new SortKey(column, Direction.DESC, Nulls.DEFAULT);
    }

    /** This key with NULLs before every value: {@code column ... NULLS FIRST}. */
    public SortKey nullsFirst() {
        return new SortKey(column, direction, Nulls.FIRST);
    }

    /** This key with NULLs after every value: {@code column ... NULLS LAST}. */
    public SortKey nullsLast() {
        return new SortKey(column, direction, Nulls.LAST);
    }

    /**
     * Parses one term of an order specification: {@code column [asc|desc] [nulls first|nulls last]},
     * case-insensitive, for example {@code "pub_date desc nulls last"}.
     *
     * @throws IllegalArgumentException naming the term when it does not have that shape
     */
    public static SortKey parse(String term) {
        Objects.requireNonNull(term, "term");
        String[] words = term.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException("empty sort key in order specification");
        }
        Direction direction = Direction.ASC;
        Nulls nulls = Nulls.DEFAULT;
        int index = 1;
        if (index < words.length) {
            String word = words[index].toLowerCase(Locale.ROOT);
            if (word.equals("asc") || word.equals("desc")) {
                direction = word.equals("asc") ? Direction.ASC : Direction.DESC;
                index++;
            }
        }
        if (index + 1 < words.length && words[index].equalsIgnoreCase("nulls")) {
            String where = words[index + 1].toLowerCase(Locale.ROOT);
            if (where.equals("first")) {
                nulls = Nulls.FIRST;
            } else if (where.equals("last")) {
                nulls = Nulls.LAST;
            } else {
                throw badTerm(term);
            }
            index += 2;
        }
        if (index != words.length) {
            throw badTerm(term);
        }
        return new SortKey(words[0], direction, nulls);
    }

    /**
     * Parses a comma-separated order specification, for example {@code "blog_id, pub_date desc nulls last"}.
     *
     * @throws IllegalArgumentException naming the bad term
     */
    public static java.util.List<SortKey> parseList(String specification) {
        Objects.requireNonNull(specification, "specification");
        if (specification.isBlank()) {
            throw new IllegalArgumentException("empty order specification");
        }
        java.util.List<SortKey> keys = new java.util.ArrayList<>();
        for (String term : specification.split(",")) {
            keys.add(parse(term));
        }
        return java.util.List.copyOf(keys);
    }

    private static IllegalArgumentException badTerm(String term) {
        return new IllegalArgumentException(
                "bad sort key '" + term.trim() + "': expected 'column [asc|desc] [nulls first|nulls last]'");
    }

    @Override
    public String toString() {
        return column + " " + direction + (nulls == Nulls.DEFAULT ? "" : " NULLS " + nulls);
    }
}
