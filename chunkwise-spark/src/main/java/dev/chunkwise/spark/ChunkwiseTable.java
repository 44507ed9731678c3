package dev.chunkwise.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A table as the chunkwise source reads it: its columns planned once, read in batches. Immutable. */
final class ChunkwiseTable implements SupportsRead {

    private final SourceOptions options;
    private final SparkColumns columns;
    private final String quote;

    ChunkwiseTable(SourceOptions options, SparkColumns columns, String quote) {
        this.options = options;
        this.columns = columns;
        this.quote = quote;
    }

    @Override
    public String name() {
        return options.table();
    }

    @Override
    public StructType schema() {
        return columns.schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new ChunkwiseScanBuilder(options, columns, quote);
    }

    @Override
    public String toString() {
        return "ChunkwiseTable[" + options + "]";
    }
}
