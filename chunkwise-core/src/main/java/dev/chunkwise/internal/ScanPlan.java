package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to render a scan's chunk queries, resolved and validated: the dialect, the
 * quoted source and select list, the caller's filter, the total order and its segments.
 *
 * <p>A chunk query is:
 * <pre>{@code SELECT <columns> FROM <source> WHERE (<filter>) AND <segment> AND <seek> AND <stop> ORDER BY <keys> LIMIT <n>}</pre>
 * where the key condition comes from {@link KeyConditions} (shared with chunkwise-jpa): a row
 * value {@code (a, b) > (?, ?)} where the dialect uses an index for it and every key shares one
 * direction, and otherwise the nested expanded form with a redundant leading range,
 * {@code a >= ? AND (a > ? OR (a = ? AND b > ?))}. This class renders it as the dialect's SQL.
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
    public ScanPlan(
            Dialect dialect,
            String source,
            String selectList,
            String filter,
            List<Object> filterParameters,
            List<KeyColumn> keys,
            boolean keyTrusted,
            List<String> tableColumns) {
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

    /** This plan walking its order backwards: every key's direction and NULLs placement flipped. */
    public ScanPlan reversed() {
        List<KeyColumn> flipped = new ArrayList<>(keys.size());
        keys.forEach(key -> flipped.add(key.reversed()));
        return new ScanPlan(dialect, source, selectList, filter, filterParameters, flipped, keyTrusted, tableColumns);
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

    /** Whether the scan has a filter of the caller's. */
    public boolean hasFilter() {
        return filter != null;
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
        return Segment.indexOf(segments, keyValues);
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
    public Statement chunkQuery(
            int segmentIndex, List<?> after, boolean inclusive, List<?> stop, boolean stopInclusive, int limit) {
        KeyCondition<KeyColumn> keyCondition = KeyConditions.chunk(
                segments.get(segmentIndex),
                keys,
                bindable(after),
                inclusive,
                bindable(stop),
                stopInclusive,
                dialect.rowValueSeek());
        StringBuilder sql = new StringBuilder("SELECT ");
        if (dialect.limitStyle() == Dialect.LimitStyle.TOP) {
            sql.append("TOP (").append(limit).append(") ");
        }
        sql.append(selectList).append(" FROM ").append(source);
        List<Object> binds = new ArrayList<>();
        if (keyCondition.isFalse()) {
            sql.append(" WHERE 1 = 0");
        } else if (filter != null || !keyCondition.isTrue()) {
            where(keyCondition, sql.append(" WHERE "), binds);
        }
        sql.append(" ORDER BY ").append(orderBy.get(segmentIndex));
        if (dialect.limitStyle() == Dialect.LimitStyle.LIMIT) {
            sql.append(" LIMIT ").append(limit);
        } else if (dialect.limitStyle() == Dialect.LimitStyle.FETCH_FIRST) {
            sql.append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
        }
        return new Statement(sql.toString(), binds);
    }

    /**
     * The query that finds one cut of a partitioning: the row {@code offset} rows into a segment
     * after {@code after}, its key read like a chunk's, {@code extra} (SQL with its binds, or
     * {@code null}) added to the condition:
     * <pre>{@code SELECT <columns> FROM <source> WHERE (<filter>) AND <segment> AND <seek> AND <stop> [AND <extra>] ORDER BY <keys> LIMIT 1 OFFSET <offset>}</pre>
     * ({@code OFFSET <offset> ROWS FETCH FIRST 1 ROWS ONLY} where the limit is not {@code LIMIT}).
     */
    public Statement cutQuery(
            int segmentIndex,
            List<?> after,
            boolean inclusive,
            List<?> stop,
            boolean stopInclusive,
            long offset,
            Statement extra) {
        StringBuilder sql =
                new StringBuilder("SELECT ").append(selectList).append(" FROM ").append(source);
        List<Object> binds = new ArrayList<>();
        segmentWhere(segmentIndex, after, inclusive, stop, stopInclusive, extra, sql, binds);
        sql.append(" ORDER BY ").append(orderBy.get(segmentIndex));
        if (dialect.limitStyle() == Dialect.LimitStyle.LIMIT) {
            sql.append(" LIMIT 1 OFFSET ").append(offset);
        } else {
            sql.append(" OFFSET ").append(offset).append(" ROWS FETCH FIRST 1 ROWS ONLY");
        }
        return new Statement(sql.toString(), binds);
    }

    /**
     * The number of rows of one segment within bounds, as a chunk query's condition selects them:
     * {@code SELECT COUNT(*) FROM <source> WHERE (<filter>) AND <segment> AND <seek> AND <stop>}.
     */
    public Statement segmentCount(
            int segmentIndex, List<?> after, boolean inclusive, List<?> stop, boolean stopInclusive) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ").append(source);
        List<Object> binds = new ArrayList<>();
        segmentWhere(segmentIndex, after, inclusive, stop, stopInclusive, null, sql, binds);
        return new Statement(sql.toString(), binds);
    }

    /**
     * A sample of the rows within bounds, each with its bucket of {@code buckets} equal ones in the
     * whole order, NULLs where the order puts them (PostgreSQL):
     * The bucket comes first, so that each key is read one column to the right of a chunk's:
     * <pre>{@code SELECT ntile(<buckets>) OVER (ORDER BY <keys>), <columns> FROM <source> TABLESAMPLE BERNOULLI (<percent>) WHERE <condition> ORDER BY <keys>}</pre>
     */
    public Statement sampleQuery(Bounds bounds, int buckets, double percent) {
        Statement condition = condition(bounds);
        String order = renderOrderBy(new Segment<>(List.of(), List.of(), List.of(), keys));
        String sql = "SELECT ntile(" + buckets + ") OVER (ORDER BY " + order + "), " + selectList + " FROM " + source
                + " TABLESAMPLE BERNOULLI (" + percent + ") WHERE " + condition.sql() + " ORDER BY " + order;
        return new Statement(sql, condition.binds());
    }

    private void segmentWhere(
            int segmentIndex,
            List<?> after,
            boolean inclusive,
            List<?> stop,
            boolean stopInclusive,
            Statement extra,
            StringBuilder sql,
            List<Object> binds) {
        KeyCondition<KeyColumn> keyCondition = KeyConditions.chunk(
                segments.get(segmentIndex),
                keys,
                bindable(after),
                inclusive,
                bindable(stop),
                stopInclusive,
                dialect.rowValueSeek());
        if (keyCondition.isFalse()) {
            sql.append(" WHERE 1 = 0");
            return;
        }
        if (filter != null || !keyCondition.isTrue()) {
            where(keyCondition, sql.append(" WHERE "), binds);
            if (extra != null) {
                sql.append(" AND ").append(extra.sql());
                binds.addAll(extra.binds());
            }
        } else if (extra != null) {
            sql.append(" WHERE ").append(extra.sql());
            binds.addAll(extra.binds());
        }
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
        return condition(new Bounds(new ArrayList<>(first), true, new ArrayList<>(last), true));
    }

    /** The most rows one {@link #rowsConditions} condition names: statements stay small for every driver and planner. */
    public static final int ROWS_PER_CONDITION = 1000;

    /**
     * The conditions that select exactly the rows with these key values, the filter applied
     * again: {@code (<filter>) AND "id" IN (?, ?, ...)} (a composite key: one
     * {@code ("a" = ? AND "b" = ?)} term per row), {@link #ROWS_PER_CONDITION} rows at most each.
     *
     * @param rows the key values of each row, one value per key
     */
    public List<Statement> rowsConditions(List<? extends List<?>> rows) {
        List<Statement> conditions = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_CONDITION) {
            List<List<?>> batch = new ArrayList<>();
            for (List<?> row : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_CONDITION))) {
                batch.add(bindable(row));
            }
            StringBuilder sql = new StringBuilder();
            List<Object> binds = new ArrayList<>();
            where(KeyConditions.rows(keys, batch, dialect.rowValueIn()), sql, binds);
            conditions.add(new Statement(sql.toString(), binds));
        }
        return conditions;
    }

    /** The condition that selects the rows of this scan within these bounds: {@code (<filter>) AND <bounds>}. */
    public Statement condition(Bounds bounds) {
        KeyCondition<KeyColumn> keyCondition = KeyConditions.bounded(
                keys,
                bindable(bounds.start()),
                bounds.startInclusive(),
                bindable(bounds.stop()),
                bounds.stopInclusive());
        if (keyCondition.isFalse()) {
            return new Statement("1 = 0", List.of());
        }
        if (keyCondition.isTrue() && filter == null) {
            return new Statement("1 = 1", List.of());
        }
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        where(keyCondition, sql, binds);
        return new Statement(sql.toString(), binds);
    }

    /** Renders {@code (<filter>) AND <key condition>}, either part left out when it is absent or TRUE. */
    private void where(KeyCondition<KeyColumn> keyCondition, StringBuilder sql, List<Object> binds) {
        if (filter != null) {
            sql.append('(').append(filter).append(')');
            binds.addAll(filterParameters);
            if (!keyCondition.isTrue()) {
                sql.append(" AND ");
            }
        }
        if (!keyCondition.isTrue()) {
            render(keyCondition, sql, binds);
        }
    }

    /**
     * Renders a key condition as SQL: {@code a > ?}, {@code (a, b) > (?, ?)}, {@code a IS NULL},
     * conjunctions as they are and every disjunction in parentheses, so that the result combines
     * with AND without changing its meaning.
     */
    private static void render(KeyCondition<KeyColumn> condition, StringBuilder sql, List<Object> binds) {
        if (condition instanceof KeyCondition.Compare<KeyColumn> compare) {
            sql.append(compare.key().quoted())
                    .append(compare.greater() ? " >" : " <")
                    .append(compare.orEqual() ? "= " : " ")
                    .append(compare.key().bindMarker());
            binds.add(compare.value());
        } else if (condition instanceof KeyCondition.RowCompare<KeyColumn> row) {
            StringBuilder marks = new StringBuilder();
            sql.append('(');
            for (int i = 0; i < row.keys().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(row.keys().get(i).quoted());
                marks.append(i == 0 ? "" : ", ").append(row.keys().get(i).bindMarker());
            }
            sql.append(") ")
                    .append(row.greater() ? ">" : "<")
                    .append(row.orEqual() ? "=" : "")
                    .append(" (")
                    .append(marks)
                    .append(')');
            binds.addAll(row.values());
        } else if (condition instanceof KeyCondition.Equal<KeyColumn> equal) {
            sql.append(equal.key().quoted()).append(" = ").append(equal.key().bindMarker());
            binds.add(equal.value());
        } else if (condition instanceof KeyCondition.In<KeyColumn> in) {
            sql.append(in.key().quoted()).append(" IN (");
            for (int i = 0; i < in.values().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(in.key().bindMarker());
            }
            sql.append(')');
            binds.addAll(in.values());
        } else if (condition instanceof KeyCondition.RowIn<KeyColumn> in) {
            StringBuilder marks = new StringBuilder("(");
            sql.append('(');
            for (int i = 0; i < in.keys().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(in.keys().get(i).quoted());
                marks.append(i == 0 ? "" : ", ").append(in.keys().get(i).bindMarker());
            }
            marks.append(')');
            sql.append(") IN (");
            for (int i = 0; i < in.rows().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(marks);
                binds.addAll(in.rows().get(i));
            }
            sql.append(')');
        } else if (condition instanceof KeyCondition.AnyOf<KeyColumn> any) {
            sql.append('(');
            for (int i = 0; i < any.terms().size(); i++) {
                sql.append(i == 0 ? "" : " OR ");
                render(any.terms().get(i), sql, binds);
            }
            sql.append(')');
        } else if (condition instanceof KeyCondition.IsNull<KeyColumn> isNull) {
            sql.append(isNull.key().quoted()).append(isNull.isNull() ? " IS NULL" : " IS NOT NULL");
        } else if (condition instanceof KeyCondition.And<KeyColumn> and) {
            render(and.left(), sql, binds);
            sql.append(" AND ");
            render(and.right(), sql, binds);
        } else if (condition instanceof KeyCondition.Or<KeyColumn> or) {
            sql.append('(');
            render(or.left(), sql, binds);
            sql.append(" OR ");
            render(or.right(), sql, binds);
            sql.append(')');
        } else {
            throw new IllegalStateException("a constant inside a key condition: " + condition);
        }
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

    private String renderOrderBy(Segment<KeyColumn> segment) {
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            KeyColumn key = keys.get(i);
            if (!dialect.orderByNullKeys()
                    && segment.isNull().contains(i)
                    && segment.isNull().size() < keys.size()) {
                continue;
            }
            String direction = key.descending() ? " DESC" : "";
            if (order.length() > 0) {
                order.append(", ");
            }
            boolean placeNulls = key.nullable()
                    && !segment.fixes(i)
                    && key.nullsFirst() != dialect.defaultNullsFirst(key.descending());
            if (!placeNulls) {
                order.append(key.quoted()).append(direction);
                continue;
            }
            switch (dialect.nullsSyntax()) {
                case NATIVE:
                    order.append(key.quoted())
                            .append(direction)
                            .append(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
                    break;
                case IS_NULL_TERM:
                    order.append('(')
                            .append(key.quoted())
                            .append(" IS NULL)")
                            .append(key.nullsFirst() ? " DESC" : "")
                            .append(", ")
                            .append(key.quoted())
                            .append(direction);
                    break;
                case CASE_TERM:
                    order.append("CASE WHEN ")
                            .append(key.quoted())
                            .append(" IS NULL THEN 1 ELSE 0 END")
                            .append(key.nullsFirst() ? " DESC" : "")
                            .append(", ")
                            .append(key.quoted())
                            .append(direction);
                    break;
                default:
                    throw new IllegalStateException(dialect.nullsSyntax().name());
            }
        }
        return order.toString();
    }
}
