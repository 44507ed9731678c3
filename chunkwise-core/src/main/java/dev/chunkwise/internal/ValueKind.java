package dev.chunkwise.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * How the value of one key column is read from a row and bound back into the next chunk's
 * query. Values are read by column position with the getter that keeps them exact, so that the
 * database compares the bound value exactly as it compared the stored one.
 */
public enum ValueKind {
    LONG {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            long value = row.getLong(column);
            return row.wasNull() ? null : value;
        }
    },
    DECIMAL {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getBigDecimal(column);
        }
    },
    DOUBLE {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            double value = row.getDouble(column);
            return row.wasNull() ? null : value;
        }
    },
    STRING {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getString(column);
        }
    },
    UUID_VALUE {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            Object value = row.getObject(column);
            if (value == null || value instanceof UUID) {
                return value;
            }
            if (value instanceof byte[]) {
                return value;
            }
            return UUID.fromString(value.toString());
        }
    },
    DATE {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalDate.class);
        }
    },
    TIME {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalTime.class);
        }
    },
    TIMESTAMP {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalDateTime.class);
        }
    },
    TIMESTAMP_WITH_OFFSET {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, OffsetDateTime.class);
        }
    },
    BYTES {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getBytes(column);
        }
    },
    BOOLEAN {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            boolean value = row.getBoolean(column);
            return row.wasNull() ? null : value;
        }
    },
    /** The driver's own object, bound back as it is (SQLite's storage classes). */
    RAW {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            Object value = row.getObject(column);
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Float) {
                return ((Float) value).doubleValue();
            }
            return value;
        }
    };

    abstract Object readNonNull(ResultSet row, int column) throws SQLException;

    /** Reads the key value at {@code column}; {@code null} for SQL NULL. */
    public Object read(ResultSet row, int column) throws SQLException {
        return readNonNull(row, column);
    }

    /** Binds a key value (never null: NULL keys are rendered as {@code IS NULL}). */
    public static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Instant) {
            statement.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC));
        } else if (value instanceof byte[]) {
            statement.setBytes(index, (byte[]) value);
        } else if (value instanceof BigDecimal) {
            statement.setBigDecimal(index, (BigDecimal) value);
        } else if (value instanceof String) {
            statement.setString(index, (String) value);
        } else if (value instanceof Long) {
            statement.setLong(index, (Long) value);
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * The kind for a column, from its JDBC type and type name.
     *
     * @throws IllegalArgumentException naming the column when its type cannot be a key
     */
    public static ValueKind of(Dialect dialect, String column, int jdbcType, String typeName) {
        if (dialect.rawKeyValues()) {
            return RAW;
        }
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (type.equals("uuid")) {
            return UUID_VALUE;
        }
        if (type.contains("timestamptz") || type.contains("with time zone")) {
            return TIMESTAMP_WITH_OFFSET;
        }
        switch (jdbcType) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return LONG;
            case Types.BIGINT:
                return type.contains("unsigned") ? DECIMAL : LONG;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return DECIMAL;
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return DOUBLE;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return STRING;
            case Types.DATE:
                return DATE;
            case Types.TIME:
                return TIME;
            case Types.TIMESTAMP:
                return TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return TIMESTAMP_WITH_OFFSET;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return BYTES;
            case Types.BIT:
            case Types.BOOLEAN:
                return BOOLEAN;
            default:
                throw new IllegalArgumentException("column '" + column + "' of type " + typeName
                        + " cannot be a sort key: supported are integer, decimal, floating point, text,"
                        + " date, time, timestamp, UUID, binary and boolean columns");
        }
    }
}
