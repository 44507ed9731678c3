package dev.chunkwise.bench;

import dev.chunkwise.ConnectionSource;
import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.SqlCondition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 14's numbers, in one JVM: how long {@code scan.partitions(n, strategy)} takes per
 * strategy over {@code bench_entry} (ordered by its primary key, and by a non-unique leading
 * column {@code (author_id, id)}), with the strategy each one ended up using and how even the
 * partitions came out (largest over smallest, rows counted); then a read of every row
 * ({@code forEachChunk}) and a chunked update of a tenth of them (the CLI's statement, one
 * transaction per chunk) as one scan and as {@code parallel(1)}, {@code parallel(2)},
 * {@code parallel(4)}, interleaved run by run, as ratios of the one scan's rows/s.
 *
 * <p>{@code java -cp chunkwise-bench.jar dev.chunkwise.bench.PartitionBench --db postgresql --rows 1000000}
 */
@Command(
        name = "chunkwise-partition-bench",
        mixinStandardHelpOptions = true,
        description = "Times finding partitions per strategy, and parallel reads and updates against one scan.")
public final class PartitionBench implements Callable<Integer> {

    private static final String SET = "views = views + 1";
    private static final String WHERE = "MOD(id, 10) = 3";

    @Option(names = "--db", required = true, description = "postgresql, mariadb, h2 or sqlite")
    String db;

    @Option(names = "--url", description = "JDBC URL (default: the usual local address)")
    String url;

    @Option(names = "--rows", defaultValue = "1000000", description = "rows in bench_entry; default ${DEFAULT-VALUE}")
    long rows;

    @Option(names = "--partitions", defaultValue = "8", description = "partitions to find; default ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per way; default ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--skip-runs", description = "time the partitioning only")
    boolean skipRuns;

    @Option(names = "--data-dir", defaultValue = "target/bench-data", description = "embedded databases' files")
    Path dataDirectory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PartitionBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Database database = Database.parse(db);
        String jdbcUrl = url != null ? url : database.defaultUrl(dataDirectory);
        EntryTable.ensure(database, jdbcUrl, rows);
        prepare(database, jdbcUrl);
        ConnectionSource source = () -> DriverManager.getConnection(jdbcUrl);
        System.out.printf(
                Locale.ROOT,
                "%n%s, %,d rows, %d partitions asked, median of %d runs (%d cores)%n",
                database.label(),
                rows,
                partitions,
                repeats,
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| order | strategy asked | strategy used | partitions | ms (median) | largest / smallest |");
        System.out.println("|---|---|---|---|---|---|");
        for (String order : List.of("id", "author_id, id")) {
            Scan<Boolean> scan = Scan.over(source)
                    .table(EntryTable.NAME)
                    .orderBy(order)
                    .keyColumnsOnly()
                    .build(row -> Boolean.TRUE);
            for (PartitionStrategy strategy : PartitionStrategy.values()) {
                timePartitions(jdbcUrl, order, scan, strategy);
            }
        }
        if (!skipRuns) {
            runs(source, database);
        }
        return 0;
    }

