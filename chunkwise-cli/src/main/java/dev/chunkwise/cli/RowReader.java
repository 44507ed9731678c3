package dev.chunkwise.cli;

import dev.chunkwise.RowMapper;
import dev.chunkwise.ScanColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Maps a row to an {@code Object[]} of values that both output formats can write without losing
 * anything: {@code null}, {@link Boolean}, {@link Long}, {@link BigInteger}, {@link BigDecimal}
 * (exact decimals, and REAL values at their float precision), {@link Double} (finite),
 * {@link String} (text, NaN and infinities, dates and times as ISO-8601, and the database's own
 * text for every type that has no exact Java form: PostgreSQL intervals, arrays, xml, json,
 * money, enums, {@code timetz} and {@code infinity}; MariaDB's TIME beyond 24 hours and zero dates;
 * H2 intervals), and {@link Binary}.
 *
 * <p>How each column is read is decided once, when the export is set up, from the scan's columns
 * and the driver ({@link #configure}): a type that cannot be read exactly is refused then, naming
 * the column and its type, before anything is written. SQLite's values keep their own storage
 * class and are read as the driver returns them.
 *
 * <p>{@link #configure} once, on one thread; after that {@link #map} reads only what configure
 * decided, so the partitions of a parallel export share one reader across their threads.
 */
final class RowReader implements RowMapper<Object[]> {

    /** Which driver reads the rows: how a type is read exactly depends on it. */
    enum Driver {
        POSTGRESQL,
        MARIADB,
        MYSQL,
        H2,
        SQLITE,
        OTHER
    }

    enum Kind {
        BOOLEAN,
        INTEGER,
        /** An integer type whose values all fit a long, read without an object between. */
        LONG,
        DECIMAL,
        DECIMAL_TEXT,
        REAL,
        DOUBLE,
        TEXT,
        /** Text read as the driver's UTF-8 bytes ({@link Utf8Text}), for the writers that copy them. */
        UTF8_TEXT,
        RAW_TEXT,
        DATE,
        TIME,
        TIME_OFFSET,
        TIMESTAMP,
        TIMESTAMP_OFFSET,
        /** PostgreSQL's date: the server's text where it is ISO-8601 already, else as {@link #DATE}. */
        PG_DATE,
        /** PostgreSQL's timestamp: the server's text with a {@code T} where it is ISO-8601 so, else as {@link #TIMESTAMP}. */
        PG_TIMESTAMP,
        MYSQL_TEMPORAL,
        /** MariaDB Connector/J's DATE (binary protocol): read as a LocalDate, else as {@link #MYSQL_TEMPORAL}. */
        MARIADB_DATE,
        /** MariaDB Connector/J's DATETIME and TIMESTAMP: read as a LocalDateTime, else as {@link #MYSQL_TEMPORAL}. */
        MARIADB_DATE_TIME,
        YEAR,
        BINARY,
        H2_ARRAY,
        DYNAMIC
    }

    private static final DateTimeFormatter MYSQL_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private Kind[] kinds;
    private boolean textAsUtf8;
    private List<String> labels;
    private List<ScanColumn> columns;

    @Override
    public Object[] map(ResultSet row) throws SQLException {
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            values[i] = read(row, i + 1, kinds[i]);
        }
        return values;
    }

    /**
     * Reads text columns of PostgreSQL and MariaDB Connector/J as their UTF-8 bytes
     * ({@link Utf8Text}) rather than as strings: for the CSV and JSON Lines writers, which copy
     * them. Before {@link #configure}.
     */
    RowReader readingTextAsUtf8() {
        this.textAsUtf8 = true;
        return this;
    }

    /** The column labels, known once configured. */
    List<String> labels() {
        return labels;
    }

    /** The columns as the database describes them, known once configured. */
    List<ScanColumn> columns() {
        return columns;
    }

    /**
     * Decides how each column is read from this database's driver (asking the server's product
     * only where it matters: a FLOAT column read through MySQL Connector/J).
     *
     * @throws BadInputException naming a column whose type cannot be exported exactly
     */
    void configure(List<ScanColumn> columns, Database database) {
        configure(
                columns,
                database.driver(),
                database.driver() == Driver.MYSQL
                        && columns.stream().anyMatch(column -> "FLOAT".equalsIgnoreCase(column.typeName()))
                        && database.mariaDbServer());
    }

    /**
     * Decides how each column is read.
     *
     * @param mariaDbServer whether the server is MariaDB (MySQL Connector/J cannot read its FLOAT exactly)
     * @throws BadInputException naming a column whose type cannot be exported exactly
     */
    void configure(List<ScanColumn> columns, Driver driver, boolean mariaDbServer) {
        Kind[] found = new Kind[columns.size()];
        List<String> names = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ScanColumn column = columns.get(i);
            names.add(column.label());
            found[i] = kindOf(column, driver, mariaDbServer);
            if (found[i] == Kind.TEXT && textAsUtf8 && byteText(column, driver)) {
                found[i] = Kind.UTF8_TEXT;
            }
        }
        this.labels = List.copyOf(names);
        this.columns = List.copyOf(columns);
        this.kinds = found;
    }

    /** Text types whose bytes the driver hands over as the server sent them, in UTF-8: pgjdbc's and MariaDB Connector/J's. */
    private static final java.util.Set<String> BYTE_TEXT_TYPES =
            java.util.Set.of("text", "varchar", "bpchar", "char", "tinytext", "mediumtext", "longtext");

    private static boolean byteText(ScanColumn column, Driver driver) {
        return (driver == Driver.POSTGRESQL || driver == Driver.MARIADB)
                && BYTE_TEXT_TYPES.contains(String.valueOf(column.typeName()).toLowerCase(Locale.ROOT));
    }

    private static Kind kindOf(ScanColumn column, Driver driver, boolean mariaDbServer) {
        String typeName = String.valueOf(column.typeName()).toLowerCase(Locale.ROOT);
        switch (driver) {
            case SQLITE:
                return Kind.DYNAMIC;
            case POSTGRESQL:
                return postgres(typeName);
            case MARIADB:
            case MYSQL:
                return mysql(column, typeName, driver, mariaDbServer);
            case H2:
                return h2(column, typeName);
            default:
                return byJdbcType(column, typeName);
        }
    }

    /**
     * PostgreSQL: the types pgjdbc reads exactly, and the server's own text for every other one
     * ({@code typeName} in lower case). {@link PgCopyJsonLines} writes COPY's text by these kinds too.
     */
    static Kind postgres(String typeName) {
        switch (typeName) {
            case "int2":
            case "int4":
            case "int8":
            case "oid":
            case "serial":
            case "bigserial":
            case "smallserial":
                return Kind.LONG;
            case "numeric":
                return Kind.DECIMAL_TEXT;
            case "float4":
                return Kind.REAL;
            case "float8":
                return Kind.DOUBLE;
            case "bool":
                return Kind.BOOLEAN;
            case "bytea":
                return Kind.BINARY;
            case "date":
                return Kind.PG_DATE;
            case "timestamp":
                return Kind.PG_TIMESTAMP;
            case "timestamptz":
                return Kind.TIMESTAMP_OFFSET;
            default:
                // text, time (24:00:00 included), timetz, interval, uuid, json, jsonb, xml, arrays, money,
                // enums, bit strings, network types, ranges...: the server's text is the exact value
                return Kind.TEXT;
        }
    }

    /**
     * MariaDB Connector/J's value of a DATE or DATETIME column as {@code type}, or null for NULL and
     * for a date with a zero month or day (which the caller reads as its text).
     */
    private static <T> T mariaDbTemporal(ResultSet row, int column, Class<T> type) throws SQLException {
        try {
            return row.getObject(column, type);
        } catch (SQLException | java.time.DateTimeException invalid) {
            return null; // a date with a zero month or day: its text
        }
    }

    private static Kind mysql(ScanColumn column, String typeName, Driver driver, boolean mariaDbServer) {
        String type = typeName.replace(" unsigned", "");
        switch (type) {
            case "tinyint":
            case "smallint":
            case "mediumint":
            case "int":
            case "integer":
            case "bigint":
            case "boolean":
                // BIGINT UNSIGNED goes past a long
                return driver == Driver.MARIADB && !typeName.equals("bigint unsigned") ? Kind.LONG : Kind.INTEGER;
            case "year":
                return Kind.YEAR;
            case "decimal":
            case "numeric":
                return Kind.DECIMAL;
            case "float":
                if (driver == Driver.MYSQL && mariaDbServer) {
                    throw new BadInputException("column '" + column.label() + "' of type FLOAT cannot be exported"
                            + " exactly through MySQL Connector/J from a MariaDB server: the text protocol rounds FLOAT"
                            + " values to 6 digits. Use the MariaDB driver (a jdbc:mariadb: URL), or a DOUBLE column.");
                }
                return Kind.REAL;
            case "double":
            case "real":
                return Kind.DOUBLE;
            case "bit":
                return column.precision() > 1 ? Kind.BINARY : Kind.BOOLEAN;
            case "date":
                return driver == Driver.MARIADB ? Kind.MARIADB_DATE : Kind.MYSQL_TEMPORAL;
            case "datetime":
            case "timestamp":
                return driver == Driver.MARIADB ? Kind.MARIADB_DATE_TIME : Kind.MYSQL_TEMPORAL;
            case "time":
                // -838:59:59 to 838:59:59: the server's text; Connector/J's getString drops the sign of -00:00:01
                return driver == Driver.MYSQL ? Kind.RAW_TEXT : Kind.TEXT;
            default:
                return byJdbcType(column, typeName);
        }
    }

    private static Kind h2(ScanColumn column, String typeName) {
        if (typeName.equals("decfloat")) {
            return Kind.DECIMAL_TEXT;
        }
        if (typeName.endsWith(" array")) {
            return h2Array(column, typeName);
        }
        if (typeName.equals("json")
                || typeName.startsWith("interval")
                || typeName.startsWith("enum")
                || typeName.startsWith("row")) {
            return Kind.TEXT;
        }
        if (typeName.equals("java_object") || typeName.startsWith("geometry")) {
            throw new BadInputException("column '" + column.label() + "' of type " + column.typeName()
                    + " cannot be exported: it holds Java objects or geometries that have no exact text form here.");
        }
        return byJdbcType(column, typeName);
    }

    private static Kind byJdbcType(ScanColumn column, String typeName) {
        if (typeName.equals("uuid")) {
            return Kind.TEXT;
        }
        switch (column.jdbcType()) {
            case Types.BOOLEAN:
                return Kind.BOOLEAN;
            case Types.BIT:
                return column.precision() > 1 ? Kind.BINARY : Kind.BOOLEAN;
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return Kind.INTEGER;
            case Types.DECIMAL:
            case Types.NUMERIC:
                return Kind.DECIMAL;
            case Types.REAL:
                return Kind.REAL;
            case Types.FLOAT:
            case Types.DOUBLE:
                return Kind.DOUBLE;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
            case Types.SQLXML:
                return Kind.TEXT;
            case Types.DATE:
                return Kind.DATE;
            case Types.TIME:
                return typeName.contains("with time zone") ? Kind.TIME_OFFSET : Kind.TIME;
            case Types.TIME_WITH_TIMEZONE:
                return Kind.TIME_OFFSET;
            case Types.TIMESTAMP:
                return typeName.contains("with time zone") ? Kind.TIMESTAMP_OFFSET : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return Kind.TIMESTAMP_OFFSET;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return Kind.BINARY;
            case Types.STRUCT:
            case Types.REF:
            case Types.DATALINK:
            case Types.ROWID:
            case Types.JAVA_OBJECT:
                throw new BadInputException("column '" + column.label() + "' of type " + column.typeName()
                        + " cannot be exported: it has no exact text form.");
            default:
                return Kind.TEXT; // the driver's text for a type it has no Java form for
        }
    }

    /** Element types whose Java values H2 hands over exactly: numbers but REAL, booleans, text, UUIDs. */
    private static final java.util.regex.Pattern H2_EXACT_ELEMENTS =
            java.util.regex.Pattern.compile("(tinyint|smallint|integer|bigint|double precision|boolean|uuid"
                    + "|(numeric|decimal|character|character varying|varchar|char)(\\(\\d+(, *\\d+)?\\))?)"
                    + "( array)+");

    /**
     * An H2 array, read element by element: H2's text for it ({@code [a, b, null]}) cannot tell
     * {@code 'a, b'} from two elements, nor {@code 'null'} from NULL.
     */
    private static Kind h2Array(ScanColumn column, String typeName) {
        if (!H2_EXACT_ELEMENTS.matcher(typeName).matches()) {
            throw new BadInputException("column '" + column.label() + "' of type " + column.typeName()
                    + " cannot be exported exactly: H2 hands over such elements as java.sql date-time or float"
                    + " objects. Export it through a view that casts it, e.g. CAST(" + column.label()
                    + " AS VARCHAR ARRAY).");
        }
        return Kind.H2_ARRAY;
    }

    /** The elements of an SQL array, each as {@link #dynamic} reads a value, nested arrays as lists. */
    private static ArrayValue arrayOf(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            Object[] elements = (Object[]) array.getArray();
            List<Object> values = new ArrayList<>(elements.length);
            for (Object element : elements) {
                values.add(element instanceof java.sql.Array ? arrayOf((java.sql.Array) element) : dynamic(element));
            }
            return new ArrayValue(values);
        } finally {
            array.free();
        }
    }

    private static Object read(ResultSet row, int column, Kind kind) throws SQLException {
        switch (kind) {
            case BOOLEAN: {
                boolean value = row.getBoolean(column);
                return row.wasNull() ? null : value;
            }
            case INTEGER: {
                Object value = row.getObject(column);
                if (value == null || value instanceof BigInteger || value instanceof Boolean) {
                    return value;
                }
                return value instanceof BigDecimal
                        ? ((BigDecimal) value).toBigIntegerExact()
                        : ((Number) value).longValue();
            }
            case LONG: {
                long value = row.getLong(column);
                return value == 0 && row.wasNull() ? null : (Object) value;
            }
            case DECIMAL:
                return row.getBigDecimal(column);
            case DECIMAL_TEXT: {
                String text = row.getString(column);
                if (text == null || text.equals("NaN") || text.endsWith("Infinity")) {
                    return text;
                }
                return new BigDecimal(text);
            }
            case REAL: {
                float value = row.getFloat(column);
                if (row.wasNull()) {
                    return null;
                }
                return Float.isFinite(value) ? new BigDecimal(Float.toString(value)) : Float.toString(value);
            }
            case DOUBLE: {
                double value = row.getDouble(column);
                if (row.wasNull()) {
                    return null;
                }
                return Double.isFinite(value) ? (Object) value : Double.toString(value);
            }
            case TEXT:
                return row.getString(column);
            case UTF8_TEXT: {
                byte[] text = row.getBytes(column);
                return text == null ? null : new Utf8Text(text);
            }
            case RAW_TEXT: {
                byte[] text = row.getBytes(column);
                return text == null ? null : new String(text, StandardCharsets.UTF_8);
            }
            case PG_DATE:
            case PG_TIMESTAMP: {
                byte[] text = row.getBytes(column);
                if (text == null) {
                    return null;
                }
                String iso = IsoText.fromPostgresql(text);
                return iso != null ? iso : read(row, column, kind == Kind.PG_DATE ? Kind.DATE : Kind.TIMESTAMP);
            }
            case DATE: {
                LocalDate value = row.getObject(column, LocalDate.class);
                return value == null
                        ? null
                        : value.equals(LocalDate.MAX)
                                ? "infinity"
                                : value.equals(LocalDate.MIN)
                                        ? "-infinity"
                                        : DateTimeFormatter.ISO_LOCAL_DATE.format(value);
            }
            case TIME:
                return format(row.getObject(column, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME);
            case TIME_OFFSET:
                return format(row.getObject(column, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
            case TIMESTAMP: {
                LocalDateTime value = row.getObject(column, LocalDateTime.class);
                return value == null
                        ? null
                        : value.equals(LocalDateTime.MAX)
                                ? "infinity"
                                : value.equals(LocalDateTime.MIN)
                                        ? "-infinity"
                                        : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value);
            }
            case TIMESTAMP_OFFSET: {
                OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
                return value == null
                        ? null
                        : value.equals(OffsetDateTime.MAX)
                                ? "infinity"
                                : value.equals(OffsetDateTime.MIN)
                                        ? "-infinity"
                                        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
            }
            case MYSQL_TEMPORAL:
                return mysqlTemporal(row.getString(column));
            case MARIADB_DATE: {
                LocalDate value = mariaDbTemporal(row, column, LocalDate.class);
                // NULL, or a zero date, which the driver reads as null too: the text tells them apart
                return value == null ? mysqlTemporal(row.getString(column)) : IsoText.date(value);
            }
            case MARIADB_DATE_TIME: {
                LocalDateTime value = mariaDbTemporal(row, column, LocalDateTime.class);
                return value == null ? mysqlTemporal(row.getString(column)) : IsoText.dateTime(value);
            }
            case YEAR: {
                int year = row.getInt(column);
                return row.wasNull() ? null : String.format(Locale.ROOT, "%04d", year);
            }
            case BINARY: {
                byte[] bytes = row.getBytes(column);
                return bytes == null ? null : new Binary(bytes);
            }
            case H2_ARRAY:
                return arrayOf(row.getArray(column));
            default:
                return dynamic(row.getObject(column));
        }
    }

    /**
     * MariaDB's and MySQL's DATE, DATETIME and TIMESTAMP as ISO-8601, from the server's text; a
     * zero date ({@code 0000-00-00}, which the drivers read as NULL or refuse) as that text.
     */
    private static String mysqlTemporal(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() <= 10) {
                return DateTimeFormatter.ISO_LOCAL_DATE.format(LocalDate.parse(text));
            }
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(text, MYSQL_DATE_TIME));
        } catch (DateTimeParseException zeroOrInvalid) {
            // the zero date-time as MariaDB writes it, whichever driver read it (with or without .000000)
            return ZERO_FRACTION.matcher(text).replaceFirst("");
        }
    }

    private static final java.util.regex.Pattern ZERO_FRACTION =
            java.util.regex.Pattern.compile("(?<=^0000-00-00 00:00:00)\\.0+$");

    private static String format(TemporalAccessor value, DateTimeFormatter formatter) {
        return value == null ? null : formatter.format(value);
    }

    /** A value read as the driver returns it, for SQLite's storage classes and unusual types. */
    private static Object dynamic(Object value) throws SQLException {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? (Object) number : Double.toString(number);
        }
        if (value instanceof byte[]) {
            return new Binary((byte[]) value);
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof LocalDate) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) value);
        }
        if (value instanceof LocalDateTime) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) value);
        }
        if (value instanceof OffsetDateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value);
        }
        if (value instanceof java.sql.Clob) {
            java.sql.Clob clob = (java.sql.Clob) value;
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof java.sql.Blob) {
            java.sql.Blob blob = (java.sql.Blob) value;
            return new Binary(blob.getBytes(1, (int) blob.length()));
        }
        return value.toString();
    }
}
