package dev.chunkwise.spark;

import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanColumn;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;

/**
 * What the driver planned and every task builds again: the options, the columns Spark needs and
 * the filter pushed to the database. {@link #build()} makes the chunkwise {@link Scan} (it reads
 * the catalog, on a connection it opens and closes) under the retry policy, so that a connection
 * lost while a task builds its scan is retried as a lost chunk is.
 *
 * <p>Immutable and serializable: the reader factory carries it to the executors.
 *
 * @param options the source's options
 * @param columns the plans of the columns Spark reads, in order (empty: none, as for {@code count()})
 * @param filter the pushed filter, or null
 */
record ScanDefinition(SourceOptions options, SparkColumns columns, PushedFilter filter) implements Serializable {

    /**
     * Builds the scan, checking that the database describes the columns as they were planned. The
     * core reads the catalog under the scan's retry policy, so a connection lost at that moment
     * is retried there.
     */
    Scan<InternalRow> build() {
        Scan<InternalRow> scan = builder().build(mapper());
        check(scan.columns());
        return scan;
    }

    /** Builds the scan of every column, to plan them ({@link SparkColumns#of}). */
    static Scan<Boolean> describe(SourceOptions options) {
        return new ScanDefinition(options, null, null).builder().build(row -> Boolean.TRUE);
    }

    private Scan.Builder builder() {
        Scan.Builder builder = Scan.over(options::open).table(options.table()).retry(options.retryPolicy());
        if (columns != null) {
            if (columns.columns().isEmpty()) {
                builder.keyColumnsOnly();
            } else {
                builder.columns(columns.labels().toArray(new String[0]));
            }
        }
        String where = options.where();
        if (filter != null) {
            String pushed = "(" + filter.sql() + ")";
            builder.where(
                    where == null ? pushed : "(" + where + ") AND " + pushed,
                    filter.parameters().toArray());
        } else if (where != null) {
            builder.where(where);
        }
        if (options.orderBy() != null) {
            builder.orderBy(options.orderBy());
        }
        if (!options.key().isEmpty()) {
            builder.key(options.key().toArray(new String[0]));
        }
        if (options.chunkSize() != null) {
            builder.chunkSize(options.chunkSize());
        }
        if (options.chunkTime() != null) {
            builder.chunkTime(options.chunkTime(), SourceOptions.MIN_ADAPTIVE, SourceOptions.MAX_ADAPTIVE);
        } else if (options.chunkSize() == null) {
            builder.chunkTime(
                    SourceOptions.DEFAULT_CHUNK_TIME, SourceOptions.DEFAULT_MIN_CHUNK, SourceOptions.MAX_ADAPTIVE);
        }
        if (options.fetchSize() != null) {
            builder.fetchSize(options.fetchSize());
        }
        return builder;
    }

    /**
     * Reads each row into one mutable row, reused from row to row (as Spark's own JDBC source does:
     * Spark copies a row it keeps, and a partition reader's row is valid until its next call).
     */
    private RowMapper<InternalRow> mapper() {
        SparkColumns.Column[] plans = columns.columns().toArray(new SparkColumns.Column[0]);
        InternalRow target = new SpecificInternalRow(columns.schema());
        return row -> {
            for (int i = 0; i < plans.length; i++) {
                SparkColumns.read(row, i + 1, plans[i], target, i);
            }
            return target;
        };
    }

    private void check(List<ScanColumn> described) {
        if (columns.columns().isEmpty()) {
            return;
        }
        SparkColumns now = SparkColumns.of(
                described.subList(
                        0, Math.min(described.size(), columns.columns().size())),
                options.isPostgreSql());
        if (!now.columns().equals(columns.columns())) {
            List<String> was = new ArrayList<>();
            columns.columns().forEach(column -> was.add(column.label() + " " + column.typeName()));
            List<String> is = new ArrayList<>();
            now.columns().forEach(column -> is.add(column.label() + " " + column.typeName()));
            throw new IllegalStateException("the columns of " + options.table()
                    + " changed since the query was planned: " + was + " then, " + is + " now; run the query again");
        }
    }
}