    /** An index for the (author_id, id) order; MariaDB's value histograms (JSON_HB) for its leading column. */
    private static void prepare(Database database, String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            if (database == Database.MARIADB) {
                statement.execute("CREATE INDEX IF NOT EXISTS bench_entry_author ON bench_entry (author_id, id)");
                statement.execute("SET SESSION histogram_type = 'JSON_HB'");
                statement.execute("ANALYZE TABLE bench_entry PERSISTENT FOR COLUMNS (id, author_id) INDEXES ()");
            } else {
                statement.execute("CREATE INDEX IF NOT EXISTS bench_entry_author ON bench_entry (author_id, id)");
                if (database == Database.POSTGRESQL) {
                    statement.execute("ANALYZE bench_entry");
                }
            }
        }
    }

    private void timePartitions(String jdbcUrl, String order, Scan<Boolean> scan, PartitionStrategy strategy)
            throws SQLException {
        List<Double> millis = new ArrayList<>();
        List<ScanPartition<Boolean>> found = null;
        scan.partitions(partitions, strategy); // warm-up
        for (int repeat = 0; repeat < repeats; repeat++) {
            long started = System.nanoTime();
            found = scan.partitions(partitions, strategy);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            for (ScanPartition<Boolean> partition : found) {
                SqlCondition condition = partition.scan().condition();
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM " + scan.quotedSource() + " WHERE " + condition.sql())) {
                    condition.bind(count, 1);
                    try (ResultSet result = count.executeQuery()) {
                        result.next();
                        largest = Math.max(largest, result.getLong(1));
                        smallest = Math.min(smallest, result.getLong(1));
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %d | %,.0f | %s |%n",
                order,
                strategy,
                found.get(0).strategy(),
                found.size(),
                median(millis),
                smallest == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) largest / smallest));
    }

    /** Reads and updates as one scan and in 1, 2 and 4 partitions, interleaved run by run. */
    private void runs(ConnectionSource source, Database database) {
        Scan<Object[]> read = Scan.over(source)
                .table(EntryTable.NAME)
                .chunkSize(1000)
                .build(row -> new Object[] {row.getLong("id"), row.getString("title"), row.getInt("views")});
        Scan<Boolean> update = Scan.over(source)
                .table(EntryTable.NAME)
                .where(WHERE)
                .keyColumnsOnly()
                .chunkSize(1000)
                .build(row -> Boolean.TRUE);
        List<String> ways = List.of("one scan", "parallel(1)", "parallel(2)", "parallel(4)");
        Map<String, List<Double>> reads = new LinkedHashMap<>();
        Map<String, List<Double>> updates = new LinkedHashMap<>();
        for (String way : ways) {
            reads.put(way, new ArrayList<>());
            updates.put(way, new ArrayList<>());
        }
        read(read, "one scan"); // warm-up: the JIT, the buffer pool
        for (int repeat = 0; repeat < repeats; repeat++) {
            List<String> order = new ArrayList<>(ways);
            java.util.Collections.rotate(order, repeat);
            for (String way : order) {
                reads.get(way).add(read(read, way));
                updates.get(way).add(update(update, way));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n%s, %,d rows: every row read (forEachChunk), and %s updated (%s, one transaction per"
                        + " 1,000-row chunk); rows/s, median of %d runs%n",
                database.label(),
                rows,
                WHERE,
                SET,
                repeats);
        System.out.println("| way | read rows/s | vs one scan | update rows/s | vs one scan |");
        System.out.println("|---|---|---|---|---|");
        double readBase = median(reads.get("one scan"));
        double updateBase = median(updates.get("one scan"));
        for (String way : ways) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.2f | %,.0f | %.2f |%n",
                    way,
                    median(reads.get(way)),
                    median(reads.get(way)) / readBase,
                    median(updates.get(way)),
                    median(updates.get(way)) / updateBase);
        }
    }

    private static int partitionsOf(String way) {
        return way.equals("one scan") ? 0 : Integer.parseInt(way.replaceAll("\\D", ""));
    }

    /** Rows per second of one read. */
    private static double read(Scan<Object[]> scan, String way) {
        AtomicLong count = new AtomicLong();
        long started = System.nanoTime();
        int n = partitionsOf(way);
        if (n == 0) {
            scan.forEachChunk(chunk -> count.addAndGet(chunk.size()));
        } else {
            scan.parallel(n).strategy(PartitionStrategy.AUTO).forEachChunk(chunk -> count.addAndGet(chunk.size()));
        }
        return count.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** Rows per second of one chunked update, the chunk's rows named by a key list as the CLI's update does. */
    private static double update(Scan<Boolean> scan, String way) {
        AtomicLong count = new AtomicLong();
        dev.chunkwise.ChunkHandler<Boolean> handler = (chunk, connection) -> {
            for (SqlCondition condition : scan.rowConditions(chunk.positions())) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "UPDATE " + scan.quotedSource() + " SET " + SET + " WHERE " + condition.sql())) {
                    condition.bind(statement, 1);
                    count.addAndGet(statement.executeUpdate());
                }
            }
        };
        long started = System.nanoTime();
        int n = partitionsOf(way);
        if (n == 0) {
            scan.forEachChunkInTransaction(handler);
        } else {
            scan.parallel(n).forEachChunkInTransaction(handler);
        }
        return count.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
