package dev.chunkwise.spark;

import dev.chunkwise.QueryLog;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition in a task: builds the scan again (the core retries its catalog read),
 * restores its partition from the token and streams its rows, one chunk statement at a time, in
 * the memory of one driver fetch. A lost connection or another transient failure is retried by the
 * scan itself, on a fresh connection, from the last row delivered: the task sees neither a lost
 * nor a repeated row, and does not fail. Used by one task thread; closing it releases the
 * statement and the connection, and logs (INFO, no bind values) what the partition's scan did.
 */
final class ChunkwisePartitionReader implements PartitionReader<InternalRow> {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkwisePartitionReader.class);

    private final ScanDefinition definition;
    private final ChunkwiseInputPartition partition;
    private ScanIterator<InternalRow> rows;
    private InternalRow current;
    private ScanStatistics statistics;

    ChunkwisePartitionReader(ScanDefinition definition, ChunkwiseInputPartition partition) {
        this.definition = definition;
        this.partition = partition;
    }

    @Override
    public boolean next() {
        if (rows == null) {
            Scan<InternalRow> scan = definition.build();
            rows = scan.partition(partition.token()).scan().iterator();
        }
        if (!rows.hasNext()) {
            statistics = rows.statistics();
            current = null;
            return false;
        }
        current = rows.next();
        return true;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ReadMetrics.of(rows == null ? statistics : rows.statistics());
    }

    @Override
    public void close() {
        if (rows != null) {
            statistics = rows.statistics();
            rows.close();
            if (LOG.isInfoEnabled()) {
                List<QueryLog.Entry> latest = statistics.queryLog().latest();
                LOG.info(
                        "{}: {} rows in {} chunks, {} statements, {} retries{}",
                        this,
                        statistics.rows(),
                        statistics.chunks(),
                        statistics.queryLog().statements(),
                        statistics.retries(),
                        latest.isEmpty()
                                ? ""
                                : "; last statement: "
                                        + latest.get(latest.size() - 1).sql());
            }
        }
    }

    @Override
    public String toString() {
        return "ChunkwisePartitionReader[" + definition.options().table() + ", partition " + (partition.index() + 1)
                + " of " + partition.count() + "]";
    }
}
