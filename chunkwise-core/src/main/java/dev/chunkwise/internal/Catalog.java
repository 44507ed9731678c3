package dev.chunkwise.internal;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads what a scan needs to know from {@link DatabaseMetaData}: whether the table exists, its
 * columns (type, nullability) and its unique keys. Names given by the caller are matched against
 * the catalog (exactly, else case-insensitively when that is unambiguous) and never pasted into
 * SQL as written.
 */
public final class Catalog {

    /** A table or view found in the catalog. */
    public record Table(String catalog, String schema, String name, String type, boolean schemaGiven) {
        /** The display name, schema-qualified when a schema was given. */
        public String displayName() {
            String prefix = schemaGiven ? (schema != null ? schema : catalog) : null;
            return prefix == null ? name : prefix + "." + name;
        }
    }

    /**
     * A column of a table.
     *
     * @param jdbcType and {@code typeName}: what {@code DatabaseMetaData} reports
     * @param nativeType what the database's own catalog says of the type
     */
    public record Column(String name, int jdbcType, String typeName, boolean nullable, NativeType nativeType) {

        Column notNull() {
            return new Column(name, jdbcType, typeName, false, nativeType);
        }
    }

    /**
     * A column's type as the database's own catalog describes it, where drivers report it
     * differently or not at all (PostgreSQL's enums and domains, MariaDB's {@code tinyint(1)},
     * which drivers report as BOOLEAN or BIT depending on a connection property).
     *
     * @param declared the type as the database writes it: PostgreSQL's {@code format_type}, MariaDB's
     *     {@code COLUMN_TYPE} ({@code tinyint(1)}, {@code enum('b','a')}); elsewhere the driver's type name
     * @param base the type that decides how the column is compared, lower case: PostgreSQL's base type
     *     name with domains unwrapped ({@code int4}, {@code citext}, {@code enum}, {@code array}),
     *     MariaDB's {@code DATA_TYPE} ({@code tinyint}, {@code enum}, {@code time}); elsewhere the
     *     driver's type name
     * @param maxBytes the longest value in bytes (MariaDB's {@code CHARACTER_OCTET_LENGTH}), -1 if unknown
     */
    public record NativeType(String declared, String base, long maxBytes) {

        static NativeType reported(String typeName) {
            String name = typeName == null ? "" : typeName;
            return new NativeType(name, name.toLowerCase(Locale.ROOT), -1);
        }
    }

    /**
     * A primary key or unique index, and whether it makes every row unique.
     *
     * @param unusableBecause why it does not make every row unique, or {@code null} when it does
     * @param nullsNotDistinct whether NULLs collide in it (PostgreSQL's {@code NULLS NOT DISTINCT})
     */
    public record UniqueKey(
            String name, boolean primary, List<String> columns, String unusableBecause, boolean nullsNotDistinct) {

        static UniqueKey usable(String name, boolean primary, List<String> columns) {
            return new UniqueKey(name, primary, List.copyOf(columns), null, false);
        }

        public boolean usable() {
            return unusableBecause == null;
        }

        UniqueKey unusable(String reason) {
            return new UniqueKey(
                    name, primary, columns, unusableBecause == null ? reason : unusableBecause, nullsNotDistinct);
        }

        UniqueKey withColumns(List<String> keyColumns) {
            return new UniqueKey(name, primary, List.copyOf(keyColumns), unusableBecause, nullsNotDistinct);
        }

        UniqueKey withNullsNotDistinct(boolean collide) {
            return new UniqueKey(name, primary, columns, unusableBecause, collide);
        }

        /** The key as a refusal names it: {@code email_unique (email): it is partial (WHERE active)}. */
        public String describe() {
            return (primary ? "primary key " : "") + name + " " + columns + (usable() ? "" : ": " + unusableBecause);
        }
    }

    private final DatabaseMetaData metaData;
    private final Dialect dialect;
    private final String currentCatalog;
    private final String currentSchema;

    public Catalog(DatabaseMetaData metaData, Dialect dialect, String currentCatalog, String currentSchema) {
        this.metaData = metaData;
        this.dialect = dialect;
        this.currentCatalog = currentCatalog;
        this.currentSchema = currentSchema;
    }

