package dev.chunkwise.cli;

import dev.chunkwise.RowMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Maps a row to an {@code Object[]} of values that both output formats can write without losing
 * anything: {@code null}, {@link Boolean}, {@link Long}, {@link BigInteger}, {@link BigDecimal}
 * (exact decimals, and REAL values at their float precision), {@link Double} (finite),
 * {@link String} (text, UUIDs, NaN and infinities, and dates and times as ISO-8601), and
 * {@link Binary}.
 *
 * <p>How each column is read is decided once, from the first row's {@link ResultSetMetaData}:
 * by JDBC type and type name, except on SQLite, whose values keep their own storage class and are
 * read as the driver returns them. The column labels as the database reports them are kept too.
 *
 * <p>Used by one run on one thread; not thread-safe.
 */
final class RowReader implements RowMapper<Object[]> {

    private enum Kind { BOOLEAN, INTEGER, DECIMAL, REAL, DOUBLE, TEXT, DATE, TIME, TIME_OFFSET, TIMESTAMP,
        TIMESTAMP_OFFSET, BINARY, DYNAMIC }

    private Kind[] kinds;
    private List<String> labels;

    @Override
    public Object[] map(ResultSet row) throws SQLException {
        if (kinds == null) {
            describe(row);
        }
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            values[i] = read(row, i + 1, kinds[i]);
        }
        return values;
    }

    /** The column labels, known once a row has been read (or {@link #describe} was called). */
    List<String> labels() {
        return labels;
    }

    boolean described() {
        return kinds != null;
    }

    /** Reads the columns' labels and kinds from a result set's metadata. */
    void describe(ResultSet result) throws SQLException {
        ResultSetMetaData metaData = result.getMetaData();
        boolean sqlite = result.getStatement() != null && result.getStatement().getConnection().getMetaData()
                .getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
        int count = metaData.getColumnCount();
        Kind[] found = new Kind[count];
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(metaData.getColumnLabel(i));
            found[i - 1] = sqlite ? Kind.DYNAMIC : kindOf(metaData, i);
        }
        this.labels = List.copyOf(names);
        this.kinds = found;
    }

    private static Kind kindOf(ResultSetMetaData metaData, int column) throws SQLException {
        String typeName = String.valueOf(metaData.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        if (typeName.equals("uuid")) {
            return Kind.DYNAMIC;
        }
        switch (metaData.getColumnType(column)) {
            case Types.BOOLEAN:
                return Kind.BOOLEAN;
            case Types.BIT:
                return metaData.getPrecision(column) > 1 ? Kind.BINARY : Kind.BOOLEAN;
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
                return Kind.TEXT;
            case Types.DATE:
                return Kind.DATE;
            case Types.TIME:
                return typeName.contains("timetz") || typeName.contains("with time zone") ? Kind.TIME_OFFSET : Kind.TIME;
            case Types.TIME_WITH_TIMEZONE:
                return Kind.TIME_OFFSET;
            case Types.TIMESTAMP:
                return typeName.contains("timestamptz") || typeName.contains("with time zone") ? Kind.TIMESTAMP_OFFSET
                        : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return Kind.TIMESTAMP_OFFSET;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return Kind.BINARY;
            default:
                return Kind.DYNAMIC;
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
                if (value == null || value instanceof BigInteger) {
                    return value;
                }
                if (value instanceof Boolean) {
                    return value;
                }
                return ((Number) value).longValue();
            }
            case DECIMAL:
                return row.getBigDecimal(column);
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
            case DATE:
                return format(row.getObject(column, LocalDate.class), DateTimeFormatter.ISO_LOCAL_DATE);
            case TIME:
                return format(row.getObject(column, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME);
            case TIME_OFFSET:
                return format(row.getObject(column, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
            case TIMESTAMP:
                return format(row.getObject(column, LocalDateTime.class), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case TIMESTAMP_OFFSET:
                return format(row.getObject(column, OffsetDateTime.class), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case BINARY: {
                byte[] bytes = row.getBytes(column);
                return bytes == null ? null : new Binary(bytes);
            }
            default:
                return dynamic(row.getObject(column));
        }
    }

    private static String format(TemporalAccessor value, DateTimeFormatter formatter) {
        return value == null ? null : formatter.format(value);
    }

    /** A value read as the driver returns it, for SQLite's storage classes and unusual types. */
    private static Object dynamic(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger || value instanceof BigDecimal) {
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
        if (value instanceof java.sql.Timestamp) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(((java.sql.Timestamp) value).toLocalDateTime());
        }
        if (value instanceof java.sql.Date) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(((java.sql.Date) value).toLocalDate());
        }
        if (value instanceof java.sql.Time) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(((java.sql.Time) value).toLocalTime());
        }
        if (value instanceof java.sql.Clob) {
            java.sql.Clob clob = (java.sql.Clob) value;
            return clob.getSubString(1, (int) clob.length());
        }
        return value.toString();
    }
}
