package dev.chunkwise.internal;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ConnectionSource;
import dev.chunkwise.Position;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.RowMapper;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanColumn;
import dev.chunkwise.ScanDefinitionException;
import dev.chunkwise.ScanDefinitionException.Part;
import dev.chunkwise.SortKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns the description of a scan, as its builder collected it ({@link Request}), into what runs
 * it ({@link ResolvedScan}), reading the catalog once: the table and its columns, the order made
 * total (the declared sort keys, then a tie-breaker from a key that makes every row unique), how
 * each key is read and bound, the filter checked by the dialect's lexical rules, the chunk
 * queries probed with a zero limit so that a bad filter or key fails now, and the fingerprint
 * that positions carry.
 *
 * <p>One resolution, one thread; the connection is the caller's.
 */
public final class ScanResolver {

    /**
     * What a scan's builder collected: every field as the caller set it (names unresolved).
     *
     * @param table the table or view name as given; {@code schema} the schema, or null
     * @param columns the columns to select, or empty for every column (or, with {@code keyColumnsOnly}, the order's)
     */
    public record Request(
            ConnectionSource source,
            String schema,
            String table,
            List<String> columns,
            boolean keyColumnsOnly,
            String filter,
            List<Object> filterParameters,
            List<SortKey> sortKeys,
            List<String> key,
            int chunkSize,
            Integer fetchSize,
            boolean reverse,
            Duration chunkTime,
            int minChunkSize,
            int maxChunkSize,
            double pacing,
            Duration pause,
            RetryPolicy retryPolicy,
            boolean snapshot,
            ScanClock clock,
            Consumer<? super Position> checkpoint,
            boolean defaultSize) {}

    /**
     * A resolved scan: what runs it, the table, the total order and the columns its rows hold.
     *
     * @param <T> the type of one mapped row
     */
    public record ResolvedScan<T>(RunPlan<T> run, Catalog.Table table, List<SortKey> order, List<ScanColumn> columns) {}

    private final ConnectionSource source;
    private final String schema;
    private final String table;
    private final List<String> columns;
    private final boolean keyColumnsOnly;
    private final String filter;
    private final List<Object> filterParameters;
    private final List<SortKey> sortKeys;
    private final List<String> key;
    private final int chunkSize;
    private final Integer fetchSize;
    private final boolean reverse;
    private final Duration chunkTime;
    private final boolean defaultSize;
    private final int minChunkSize;
    private final int maxChunkSize;
    private final double pacing;
    private final Duration pause;
    private final RetryPolicy retryPolicy;
    private final boolean snapshot;
    private final ScanClock clock;
    private final Consumer<? super Position> checkpoint;

    private ScanResolver(Request request) {
        this.source = request.source();
        this.schema = request.schema();
        this.table = request.table();
        this.columns = request.columns();
        this.keyColumnsOnly = request.keyColumnsOnly();
        this.filter = request.filter();
        this.filterParameters = request.filterParameters();
        this.sortKeys = request.sortKeys();
        this.key = request.key();
        this.chunkSize = request.chunkSize();
        this.fetchSize = request.fetchSize();
        this.reverse = request.reverse();
        this.chunkTime = request.chunkTime();
        this.defaultSize = request.defaultSize();
        this.minChunkSize = request.minChunkSize();
        this.maxChunkSize = request.maxChunkSize();
        this.pacing = request.pacing();
        this.pause = request.pause();
        this.retryPolicy = request.retryPolicy();
        this.snapshot = request.snapshot();
        this.clock = request.clock();
        this.checkpoint = request.checkpoint();
    }

    /**
     * Resolves a scan on a connection the resolver opens and closes; a transient failure (a lost
     * connection, say) starts the catalog read again on a new connection, under the scan's
     * retry policy.
     *
     * @throws IllegalArgumentException when the table or a column is unknown, the order is not
     *     total and no unique key can be appended, a key column's type cannot be a key, or the
     *     filter is rejected by the database
     * @throws ChunkwiseException when the catalog cannot be read
     */
    public static <T> ResolvedScan<T> resolve(Request request, RowMapper<T> mapper) {
        try {
            return Retrier.retrying(request.retryPolicy(), request.clock(), () -> {
                try (Connection connection = request.source().open()) {
                    return new ScanResolver(request).resolve(connection, mapper);
                }
            });
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot read the catalog for table '" + request.table() + "': " + failure.getMessage(), failure);
        }
    }