    /**
     * Finds a table or view.
     *
     * @param schema the schema (or database, on MySQL and MariaDB) the caller named, or {@code null}
     * @throws IllegalArgumentException naming the table and its close matches when there is none
     */
    public Table table(String schema, String name) throws SQLException {
        return table(schema, false, name, false);
    }

    /**
     * Finds a table or view, each name matched exactly when {@code exact} says so (a quoted
     * identifier), else as {@link #match} does.
     *
     * @throws IllegalArgumentException naming the table, the schema searched and close matches when there is none
     */
    public Table table(String schema, boolean schemaExact, String name, boolean nameExact) throws SQLException {
        String catalog = currentCatalog;
        String schemaName = currentSchema;
        if (schema != null && dialect.catalogStyle() == Dialect.CatalogStyle.SQLITE_PRAGMAS) {
            // one connection sees its own file as schema main (databases it attached are not listed)
            if (!schema.equalsIgnoreCase("main")) {
                throw new IllegalArgumentException(
                        "unknown schema '" + schema + "': on SQLite the connection's database file is schema main");
            }
        } else if (schema != null) {
            if (dialect.catalogsAsSchemas()) {
                catalog = match(schema, catalogs(), "database", "", schemaExact);
            } else {
                schemaName = match(schema, schemas(catalog), "schema", "", schemaExact);
            }
        }
        if (dialect.catalogsAsSchemas()) {
            schemaName = null;
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        try (ResultSet rows = metaData.getTables(catalog, escape(schemaName), "%", null)) {
            while (rows.next()) {
                String type = String.valueOf(rows.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                if ((type.contains("TABLE") || type.contains("VIEW")) && !type.startsWith("SYSTEM")) {
                    String tableName = rows.getString("TABLE_NAME");
                    tables.put(
                            tableName,
                            new Table(
                                    rows.getString("TABLE_CAT"),
                                    rows.getString("TABLE_SCHEM"),
                                    tableName,
                                    type,
                                    schema != null));
                }
            }
        }
        String where = schema != null ? " in " + schema : searched(catalog, schemaName);
        String found = match(name, tables.keySet(), "table or view", where, nameExact);
        if (dialect.catalogStyle() == Dialect.CatalogStyle.SQLITE_PRAGMAS && found.contains("'")) {
            // sqlite-jdbc pastes the table name unescaped into the SQL of getColumns (3.50)
            throw new IllegalArgumentException("table '" + found + "' cannot be scanned on SQLite: the SQLite JDBC "
                    + "driver's DatabaseMetaData does not escape a single quote in a table name; rename the table");
        }
        return tables.get(found);
    }

    /** The columns of a table, in catalog order. */
    public List<Column> columns(Table table) throws SQLException {
        Map<Integer, Column> columns = new TreeMap<>();
        try (ResultSet rows = metaData.getColumns(table.catalog(), escape(table.schema()), escape(table.name()), "%")) {
            int fallbackOrder = 100_000;
            while (rows.next()) {
                if (!table.name().equals(rows.getString("TABLE_NAME"))) {
                    continue;
                }
                int position = rows.getInt("ORDINAL_POSITION");
                if (rows.wasNull() || position <= 0) {
                    position = fallbackOrder++;
                }
                columns.put(
                        position,
                        new Column(
                                rows.getString("COLUMN_NAME"),
                                rows.getInt("DATA_TYPE"),
                                rows.getString("TYPE_NAME"),
                                rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                                NativeType.reported(rows.getString("TYPE_NAME"))));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                    "table or view '" + table.displayName() + "' has no columns that this " + "connection may read");
        }
        List<Column> found = List.copyOf(columns.values());
        switch (dialect.catalogStyle()) {
            case SQLITE_PRAGMAS:
                return sqlitePrimaryKeyNotNull(table, found);
            case PG_CATALOG:
                return withNativeTypes(found, postgresTypes(table));
            case MYSQL_INFORMATION_SCHEMA:
                return withNativeTypes(found, mysqlTypes(table));
            default:
                return found;
        }
    }

    private static List<Column> withNativeTypes(List<Column> columns, Map<String, NativeType> types) {
        List<Column> typed = new ArrayList<>();
        for (Column column : columns) {
            NativeType type = types.get(column.name());
            typed.add(
                    type == null
                            ? column
                            : new Column(column.name(), column.jdbcType(), column.typeName(), column.nullable(), type));
        }
        return List.copyOf(typed);
    }

    /**
     * PostgreSQL column types from {@code pg_attribute} and {@code pg_type}: the declared type
     * ({@code format_type}, schema-qualified where the search path needs it) and the base type
     * with domains unwrapped; an enum's base is {@code enum}, an array's {@code array}, a range's
     * {@code range}, a composite's {@code composite}.
     */
    private Map<String, NativeType> postgresTypes(Table table) throws SQLException {
        String sql = "WITH RECURSIVE chain(attname, declared, typid, depth) AS ("
                + " SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid, 0 FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " UNION ALL SELECT c.attname, c.declared, t.typbasetype, c.depth + 1 FROM chain c"
                + " JOIN pg_type t ON t.oid = c.typid WHERE t.typtype = 'd')"
                + " SELECT DISTINCT ON (c.attname) c.attname, c.declared, t.typname, t.typtype, t.typcategory"
                + " FROM chain c JOIN pg_type t ON t.oid = c.typid ORDER BY c.attname, c.depth DESC";
        Map<String, NativeType> types = new LinkedHashMap<>();
        query(sql, postgresQualified(table), rows -> {
            String typtype = rows.getString(4);
            String category = rows.getString(5);
            String base = "e".equals(typtype)
                    ? "enum"
                    : "r".equals(typtype) || "m".equals(typtype)
                            ? "range"
                            : "c".equals(typtype) ? "composite" : "A".equals(category) ? "array" : rows.getString(3);
            types.put(rows.getString(1), new NativeType(rows.getString(2), base, -1));
        });
        return types;
    }

    /** MariaDB and MySQL column types from {@code information_schema.COLUMNS}. */
    private Map<String, NativeType> mysqlTypes(Table table) throws SQLException {
        String sql =
                "SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
        Map<String, NativeType> types = new LinkedHashMap<>();
        query(sql, List.of(table.catalog() == null ? currentCatalog : table.catalog(), table.name()), rows -> {
            long bytes = rows.getLong(4);
            types.put(
                    rows.getString(1),
                    new NativeType(
                            rows.getString(2),
                            rows.getString(3).toLowerCase(Locale.ROOT),
                            rows.wasNull() ? -1 : bytes));
        });
        return types;
    }

    /**
     * MariaDB's and MySQL's {@code max_sort_length}: how many bytes of a value ORDER BY compares
     * when it sorts rather than reads an index.
     */
    public long maxSortLength() throws SQLException {
        long[] length = {Long.MAX_VALUE};
        if (dialect.catalogStyle() == Dialect.CatalogStyle.MYSQL_INFORMATION_SCHEMA) {
            query("SELECT @@SESSION.max_sort_length", List.of(), rows -> length[0] = rows.getLong(1));
        }
        return length[0];
    }

    private String postgresQualified(Table table) {
        return (table.schema() == null ? "" : dialect.quote(table.schema()) + ".") + dialect.quote(table.name());
    }

    private interface RowHandler {
        void handle(ResultSet row) throws SQLException;
    }

    /** Runs a catalog query on the metadata's connection, ending any transaction it opened. */
    private void query(String sql, Object parameter, RowHandler handler) throws SQLException {
        query(sql, List.of(parameter), handler);
    }

    private void query(String sql, List<?> parameters, RowHandler handler) throws SQLException {
        java.sql.Connection connection = metaData.getConnection();
        boolean autoCommit = connection.getAutoCommit();
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.handle(rows);
                }
            }
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    /**
     * SQLite lets a PRIMARY KEY column hold NULL (several, even) unless it is declared NOT NULL,
     * the table is {@code WITHOUT ROWID}, or the key is the rowid itself: a single
     * {@code INTEGER PRIMARY KEY} column with no index of its own ({@code INTEGER PRIMARY KEY DESC}
     * has one and is not the rowid). sqlite-jdbc reports the last two as nullable; they are not.
     */
    private List<Column> sqlitePrimaryKeyNotNull(Table table, List<Column> columns) throws SQLException {
        java.sql.Connection connection = metaData.getConnection();
        boolean withoutRowId = false;
        try (java.sql.PreparedStatement list =
                connection.prepareStatement("SELECT wr FROM pragma_table_list WHERE name = ? AND schema = 'main'")) {
            list.setString(1, table.name());
            try (ResultSet rows = list.executeQuery()) {
                withoutRowId = rows.next() && rows.getInt(1) == 1;
            }
        }
        List<String> primary = new ArrayList<>();
        String firstType = null;
        try (java.sql.PreparedStatement info =
                connection.prepareStatement("SELECT name, type FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")) {
            info.setString(1, table.name());
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) {
                    primary.add(rows.getString(1));
                    firstType = firstType == null ? rows.getString(2) : firstType;
                }
            }
        }
        boolean rowIdAlias = false;
        if (!withoutRowId
                && primary.size() == 1
                && "INTEGER".equalsIgnoreCase(String.valueOf(firstType).trim())) {
            rowIdAlias = true;
            try (java.sql.PreparedStatement list =
                    connection.prepareStatement("SELECT 1 FROM pragma_index_list(?) WHERE origin = 'pk'")) {
                list.setString(1, table.name());
                try (ResultSet rows = list.executeQuery()) {
                    rowIdAlias = !rows.next();
                }
            }
        }
        if (!withoutRowId && !rowIdAlias) {
            return columns;
        }
        List<Column> corrected = new ArrayList<>();
        for (Column column : columns) {
            corrected.add(primary.contains(column.name()) ? column.notNull() : column);
        }
        return List.copyOf(corrected);
    }

    /**
     * The primary key (first, if any) and the unique indexes and constraints of a table, each
     * marked usable or not as a key that makes every row unique: a candidate is not usable when
     * it is partial (it constrains only the rows its predicate selects), covers an expression
     * rather than plain columns, allows NULL in a column (NULLs do not collide in a unique index,
     * except where PostgreSQL's {@code NULLS NOT DISTINCT} says they do), is not valid yet, or
     * compares with another collation than a nondeterministic column collation (values the
     * column's ORDER BY ties could then both be stored).
     *
     * @param columns the table's columns, as {@link #columns(Table)} returned them
     */
    public List<UniqueKey> uniqueKeys(Table table, List<Column> columns) throws SQLException {
        List<UniqueKey> candidates;
        switch (dialect.catalogStyle()) {
            case PG_CATALOG:
                candidates = postgresUniqueKeys(table);
                break;
            case SQLITE_PRAGMAS:
                candidates = sqliteUniqueKeys(table);
                break;
            default:
                candidates = metadataUniqueKeys(table);
                break;
        }
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.name(), column));
        List<UniqueKey> checked = new ArrayList<>();
        for (UniqueKey candidate : candidates) {
            if (candidate.usable() && !candidate.nullsNotDistinct()) {
                List<String> nullable = candidate.columns().stream()
                        .filter(name ->
                                byName.get(name) == null || byName.get(name).nullable())
                        .collect(Collectors.toList());
                if (!nullable.isEmpty()) {
                    candidate = candidate.unusable("it allows NULL in " + String.join(", ", nullable)
                            + ", and rows with NULL there do not collide");
                }
            }
            checked.add(candidate);
        }
        return List.copyOf(checked);
    }

    /** Unique keys as {@code DatabaseMetaData} reports them (MariaDB, MySQL, H2 and the rest). */
    private List<UniqueKey> metadataUniqueKeys(Table table) throws SQLException {
        List<UniqueKey> keys = new ArrayList<>();
        Map<Integer, String> primary = new TreeMap<>();
        String primaryName = "PRIMARY KEY";
        try (ResultSet rows = metaData.getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
            while (rows.next()) {
                primary.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
                if (rows.getString("PK_NAME") != null) {
                    primaryName = rows.getString("PK_NAME");
                }
            }
        }
        if (!primary.isEmpty()) {
            keys.add(UniqueKey.usable(primaryName, true, List.copyOf(primary.values())));
        }
        Map<String, TreeMap<Integer, String>> indexes = new LinkedHashMap<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        try (ResultSet rows = metaData.getIndexInfo(table.catalog(), table.schema(), table.name(), true, true)) {
            while (rows.next()) {
                if (rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic || rows.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                String indexName = rows.getString("INDEX_NAME");
                String column = rows.getString("COLUMN_NAME");
                String predicate = rows.getString("FILTER_CONDITION");
                indexes.computeIfAbsent(indexName, ignored -> new TreeMap<>())
                        .put((int) rows.getShort("ORDINAL_POSITION"), column == null ? "" : column);
                if (predicate != null && !predicate.isBlank()) {
                    unusable.putIfAbsent(indexName, "it is partial (WHERE " + predicate + ")");
                } else if (column == null) {
                    unusable.putIfAbsent(indexName, "it covers an expression, not only columns");
                }
            }
        }
        for (Map.Entry<String, TreeMap<Integer, String>> index : indexes.entrySet()) {
            List<String> columns = List.copyOf(index.getValue().values());
            boolean sameAsPrimary = !keys.isEmpty()
                    && keys.get(0).primary()
                    && keys.get(0).columns().equals(columns);
            if (sameAsPrimary) {
                continue;
            }
            String reason = unusable.get(index.getKey());
            UniqueKey key = UniqueKey.usable(index.getKey(), false, columns);
            keys.add(reason == null ? key : key.unusable(reason));
        }
        return keys;
    }

    /**
     * Unique keys from {@code pg_index}, which says what {@code getIndexInfo} blurs: partial
     * ({@code indpred}), expression ({@code indexprs}), {@code NULLS NOT DISTINCT}, validity and
     * the index's collation.
     */
    private List<UniqueKey> postgresUniqueKeys(Table table) throws SQLException {
        boolean nullsNotDistinctKnown = metaData.getDatabaseMajorVersion() >= 15;
        String sql = "SELECT c.relname, i.indisprimary, i.indpred IS NOT NULL, pg_get_expr(i.indpred, i.indrelid),"
                + " i.indexprs IS NOT NULL, i.indisvalid, "
                + (nullsNotDistinctKnown ? "i.indnullsnotdistinct" : "false") + ", a.attname,"
                + " i.indcollation[k.ord::int - 1] <> a.attcollation AND EXISTS (SELECT 1 FROM pg_collation co"
                + " WHERE co.oid = a.attcollation AND NOT co.collisdeterministic)"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisunique AND k.ord <= i.indnkeyatts"
                + " ORDER BY i.indisprimary DESC, c.relname, k.ord";
        String qualified = postgresQualified(table);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, UniqueKey> keys = new LinkedHashMap<>();
        java.sql.Connection connection = metaData.getConnection();
        boolean autoCommit = connection.getAutoCommit();
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, qualified);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    String column = rows.getString(8);
                    columns.computeIfAbsent(name, ignored -> new ArrayList<>()).add(column == null ? "" : column);
                    UniqueKey key = keys.get(name);
                    if (key == null) {
                        key = UniqueKey.usable(name, rows.getBoolean(2), List.of())
                                .withNullsNotDistinct(rows.getBoolean(7));
                        if (rows.getBoolean(3)) {
                            key = key.unusable("it is partial (WHERE " + rows.getString(4) + ")");
                        } else if (rows.getBoolean(5)) {
                            key = key.unusable("it covers an expression, not only columns");
                        } else if (!rows.getBoolean(6)) {
                            key = key.unusable("it is not valid (a failed CREATE INDEX CONCURRENTLY?)");
                        }
                    }
                    if (key.usable() && rows.getBoolean(9)) {
                        key = key.unusable("it compares " + column + " with another collation than the column's"
                                + " nondeterministic one");
                    }
                    keys.put(name, key);
                }
            }
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
        List<UniqueKey> found = new ArrayList<>();
        keys.forEach((name, key) -> found.add(key.withColumns(columns.get(name))));
        return found;
    }

    /**
     * Unique keys from SQLite's pragmas: {@code index_list} tells partial indexes and the primary
     * key's own index, {@code index_xinfo} expression columns. A rowid table's
     * {@code INTEGER PRIMARY KEY} has no index of its own and is the rowid.
     */
    private List<UniqueKey> sqliteUniqueKeys(Table table) throws SQLException {
        List<UniqueKey> keys = new ArrayList<>();
        Map<Integer, String> primary = new TreeMap<>();
        try (ResultSet rows = metaData.getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
            while (rows.next()) {
                primary.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        if (!primary.isEmpty()) {
            keys.add(UniqueKey.usable("PRIMARY KEY", true, List.copyOf(primary.values())));
        }
        java.sql.Connection connection = metaData.getConnection();
        List<String[]> indexes = new ArrayList<>();
        try (java.sql.PreparedStatement list =
                connection.prepareStatement("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)")) {
            list.setString(1, table.name());
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(2) == 1 && !"pk".equals(rows.getString(3))) {
                        indexes.add(new String[] {rows.getString(1), rows.getString(4)});
                    }
                }
            }
        }
        Map<String, String> collations = indexes.isEmpty() ? Map.of() : sqliteColumnCollations(table);
        for (String[] index : indexes) {
            List<String> columns = new ArrayList<>();
            boolean expression = false;
            String finerCollation = null;
            try (java.sql.PreparedStatement info = connection.prepareStatement(
                    "SELECT cid, name, coll FROM pragma_index_xinfo(?) WHERE \"key\" = 1 ORDER BY seqno")) {
                info.setString(1, index[0]);
                try (ResultSet rows = info.executeQuery()) {
                    while (rows.next()) {
                        expression |= rows.getInt(1) < 0;
                        String column = rows.getString(2) == null ? "" : rows.getString(2);
                        columns.add(column);
                        String indexCollation =
                                String.valueOf(rows.getString(3)).toUpperCase(Locale.ROOT);
                        String columnCollation = collations.getOrDefault(column.toLowerCase(Locale.ROOT), "BINARY");
                        if (finerCollation == null
                                && !indexCollation.equals(columnCollation)
                                && !columnCollation.equals("BINARY")) {
                            finerCollation = "it compares " + column + " with collation " + indexCollation
                                    + ", but the column's ORDER BY uses " + columnCollation + ", which ties values it"
                                    + " tells apart";
                        }
                    }
                }
            }
            UniqueKey key = UniqueKey.usable(index[0], false, columns);
            if ("1".equals(index[1])) {
                key = key.unusable("it is partial (it has a WHERE clause)");
            } else if (expression) {
                key = key.unusable("it covers an expression, not only columns");
            } else if (finerCollation != null) {
                key = key.unusable(finerCollation);
            }
            if (!keys.isEmpty()
                    && keys.get(0).primary()
                    && keys.get(0).columns().equals(columns)
                    && key.usable()) {
                continue;
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * The declared collation of each column of a SQLite table that has one (lower-case column name
     * to upper-case collation), read from its {@code CREATE TABLE} text: SQLite has no pragma for it.
     */
    private Map<String, String> sqliteColumnCollations(Table table) throws SQLException {
        String[] definition = {null};
        query(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                table.name(),
                rows -> definition[0] = rows.getString(1));
        Map<String, String> collations = new LinkedHashMap<>();
        if (definition[0] == null) {
            return collations;
        }
        String sql = definition[0];
        List<SqlLexer.Token> tokens = new ArrayList<>();
        for (SqlLexer.Token token : SqlLexer.tokens(sql, dialect.syntax())) {
            if (token.kind() != SqlLexer.Kind.SPACE && token.kind() != SqlLexer.Kind.COMMENT) {
                tokens.add(token);
            }
        }
        int depth = 0;
        String column = null;
        boolean atStart = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token token = tokens.get(i);
            String text = token.text(sql);
            if (token.kind() == SqlLexer.Kind.OPEN) {
                depth++;
                atStart = depth == 1;
                continue;
            }
            if (token.kind() == SqlLexer.Kind.CLOSE) {
                depth--;
                continue;
            }
            if (depth == 1 && text.equals(",")) {
                atStart = true;
                column = null;
                continue;
            }
            if (depth == 1 && atStart) {
                atStart = false;
                boolean constraint = token.kind() == SqlLexer.Kind.WORD
                        && List.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN")
                                .contains(text.toUpperCase(Locale.ROOT));
                column = constraint
                        ? null
                        : token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER ? text.substring(1, text.length() - 1) : text;
                continue;
            }
            if (depth == 1 && column != null && text.equalsIgnoreCase("COLLATE") && i + 1 < tokens.size()) {
                String name = tokens.get(i + 1).text(sql);
                if (tokens.get(i + 1).kind() == SqlLexer.Kind.QUOTED_IDENTIFIER
                        || tokens.get(i + 1).kind() == SqlLexer.Kind.STRING) {
                    name = name.substring(1, name.length() - 1);
                }
                collations.put(column.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT));
            }
        }
        return collations;
    }

    private List<String> catalogs() throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metaData.getCatalogs()) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_CAT"));
            }
        }
        return names;
    }

    private List<String> schemas(String catalog) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metaData.getSchemas()) {
            while (rows.next()) {
                String schemaCatalog = rows.getString("TABLE_CATALOG");
                if (catalog == null || schemaCatalog == null || catalog.equals(schemaCatalog)) {
                    names.add(rows.getString("TABLE_SCHEM"));
                }
            }
        }
        return names;
    }

    /** Whether a schema (on MySQL and MariaDB, a database) of this name exists, ignoring case. */
    public boolean schemaExists(String schema) throws SQLException {
        List<String> names = dialect.catalogsAsSchemas() ? catalogs() : schemas(currentCatalog);
        return names.stream().anyMatch(schema::equalsIgnoreCase);
    }

    /** Where an unqualified name was looked for, for a message: {@code " in schema public"}, or empty. */
    private String searched(String catalog, String schemaName) {
        if (dialect.catalogsAsSchemas()) {
            return catalog == null ? "" : " in database " + catalog + " (the connection's database)";
        }
        return schemaName == null ? "" : " in schema " + schemaName + " (the connection's current schema)";
    }

    private static String match(
            String wanted, java.util.Collection<String> names, String what, String where, boolean exact) {
        if (!exact || names.contains(wanted)) {
            return match(wanted, names, what, where);
        }
        List<String> close = closeMatches(wanted, names);
        throw new IllegalArgumentException("unknown " + what + " '" + wanted + "'" + where
                + " (quoted, so matched exactly)"
                + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"));
    }

    /**
     * The catalog's spelling of a name: the exact name, else the one name equal ignoring case.
     *
     * @throws IllegalArgumentException naming the name and its close matches
     */
    public static String match(String wanted, java.util.Collection<String> names, String what, String where) {
        if (names.contains(wanted)) {
            return wanted;
        }
        List<String> ignoringCase =
                names.stream().filter(name -> name.equalsIgnoreCase(wanted)).collect(Collectors.toList());
        if (ignoringCase.size() == 1) {
            return ignoringCase.get(0);
        }
        if (ignoringCase.size() > 1) {
            throw new IllegalArgumentException(what + " '" + wanted + "' is ambiguous" + where + ": "
                    + String.join(", ", ignoringCase) + " differ only in case; write the name exactly");
        }
        List<String> close = closeMatches(wanted, names);
        throw new IllegalArgumentException("unknown " + what + " '" + wanted + "'" + where
                + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"));
    }

    /** Up to five names within a small edit distance of {@code wanted}, or containing it, closest first. */
    public static List<String> closeMatches(String wanted, java.util.Collection<String> names) {
        String lower = wanted.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, lower.length() / 3);
        return names.stream()
                .map(name -> Map.entry(name, distance(lower, name.toLowerCase(Locale.ROOT))))
                .filter(entry -> entry.getValue() <= limit
                        || (lower.length() >= 3
                                && entry.getKey().toLowerCase(Locale.ROOT).contains(lower)))
                .sorted(Comparator.comparing((Map.Entry<String, Integer> entry) -> entry.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(5)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 8 || a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private String escape(String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = metaData.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
