package dev.chunkwise.internal;

import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, per database, how a column is walked as a sort key: which {@link ValueKind} reads and
 * binds it, what the chunk query selects to read it (the column, or an expression where the
 * column's own value cannot be read exactly), and how a bound value is written in the seek
 * predicate ({@code ?}, or a cast to the column's type). A type that cannot be walked exactly is
 * refused here, when the scan is built, naming the column, its type and why.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyTypes {

    /**
     * How one key column is read and bound.
     *
     * @param kind reads the value and converts it for binding
     * @param readExpression what the chunk query selects to read the key, or {@code null} for the
     *     column itself
     * @param bindMarker the placeholder as the seek predicate writes it: {@code ?} or a cast of it
     */
    public record KeyType(ValueKind kind, String readExpression, String bindMarker) {
        static KeyType plain(ValueKind kind) {
            return new KeyType(kind, null, "?");
        }
    }

    /** PostgreSQL types without a btree ordering: ORDER BY cannot sort them. */
    private static final Set<String> POSTGRES_UNORDERED = Set.of(
            "json",
            "xml",
            "point",
            "line",
            "lseg",
            "box",
            "path",
            "polygon",
            "circle",
            "aclitem",
            "jsonpath",
            "txid_snapshot",
            "pg_snapshot");

    private static final Set<String> MYSQL_GEOMETRY = Set.of(
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection");

    private KeyTypes() {}

    /**
     * The key type of {@code column}.
     *
     * @param quoted the column as the chunk query names it
     * @param maxSortLength MariaDB's and MySQL's {@code max_sort_length}: the bytes of a value
     *     that ORDER BY compares when it sorts (a longer column could tie in ORDER BY while the
     *     seek's comparison tells the values apart); ignored elsewhere
     * @throws IllegalArgumentException naming the column and its type when it cannot be a sort key
     */
    public static KeyType of(Dialect dialect, Catalog.Column column, String quoted, long maxSortLength) {
        switch (dialect.catalogStyle()) {
            case PG_CATALOG:
                return postgres(column, quoted);
            case MYSQL_INFORMATION_SCHEMA:
                return mysql(column, quoted, maxSortLength);
            case H2_INFORMATION_SCHEMA:
                return h2(column);
            case SQLITE_PRAGMAS:
                return KeyType.plain(ValueKind.RAW);
            default:
                return KeyType.plain(byJdbcType(column));
        }
    }

    private static KeyType postgres(Catalog.Column column, String quoted) {
        String base = column.nativeType().base();
        switch (base) {
            case "int2":
            case "int4":
            case "int8":
            case "oid":
                return KeyType.plain(ValueKind.LONG);
            case "numeric":
                return new KeyType(ValueKind.DECIMAL_OR_SPECIAL, null, "CAST(? AS numeric)");
            case "money":
                return new KeyType(ValueKind.DECIMAL, "CAST(" + quoted + " AS numeric)", "CAST(? AS money)");
            case "float4":
                return KeyType.plain(ValueKind.FLOAT4);
            case "float8":
                return KeyType.plain(ValueKind.DOUBLE);
            case "bool":
                return KeyType.plain(ValueKind.BOOLEAN);
            case "text":
            case "varchar":
            case "bpchar":
            case "name":
            case "char":
                return KeyType.plain(ValueKind.STRING);
            case "uuid":
                return KeyType.plain(ValueKind.UUID_VALUE);
            case "date":
                return KeyType.plain(ValueKind.DATE);
            case "time":
                return KeyType.plain(ValueKind.TIME);
            case "timestamp":
                return KeyType.plain(ValueKind.TIMESTAMP);
            case "timestamptz":
                return KeyType.plain(ValueKind.TIMESTAMP_WITH_OFFSET);
            case "bytea":
                return KeyType.plain(ValueKind.BYTES);
            default:
                if (POSTGRES_UNORDERED.contains(base)) {
                    throw refused(column, "PostgreSQL has no ordering for it (no btree operator class)");
                }
                // an enum, a domain, citext, inet, interval, timetz, bit, an array, a range...: walked in
                // the type's own order, read as the server's text and bound back through a cast to it
                return new KeyType(
                        ValueKind.TEXT,
                        "CAST(" + quoted + " AS text)",
                        "CAST(? AS " + column.nativeType().declared() + ")");
        }
    }

    private static KeyType mysql(Catalog.Column column, String quoted, long maxSortLength) {
        String base = column.nativeType().base();
        String declared = column.nativeType().declared().toLowerCase(Locale.ROOT);
        switch (base) {
            case "tinyint":
            case "smallint":
            case "mediumint":
            case "int":
            case "integer":
            case "year":
                return KeyType.plain(ValueKind.LONG);
            case "bigint":
                return KeyType.plain(declared.contains("unsigned") ? ValueKind.DECIMAL : ValueKind.LONG);
            case "decimal":
            case "numeric":
                return KeyType.plain(ValueKind.DECIMAL);
            case "double":
            case "real":
                return KeyType.plain(ValueKind.DOUBLE);
            case "float":
                // the text protocol sends a FLOAT rounded to 6 digits; FLOAT + 0 is its exact value as a double
                return new KeyType(ValueKind.DOUBLE, "(" + quoted + " + 0)", "?");
            case "bit":
                return new KeyType(ValueKind.DECIMAL, "(" + quoted + " + 0)", "?");
            case "enum":
            case "set":
                // both sort by their number (the position of the label, the bitmask of the members),
                // which is what col + 0 reads and what a bound integer is compared with
                return new KeyType(ValueKind.LONG, "(" + quoted + " + 0)", "?");
            case "date":
            case "datetime":
            case "timestamp":
                return KeyType.plain(ValueKind.MYSQL_DATE_TIME);
            case "time":
                // TIME spans -838:59:59 to 838:59:59, beyond what java.time.LocalTime holds
                return new KeyType(ValueKind.TEXT, "CAST(" + quoted + " AS CHAR)", "?");
            case "uuid":
                return KeyType.plain(ValueKind.UUID_VALUE);
            case "inet4":
            case "inet6":
                return KeyType.plain(ValueKind.STRING);
            default:
                break;
        }
        if (MYSQL_GEOMETRY.contains(base)) {
            throw refused(column, "spatial values have no order to walk");
        }
        boolean text = base.endsWith("char") || base.endsWith("text");
        boolean binary = base.endsWith("binary") || base.endsWith("blob");
        if (!text && !binary) {
            throw refused(column, "chunkwise does not know how MariaDB and MySQL compare it");
        }
        long bytes = column.nativeType().maxBytes();
        if (bytes < 0 || bytes > maxSortLength) {
            throw refused(
                    column,
                    "values can be longer (" + (bytes < 0 ? "unbounded" : bytes + " bytes")
                            + ") than the max_sort_length of " + maxSortLength + " bytes that ORDER BY compares when it"
                            + " sorts, so two values could tie in the order while the seek tells them apart; raise"
                            + " max_sort_length for the session, or order by another column");
        }
        return KeyType.plain(text ? ValueKind.STRING : ValueKind.BYTES);
    }

    private static KeyType h2(Catalog.Column column) {
        String type = String.valueOf(column.typeName()).toUpperCase(Locale.ROOT);
        if (type.startsWith("ENUM")) {
            return KeyType.plain(ValueKind.STRING); // a bound label is compared by the enum's declaration order
        }
        if (type.equals("DECFLOAT")) {
            return KeyType.plain(ValueKind.DECIMAL_OR_SPECIAL);
        }
        if (type.equals("TIME WITH TIME ZONE") || type.startsWith("INTERVAL")) {
            return KeyType.plain(ValueKind.TEXT);
        }
        if (type.equals("REAL")) {
            return KeyType.plain(ValueKind.FLOAT4);
        }
        if (type.equals("UUID")) {
            return KeyType.plain(ValueKind.UUID_VALUE);
        }
        if (type.endsWith("ARRAY")) {
            throw refused(column, "H2 compares arrays holding NULL elements as unknown, which loses rows");
        }
        if (type.equals("JSON")
                || type.startsWith("ROW")
                || type.equals("JAVA_OBJECT")
                || type.startsWith("GEOMETRY")
                || type.endsWith("LARGE OBJECT")) {
            throw refused(column, "H2 has no order for it that a seek can continue");
        }
        return KeyType.plain(byJdbcType(column));
    }

    /** The kind by JDBC type alone, for databases whose catalog tells no more. */
    private static ValueKind byJdbcType(Catalog.Column column) {
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        if (type.equals("uuid")) {
            return ValueKind.UUID_VALUE;
        }
        if (type.contains("timestamptz") || type.contains("with time zone")) {
            return ValueKind.TIMESTAMP_WITH_OFFSET;
        }
        switch (column.jdbcType()) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return ValueKind.LONG;
            case Types.BIGINT:
                return type.contains("unsigned") ? ValueKind.DECIMAL : ValueKind.LONG;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return ValueKind.DECIMAL;
            case Types.REAL:
                return ValueKind.FLOAT4;
            case Types.FLOAT:
            case Types.DOUBLE:
                return ValueKind.DOUBLE;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return ValueKind.STRING;
            case Types.DATE:
                return ValueKind.DATE;
            case Types.TIME:
                return ValueKind.TIME;
            case Types.TIMESTAMP:
                return ValueKind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return ValueKind.TIMESTAMP_WITH_OFFSET;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return ValueKind.BYTES;
            case Types.BIT:
            case Types.BOOLEAN:
                return ValueKind.BOOLEAN;
            default:
                throw refused(
                        column,
                        "supported are integer, decimal, floating point, text, date, time, timestamp,"
                                + " UUID, binary and boolean columns");
        }
    }

    private static IllegalArgumentException refused(Catalog.Column column, String why) {
        return new IllegalArgumentException("column '" + column.name() + "' of type "
                + column.nativeType().declared() + " cannot be a sort key: " + why);
    }
}
