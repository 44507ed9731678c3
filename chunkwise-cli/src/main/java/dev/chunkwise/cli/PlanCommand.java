package dev.chunkwise.cli;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Position;
import dev.chunkwise.QueryPlan;
import dev.chunkwise.RowEstimate;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.SortKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chunkwise plan}: what a scan will do, without doing it: the key it seeks on, how many rows
 * it is expected to deliver (the planner's estimate for its filter, or a count), the SQL of its
 * first and next chunk, and the database's EXPLAIN of both, bound as a run binds them (the filter's
 * parameters; the next chunk after the real first chunk's last row, so the plan is the one the
 * database will choose). When a chunk query sorts or reads the whole table rather than an index
 * range, it says so and names the index that would make it one.
 */
@Command(
        name = "plan",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Show the key, the estimated rows, the first and next chunk queries and the database's EXPLAIN"
                + " of both, with a warning and the index to create when a chunk query is not an index range.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  chunkwise plan --table entry --order-by \"pub_date desc nulls last\"",
            "  chunkwise plan --url jdbc:postgresql://localhost:5432/blog --user app \\",
            "      --table entry --where \"blog_id = 7\" --chunk-size 5000",
            "  chunkwise plan --table entry --partitions 4"
        })
final class PlanCommand extends DatabaseCommand {

    @Mixin
    ScanOptions scanOptions;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Also split the scan into at most N partitions (as export --parallel N does) and show"
                    + " each one's cut positions and estimated rows, the strategy used and the time it took.")
    Integer partitions;

    @Option(
            names = "--partition-strategy",
            paramLabel = PartitionStrategies.NAMES,
            converter = PartitionStrategies.Converter.class,
            description = "How --partitions finds its cuts (default: auto, the cheapest good one).")
    PartitionStrategy strategy;

    PlanCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        if (partitions != null && partitions < 1) {
            throw new BadInputException("--partitions must be at least 1, got " + partitions + ".");
        }
        if (partitions == null && strategy != null) {
            throw new BadInputException("--partition-strategy applies to --partitions.");
        }
        Database database = connection.database(console, false);
        Scan<Boolean> scan = scanOptions.build(database, row -> Boolean.TRUE);
        PrintStream out = console.out();
        out.println("table:          " + scan.quotedSource());
        out.println("key:            "
                + scan.order().stream().map(PlanCommand::describe).collect(Collectors.joining(", ")));
        out.println("chunk size:     " + scan.chunkSize());
        out.println("estimated rows: " + estimate(scan));
        out.println("first chunk:    " + scan.firstChunkSql());
        out.println("next chunk:     " + scan.nextChunkSql());
        Position afterFirst = lastOfFirstChunk(scan);
        QueryPlan first = scan.explain(scan.firstChunkQuery());
        out.println("EXPLAIN of the first chunk" + (afterFirst == null ? " (the scan finds no rows):" : ":"));
        print(out, first);
        if (afterFirst == null) {
            warnIfNotAnIndexRange(out, scan, first.fullScans(), Optional.empty());
        } else {
            QueryPlan next = scan.explain(scan.chunkQueryAfter(afterFirst));
            out.println("EXPLAIN of the next chunk, after the first chunk's last row " + afterFirst + ":");
            print(out, next);
            warnIfNotAnIndexRange(out, scan, first.fullScans(), Optional.of(next.fullScans()));
        }
        if (partitions != null) {
            printPartitions(out, scan);
        }
        return ExitCode.DONE;
    }

    /**
     * {@code partitions: 4 (index-walk, found in 12 ms)}, then one line per partition: its cuts as
     * key values and its estimated rows.
     */
    private void printPartitions(PrintStream out, Scan<Boolean> scan) {
        long started = System.nanoTime();
        List<ScanPartition<Boolean>> parts =
                scan.partitions(partitions, strategy == null ? PartitionStrategy.AUTO : strategy);
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.printf(
                Locale.ROOT,
                "partitions:     %d of %d asked (%s, found in %,d ms)%n",
                parts.size(),
                partitions,
                PartitionStrategies.name(parts.get(0).strategy()),
                millis);
        for (ScanPartition<Boolean> part : parts) {
            out.printf(Locale.ROOT, "  %d: %s%n", part.index() + 1, PartitionStrategies.span(scan.order(), part));
        }
    }

    /**
     * A next chunk that sorts or scans makes every chunk cost a pass over the matching rows: a
     * warning, with the index that makes it a range. A first chunk that does, followed by index
     * ranges, costs that pass once (MariaDB may sort for the first chunk although an index serves
     * the order): a note.
     *
     * @param next what the next chunk's plan shows; empty when no row was found to explain it after
     */
    private void warnIfNotAnIndexRange(
            PrintStream out, Scan<Boolean> scan, List<String> first, Optional<List<String>> next) {
        if (next.isPresent() && next.get().isEmpty() && !first.isEmpty()) {
            out.println("note: the first chunk query is not an index range (" + String.join("; ", first)
                    + "): it reads every matching row once; the next chunks are index ranges.");
            return;
        }
        List<String> found = new ArrayList<>();
        first.forEach(each -> found.add("first chunk: " + each));
        next.ifPresent(scans -> scans.forEach(each -> found.add("next chunk: " + each)));
        if (found.isEmpty()) {
            return;
        }
        out.println("warning: a chunk query is not an index range (" + String.join("; ", found)
                + "): each chunk reads every matching row, and the walk slows as the table grows. This index"
                + " makes each chunk an index range:");
        out.println("  " + scan.indexForOrder() + ";");
        if (scanOptions.where != null) {
            out.println("  (with --where, an index on the filter's equality columns followed by these columns"
                    + " serves both)");
        }
    }

    /** {@code 12,345 (the planner's estimate for the filter; the table: about 104,000)}. */
    private String estimate(Scan<Boolean> scan) {
        RowEstimate estimate = scan.estimatedMatchingRows();
        String rows = String.format(Locale.ROOT, "%,d", estimate.rows());
        String source = estimate.source() == RowEstimate.Source.PLANNER
                ? "the planner's estimate" + (scanOptions.where == null ? "" : " for the filter")
                : "an exact count, this database's plan has no estimate";
        if (scanOptions.where != null && estimate.source() == RowEstimate.Source.PLANNER) {
            OptionalLong table = scan.estimatedRowCount();
            if (table.isPresent()) {
                source += String.format(Locale.ROOT, "; the table: about %,d", table.getAsLong());
            }
        }
        return rows + " (" + source + ")";
    }

    private static void print(PrintStream out, QueryPlan plan) {
        if (plan.lines().isEmpty()) {
            out.println("  (this database's plan is not read)");
        }
        for (String line : plan.lines()) {
            out.println("  " + line);
        }
    }

    private static String describe(SortKey key) {
        return key.column() + " " + key.direction()
                + (key.nulls() == SortKey.Nulls.DEFAULT ? "" : " NULLS " + key.nulls());
    }

    private static Position lastOfFirstChunk(Scan<Boolean> scan) {
        Position last = null;
        try (ScanIterator<Boolean> rows = scan.iterator()) {
            for (int read = 0; read < scan.chunkSize() && rows.hasNext(); read++) {
                rows.next();
                last = rows.position().orElseThrow();
            }
        }
        return last;
    }
}
