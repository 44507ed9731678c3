package dev.chunkwise.cli;

import dev.chunkwise.RetryPolicy;
import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanDefinitionException;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that describe a scan: which table, which rows, in which order, in which chunks. */
final class ScanOptions {

    @Option(
            names = "--table",
            paramLabel = "NAME",
            required = true,
            description = "Table or view to walk, optionally schema-qualified (on MariaDB and MySQL, with the"
                    + " database); quote a part as the database does to match it exactly: 'sales.\"Mixed Case\"',"
                    + " on MariaDB 'sales.`Mixed Case`'.")
    String table;

    @Option(names = "--where", paramLabel = "SQL", description = "Filter, SQL as written (no bind parameters).")
    String where;

    @Option(
            names = "--order-by",
            paramLabel = "SPEC",
            description = "Comma-separated 'column [asc|desc] [nulls first|nulls last]'; the primary key is "
                    + "appended as tie-breaker when the columns are not unique (default: the primary key).")
    String orderBy;

    @Option(
            names = "--key",
            paramLabel = "COLS",
            split = ",",
            description = "The unique key (comma-separated) of a table or view without a primary key.")
    String[] key;

    @Option(
            names = "--chunk-size",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Rows per chunk (default: ${DEFAULT-VALUE}; " + COPY_CHUNK_SIZE + " for CSV and"
                    + " JSON Lines from PostgreSQL's COPY, whose chunks hold keys only; for CSV and JSON Lines"
                    + " from MariaDB and MySQL, which stream rows, 1000 growing towards 500 ms a chunk).")
    int chunkSize;

    /**
     * The chunk size of a CSV or JSON Lines export from PostgreSQL's COPY ({@link CopyExporter}) when
     * {@code --chunk-size} is not given: its chunks hold only keys, and each costs a key read and a
     * COPY statement, so larger chunks win (1M rows of bench_entry: 2.70 s in chunks of 1000, 2.30 s
     * in chunks of 10,000, 2.27 s in chunks of 100,000).
     */
    static final int COPY_CHUNK_SIZE = 10_000;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--chunk-time",
            paramLabel = "DURATION",
            description = "Target time per chunk (e.g. 250ms, 2s, PT0.5S): the chunk size adapts to it, between "
                    + MIN_ADAPTIVE + " and " + MAX_ADAPTIVE + " rows, starting from --chunk-size.")
    String chunkTime;

    static final int MIN_ADAPTIVE = 10;
    static final int MAX_ADAPTIVE = 100_000;

    /** Retries of a failed chunk, when the command has the option; null for the library's default. */
    Integer retries;

    @Option(names = "--reverse", description = "Walk the order backwards.")
    boolean reverse;

    /** Whether {@link #build} leaves the chunk size to the library ({@link #leavingChunkSizeToLibrary}). */
    private boolean libraryChunkSize;

    /** The option that sets a part of a scan, for the core's messages: {@code --key}, not {@code key(...)}. */
    static String option(ScanDefinitionException.Part part) {
        switch (part) {
            case TABLE:
                return "--table";
            case COLUMNS:
                return "--columns";
            case FILTER:
                return "--where";
            case ORDER:
                return "--order-by";
            case KEY:
                return "--key";
            default:
                return part.builderCall();
        }
    }

    /** Fails with bad input on option values that cannot work, before connecting. */
    void check() {
        if (chunkSize < 1) {
            throw new BadInputException("--chunk-size must be at least 1, got " + chunkSize + ".");
        }
        if (chunkTime != null) {
            targetChunkTime();
        }
        if (where != null && where.isBlank()) {
            throw new BadInputException("--where is blank: give a condition, or leave --where out.");
        }
        if (orderBy != null && orderBy.isBlank()) {
            throw new BadInputException(
                    "--order-by is blank: give columns, or leave --order-by out for the primary key.");
        }
        checkNames("--key", key);
    }

    /** Fails with bad input when a comma-separated list of columns holds an empty name ({@code id,,name}). */
    static void checkNames(String option, String[] names) {
        if (names == null) {
            return;
        }
        if (names.length == 0 || Arrays.stream(names).anyMatch(String::isBlank)) {
            throw new BadInputException(option + " holds an empty column name ('" + String.join(",", names)
                    + "'): give comma-separated column names.");
        }
    }

    /** The --chunk-time value: an ISO-8601 duration or a number with the unit ms, s or m. */
    Duration targetChunkTime() {
        return Durations.parse(chunkTime, "--chunk-time", false);
    }

    /**
     * The scan these options describe over {@code database}.
     *
     * @throws IllegalArgumentException for an unknown table or column, a bad order or filter
     */
    <T> Scan<T> build(Database database, RowMapper<T> mapper, String... columns) {
        Scan.Builder builder = builder(database);
        if (columns.length > 0) {
            checkNames("--columns", columns);
            builder.columns(columns);
        }
        return builder.build(mapper);
    }

    /**
     * The scan these options describe over {@code database}, reading its key columns only: the same
     * table, filter and order, so its positions are those of {@link #build}'s scan; in chunks of
     * {@link #COPY_CHUNK_SIZE} rows unless {@code --chunk-size} or {@code --chunk-time} is given.
     */
    Scan<Boolean> buildKeys(Database database) {
        Scan.Builder builder = builder(database).keyColumnsOnly();
        if (!chunkSizeGiven() && chunkTime == null) {
            builder.chunkSize(COPY_CHUNK_SIZE);
        }
        return builder.build(row -> Boolean.TRUE);
    }

    /**
     * Lets {@link #build} leave the chunk size to the library when neither {@code --chunk-size}
     * nor {@code --chunk-time} is given: for an export that streams rows
     * ({@link Exporter#streamingRows()}), whose chunks the library then sizes as for any row
     * consumer (time-targeted on MariaDB and MySQL, {@code Scan.Builder.chunkSize}).
     */
    ScanOptions leavingChunkSizeToLibrary() {
        this.libraryChunkSize = true;
        return this;
    }

    private boolean chunkSizeGiven() {
        return command != null
                && command.commandLine() != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption("--chunk-size");
    }

    private Scan.Builder builder(Database database) {
        check();
        Scan.Builder builder = Scan.over(database.source()).table(table);
        if (!libraryChunkSize || chunkSizeGiven() || chunkTime != null) {
            builder.chunkSize(chunkSize);
        }
        if (chunkTime != null) {
            builder.chunkTime(targetChunkTime(), MIN_ADAPTIVE, MAX_ADAPTIVE);
        }
        if (retries != null) {
            builder.retry(RetryPolicy.defaults().withMaxRetries(retries));
        }
        if (where != null) {
            builder.where(where);
        }
        if (orderBy != null) {
            builder.orderBy(orderBy);
        }
        if (key != null) {
            builder.key(Arrays.stream(key).map(String::trim).toArray(String[]::new));
        }
        if (reverse) {
            builder.reverse();
        }
        return builder;
    }
}
