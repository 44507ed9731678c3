package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to render a scan's chunk queries, resolved and validated: the dialect, the
 * quoted source and select list, the caller's filter, the total order and its segments.
 *
 * <p>A chunk query is:
 * <pre>{@code SELECT <columns> FROM <source> WHERE (<filter>) AND <segment> AND <seek> AND <stop> ORDER BY <keys> LIMIT <n>}</pre>
 * where the seek predicate is a row value {@code (a, b) > (?, ?)} where the dialect uses an
 * index for it and every key shares one direction, and otherwise the nested expanded form with a
 * redundant leading range, {@code a >= ? AND (a > ? OR (a = ? AND b > ?))}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScanPlan {

    private final Dialect dialect;
    private final String source;
    private final String selectList;
    private final String filter;
    private final List<Object> filterParameters;
    private final List<KeyColumn> keys;
    private final List<Segment<KeyColumn>> segments;
    private final List<String> orderBy;
    private final boolean keyTrusted;
    private final List<String> tableColumns;

    /**
     * @param filter the caller's filter SQL, or {@code null} for none
     * @param keys the total order, in scan direction (already reversed for a reverse scan)
     * @param keyTrusted whether the order's uniqueness is the caller's claim ({@code key(...)})
     *     rather than a fact of the catalog: then each chunk query reads one row more, to check it
     * @param tableColumns the source's column names, as the catalog spells them
     */
    public ScanPlan(Dialect dialect, String source, String selectList, String filter, List<Object> filterParameters,
            List<KeyColumn> keys, boolean keyTrusted, List<String> tableColumns) {
        this.keyTrusted = keyTrusted;
        this.tableColumns = List.copyOf(tableColumns);
        this.dialect = dialect;
        this.source = source;
        this.selectList = selectList;
        this.filter = filter;
        this.filterParameters = List.copyOf(filterParameters);
        this.keys = List.copyOf(keys);
        this.segments = Segment.of(this.keys);
        List<String> orders = new ArrayList<>();
        for (Segment<KeyColumn> segment : segments) {
            orders.add(renderOrderBy(segment));
        }
        this.orderBy = List.copyOf(orders);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The source's column names, as the catalog spells them. */
    public List<String> tableColumns() {
        return tableColumns;
    }

    /** Whether chunk queries read one row past the chunk, to check a key the caller vouched for. */
    public boolean peeksPastChunk() {
        return keyTrusted;
    }

    /** The LIMIT of a chunk query that is to deliver {@code rows} rows. */
    public int statementLimit(int rows) {
        return keyTrusted ? rows + 1 : rows;
    }

    public List<KeyColumn> keys() {
        return keys;
    }

    /** The quoted table or view the chunk queries read from. */
    public String source() {
        return source;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** The index of the segment that holds a row with these key values. */
    public int segmentOf(List<?> keyValues) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).contains(keyValues)) {
                return i;
            }
        }
        throw new IllegalStateException("no segment holds " + keyValues);
    }

    /** A rendered statement: SQL text and its bind values in order. */
    public record Statement(String sql, List<Object> binds) {}

    /**
     * Renders one chunk query.
     *
     * @param segmentIndex which segment
     * @param after the key values to seek past, or {@code null} to start at the segment's beginning
     * @param inclusive whether the row at {@code after} itself is included
     * @param stop the key values of the stop bound, or {@code null} for none
     * @param stopInclusive whether the row at {@code stop} itself is included
     * @param limit the number of rows to fetch at most
     */
    public Statement chunkQuery(int segmentIndex, List<?> after, boolean inclusive, List<?> stop,
            boolean stopInclusive, int limit) {
        after = bindable(after);
        stop = bindable(stop);
        Segment<KeyColumn> segment = segments.get(segmentIndex);
        Condition where = Condition.TRUE;
        if (filter != null) {
            where = Condition.and(where, Condition.of("(" + filter + ")", filterParameters.toArray()));
        }
        for (int index : segment.isNull()) {
            where = Condition.and(where, Condition.of(keys.get(index).quoted() + " IS NULL"));
        }
        for (int index : segment.isNotNull()) {
            where = Condition.and(where, Condition.of(keys.get(index).quoted() + " IS NOT NULL"));
        }
        if (after != null) {
            List<Object> seekValues = new ArrayList<>();
            for (int index : segment.seekIndexes()) {
                seekValues.add(after.get(index));
            }
            where = Condition.and(where, seek(segment.seekKeys(), seekValues, inclusive));
        }
        if (stop != null) {
            List<KeyColumn> reversed = new ArrayList<>();
            for (KeyColumn key : keys) {
                reversed.add(key.reversed());
            }
            where = Condition.and(where, expanded(reversed, new ArrayList<>(stop), 0, stopInclusive));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        if (dialect.limitStyle() == Dialect.LimitStyle.TOP) {
            sql.append("TOP (").append(limit).append(") ");
        }
        sql.append(selectList).append(" FROM ").append(source);
        if (where == Condition.FALSE) {
            sql.append(" WHERE 1 = 0");
        } else if (where != Condition.TRUE) {
            sql.append(" WHERE ").append(where.text);
        }
        sql.append(" ORDER BY ").append(orderBy.get(segmentIndex));
        if (dialect.limitStyle() == Dialect.LimitStyle.LIMIT) {
            sql.append(" LIMIT ").append(limit);
        } else if (dialect.limitStyle() == Dialect.LimitStyle.FETCH_FIRST) {
            sql.append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
        }
        return new Statement(sql.toString(), where == Condition.FALSE ? List.of() : where.binds);
    }

    /**
     * A following chunk's query with a zero limit and NULL bound for every key value, which the
     * database parses and type-checks like the real one (a key it cannot compare as bound fails)
     * but which reads nothing.
     */
    public Statement seekProbe() {
        List<Object> marks = java.util.Collections.nCopies(keys.size(), PROBE);
        Statement statement = chunkQuery(segmentOf(marks), marks, false, null, false, 0);
        List<Object> binds = new ArrayList<>(statement.binds());
        binds.replaceAll(value -> value == PROBE ? null : value);
        return new Statement(statement.sql(), binds);
    }

    /** Stands for a key value in {@link #seekProbe()}, bound as NULL. */
    private static final Object PROBE = new Object();

    /**
     * The condition that selects exactly the rows of this scan from {@code first} to
     * {@code last}, both inclusive: {@code (<filter>) AND <at or after first> AND <at or before last>}.
     */
    public Statement rangeCondition(List<?> first, List<?> last) {
        first = bindable(first);
        last = bindable(last);
        Condition where = Condition.TRUE;
        if (filter != null) {
            where = Condition.and(where, Condition.of("(" + filter + ")", filterParameters.toArray()));
        }
        where = Condition.and(where, expanded(keys, new ArrayList<>(first), 0, true));
        List<KeyColumn> reversed = new ArrayList<>();
        for (KeyColumn key : keys) {
            reversed.add(key.reversed());
        }
        where = Condition.and(where, expanded(reversed, new ArrayList<>(last), 0, true));
        if (where == Condition.TRUE) {
            return new Statement("1 = 1", List.of());
        }
        if (where == Condition.FALSE) {
            return new Statement("1 = 0", List.of());
        }
        return new Statement(where.text, where.binds);
    }

    /** Key values as each key's kind binds them on this dialect; {@code null} stays {@code null}. */
    private List<?> bindable(List<?> values) {
        if (values == null) {
            return null;
        }
        List<Object> bound = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            bound.add(value == null ? null : keys.get(i).kind().toBind(value, dialect));
        }
        return bound;
    }

    /** The predicate "strictly after (or at, when inclusive) these values" over a segment's keys. */
    private Condition seek(List<KeyColumn> seekKeys, List<Object> values, boolean inclusive) {
        if (seekKeys.isEmpty()) {
            return inclusive ? Condition.TRUE : Condition.FALSE;
        }
        if (seekKeys.size() > 1 && dialect.rowValueSeek() && rowValueApplies(seekKeys)) {
            StringBuilder columns = new StringBuilder("(");
            StringBuilder marks = new StringBuilder("(");
            for (int i = 0; i < seekKeys.size(); i++) {
                columns.append(i == 0 ? "" : ", ").append(seekKeys.get(i).quoted());
                marks.append(i == 0 ? "" : ", ").append(seekKeys.get(i).bindMarker());
            }
            String operator = (seekKeys.get(0).descending() ? "<" : ">") + (inclusive ? "=" : "");
            return Condition.of(columns + ") " + operator + " " + marks + ")", values.toArray());
        }
        Condition expanded = expanded(seekKeys, values, 0, inclusive);
        KeyColumn leading = seekKeys.get(0);
        Object leadingValue = values.get(0);
        if (seekKeys.size() > 1 && !leading.nullable() && leadingValue != null && expanded != Condition.TRUE
                && expanded != Condition.FALSE) {
            String range = leading.quoted() + (leading.descending() ? " <= " : " >= ") + leading.bindMarker();
            return Condition.and(Condition.of(range, leadingValue), expanded);
        }
        return expanded;
    }

    private static boolean rowValueApplies(List<KeyColumn> seekKeys) {
        boolean descending = seekKeys.get(0).descending();
        for (KeyColumn key : seekKeys) {
            if (key.nullable() || key.descending() != descending) {
                return false;
            }
        }
        return true;
    }

    /** after(i) = gt(k_i) OR (eq(k_i) AND after(i + 1)); the last level is gt, or ge when inclusive. */
    private static Condition expanded(List<KeyColumn> keys, List<Object> values, int index, boolean inclusive) {
        KeyColumn key = keys.get(index);
        Object value = values.get(index);
        if (index == keys.size() - 1) {
            return comesAfter(key, value, inclusive);
        }
        return Condition.or(comesAfter(key, value, false),
                Condition.and(equalTo(key, value), expanded(keys, values, index + 1, inclusive)));
    }

    private static Condition equalTo(KeyColumn key, Object value) {
        return value == null ? Condition.of(key.quoted() + " IS NULL")
                : Condition.of(key.quoted() + " = " + key.bindMarker(), value);
    }

    /** The rows whose value of one key comes after {@code value} (or equals it, when inclusive). */
    private static Condition comesAfter(KeyColumn key, Object value, boolean inclusive) {
        if (value == null) {
            if (key.nullsFirst()) {
                return inclusive ? Condition.TRUE : Condition.of(key.quoted() + " IS NOT NULL");
            }
            return inclusive ? Condition.of(key.quoted() + " IS NULL") : Condition.FALSE;
        }
        String operator = (key.descending() ? " <" : " >") + (inclusive ? "= " : " ") + key.bindMarker();
        Condition compared = Condition.of(key.quoted() + operator, value);
        if (key.nullable() && !key.nullsFirst()) {
            return Condition.or(compared, Condition.of(key.quoted() + " IS NULL"));
        }
        return compared;
    }

    private String renderOrderBy(Segment<KeyColumn> segment) {
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            KeyColumn key = keys.get(i);
            if (!dialect.orderByNullKeys() && segment.isNull().contains(i) && segment.isNull().size() < keys.size()) {
                continue;
            }
            String direction = key.descending() ? " DESC" : "";
            if (order.length() > 0) {
                order.append(", ");
            }
            boolean placeNulls = key.nullable() && !segment.fixes(i)
                    && key.nullsFirst() != dialect.defaultNullsFirst(key.descending());
            if (!placeNulls) {
                order.append(key.quoted()).append(direction);
                continue;
            }
            switch (dialect.nullsSyntax()) {
                case NATIVE:
                    order.append(key.quoted()).append(direction).append(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
                    break;
                case IS_NULL_TERM:
                    order.append('(').append(key.quoted()).append(" IS NULL)").append(key.nullsFirst() ? " DESC" : "")
                            .append(", ").append(key.quoted()).append(direction);
                    break;
                case CASE_TERM:
                    order.append("CASE WHEN ").append(key.quoted()).append(" IS NULL THEN 1 ELSE 0 END")
                            .append(key.nullsFirst() ? " DESC" : "").append(", ").append(key.quoted()).append(direction);
                    break;
                default:
                    throw new IllegalStateException(dialect.nullsSyntax().name());
            }
        }
        return order.toString();
    }
}
