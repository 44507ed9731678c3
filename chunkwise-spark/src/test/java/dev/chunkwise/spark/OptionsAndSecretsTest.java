package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Bad options are refused naming the option, and the password never shows: not in plans, explain
 * output, messages or {@code toString()}s. PostgreSQL's test server trusts local connections, so any
 * password is accepted there.
 */
class OptionsAndSecretsTest {

    static final String PASSWORD = "pw-S3cret-8842";

    private final SparkSession spark = SharedSpark.session();

    private DataFrameReader reader() {
        return spark.read()
                .format("chunkwise")
                .option("url", TestDatabase.POSTGRESQL.url())
                .option("password", PASSWORD)
                .option("table", "spark_secret");
    }

    @Test
    void thePasswordShowsInNoPlanExplainOutputOrToString() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_secret", "CREATE TABLE spark_secret (id BIGINT PRIMARY KEY)");
        Dataset<Row> rows = reader().load().filter("id > 3");
        String everything = rows.queryExecution().toString()
                + rows.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$)
                + rows.queryExecution().executedPlan().toString()
                + rows.queryExecution().logical().toString();
        assertThat(everything).contains("spark_secret").doesNotContain(PASSWORD);
        assertThat(rows.count()).isZero();
    }

    @Test
    void thePasswordIsNotInTheOptionsToStringNorInARefusal() {
        SourceOptions options = SourceOptions.of(Map.of(
                "url",
                "jdbc:postgresql://127.0.0.1:5432/test?password=" + PASSWORD,
                "password",
                PASSWORD,
                "table",
                "t"));
        assertThat(options.toString()).doesNotContain(PASSWORD).contains("password=***");
        assertThatThrownBy(() -> reader().option("table", "no_such_table").load())
                .hasMessageContaining("no_such_table")
                .satisfies(failure -> assertThat(failure.toString()).doesNotContain(PASSWORD));
        String wrongPort = "jdbc:postgresql://127.0.0.1:1/test?password=" + PASSWORD;
        assertThatThrownBy(() -> reader().option("url", wrongPort).load())
                .satisfies(failure -> assertThat(failure.toString()).doesNotContain(PASSWORD));
    }

    @Test
    void thePasswordIsOnlyInTheSerializedReaderFactoryNotInThePartitions() throws Exception {
        ChunkwiseInputPartition partition = new ChunkwiseInputPartition(0, 1, "cwp1.token");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(partition);
        }
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
        assertThat(partition.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void refusesAMissingTable() {
        assertThatThrownBy(() -> spark.read()
                        .format("chunkwise")
                        .option("url", TestDatabase.POSTGRESQL.url())
                        .load())
                .hasMessageContaining("option 'table' is required");
    }

    @Test
    void refusesAnUnknownOptionNamingIt() {
        assertThatThrownBy(() -> reader().option("chunk_size", "10").load())
                .hasMessageContaining("unknown option 'chunk_size'")
                .hasMessageContaining("chunkSize");
    }

    @Test
    void refusesPartitionsBelowOne() {
        assertThatThrownBy(() -> reader().option("partitions", "0").load())
                .hasMessageContaining("option 'partitions' must be at least 1");
    }

    @Test
    void refusesAChunkSizeThatIsNotANumber() {
        assertThatThrownBy(() -> reader().option("chunkSize", "many").load())
                .hasMessageContaining("option 'chunkSize' must be a whole number");
    }

    @Test
    void refusesAChunkTimeThatIsNotADuration() {
        assertThatThrownBy(() -> reader().option("chunkTime", "soon").load())
                .hasMessageContaining("option 'chunkTime' is not a duration");
    }

    @Test
    void refusesAnUnknownPartitionStrategy() {
        assertThatThrownBy(() -> reader().option("partitionStrategy", "random").load())
                .hasMessageContaining("option 'partitionStrategy' must be one of auto, index-walk, sample, statistics");
    }

    @Test
    void refusesAUrlThatIsNotJdbc() {
        assertThatThrownBy(() ->
                        reader().option("url", "postgresql://127.0.0.1/test").load())
                .hasMessageContaining("option 'url' must be a JDBC URL");
    }
}
