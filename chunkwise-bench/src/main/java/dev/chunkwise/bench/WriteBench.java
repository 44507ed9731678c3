package dev.chunkwise.bench;

import dev.chunkwise.Scan;
import dev.chunkwise.SqlCondition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A chunked update of a fraction of {@code bench_entry} three ways, in one JVM, interleaved run
 * by run: one chunk transaction per {@code --chunk-size} matching rows whose statement names the
 * chunk's rows ({@code key-list}: {@code WHERE (<filter>) AND id IN (...)}, what chunkwise's
 * update runs), the same chunks bounded by their key range ({@code range}: {@code WHERE
 * (<filter>) AND id >= ? AND id <= ?}, what it ran before), and one plain {@code UPDATE} of every
 * matching row in one transaction ({@code plain}, the baseline: fastest, but one long transaction
 * that locks everything it touches until the end).
 *
 * <p>{@code java -cp chunkwise-bench.jar dev.chunkwise.bench.WriteBench --db postgresql --rows 1000000}
 */
@Command(
        name = "chunkwise-write-bench",
        mixinStandardHelpOptions = true,
        description = "Times a chunked update of a fraction of bench_entry: key list, key range, one UPDATE.")
public final class WriteBench implements Callable<Integer> {

    private static final String SET = "views = views + 1";

    @Option(names = "--db", required = true, description = "postgresql, mariadb, h2 or sqlite")
    String db;

    @Option(names = "--url", description = "JDBC URL (default: the usual local address)")
    String url;

    @Option(names = "--rows", defaultValue = "1000000", description = "rows in bench_entry; default ${DEFAULT-VALUE}")
    long rows;

    @Option(
            names = "--where",
            defaultValue = "MOD(id, 10) = 3",
            description = "the rows to update; default ${DEFAULT-VALUE} (10%)")
    String where;

    @Option(names = "--chunk-size", defaultValue = "1000", description = "rows per chunk; default ${DEFAULT-VALUE}")
    int chunkSize;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per way; default ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--data-dir", defaultValue = "target/bench-data", description = "embedded databases' files")
    Path dataDirectory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WriteBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Database database = Database.parse(db);
        String jdbcUrl = url != null ? url : database.defaultUrl(dataDirectory);
        EntryTable.ensure(database, jdbcUrl, rows);
        Scan<Boolean> scan = Scan.over(() -> DriverManager.getConnection(jdbcUrl))
                .table(EntryTable.NAME)
                .where(where)
                .keyColumnsOnly()
                .chunkSize(chunkSize)
                .build(row -> Boolean.TRUE);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (String way : List.of("plain", "range", "key-list")) {
            results.put(way, new ArrayList<>());
        }
        run("key-list", scan, jdbcUrl); // warm-up: the JIT, the buffer pool
        for (int repeat = 0; repeat < repeats; repeat++) {
            List<String> order = new ArrayList<>(results.keySet());
            java.util.Collections.rotate(order, repeat);
            for (String way : order) {
                results.get(way).add(run(way, scan, jdbcUrl));
            }
        }
        double plain = median(results.get("plain"), 1);
        System.out.printf(
                Locale.ROOT,
                "%n%s, %,d rows, %s, chunks of %,d, %d runs each%n",
                database.label(),
                rows,
                where,
                chunkSize,
                repeats);
        System.out.println("| way | rows changed | wall s (median) | rows/s (median) | vs plain |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> way : results.entrySet()) {
            double perSecond = median(way.getValue(), 1);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %.2f | %,.0f | %.2f |%n",
                    way.getKey(),
                    (long) way.getValue().get(0)[2],
                    median(way.getValue(), 0),
                    perSecond,
                    perSecond / plain);
        }
        return 0;
    }

    /** One run: {seconds, rows per second, rows changed}. */
    private double[] run(String way, Scan<Boolean> scan, String jdbcUrl) throws SQLException {
        long[] changed = {0};
        long started = System.nanoTime();
        if (way.equals("plain")) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                changed[0] =
                        statement.executeUpdate("UPDATE " + scan.quotedSource() + " SET " + SET + " WHERE " + where);
                connection.commit();
            }
        } else {
            scan.forEachChunkInTransaction((chunk, connection) -> {
                List<SqlCondition> conditions = way.equals("range")
                        ? List.of(scan.range(chunk.first(), chunk.last()))
                        : scan.rowConditions(chunk.positions());
                for (SqlCondition condition : conditions) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE " + scan.quotedSource() + " SET " + SET + " WHERE " + condition.sql())) {
                        condition.bind(update, 1);
                        changed[0] += update.executeUpdate();
                    }
                }
            });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new double[] {seconds, changed[0] / seconds, changed[0]};
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(run -> run[index]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
