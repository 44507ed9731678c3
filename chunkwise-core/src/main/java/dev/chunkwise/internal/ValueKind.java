package dev.chunkwise.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How the value of one key column is read from a row, carried in a position, and bound back into
 * the next chunk's query, so that the database compares the bound value exactly as it compared
 * the stored one. Which kind a column gets is decided per database by {@link KeyTypes}.
 *
 * <p>Every kind reads by column position with the getter that is exact for it, converts a carried
 * value to the object to bind ({@link #toBind}), and says which values a caller may give for it
 * ({@link #coerce}).
 */
public enum ValueKind {
    /** Integers that fit a long, read with {@code getLong}. */
    LONG("integer") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            long value = row.getLong(column);
            return row.wasNull() ? null : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? value
                    : null;
        }
    },
    /** Exact decimals (and unsigned 64-bit integers), read with {@code getBigDecimal}. */
    DECIMAL("decimal") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getBigDecimal(column);
        }

        @Override
        Object coerceNonNull(Object value) {
            return decimal(value);
        }
    },
    /**
     * Decimals that may also be NaN or an infinity (PostgreSQL {@code numeric}, H2
     * {@code DECFLOAT}): read as text, carried as a {@link BigDecimal}, or as a {@link Double}
     * for the three special values, which the chunk query casts back to the column's type.
     */
    DECIMAL_OR_SPECIAL("decimal") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            String text = row.getString(column);
            if (text == null) {
                return null;
            }
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return new BigDecimal(text);
            }
        }

        @Override
        Object coerceNonNull(Object value) {
            if (value instanceof Double && !Double.isFinite((Double) value)) {
                return value;
            }
            return decimal(value);
        }
    },
    /** 8-byte floating point, read with {@code getDouble}. */
    DOUBLE("floating point") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            double value = row.getDouble(column);
            return row.wasNull() ? null : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof Double || value instanceof Float ? ((Number) value).doubleValue() : null;
        }
    },
    /**
     * 4-byte floating point, read with {@code getFloat} (a driver that parses the text as a
     * double gets 0.1 where 0.100000001490116 is stored), carried as the exactly widened double
     * and bound back as a float.
     */
    FLOAT4("floating point") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            float value = row.getFloat(column);
            return row.wasNull() ? null : (double) value;
        }

        @Override
        Object toBind(Object value, Dialect dialect) {
            return value instanceof Double ? (Object) ((Double) value).floatValue() : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            if (value instanceof Float) {
                return ((Float) value).doubleValue();
            }
            return value instanceof Double && (double) ((Double) value).floatValue() == (Double) value
                            || value instanceof Double && ((Double) value).isNaN()
                    ? value
                    : null;
        }
    },
    /** Text, read with {@code getString} and bound as a string. */
    STRING("text") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getString(column);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof String ? value : null;
        }
    },
    /**
     * A value of a type the driver has no exact Java form for (an enum, a domain, {@code citext},
     * {@code inet}, {@code interval}, {@code timetz}, MariaDB's {@code TIME} beyond 24 hours):
     * carried as the database's own text for it and bound back through a cast to the column's
     * type, so the database compares it as a value of that type.
     */
    TEXT("text form") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getString(column);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof String ? value : null;
        }
    },
    UUID_VALUE("UUID") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            Object value = row.getObject(column);
            if (value == null || value instanceof UUID) {
                return value;
            }
            return UUID.fromString(value.toString());
        }

        @Override
        Object toBind(Object value, Dialect dialect) {
            return value instanceof UUID && dialect.uuidsBoundAsText() ? value.toString() : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof UUID ? value : null;
        }
    },
    DATE("date") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalDate.class);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof LocalDate ? value : null;
        }
    },
    TIME("time") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalTime.class);
        }

        @Override
        Object toBind(Object value, Dialect dialect) {
            return value instanceof LocalTime && dialect.fractionalSecondsBoundAsText()
                    ? MICROSECOND_TIME.format((LocalTime) value)
                    : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof LocalTime ? value : null;
        }
    },
    TIMESTAMP("timestamp") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, LocalDateTime.class);
        }

        @Override
        Object toBind(Object value, Dialect dialect) {
            return value instanceof LocalDateTime && dialect.fractionalSecondsBoundAsText()
                    ? MICROSECOND_DATE_TIME.format((LocalDateTime) value)
                    : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof LocalDateTime ? value : null;
        }
    },
    /**
     * MySQL's and MariaDB's DATE, DATETIME and TIMESTAMP, read as the server's text: a valid
     * value is carried as a {@link LocalDate} or {@link LocalDateTime}, a zero date
     * ({@code 0000-00-00}, which the drivers read as NULL or refuse) as its text, bound back as
     * that text.
     */
    MYSQL_DATE_TIME("date or timestamp") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            String text = row.getString(column);
            if (text == null) {
                return null;
            }
            try {
                return text.length() <= 10 ? LocalDate.parse(text) : LocalDateTime.parse(text, MYSQL_DATE_TIME_TEXT);
            } catch (DateTimeParseException notAValidDate) {
                return text;
            }
        }

        @Override
        Object toBind(Object value, Dialect dialect) {
            return TIMESTAMP.toBind(value, dialect);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof LocalDate || value instanceof LocalDateTime || value instanceof String
                    ? value
                    : null;
        }
    },
    TIMESTAMP_WITH_OFFSET("timestamp with time zone") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getObject(column, OffsetDateTime.class);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof OffsetDateTime || value instanceof Instant ? value : null;
        }
    },
    BYTES("binary") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            return row.getBytes(column);
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof byte[] ? value : null;
        }
    },
    BOOLEAN("boolean") {
        @Override
        Object readNonNull(ResultSet row, int column) throws SQLException {
            boolean value = row.getBoolean(column);
            return row.wasNull() ? null : value;
        }

        @Override
        Object coerceNonNull(Object value) {
            return value instanceof Boolean ? value : null;
        }
    },
    /** The driver's own object, bound back as it is (SQLite's storage classes). */
    RAW("value") {
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

        @Override
        Object coerceNonNull(Object value) {
            return value;
        }
    };

    private static final DateTimeFormatter MICROSECOND_DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter MICROSECOND_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter MYSQL_DATE_TIME_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String description;

    ValueKind(String description) {
        this.description = description;
    }

    abstract Object readNonNull(ResultSet row, int column) throws SQLException;

    /** The value accepted for this kind, converted to the carried form, or {@code null} if it does not fit. */
    abstract Object coerceNonNull(Object value);

    /** Reads the key value at {@code column}; {@code null} for SQL NULL. */
    public Object read(ResultSet row, int column) throws SQLException {
        return readNonNull(row, column);
    }

    /** The object to bind for a carried key value (never null: NULL keys are rendered as {@code IS NULL}). */
    Object toBind(Object value, Dialect dialect) {
        return value;
    }

    /**
     * A caller's key value (for {@code scan.position(...)} or a parsed token) in the form this
     * kind carries.
     *
     * @throws IllegalArgumentException naming the column when the value does not fit
     */
    public Object coerce(String column, Object value) {
        Object carried = coerceNonNull(value);
        if (carried == null) {
            throw new IllegalArgumentException("key column '" + column + "' holds " + description + " values, got a "
                    + value.getClass().getSimpleName() + " (" + value + ")");
        }
        return carried;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return new BigDecimal(value.toString());
        }
        return null;
    }

    /**
     * Binds {@code values} in order from {@code firstIndex}, a null as SQL NULL and every other
     * value as {@link #bind} does.
     *
     * @return the index after the last one bound
     */
    public static int bindAll(PreparedStatement statement, int firstIndex, List<Object> values) throws SQLException {
        int index = firstIndex;
        for (Object value : values) {
            if (value == null) {
                statement.setObject(index++, null);
            } else {
                bind(statement, index++, value);
            }
        }
        return index;
    }

    /** Prepares {@code sql} with {@code binds} bound ({@link #bindAll}); the statement is closed if binding fails. */
    public static PreparedStatement prepare(Connection connection, String sql, List<Object> binds) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bindAll(statement, 1, binds);
            return statement;
        } catch (SQLException | RuntimeException failure) {
            statement.close();
            throw failure;
        }
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
        } else if (value instanceof Float) {
            statement.setFloat(index, (Float) value);
        } else if (value instanceof Double) {
            statement.setDouble(index, (Double) value);
        } else {
            statement.setObject(index, value);
        }
    }
}
