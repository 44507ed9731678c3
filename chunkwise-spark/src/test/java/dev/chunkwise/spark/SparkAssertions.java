package dev.chunkwise.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** What the tests read back from Spark: checksums, rows per partition, the scan node's metrics. */
final class SparkAssertions {

    private SparkAssertions() {}

    /** Count, distinct ids, sum of ids, sum of amounts, as text so that the database's numbers compare. */
    static List<String> checksum(Dataset<Row> rows) {
        Row result = rows.agg(
                        functions.count(functions.lit(1)),
                        functions.countDistinct(functions.col("id")),
                        functions.sum(functions.col("id")),
                        functions.sum(functions.col("amount")))
                .collectAsList()
                .get(0);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            values.add(new java.math.BigDecimal(result.get(i).toString())
                    .stripTrailingZeros()
                    .toPlainString());
        }
        return values;
    }

    /** The rows of each partition of {@code rows}, in partition order. */
    static List<Long> partitionSizes(Dataset<Row> rows) {
        FlatMapFunction<java.util.Iterator<Row>, Long> count = partition -> {
            long n = 0;
            while (partition.hasNext()) {
                partition.next();
                n++;
            }
            return List.of(n).iterator();
        };
        return new ArrayList<>(rows.javaRDD().mapPartitions(count).collect());
    }

    static double imbalance(List<Long> sizes) {
        long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = sizes.stream().mapToLong(Long::longValue).min().orElseThrow();
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }

    /** The value of the chunkwise scan node's metric {@code name} in the plan that ran {@code executed}. */
    static long metric(Dataset<?> executed, String name) {
        SparkPlan plan = executed.queryExecution().executedPlan();
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
            Option<SQLMetric> metric = leaf.metrics().get(name);
            if (metric.isDefined()) {
                return metric.get().value();
            }
        }
        throw new AssertionError("no metric " + name + " in " + plan);
    }
}
