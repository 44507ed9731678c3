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

    /** A column of a table. */
    public record Column(String name, int jdbcType, String typeName, boolean nullable) {}

    /** A primary key or unique index. */
    public record UniqueKey(String name, boolean primary, List<String> columns) {}

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
        String catalog = currentCatalog;
        String schemaName = currentSchema;
        if (schema != null) {
            if (dialect.catalogsAsSchemas()) {
                catalog = matchName(schema, catalogs(), "database");
            } else {
                schemaName = matchName(schema, schemas(catalog), "schema");
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
                    tables.put(tableName, new Table(rows.getString("TABLE_CAT"), rows.getString("TABLE_SCHEM"),
                            tableName, type, schema != null));
                }
            }
        }
        String where = schema != null ? " in " + schema : "";
        String found = match(name, tables.keySet(), "table or view", where);
        if (dialect.name().equals(Dialect.SQLITE.name()) && found.contains("'")) {
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
                columns.put(position, new Column(rows.getString("COLUMN_NAME"), rows.getInt("DATA_TYPE"),
                        rows.getString("TYPE_NAME"), rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table or view '" + table.displayName() + "' has no columns that this "
                    + "connection may read");
        }
        return List.copyOf(columns.values());
    }

    /** The primary key (first, if any) and the unique indexes of a table whose columns are all plain columns. */
    public List<UniqueKey> uniqueKeys(Table table) throws SQLException {
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
            keys.add(new UniqueKey(primaryName, true, List.copyOf(primary.values())));
        }
        Map<String, TreeMap<Integer, String>> indexes = new LinkedHashMap<>();
        List<String> unusable = new ArrayList<>();
        try (ResultSet rows = metaData.getIndexInfo(table.catalog(), table.schema(), table.name(), true, true)) {
            while (rows.next()) {
                if (rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic || rows.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                String indexName = rows.getString("INDEX_NAME");
                String column = rows.getString("COLUMN_NAME");
                if (column == null) {
                    unusable.add(indexName);
                    continue;
                }
                indexes.computeIfAbsent(indexName, ignored -> new TreeMap<>())
                        .put((int) rows.getShort("ORDINAL_POSITION"), column);
            }
        }
        for (Map.Entry<String, TreeMap<Integer, String>> index : indexes.entrySet()) {
            if (unusable.contains(index.getKey())) {
                continue;
            }
            List<String> columns = List.copyOf(index.getValue().values());
            boolean sameAsPrimary = !keys.isEmpty() && keys.get(0).primary() && keys.get(0).columns().equals(columns);
            if (!sameAsPrimary) {
                keys.add(new UniqueKey(index.getKey(), false, columns));
            }
        }
        return List.copyOf(keys);
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

    private String matchName(String wanted, List<String> names, String what) {
        return match(wanted, names, what, "");
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
        List<String> ignoringCase = names.stream().filter(name -> name.equalsIgnoreCase(wanted))
                .collect(Collectors.toList());
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
                        || (lower.length() >= 3 && entry.getKey().toLowerCase(Locale.ROOT).contains(lower)))
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