    private <T> ResolvedScan<T> resolve(Connection connection, RowMapper<T> mapper) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        Dialect dialect = Dialect.detect(metaData).forSession(connection);
        String renderedFilter = filter == null ? null : checkedFilter(dialect);
        Catalog catalog = new Catalog(metaData, dialect, connection.getCatalog(), currentSchema(connection));
        Catalog.Table found;
        try {
            found = findTable(catalog, dialect);
        } catch (ScanDefinitionException wrong) {
            throw wrong;
        } catch (IllegalArgumentException notFound) {
            throw new ScanDefinitionException(Part.TABLE, notFound, notFound.getMessage());
        }
        List<Catalog.Column> tableColumns = catalog.columns(found);
        List<Catalog.UniqueKey> uniqueKeys = catalog.uniqueKeys(found, tableColumns);
        Map<String, Catalog.Column> byName = new HashMap<>();
        for (Catalog.Column column : tableColumns) {
            byName.put(column.name(), column);
        }
        String where = " in " + found.displayName();

        List<SortKey> resolvedOrder = new ArrayList<>();
        Set<String> ordered = new LinkedHashSet<>();
        for (SortKey sortKey : sortKeys) {
            String name = column(sortKey.column(), byName, where, Part.ORDER);
            if (!ordered.add(name)) {
                throw new ScanDefinitionException(
                        Part.ORDER, null, "column '" + name + "' appears twice in ", Part.ORDER);
            }
            resolvedOrder.add(new SortKey(name, sortKey.direction(), sortKey.nulls()));
        }
        // the tie-breaker runs in the direction of the last sort key, so that an index on
        // (sort columns, key) serves a descending order by a backward scan, without a sort
        SortKey.Direction tieDirection = resolvedOrder.isEmpty()
                ? SortKey.Direction.ASC
                : resolvedOrder.get(resolvedOrder.size() - 1).direction();
        for (String name : tieBreaker(uniqueKeys, found, byName, ordered)) {
            if (ordered.add(name)) {
                resolvedOrder.add(new SortKey(name, tieDirection, SortKey.Nulls.DEFAULT));
            }
        }

        List<String> selected = new ArrayList<>();
        if (keyColumnsOnly) {
            resolvedOrder.forEach(sortKey -> selected.add(sortKey.column()));
        } else if (columns.isEmpty()) {
            tableColumns.forEach(column -> selected.add(column.name()));
        } else {
            for (String column : columns) {
                String name = column(column, byName, where, Part.COLUMNS);
                if (selected.contains(name)) {
                    throw new ScanDefinitionException(
                            Part.COLUMNS, null, "column '" + name + "' is selected twice in ", Part.COLUMNS);
                }
                selected.add(name);
            }
        }

        List<KeyColumn> keys = new ArrayList<>();
        List<SortKey> finalOrder = new ArrayList<>();
        List<String> selectList = new ArrayList<>();
        selected.forEach(name -> selectList.add(dialect.quote(name)));
        List<String> readExpressions = new ArrayList<>();
        long maxSortLength = catalog.maxSortLength();
        for (SortKey sortKey : resolvedOrder) {
            Catalog.Column column = byName.get(sortKey.column());
            String quoted = dialect.quote(column.name());
            boolean descending = sortKey.direction() == SortKey.Direction.DESC;
            boolean nullsFirst = sortKey.nulls() == SortKey.Nulls.DEFAULT
                    ? dialect.defaultNullsFirst(descending)
                    : sortKey.nulls() == SortKey.Nulls.FIRST;
            KeyTypes.KeyType type = KeyTypes.of(dialect, column, quoted, maxSortLength);
            if (!selectList.contains(quoted)) {
                selectList.add(quoted);
            }
            int selectIndex = selectList.indexOf(quoted) + 1;
            if (type.readExpression() != null) {
                // aliased, so that ORDER BY "k" does not find two output columns named k
                readExpressions.add(type.readExpression() + " AS "
                        + dialect.quote("chunkwise_key_" + (readExpressions.size() + 1)));
                selectIndex = -readExpressions.size();
            }
            KeyColumn keyColumn = new KeyColumn(
                    column.name(),
                    quoted,
                    descending,
                    nullsFirst,
                    column.nullable(),
                    type.kind(),
                    selectIndex,
                    type.bindMarker());
            keys.add(reverse ? keyColumn.reversed() : keyColumn);
        }
        // expressions that read a key exactly come last, after every column
        for (int i = 0; i < keys.size(); i++) {
            KeyColumn keyColumn = keys.get(i);
            if (keyColumn.selectIndex() < 0) {
                keys.set(
                        i,
                        new KeyColumn(
                                keyColumn.name(),
                                keyColumn.quoted(),
                                keyColumn.descending(),
                                keyColumn.nullsFirst(),
                                keyColumn.nullable(),
                                keyColumn.kind(),
                                selectList.size() - keyColumn.selectIndex(),
                                keyColumn.bindMarker()));
            }
        }
        selectList.addAll(readExpressions);
        for (KeyColumn keyColumn : keys) {
            finalOrder.add(new SortKey(
                    keyColumn.name(),
                    keyColumn.descending() ? SortKey.Direction.DESC : SortKey.Direction.ASC,
                    keyColumn.nullsFirst() ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST));
        }

