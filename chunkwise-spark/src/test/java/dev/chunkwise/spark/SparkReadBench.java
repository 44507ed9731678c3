package dev.chunkwise.spark;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Not a test (no timing is asserted anywhere): reads the skewed table (90% dense ids, then a sparse
 * tail a thousand apart) three ways in one run and prints rows/s and ratios against Spark's own
 * {@code spark.read.jdbc} with {@code partitionColumn}: that, the same with chunkwise's
 * {@link ScanPartitions#sparkPredicates}, and {@code format("chunkwise")}. Each way reads every
 * column of every row ({@code count, sum(id), sum(amount), sum(length(label))}); the ways alternate
 * within each round and the median of the rounds is reported. Arguments:
 * {@code postgresql|mariadb rows partitions rounds [chunks]}, where {@code chunks} lists, comma-separated,
 * the options {@code format("chunkwise")} is read with, each a way of its own: {@code default} (no
 * option, the default) or options joined by {@code +}, such as {@code chunkSize=10000+fetchSize=10000}
 * or {@code chunkTime=250ms}. A table {@code spark_bench} that already has {@code rows} rows is read as it is
 * (the table is the test's skewed one, so a count is check enough); otherwise it is created. The
 * command is in BENCHMARKS.md.
 */
public final class SparkReadBench {

    private SparkReadBench() {}

    public static void main(String[] arguments) {
        TestDatabase database = TestDatabase.valueOf(arguments[0].toUpperCase(Locale.ROOT));
        int rows = Integer.parseInt(arguments[1]);
        int partitions = Integer.parseInt(arguments[2]);
        int rounds = Integer.parseInt(arguments[3]);
        String table = "spark_bench";
        int dense = rows / 10 * 9;
        int sparse = rows - dense;
        List<String> chunkOptions = arguments.length > 4 ? List.of(arguments[4].split(",")) : List.of("default");
        if (existingRows(database, table) == rows) {
            System.out.printf("%s: %,d rows already in %s%n", database, rows, table);
        } else {
            long started = System.nanoTime();
            database.skewedTable(table, dense, sparse);
            System.out.printf("%s: %,d rows created in %.1f s%n", database, rows, (System.nanoTime() - started) / 1e9);
        }

        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("chunkwise-spark-bench")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long maxId = dense + (long) sparse * 1000;

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, String> sizes = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            // round 0 warms the JVM up and is not counted
            Dataset<Row> equalWidths = spark.read()
                    .jdbc(
                            database.sparkJdbcUrl(),
                            table,
                            "id",
                            1,
                            maxId + 1,
                            partitions,
                            database.sparkJdbcProperties());
            measure("spark.read.jdbc partitionColumn", equalWidths, round, seconds, sizes);

            Scan<Boolean> scan = Scan.over(database::open).table(table).build(row -> Boolean.TRUE);
            List<String> predicates =
                    ScanPartitions.sparkPredicates(scan.partitions(partitions, PartitionStrategy.AUTO), database.url());
            Dataset<Row> balanced = spark.read()
                    .jdbc(
                            database.sparkJdbcUrl(),
                            table,
                            predicates.toArray(new String[0]),
                            database.sparkJdbcProperties());
            measure("spark.read.jdbc + sparkPredicates", balanced, round, seconds, sizes);

            for (String chunkOption : chunkOptions) {
                DataFrameReader reader = spark.read()
                        .format("chunkwise")
                        .option("url", database.url())
                        .option("table", table)
                        .option("partitions", String.valueOf(partitions));
                if (!chunkOption.equals("default")) {
                    for (String option : chunkOption.split("\\+")) {
                        String[] nameAndValue = option.split("=", 2);
                        reader.option(nameAndValue[0], nameAndValue[1]);
                    }
                }
                measure("format(\"chunkwise\") " + chunkOption, reader.load(), round, seconds, sizes);
            }
        }
        double baseline = median(seconds.get("spark.read.jdbc partitionColumn"));
        System.out.printf(
                "%n%s, %,d rows, %d partitions, local[2], median of %d rounds%n", database, rows, partitions, rounds);
        System.out.println("| way | s | rows/s | vs partitionColumn | rows per partition |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Double>> way : seconds.entrySet()) {
            double median = median(way.getValue());
            System.out.printf(
                    "| %s | %.2f | %,.0f | %.2f | %s |%n",
                    way.getKey(), median, rows / median, baseline / median, sizes.get(way.getKey()));
        }
        spark.stop();
    }

    /** The rows of {@code table}, or -1 if there is no such table. */
    private static long existingRows(TestDatabase database, String table) {
        try {
            return ((Number) database.query("SELECT COUNT(*) FROM " + table)
                            .get(0)
                            .get(0))
                    .longValue();
        } catch (IllegalStateException noTable) {
            return -1;
        }
    }

    private static void measure(
            String way, Dataset<Row> rows, int round, Map<String, List<Double>> seconds, Map<String, String> sizes) {
        long started = System.nanoTime();
        Row result = rows.agg(
                        functions.count(functions.lit(1)),
                        functions.sum(functions.col("id")),
                        functions.sum(functions.col("amount")),
                        functions.sum(functions.length(functions.col("label"))))
                .collectAsList()
                .get(0);
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf("round %d %-36s %.2f s  %s%n", round, way, elapsed, result);
        if (round > 0) {
            seconds.computeIfAbsent(way, name -> new ArrayList<>()).add(elapsed);
        } else {
            sizes.put(way, SparkAssertions.partitionSizes(rows).toString());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
