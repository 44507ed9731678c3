package dev.chunkwise.spark;

import dev.chunkwise.ScanPartition;
import dev.chunkwise.SqlCondition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Predicates for Spark's own JDBC source, {@code spark.read.jdbc(url, table, predicates, properties)},
 * made from a chunkwise scan's partitions: balanced (the partitions' cuts), disjoint and covering
 * the scan exactly, NULLs of a nullable key included, because each predicate is the partition's own
 * {@link dev.chunkwise.Scan#condition()}:
 *
 * <pre>{@code
 * Scan<Boolean> scan = Scan.over(dataSource).table("orders").build(row -> true);
 * List<String> predicates = ScanPartitions.sparkPredicates(scan.partitions(16), url);
 * Dataset<Row> orders = spark.read().jdbc(url, "orders", predicates.toArray(new String[0]), properties);
 * }</pre>
 *
 * gives 16 predicates such as {@code "id" >= 125001 AND "id" < 250001}. This is the simpler path:
 * Spark runs one statement per partition, without chunks and without retries (a lost connection
 * fails the task, which reads its partition again from the start; on PostgreSQL each partition is
 * one transaction). {@code format("chunkwise")} ({@link ChunkwiseSource}) reads in chunks and
 * retries from the last row read.
 *
 * <p>Spark's JDBC source takes predicates as SQL text, so the conditions' values are written into
 * it as literals, rendered for the database so that no value can change the statement: on
 * PostgreSQL a string is an escape string {@code E'...'} (backslash and quote doubled, so that
 * neither {@code standard_conforming_strings} nor {@code backslash_quote} changes it), binary
 * {@code decode('<hex>', 'hex')}; on MariaDB and MySQL a string is a hexadecimal literal with a
 * character set introducer, {@code _utf8mb4 X'<hex>'} (so that neither quotes, backslashes,
 * {@code sql_mode} nor {@code SET NAMES} matter),
 * binary {@code X'<hex>'}; numbers as their exact digits, dates and timestamps as typed literals
 * ({@code DATE '2024-01-31'}, {@code TIMESTAMP '2024-01-31 12:00:00.000001'}). A value that has no
 * safe literal form, or a condition whose placeholders cannot be told apart from the filter's text
 * (a {@code ?} operator of PostgreSQL's jsonb, say), is refused with an
 * {@link IllegalArgumentException}.
 *
 * <p>This helper is written against the JDK only (no Spark class), and lives in this module rather
 * than in chunkwise-core because the core never writes a value into SQL text: its conditions bind
 * their values ({@link SqlCondition}). Stateless and thread-safe.
 */
public final class ScanPartitions {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private ScanPartitions() {}

    /** The SQL dialect of the literals, from a JDBC URL. */
    enum Dialect {
        POSTGRESQL,
        MARIADB;

        static Dialect of(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
                return MARIADB;
            }
            String shown = jdbcUrl.length() > 16 ? jdbcUrl.substring(0, 16) + "..." : jdbcUrl;
            throw new IllegalArgumentException("sparkPredicates renders literals for PostgreSQL (jdbc:postgresql:) and "
                    + "MariaDB/MySQL (jdbc:mariadb:, jdbc:mysql:), not for " + shown);
        }
    }

    /**
     * One predicate per partition, in the partitions' order, for the database of {@code jdbcUrl}
     * (the URL Spark is given; only its prefix is read).
     *
     * @throws IllegalArgumentException when the URL is of another database, or a value or a
     *     condition cannot be written safely as SQL text
     */
    public static List<String> sparkPredicates(List<? extends ScanPartition<?>> partitions, String jdbcUrl) {
        Objects.requireNonNull(partitions, "partitions");
        Dialect dialect = Dialect.of(jdbcUrl);
        List<String> predicates = new ArrayList<>(partitions.size());
        for (ScanPartition<?> partition : partitions) {
            predicates.add(inline(partition.scan().condition(), dialect));
        }
        return List.copyOf(predicates);
    }

    /** {@code condition} with each {@code ?} placeholder replaced by its value's literal. */
    static String inline(SqlCondition condition, Dialect dialect) {
        String sql = condition.sql();
        List<Object> values = condition.parameters();
        StringBuilder out = new StringBuilder(sql.length() + 16 * values.size());
        int next = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                end = quotedEnd(sql, i, '\'', dialect == Dialect.MARIADB);
            } else if ((c == 'E' || c == 'e')
                    && dialect == Dialect.POSTGRESQL
                    && i + 1 < sql.length()
                    && sql.charAt(i + 1) == '\''
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                end = quotedEnd(sql, i + 1, '\'', true);
            } else if (c == '"' || c == '`') {
                end = quotedEnd(sql, i, c, false);
            } else if (c == '$' && dialect == Dialect.POSTGRESQL && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                end = close < 0 ? -1 : close + tag.length();
            } else if (c == '?') {
                if (next >= values.size()) {
                    throw unreadable(sql);
                }
                out.append(literal(values.get(next++), dialect));
                i++;
                continue;
            } else {
                out.append(c);
                i++;
                continue;
            }
            if (end < 0) {
                throw unreadable(sql);
            }
            out.append(sql, i, end);
            i = end;
        }
        if (next != values.size()) {
            throw unreadable(sql);
        }
        return out.toString();
    }

    /** The index after the quote that closes the one at {@code start}, or -1. */
    private static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, i + 1);
        }
        return null;
    }

    private static IllegalArgumentException unreadable(String sql) {
        return new IllegalArgumentException("cannot tell the placeholders of the condition apart from its text, so its"
                + " values cannot be written into it safely (a '?' operator in the filter?): " + sql);
    }

    /** A SQL literal for {@code value} that no value can break out of. */
    static String literal(Object value, Dialect dialect) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (dialect == Dialect.POSTGRESQL) {
                return "CAST('" + number + "' AS double precision)"; // NaN, Infinity and -Infinity are its words too
            }
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("MariaDB has no literal for " + number);
            }
            String text = Double.toString(number);
            return text.contains("E") ? text : text + "E0";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "TRUE" : "FALSE";
        }
        if (value instanceof String) {
            return string((String) value, dialect);
        }
        if (value instanceof UUID) {
            return dialect == Dialect.POSTGRESQL ? "CAST('" + value + "' AS uuid)" : string(value.toString(), dialect);
        }
        if (value instanceof byte[]) {
            String hex = HexFormat.of().formatHex((byte[]) value);
            return dialect == Dialect.POSTGRESQL ? "decode('" + hex + "', 'hex')" : "X'" + hex + "'";
        }
        if (value instanceof LocalDate) {
            LocalDate date = (LocalDate) value;
            checkYear(date.getYear(), value);
            return "DATE '" + date + "'";
        }
        if (value instanceof LocalDateTime) {
            LocalDateTime timestamp = (LocalDateTime) value;
            checkYear(timestamp.getYear(), value);
            checkMicros(timestamp.getNano(), value);
            return "TIMESTAMP '" + TIMESTAMP.format(timestamp) + "'";
        }
        if (value instanceof LocalTime) {
            checkMicros(((LocalTime) value).getNano(), value);
            return "TIME '" + TIME.format((LocalTime) value) + "'";
        }
        if (value instanceof OffsetDateTime || value instanceof Instant) {
            if (dialect != Dialect.POSTGRESQL) {
                throw new IllegalArgumentException("no MariaDB literal for the instant " + value);
            }
            OffsetDateTime instant = value instanceof Instant
                    ? ((Instant) value).atOffset(ZoneOffset.UTC)
                    : ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
            checkYear(instant.getYear(), value);
            checkMicros(instant.getNano(), value);
            return "TIMESTAMP WITH TIME ZONE '" + TIMESTAMP.format(instant) + "+00'";
        }
        throw new IllegalArgumentException(
                "no SQL literal for a value of type " + value.getClass().getName() + ": " + value);
    }

    private static void checkYear(int year, Object value) {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("no portable SQL literal for " + value + " (years 1 to 9999 only)");
        }
    }

    private static void checkMicros(int nanos, Object value) {
        if (nanos % 1000 != 0) {
            throw new IllegalArgumentException("no SQL literal for " + value + ", which is finer than a microsecond");
        }
    }

    private static String string(String text, Dialect dialect) {
        if (dialect == Dialect.MARIADB) {
            return "_utf8mb4 X'" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)) + "'";
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PostgreSQL text cannot hold the character NUL");
        }
        // the quote doubled, not backslashed: with backslash_quote off the server refuses \'
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
