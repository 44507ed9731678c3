package dev.chunkwise.spark;

import dev.chunkwise.ScanStatistics;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * What the partitions' scans did, summed over the tasks and shown with the scan node in Spark's
 * SQL metrics: the rows read from the database (after the pushed filter), the chunk statements and
 * the retries after transient failures.
 */
final class ReadMetrics {

    static final String ROWS = "chunkwiseRows";
    static final String CHUNKS = "chunkwiseChunks";
    static final String STATEMENTS = "chunkwiseStatements";
    static final String RETRIES = "chunkwiseRetries";

    private ReadMetrics() {}

    static CustomMetric[] supported() {
        return new CustomMetric[] {
            new Sum(ROWS, "rows read from the database"),
            new Sum(CHUNKS, "chunks read"),
            new Sum(STATEMENTS, "statements run"),
            new Sum(RETRIES, "retries after transient failures")
        };
    }

    static CustomTaskMetric[] of(ScanStatistics statistics) {
        if (statistics == null) {
            return new CustomTaskMetric[] {task(ROWS, 0), task(CHUNKS, 0), task(STATEMENTS, 0), task(RETRIES, 0)};
        }
        return new CustomTaskMetric[] {
            task(ROWS, statistics.rows()),
            task(CHUNKS, statistics.chunks()),
            task(STATEMENTS, statistics.queryLog().statements()),
            task(RETRIES, statistics.retries())
        };
    }

    private static CustomTaskMetric task(String name, long value) {
        return new CustomTaskMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long value() {
                return value;
            }
        };
    }

    /** A metric summed over the tasks; public with a no-argument constructor, as Spark makes it again by name. */
    public static class Sum extends CustomSumMetric {
        private final String name;
        private final String description;

        public Sum() {
            this(ROWS, "rows read from the database");
        }

        Sum(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }
    }
}