        String quotedSource = quotedSource(dialect, found);
        String selectSql = String.join(", ", selectList);
        ScanPlan plan = new ScanPlan(
                dialect,
                quotedSource,
                selectSql,
                renderedFilter,
                filterParameters,
                keys,
                !key.isEmpty(),
                tableColumns.stream().map(Catalog.Column::name).collect(Collectors.toList()));
        String keyColumns = resolvedOrder.stream()
                .map(sortKey -> "'" + sortKey.column() + "' ("
                        + byName.get(sortKey.column()).nativeType().declared() + ")")
                .collect(Collectors.joining(", "));
        List<ScanColumn> described = probe(connection, dialect, plan, found, selected.size(), keyColumns);
        int fetch = fetchSize != null ? fetchSize : dialect.streaming().defaultFetchSize(chunkSize);
        long fingerprint = fingerprint(found, finalOrder);
        int firstSize = chunkTime == null ? chunkSize : Math.max(minChunkSize, Math.min(maxChunkSize, chunkSize));
        RunSettings settings = new RunSettings(
                firstSize,
                chunkTime,
                minChunkSize,
                maxChunkSize,
                pacing,
                pause,
                retryPolicy,
                clock,
                checkpoint,
                defaultSize);
        String description = "the key " + finalOrder + " of the scan over " + found.displayName();
        RunPlan<T> run = new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                found.displayName(),
                Bounds.NONE,
                fetch,
                snapshot,
                settings,
                null);
        return new ResolvedScan<>(run, found, List.copyOf(finalOrder), described);
    }

    /**
     * The table as named: first as the catalog spells a name (so that a name holding dots or quotes
     * is found as it is), then as {@code schema.table}, read as SQL when it quotes a part.
     */
    private Catalog.Table findTable(Catalog catalog, Dialect dialect) throws SQLException {
        if (schema != null) {
            return catalog.table(schema, table);
        }
        try {
            return catalog.table(null, table);
        } catch (IllegalArgumentException notFound) {
            List<QualifiedName.Part> parts = QualifiedName.parse(table, dialect);
            if (parts != null) {
                // quoted parts match exactly, except on SQLite, where quoted names ignore case too
                boolean caseSensitive = dialect.catalogStyle() != Dialect.CatalogStyle.SQLITE_PRAGMAS;
                QualifiedName.Part name = parts.get(parts.size() - 1);
                QualifiedName.Part prefix = parts.size() == 2 ? parts.get(0) : null;
                return catalog.table(
                        prefix == null ? null : prefix.name(),
                        prefix != null && prefix.quoted() && caseSensitive,
                        name.name(),
                        name.quoted() && caseSensitive);
            }
            int dot = table.indexOf('.');
            if (dot > 0 && dot < table.length() - 1) {
                try {
                    return catalog.table(table.substring(0, dot), table.substring(dot + 1));
                } catch (IllegalArgumentException alsoNotFound) {
                    // the schema exists: say which of its tables come close, rather than of the current schema's
                    throw catalog.schemaExists(table.substring(0, dot)) ? alsoNotFound : notFound;
                }
            }
            throw notFound;
        }
    }

    /** The filter checked by the dialect's lexical rules, as the chunk queries will hold it. */
    private String checkedFilter(Dialect dialect) {
        try {
            return FilterText.checked(filter, dialect.syntax(), filterParameters.size(), "the filter '" + filter + "'");
        } catch (IllegalArgumentException refused) {
            throw new ScanDefinitionException(Part.FILTER, refused, refused.getMessage());
        }
    }

    /** The catalog's spelling of a column that {@code part} names. */
    private static String column(String wanted, Map<String, Catalog.Column> byName, String where, Part part) {
        try {
            return Catalog.match(wanted, byName.keySet(), "column", where);
        } catch (IllegalArgumentException unknown) {
            throw new ScanDefinitionException(part, unknown, unknown.getMessage());
        }
    }

    private static String currentSchema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError unsupported) {
            return null;
        }
    }

    private List<String> tieBreaker(
            List<Catalog.UniqueKey> uniqueKeys,
            Catalog.Table found,
            Map<String, Catalog.Column> byName,
            Set<String> ordered) {
        String where = " in " + found.displayName();
        if (!key.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (String column : key) {
                String name = column(column, byName, where, Part.KEY);
                if (names.contains(name)) {
                    throw new ScanDefinitionException(
                            Part.KEY, null, "column '" + name + "' appears twice in ", Part.KEY);
                }
                names.add(name);
            }
            return names;
        }
        for (Catalog.UniqueKey unique : uniqueKeys) {
            if (unique.usable() && !ordered.isEmpty() && ordered.containsAll(unique.columns())) {
                return List.of();
            }
        }
        for (Catalog.UniqueKey unique : uniqueKeys) {
            if (unique.usable()) {
                return unique.columns();
            }
        }
        String orderText =
                ordered.isEmpty() ? "no order was given" : "the order " + ordered + " is not known to be unique";
        String candidates = uniqueKeys.isEmpty()
                ? "it has no primary key or unique index"
                : "none of its unique keys makes every row unique: "
                        + uniqueKeys.stream().map(Catalog.UniqueKey::describe).collect(Collectors.joining("; "));
        throw new ScanDefinitionException(
                Part.KEY,
                null,
                orderText + ", and " + found.displayName()
                        + " has no primary key or unique key on NOT NULL columns to append as tie-breaker ("
                        + candidates
                        + "); name a unique key with ",
                Part.KEY,
                ", for example one of " + candidateColumns(byName));
    }

    private static String candidateColumns(Map<String, Catalog.Column> byName) {
        List<String> notNull = byName.values().stream()
                .filter(column -> !column.nullable())
                .map(Catalog.Column::name)
                .sorted()
                .limit(5)
                .collect(Collectors.toList());
        return notNull.isEmpty()
                ? "its columns " + byName.keySet().stream().sorted().limit(5).collect(Collectors.toList())
                : "the NOT NULL columns " + notNull;
    }

    private static String quotedSource(Dialect dialect, Catalog.Table found) {
        if (!found.schemaGiven()) {
            return dialect.quote(found.name());
        }
        String prefix = dialect.catalogsAsSchemas() ? found.catalog() : found.schema();
        return prefix == null ? dialect.quote(found.name()) : dialect.quote(prefix) + "." + dialect.quote(found.name());
    }

    /**
     * Runs the first chunk query and the seek of a following one with a zero limit, so that a
     * bad filter, or a key the database cannot order or compare as bound, fails now, naming
     * itself; returns the columns of the rows a run will hand out, as the driver describes them.
     */
    private List<ScanColumn> probe(
            Connection connection,
            Dialect dialect,
            ScanPlan plan,
            Catalog.Table found,
            int selectedColumns,
            String keyColumns)
            throws SQLException {
        List<ScanColumn> described = new ArrayList<>();
        try {
            ScanPlan.Statement first = plan.chunkQuery(0, null, false, null, false, 0);
            try (PreparedStatement prepared = connection.prepareStatement(first.sql())) {
                bindProbe(prepared, first.binds());
                try (ResultSet probed = prepared.executeQuery()) {
                    java.sql.ResultSetMetaData columns = probed.getMetaData();
                    for (int i = 1; i <= Math.min(selectedColumns, columns.getColumnCount()); i++) {
                        described.add(new ScanColumn(
                                columns.getColumnLabel(i),
                                columns.getColumnType(i),
                                columns.getColumnTypeName(i),
                                columns.getPrecision(i),
                                columns.getScale(i)));
                    }
                    probed.next();
                }
            } catch (SQLException failure) {
                if (Failures.isBadInput(dialect, failure)) {
                    String what = filter == null ? "the scan query" : "the filter '" + filter + "'";
                    Part part = filter == null ? Part.TABLE : Part.FILTER;
                    throw new ScanDefinitionException(
                            part,
                            failure,
                            what + " is rejected by the database for " + found.displayName() + ": "
                                    + failure.getMessage());
                }
                throw failure;
            }
            ScanPlan.Statement seek = plan.seekProbe();
            try (PreparedStatement prepared = connection.prepareStatement(seek.sql())) {
                bindProbe(prepared, seek.binds());
                try (ResultSet probed = prepared.executeQuery()) {
                    probed.next();
                }
            } catch (SQLException failure) {
                if (Failures.isBadInput(dialect, failure)) {
                    throw new ScanDefinitionException(
                            Part.ORDER,
                            failure,
                            "the order by " + keyColumns + " of " + found.displayName()
                                    + " cannot be walked: the database rejects the comparison that continues after a"
                                    + " position (" + failure.getMessage() + ")");
                }
                throw failure;
            }
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
        return List.copyOf(described);
    }

    private static void bindProbe(PreparedStatement prepared, List<Object> binds) throws SQLException {
        int index = 1;
        for (Object value : binds) {
            prepared.setObject(index++, value);
        }
    }

    private long fingerprint(Catalog.Table found, List<SortKey> finalOrder) {
        return Fingerprints.of(Fingerprints.JDBC, found.displayName(), filter == null ? "" : filter, finalOrder);
    }
}
