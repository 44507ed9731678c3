package dev.chunkwise.cli;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.SqlCondition;
import java.io.PrintStream;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * {@code update} and {@code delete}: the keyset walk over the table's key, one short transaction
 * per chunk. Each chunk reads the keys of the next {@code --chunk-size} matching rows, then runs
 * one statement bounded by that key range (not an IN list of ids):
 * <pre>{@code UPDATE <table> SET <set> WHERE (<filter>) AND <key at or after first> AND <key at or before last>}</pre>
 * and commits. The walk continues after the chunk's last key, so rows the statement changed or
 * removed are never read twice; an interrupted run keeps the chunks it committed.
 */
abstract class ChunkedWriteCommand extends DatabaseCommand {

    @Option(
            names = "--table",
            paramLabel = "NAME",
            required = true,
            description = "Table to change, optionally schema-qualified.")
    String table;

    @Option(names = "--where", paramLabel = "SQL", description = "Filter: only rows matching it are changed.")
    String where;

    @Option(
            names = "--key",
            paramLabel = "COLS",
            split = ",",
            description = "The unique key (comma-separated) of a table without a primary key.")
    String[] key;

    @Option(
            names = "--chunk-size",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Rows per chunk and transaction (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--dry-run", description = "Print the statements and the estimated row count; change nothing.")
    boolean dryRun;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    @Option(names = "--stats", description = "Print the rows changed per chunk and a summary on standard error.")
    boolean stats;

    ChunkedWriteCommand(Console console) {
        super(console);
    }

    /** "updated" or "deleted". */
    abstract String verb();

    /** "update" or "delete", the progress bar's task. */
    abstract String task();

    /** The statement for one chunk, given the quoted table and the chunk's condition. */
    abstract String statement(String quotedTable, String condition);

    /**
     * Checks the command's own SQL before any row is changed.
     *
     * @throws BadInputException when it cannot work on this scan
     */
    abstract void checkStatement(Database database, Scan<Boolean> scan);

    @Override
    public final Integer call() {
        if (chunkSize < 1) {
            throw new BadInputException("--chunk-size must be at least 1, got " + chunkSize + ".");
        }
        Database database = connection.database(console, false);
        Scan<Boolean> scan = builder(database).keyColumnsOnly().build(row -> Boolean.TRUE);
        checkStatement(database, scan);
        if (dryRun) {
            printDryRun(scan);
            return ExitCode.DONE;
        }
        long[] changed = {0};
        long started = System.nanoTime();
        ScanStatistics statistics;
        try (Progress bar = Progress.wanted(progress, console)
                ? Progress.bar(console.err(), task(), scan.estimatedRowCount(), 0)
                : Progress.NONE) {
            statistics = scan.forEachChunkInTransaction((chunk, connection) -> {
                if (console.interruption().requested()) {
                    throw new InterruptedRunException("interrupted after " + String.format("%,d", changed[0])
                            + " rows " + verb() + " in " + (chunk.number() - 1) + " committed chunks; the rest is "
                            + "unchanged.");
                }
                SqlCondition range = scan.range(chunk.first(), chunk.last());
                int count;
                try (PreparedStatement statement =
                        connection.prepareStatement(statement(scan.quotedSource(), range.sql()))) {
                    range.bind(statement, 1);
                    count = statement.executeUpdate();
                }
                changed[0] += count;
                if (stats) {
                    console.err()
                            .printf(Locale.ROOT, "chunkwise: chunk %,d: %,d rows %s%n", chunk.number(), count, verb());
                }
                bar.advance(chunk.size());
            });
        }
        console.out()
                .printf(
                        Locale.ROOT,
                        "%,d rows %s in %,d chunks (%s)%n",
                        changed[0],
                        verb(),
                        statistics.chunks(),
                        StatsReport.seconds(java.time.Duration.ofNanos(System.nanoTime() - started)));
        if (stats) {
            StatsReport.print(console.err(), verb(), statistics, changed[0], statistics.retries());
        }
        return ExitCode.DONE;
    }

    private Scan.Builder builder(Database database) {
        Scan.Builder builder = Scan.over(database.source()).table(table).chunkSize(chunkSize);
        if (where != null) {
            builder.where(where);
        }
        if (key != null) {
            builder.key(Arrays.stream(key).map(String::trim).toArray(String[]::new));
        }
        return builder;
    }

    private void printDryRun(Scan<Boolean> scan) {
        PrintStream out = console.out();
        OptionalLong estimate = scan.estimatedRowCount();
        out.println("-- dry run: nothing is changed");
        out.println("-- table " + scan.quotedSource() + ", walked by its key " + scan.order() + " in chunks of "
                + scan.chunkSize() + " rows, one transaction per chunk");
        out.println("-- estimated rows in the table: "
                + (estimate.isPresent() ? String.format(Locale.ROOT, "%,d", estimate.getAsLong()) : "unknown")
                + (where == null ? "" : " (the catalog's estimate for the whole table; --where is not applied)"));
        out.println("-- each chunk reads the keys of its rows:");
        out.println(scan.nextChunkSql() + ";");
        Position first = null;
        Position last = null;
        long rows = 0;
        try (ScanIterator<Boolean> keys = scan.iterator()) {
            while (rows < scan.chunkSize() && keys.hasNext()) {
                keys.next();
                rows++;
                last = keys.position().orElseThrow();
                if (first == null) {
                    first = last;
                }
            }
        }
        if (first == null) {
            out.println("-- no row matches: no chunk would run.");
            return;
        }
        SqlCondition range = scan.range(first, last);
        out.println("-- then, in the same transaction, a statement bounded by the chunk's key range:");
        out.println(statement(scan.quotedSource(), range.sql()) + ";");
        out.println("-- the first chunk: " + rows + " rows, from " + first + " to " + last + ", parameters "
                + range.parameters());
    }
}
