package dev.chunkwise.spark;

import dev.chunkwise.Scan;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The Spark source {@code spark.read.format("chunkwise")}: a table read in balanced partitions,
 * one bounded chunkwise scan per partition, each retrying a lost connection from its own position
 * inside the task.
 *
 * <pre>{@code
 * spark.read().format("chunkwise")
 *     .option("url", "jdbc:postgresql://db/shop").option("user", "reader").option("password", secret)
 *     .option("table", "orders").option("partitions", "16")
 *     .load()
 * }</pre>
 *
 * <p>The schema comes from the catalog ({@link SparkColumns} tells the mapping and what is refused),
 * read once on the driver. Registered by its short name through {@code META-INF/services}, so
 * PySpark and Spark SQL ({@code CREATE TEMPORARY VIEW t USING chunkwise OPTIONS (...)}) reach it
 * too. Spark creates an instance per use; it holds no state.
 */
public final class ChunkwiseSource implements TableProvider, DataSourceRegister {

    /** The short name: {@code format("chunkwise")}. */
    public static final String SHORT_NAME = "chunkwise";

    public ChunkwiseSource() {}

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return table(SourceOptions.of(options.asCaseSensitiveMap())).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        SourceOptions options = SourceOptions.of(properties);
        ChunkwiseTable table = table(options);
        if (schema != null && !schema.equals(table.schema())) {
            throw new IllegalArgumentException("format(\"chunkwise\") reads the schema from the catalog and takes none"
                    + " from schema(...): the table has " + table.schema().simpleString());
        }
        return table;
    }

    @Override
    public boolean supportsExternalMetadata() {
        return false;
    }

    private static ChunkwiseTable table(SourceOptions options) {
        Scan<Boolean> all = ScanDefinition.describe(options);
        SparkColumns columns = SparkColumns.of(all.columns(), options.isPostgreSql());
        // the scan names its table quoted by the database's own identifier quote: " or `
        String quote = all.quotedSource().substring(0, 1);
        return new ChunkwiseTable(options, columns, quote);
    }
}
