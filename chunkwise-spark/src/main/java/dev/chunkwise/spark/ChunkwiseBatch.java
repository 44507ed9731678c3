package dev.chunkwise.spark;

import dev.chunkwise.ScanPartition;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * The planned read: on the driver, {@link #planInputPartitions()} builds the chunkwise scan and
 * splits it with {@code scan.partitions(n, strategy)} (n: the {@code partitions} option, else
 * Spark's default parallelism); each {@link ChunkwiseInputPartition} carries only the partition's
 * token, and each task builds the scan again and runs its partition
 * ({@link ChunkwisePartitionReader}). Immutable.
 */
final class ChunkwiseBatch implements Scan, Batch {

    private final ScanDefinition definition;
    private final Predicate[] pushed;

    ChunkwiseBatch(ScanDefinition definition, Predicate[] pushed) {
        this.definition = definition;
        this.pushed = pushed.clone();
    }

    @Override
    public StructType readSchema() {
        return definition.columns().schema();
    }

    @Override
    public String description() {
        SourceOptions options = definition.options();
        StringBuilder text = new StringBuilder("chunkwise ")
                .append(options.table())
                .append(" [columns: ")
                .append(String.join(", ", definition.columns().labels()))
                .append(']');
        if (options.where() != null) {
            text.append(" [where: ").append(options.where()).append(']');
        }
        if (definition.filter() != null) {
            text.append(" [pushed filter: ").append(definition.filter().sql()).append(']');
            text.append(" [pushed predicates: ")
                    .append(Arrays.stream(pushed).map(Predicate::toString).collect(Collectors.joining(", ")))
                    .append(']');
        }
        text.append(" [url: ").append(options.displayUrl()).append(']');
        return options.redact(text.toString());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        SourceOptions options = definition.options();
        int requested = options.partitions() != null
                ? options.partitions()
                : SparkSession.active().sparkContext().defaultParallelism();
        List<String> tokens = definition.build().partitions(requested, options.partitionStrategy()).stream()
                .map(ScanPartition::token)
                .collect(Collectors.toList());
        InputPartition[] partitions = new InputPartition[tokens.size()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new ChunkwiseInputPartition(i, partitions.length, tokens.get(i));
        }
        return partitions;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new ChunkwiseReaderFactory(definition);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ReadMetrics.supported();
    }

    @Override
    public String toString() {
        return description();
    }

    /** The reader factory: serializable, shipped to the executors with the scan's definition. */
    static final class ChunkwiseReaderFactory implements PartitionReaderFactory {
        private static final long serialVersionUID = 1L;

        private final ScanDefinition definition;

        ChunkwiseReaderFactory(ScanDefinition definition) {
            this.definition = definition;
        }

        @Override
        public org.apache.spark.sql.connector.read.PartitionReader<InternalRow> createReader(InputPartition partition) {
            return new ChunkwisePartitionReader(definition, (ChunkwiseInputPartition) partition);
        }

        @Override
        public String toString() {
            return "ChunkwiseReaderFactory[" + definition.options() + "]";
        }
    }
}
