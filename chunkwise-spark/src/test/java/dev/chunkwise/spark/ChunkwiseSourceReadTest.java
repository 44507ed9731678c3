package dev.chunkwise.spark;

import static dev.chunkwise.spark.SparkAssertions.checksum;
import static dev.chunkwise.spark.SparkAssertions.imbalance;
import static dev.chunkwise.spark.SparkAssertions.partitionSizes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads a skewed table (dense ids, then a sparse tail) with format("chunkwise") and compares what
 * Spark sees with what the database counts, on PostgreSQL and MariaDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkwiseSourceReadTest {

    static final String TABLE = "spark_skew";
    static final int DENSE = 27_000;
    static final int SPARSE = 3_000;

    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    void createTables() {
        for (TestDatabase database : TestDatabase.values()) {
            database.skewedTable(TABLE, DENSE, SPARSE);
        }
    }

    static List<String> databaseChecksum(TestDatabase database) {
        List<Object> row = database.query("SELECT COUNT(*), COUNT(DISTINCT id), SUM(id), SUM(amount) FROM " + TABLE)
                .get(0);
        List<String> values = new ArrayList<>();
        row.forEach(value -> values.add(
                new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString()));
        return values;
    }

    Dataset<Row> chunkwise(TestDatabase database, int partitions) {
        return spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", TABLE)
                .option("partitions", String.valueOf(partitions))
                .load();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void readsEveryRowOnceWithTheTablesCountDistinctCountAndSums(TestDatabase database) {
        assertThat(checksum(chunkwise(database, 4))).isEqualTo(databaseChecksum(database));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void balancesTheSkewedTableWhereSparksPartitionColumnDoesNot(TestDatabase database) {
        List<Long> sizes = partitionSizes(chunkwise(database, 4));
        assertThat(sizes).hasSize(4);
        assertThat(imbalance(sizes)).as("rows per partition %s", sizes).isLessThanOrEqualTo(1.25);

        long maxId = DENSE + (long) SPARSE * 1000;
        Dataset<Row> equalWidths = spark.read()
                .jdbc(database.sparkJdbcUrl(), TABLE, "id", 1, maxId + 1, 4, database.sparkJdbcProperties());
        List<Long> jdbcSizes = partitionSizes(equalWidths);
        assertThat(imbalance(jdbcSizes))
                .as("Spark's equal-width ranges %s", jdbcSizes)
                .isGreaterThan(10);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void readsTheSameRowsWithEveryPartitionStrategy(TestDatabase database) {
        for (String strategy : List.of("index-walk", "sample", "statistics")) {
            Dataset<Row> rows = spark.read()
                    .format("chunkwise")
                    .option("url", database.url())
                    .option("table", TABLE)
                    .option("partitions", "3")
                    .option("partitionStrategy", strategy)
                    .option("chunkSize", "700")
                    .load();
            assertThat(checksum(rows)).as(strategy).isEqualTo(databaseChecksum(database));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sparkSqlReachesTheSourceByItsShortName(TestDatabase database) {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW skew_" + database.name().toLowerCase()
                + " USING chunkwise OPTIONS (url '" + database.url() + "', table '" + TABLE + "', partitions '2')");
        Row counted = spark.sql(
                        "SELECT COUNT(*), SUM(id) FROM skew_" + database.name().toLowerCase())
                .collectAsList()
                .get(0);
        List<String> expected = databaseChecksum(database);
        assertThat(List.of(counted.get(0).toString(), counted.get(1).toString()))
                .isEqualTo(List.of(expected.get(0), expected.get(2)));
    }
}
