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
 * @param syntax the lexical rules of its SQL (literals, identifiers, comments, placeholders)
 * @param catalogStyle where the catalog describes indexes and types beyond {@code DatabaseMetaData}
 * @param vagueErrorStates whether the driver reports bad SQL without a specific SQL state (sqlite-jdbc:
 *     none, or {@code HY000}), so that such a state counts as bad input
 * @param rowValueIn whether {@code (a, b) IN ((?, ?), (?, ?))} is understood (not by SQL Server)
 * @param fractionalSecondsBoundAsText whether time and date-time keys are bound as text with their
 *     microseconds: MySQL Connector/J drops the fractional seconds of a bound date-time or time when
 *     the server announces a version before 5.6.4, as MariaDB does ("5.5.5-10.x"), and the seek
 *     would then never pass rows that share a second; the server converts the text
 *     ({@code '2024-03-01 10:15:30.123456'}) back to the column's type exactly
 */
public record Dialect(
        String name,
        boolean rowValueSeek,
        NullsSyntax nullsSyntax,
        boolean nullsSortHigh,
        LimitStyle limitStyle,
        Streaming streaming,
        String quote,
        boolean rawKeyValues,
        boolean catalogsAsSchemas,
        boolean orderByNullKeys,
        SqlSyntax syntax,
        CatalogStyle catalogStyle,
        boolean vagueErrorStates,
        boolean rowValueIn,
        boolean fractionalSecondsBoundAsText) {

    /**
     * Where a database tells what {@code DatabaseMetaData} leaves out or reports differently per
     * driver: partial and expression indexes, enum and domain types, the real type behind a
     * {@code tinyint(1)} that a driver reports as BIT.
     */
    public enum CatalogStyle {
        /** {@code pg_index}, {@code pg_attribute}, {@code pg_type}. */
        PG_CATALOG,
        /** MySQL's and MariaDB's {@code information_schema.COLUMNS} and {@code STATISTICS}. */
        MYSQL_INFORMATION_SCHEMA,
        /** H2's {@code INFORMATION_SCHEMA.COLUMNS}. */
        H2_INFORMATION_SCHEMA,
        /** SQLite's {@code PRAGMA index_list} and {@code index_xinfo}. */
        SQLITE_PRAGMAS,
        /** {@code DatabaseMetaData} alone. */
        METADATA_ONLY
    }

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

        /**
         * Whether the rows of one chunk statement reach the caller while later rows are still read,
         * so that memory does not grow with the chunk: every style but {@link #NONE}, where H2 may
         * hold a whole result (it streams only with {@code LAZY_QUERY_EXECUTION}, which the library
         * cannot see).
         */
        public boolean streamsInsideChunk() {
            return this != NONE;
        }

        /**
         * Whether row consumers of a scan that sets no chunk size get time-targeted chunks
         * ({@link RunSettings#forRowConsumers}): where the server pushes a whole result and every
         * statement boundary drains that pipeline (MariaDB and MySQL, both drivers), fewer, larger
         * chunks read faster (0.90-0.93 of the cursor against 0.60-0.65 with 1000-row chunks,
         * BENCHMARKS.md).
         * pgjdbc fetches a larger chunk 1000 rows at a time through a portal, which measured slower
         * than 1000-row chunks that each fit one fetch (0.86-0.93 against 0.96-1.05), so PostgreSQL
         * keeps the fixed size, as do the embedded databases (H2 may hold a whole result) and the
         * drivers not measured (SQL Server, Oracle).
         */
        public boolean timeTargetedRowChunksByDefault() {
            return this == SERVER_PUSH_FETCH_SIZE || this == ROW_BY_ROW;
        }

        /** The fetch size used when the caller sets none: the chunk size, capped per driver. */
        public int defaultFetchSize(int chunkSize) {
            return Math.min(chunkSize, largestDefaultFetchSize);
        }
    }

    private static final SqlSyntax POSTGRESQL_SYNTAX = SqlSyntax.of(
            SqlSyntax.Rule.NESTED_BLOCK_COMMENTS,
            SqlSyntax.Rule.DOLLAR_QUOTES,
            SqlSyntax.Rule.ESCAPE_STRINGS,
            SqlSyntax.Rule.DOUBLED_QUESTION_MARK,
            SqlSyntax.Rule.DOLLAR_PARAMETERS);
    private static final SqlSyntax MYSQL_SYNTAX = SqlSyntax.of(
            SqlSyntax.Rule.BACKSLASH_ESCAPES,
            SqlSyntax.Rule.DOUBLE_QUOTED_STRINGS,
            SqlSyntax.Rule.BACKTICK_IDENTIFIERS,
            SqlSyntax.Rule.HASH_COMMENTS,
            SqlSyntax.Rule.DASH_DASH_NEEDS_SPACE);
    /**
     * MariaDB Connector/J's own placeholder parser takes {@code --} for a comment even without the
     * space the server needs, and then sends the {@code ?} after it as it is: so with this driver
     * {@code a--1} is refused like a comment, although the server would read it as {@code a - -1}.
     */
    private static final SqlSyntax MARIADB_DRIVER_SYNTAX =
            MYSQL_SYNTAX.with(SqlSyntax.Rule.DASH_DASH_NEEDS_SPACE, false);

    private static final SqlSyntax H2_SYNTAX = SqlSyntax.of(
            SqlSyntax.Rule.SLASH_SLASH_COMMENTS, SqlSyntax.Rule.DOLLAR_QUOTES, SqlSyntax.Rule.EMPTY_DOLLAR_TAG_ONLY);
    private static final SqlSyntax SQLITE_SYNTAX = SqlSyntax.of(
            SqlSyntax.Rule.BACKTICK_IDENTIFIERS, SqlSyntax.Rule.BRACKET_IDENTIFIERS, SqlSyntax.Rule.NAMED_PARAMETERS);
    private static final SqlSyntax SQL_SERVER_SYNTAX =
            SqlSyntax.of(SqlSyntax.Rule.BRACKET_IDENTIFIERS, SqlSyntax.Rule.NESTED_BLOCK_COMMENTS);
    private static final SqlSyntax STANDARD_SYNTAX = SqlSyntax.of();

    public static final Dialect POSTGRESQL = new Dialect(
            "PostgreSQL",
            true,
            NullsSyntax.NATIVE,
            true,
            LimitStyle.LIMIT,
            Streaming.TRANSACTION_AND_FETCH_SIZE,
            "\"",
            false,
            false,
            true,
            POSTGRESQL_SYNTAX,
            CatalogStyle.PG_CATALOG,
            false,
            true,
            false);
    public static final Dialect MARIADB = new Dialect(
            "MariaDB",
            false,
            NullsSyntax.IS_NULL_TERM,
            false,
            LimitStyle.LIMIT,
            Streaming.SERVER_PUSH_FETCH_SIZE,
            "`",
            false,
            true,
            false,
            MARIADB_DRIVER_SYNTAX,
            CatalogStyle.MYSQL_INFORMATION_SCHEMA,
            false,
            true,
            false);
    public static final Dialect MYSQL = new Dialect(
            "MySQL",
            false,
            NullsSyntax.IS_NULL_TERM,
            false,
            LimitStyle.LIMIT,
            Streaming.ROW_BY_ROW,
            "`",
            false,
            true,
            false,
            MYSQL_SYNTAX,
            CatalogStyle.MYSQL_INFORMATION_SCHEMA,
            false,
            true,
            true);
    public static final Dialect H2 = new Dialect(
            "H2",
            false,
            NullsSyntax.NATIVE,
            false,
            LimitStyle.LIMIT,
            Streaming.NONE,
            "\"",
            false,
            false,
            true,
            H2_SYNTAX,
            CatalogStyle.H2_INFORMATION_SCHEMA,
            false,
            true,
            false);
    public static final Dialect SQLITE = new Dialect(
            "SQLite",
            true,
            NullsSyntax.NATIVE,
            false,
            LimitStyle.LIMIT,
            Streaming.NONE,
            "\"",
            true,
            false,
            true,
            SQLITE_SYNTAX,
            CatalogStyle.SQLITE_PRAGMAS,
            true,
            true,
            false);
    public static final Dialect SQL_SERVER = new Dialect(
            "SQL Server",
            false,
            NullsSyntax.CASE_TERM,
            false,
            LimitStyle.TOP,
            Streaming.FETCH_SIZE,
            "\"",
            false,
            false,
            true,
            SQL_SERVER_SYNTAX,
            CatalogStyle.METADATA_ONLY,
            false,
            false,
            false);
    public static final Dialect ORACLE = new Dialect(
            "Oracle",
            false,
            NullsSyntax.NATIVE,
            true,
            LimitStyle.FETCH_FIRST,
            Streaming.FETCH_SIZE,
            "\"",
            false,
            false,
            true,
            STANDARD_SYNTAX,
            CatalogStyle.METADATA_ONLY,
            false,
            true,
            false);
    /** For a database not known here: standard SQL, no row values, NULLs placement from metadata. */
    public static final Dialect STANDARD = new Dialect(
            "SQL",
            false,
            NullsSyntax.CASE_TERM,
            false,
            LimitStyle.FETCH_FIRST,
            Streaming.FETCH_SIZE,
            "\"",
            false,
            false,
            true,
            STANDARD_SYNTAX,
            CatalogStyle.METADATA_ONLY,
            false,
            false,
            false);

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
            base = new Dialect(
                    base.name,
                    base.rowValueSeek,
                    base.nullsSyntax,
                    base.nullsSortHigh,
                    base.limitStyle,
                    base.streaming,
                    quote.trim(),
                    base.rawKeyValues,
                    base.catalogsAsSchemas,
                    base.orderByNullKeys,
                    base.syntax,
                    base.catalogStyle,
                    base.vagueErrorStates,
                    base.rowValueIn,
                    base.fractionalSecondsBoundAsText);
        }
        return base;
    }

    /**
     * This dialect with the lexical rules of the connection's session: MariaDB's and MySQL's
     * {@code sql_mode} ({@code NO_BACKSLASH_ESCAPES}, {@code ANSI_QUOTES}) and PostgreSQL's
     * {@code standard_conforming_strings} change where a string literal ends.
     */
    public Dialect forSession(java.sql.Connection connection) throws SQLException {
        String sql;
        switch (catalogStyle) {
            case PG_CATALOG:
                sql = "SELECT current_setting('standard_conforming_strings')";
                break;
            case MYSQL_INFORMATION_SCHEMA:
                sql = "SELECT @@SESSION.sql_mode";
                break;
            default:
                return this;
        }
        String setting;
        boolean autoCommit = connection.getAutoCommit();
        try (java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery(sql)) {
            setting = result.next() ? String.valueOf(result.getString(1)).toUpperCase(Locale.ROOT) : "";
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
        SqlSyntax session = syntax;
        if (catalogStyle == CatalogStyle.PG_CATALOG) {
            session = session.with(SqlSyntax.Rule.BACKSLASH_ESCAPES, setting.equals("OFF"));
        } else {
            java.util.Set<String> modes = java.util.Set.of(setting.split(","));
            session = session.with(SqlSyntax.Rule.BACKSLASH_ESCAPES, !modes.contains("NO_BACKSLASH_ESCAPES"))
                    .with(
                            SqlSyntax.Rule.DOUBLE_QUOTED_STRINGS,
                            !modes.contains("ANSI_QUOTES") && !modes.contains("ANSI"));
        }
        return session.equals(syntax) ? this : withSyntax(session);
    }

    /** This dialect with other lexical rules (a session's SQL mode changed them). */
    public Dialect withSyntax(SqlSyntax sessionSyntax) {
        return new Dialect(
                name,
                rowValueSeek,
                nullsSyntax,
                nullsSortHigh,
                limitStyle,
                streaming,
                quote,
                rawKeyValues,
                catalogsAsSchemas,
                orderByNullKeys,
                sessionSyntax,
                catalogStyle,
                vagueErrorStates,
                rowValueIn,
                fractionalSecondsBoundAsText);
    }

    /** How a database shows its plan for a query, and whether the plan carries a row estimate. */
    public enum ExplainStyle {
        /**
         * PostgreSQL: {@code EXPLAIN} as text lines, {@code EXPLAIN (FORMAT JSON)} with the
         * planner's {@code "Plan Rows"}.
         */
        POSTGRESQL,
        /** MariaDB and MySQL: {@code EXPLAIN} as a table, a row per table read, with {@code rows} (and {@code filtered}). */
        MYSQL,
        /** H2: {@code EXPLAIN} as the query's plan SQL with comments, no row estimate. */
        H2,
        /** SQLite: {@code EXPLAIN QUERY PLAN}, a row per step, no row estimate. */
        SQLITE,
        /** No EXPLAIN read here (SQL Server, Oracle, others). */
        NONE
    }

    /** How this database shows a query's plan; follows the catalog style, which names the product family. */
    public ExplainStyle explainStyle() {
        switch (catalogStyle) {
            case PG_CATALOG:
                return ExplainStyle.POSTGRESQL;
            case MYSQL_INFORMATION_SCHEMA:
                return ExplainStyle.MYSQL;
            case H2_INFORMATION_SCHEMA:
                return ExplainStyle.H2;
            case SQLITE_PRAGMAS:
                return ExplainStyle.SQLITE;
            default:
                return ExplainStyle.NONE;
        }
    }

    /**
     * Whether {@code CREATE INDEX} accepts {@code NULLS FIRST} and {@code NULLS LAST} per column
     * (PostgreSQL, H2); elsewhere an index keeps NULLs where the database sorts them.
     */
    public boolean indexNullsPlacement() {
        return catalogStyle == CatalogStyle.PG_CATALOG || catalogStyle == CatalogStyle.H2_INFORMATION_SCHEMA;
    }

    /**
     * Whether a UUID key is bound as its text: MariaDB compares a UUID column with a string as a
     * UUID, and MySQL Connector/J has no binding for {@link java.util.UUID}.
     */
    public boolean uuidsBoundAsText() {
        return catalogStyle == CatalogStyle.MYSQL_INFORMATION_SCHEMA;
    }

    /** Whether a table can be read as a row sample in SQL: {@code TABLESAMPLE BERNOULLI (p)} (PostgreSQL). */
    public boolean tableSample() {
        return catalogStyle == CatalogStyle.PG_CATALOG;
    }

    /**
     * Whether the catalog may keep histograms of a column's values that a query can read back as
     * values: {@code pg_stats.histogram_bounds} (PostgreSQL), {@code mysql.column_stats} of
     * {@code hist_type = 'JSON_HB'} (MariaDB 10.8 and later; the server tells, not the driver).
     */
    public boolean columnHistograms() {
        return catalogStyle == CatalogStyle.PG_CATALOG || catalogStyle == CatalogStyle.MYSQL_INFORMATION_SCHEMA;
    }

    Dialect withNullsSortHigh(boolean high) {
        return new Dialect(
                name,
                rowValueSeek,
                nullsSyntax,
                high,
                limitStyle,
                streaming,
                quote,
                rawKeyValues,
                catalogsAsSchemas,
                orderByNullKeys,
                syntax,
                catalogStyle,
                vagueErrorStates,
                rowValueIn,
                fractionalSecondsBoundAsText);
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
