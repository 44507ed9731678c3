package dev.chunkwise.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between databases, as capabilities consulted where SQL is rendered and run.
 * There is no class per database: each supported database is one set of answers.
 *
 * @param name a display name
 * @param rowValueSeek whether {@code (a, b) > (?, ?)} is used as an index range by this database
 * @param nullsSyntax how a NULLs placement other than the default is rendered in ORDER BY
 * @param nullsSortHigh whether NULL sorts after every value in an ascending {@code ORDER BY}
 * @param limitStyle how the chunk's row limit is rendered
 * @param streaming what the driver needs to stream the rows of a chunk
 * @param quote the identifier quote string
 * @param rawKeyValues whether key values are read and bound as the driver's own objects
 *     (SQLite, where a column's values keep their storage class) rather than by column type
 * @param catalogsAsSchemas whether a schema prefix names a JDBC catalog (MySQL and MariaDB)
 * @param orderByNullKeys whether the ORDER BY of a segment keeps the key columns that the segment
 *     fixes to NULL: PostgreSQL needs them to read the {@code (col, id)} index in order; MariaDB
 *     and MySQL, given {@code col IS NULL ... ORDER BY col, id}, read every NULL row and sort them
 *     (a filesort per chunk), but read {@code ORDER BY id} straight from the index
 */
public record Dialect(String name, boolean rowValueSeek, NullsSyntax nullsSyntax, boolean nullsSortHigh,
        LimitStyle limitStyle, Streaming streaming, String quote, boolean rawKeyValues,
        boolean catalogsAsSchemas, boolean orderByNullKeys) {

    /** How a non-default NULLs placement is written in ORDER BY. */
    public enum NullsSyntax {
        /** {@code col ASC NULLS LAST} */
        NATIVE,
        /** {@code (col IS NULL) ASC, col ASC} */
        IS_NULL_TERM,
        /** {@code CASE WHEN col IS NULL THEN 1 ELSE 0 END ASC, col ASC} */
        CASE_TERM
    }

    /** How the number of rows of a chunk is limited. */
    public enum LimitStyle {
        /** {@code ... LIMIT n} */
        LIMIT,
        /** {@code ... FETCH FIRST n ROWS ONLY} */
        FETCH_FIRST,
        /** {@code SELECT TOP (n) ...} */
        TOP
    }

    /** What a driver needs so that the rows of one chunk are streamed rather than buffered. */
    public enum Streaming {
        /**
         * pgjdbc: auto-commit off (one short read-only transaction per chunk) and a fetch size;
         * every fetch is a round trip, so the default fetch size is large.
         */
        TRANSACTION_AND_FETCH_SIZE(1000),
        /**
         * MariaDB Connector/J 3.x: a positive fetch size. The server sends the whole result
         * without waiting; the fetch size is only how many rows the driver reads off the socket
         * before it hands the first one over. A small default lets the caller work on the first
         * rows while the server still sends the rest (measured on MariaDB 10.11 with 1000-row
         * chunks: 100 rather than 1000 cut the time per chunk by almost a third).
         */
        SERVER_PUSH_FETCH_SIZE(100),
        /** A positive fetch size, each fetch a round trip (SQL Server, Oracle). */
        FETCH_SIZE(1000),
        /** MySQL Connector/J: fetch size {@code Integer.MIN_VALUE} on a forward-only read-only statement. */
        ROW_BY_ROW(1000),
        /**
         * Nothing the library sets: embedded databases (SQLite produces rows lazily; H2 does when
         * the session has {@code LAZY_QUERY_EXECUTION}, which is the caller's to set in the URL).
         */
        NONE(1000);

        private final int largestDefaultFetchSize;

        Streaming(int largestDefaultFetchSize) {
            this.largestDefaultFetchSize = largestDefaultFetchSize;
        }

        /** The fetch size used when the caller sets none: the chunk size, capped per driver. */
        public int defaultFetchSize(int chunkSize) {
            return Math.min(chunkSize, largestDefaultFetchSize);
        }
    }

    public static final Dialect POSTGRESQL = new Dialect("PostgreSQL", true, NullsSyntax.NATIVE, true,
            LimitStyle.LIMIT, Streaming.TRANSACTION_AND_FETCH_SIZE, "\"", false, false, true);
    public static final Dialect MARIADB = new Dialect("MariaDB", false, NullsSyntax.IS_NULL_TERM, false,
            LimitStyle.LIMIT, Streaming.SERVER_PUSH_FETCH_SIZE, "`", false, true, false);
    public static final Dialect MYSQL = new Dialect("MySQL", false, NullsSyntax.IS_NULL_TERM, false,
            LimitStyle.LIMIT, Streaming.ROW_BY_ROW, "`", false, true, false);
    public static final Dialect H2 = new Dialect("H2", false, NullsSyntax.NATIVE, false,
            LimitStyle.LIMIT, Streaming.NONE, "\"", false, false, true);
    public static final Dialect SQLITE = new Dialect("SQLite", true, NullsSyntax.NATIVE, false,
            LimitStyle.LIMIT, Streaming.NONE, "\"", true, false, true);
    public static final Dialect SQL_SERVER = new Dialect("SQL Server", false, NullsSyntax.CASE_TERM, false,
            LimitStyle.TOP, Streaming.FETCH_SIZE, "\"", false, false, true);
    public static final Dialect ORACLE = new Dialect("Oracle", false, NullsSyntax.NATIVE, true,
            LimitStyle.FETCH_FIRST, Streaming.FETCH_SIZE, "\"", false, false, true);
    /** For a database not known here: standard SQL, no row values, NULLs placement from metadata. */
    public static final Dialect STANDARD = new Dialect("SQL", false, NullsSyntax.CASE_TERM, false,
            LimitStyle.FETCH_FIRST, Streaming.FETCH_SIZE, "\"", false, false, true);

    /**
     * Picks the dialect for a live connection from its metadata: the product decides the SQL,
     * the driver decides how rows are streamed (MySQL Connector/J talking to MariaDB streams
     * row by row; MariaDB Connector/J streams with a fetch size).
     */
    public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
        String driver = metaData.getDriverName().toLowerCase(Locale.ROOT);
        boolean mysqlDriver = driver.contains("mysql");
        Dialect base;
        if (product.contains("postgres")) {
            base = POSTGRESQL;
        } else if (product.contains("mariadb") || product.contains("mysql")) {
            base = mysqlDriver ? MYSQL : MARIADB;
        } else if (product.equals("h2")) {
            base = H2;
        } else if (product.contains("sqlite")) {
            base = SQLITE;
        } else if (product.contains("microsoft sql server")) {
            base = SQL_SERVER;
        } else if (product.contains("oracle")) {
            base = ORACLE;
        } else {
            base = STANDARD.withNullsSortHigh(metaData.nullsAreSortedHigh() || metaData.nullsAreSortedAtEnd());
        }
        String quote = metaData.getIdentifierQuoteString();
        if (quote != null && !quote.isBlank() && !quote.equals(base.quote)) {
            base = new Dialect(base.name, base.rowValueSeek, base.nullsSyntax, base.nullsSortHigh, base.limitStyle,
                    base.streaming, quote.trim(), base.rawKeyValues, base.catalogsAsSchemas, base.orderByNullKeys);
        }
        return base;
    }

    private static final java.time.format.DateTimeFormatter MICROSECOND_DATE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final java.time.format.DateTimeFormatter MICROSECOND_TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    /**
     * A key value as it is bound to a chunk query. MySQL Connector/J drops the fractional seconds
     * of a bound date-time or time when the server announces a version before 5.6.4, as MariaDB
     * does ("5.5.5-10.x"), and the seek would then never pass rows that share a second. With that
     * driver they are bound as text ({@code '2024-03-01 10:15:30.123456'}), which the server
     * converts back to the column's type exactly.
     */
    public Object bindable(Object value) {
        if (!name.equals(MYSQL.name)) {
            return value;
        }
        if (value instanceof java.time.LocalDateTime) {
            return MICROSECOND_DATE_TIME.format((java.time.LocalDateTime) value);
        }
        if (value instanceof java.time.LocalTime) {
            return MICROSECOND_TIME.format((java.time.LocalTime) value);
        }
        return value;
    }

    Dialect withNullsSortHigh(boolean high) {
        return new Dialect(name, rowValueSeek, nullsSyntax, high, limitStyle, streaming, quote, rawKeyValues,
                catalogsAsSchemas, orderByNullKeys);
    }

    /** Quotes an identifier, doubling any quote character inside it. */
    public String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** Whether NULLs come first for a plain {@code ORDER BY col ASC|DESC} in this database. */
    public boolean defaultNullsFirst(boolean descending) {
        return descending == nullsSortHigh;
    }
}
