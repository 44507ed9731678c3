package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Column pruning and filter pushdown: the plan names the pruned columns and the pushed filter, and
 * the database applies the filter (the partitions' scans read only the matching rows, as their
 * statistics count them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushdownTest {

    static final String TABLE = "spark_pushdown";

    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    void createTables() {
        for (TestDatabase database : TestDatabase.values()) {
            database.skewedTable(TABLE, 9_000, 1_000);
        }
    }

    private Dataset<Row> table(TestDatabase database) {
        return spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", TABLE)
                .option("partitions", "2")
                .load();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void showsThePrunedColumnsAndThePushedFilterInThePlan(TestDatabase database) {
        Dataset<Row> query = table(database).filter("grp = 3 AND amount > 100").select("id");
        String plan = query.queryExecution().executedPlan().toString();
        assertThat(plan)
                .contains("[columns: id]")
                .contains("[pushed filter: ")
                .contains("(" + database.quote("grp") + " = ?)")
                .contains("(" + database.quote("amount") + " > ?)");
        assertThat(query.queryExecution().optimizedPlan().toString()).doesNotContain("Filter");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theDatabaseReadsOnlyTheRowsThatMatchThePushedFilter(TestDatabase database) {
        Dataset<Row> counted =
                table(database).filter(functions.col("grp").equalTo(3)).agg(functions.count("id"));
        long count = counted.collectAsList().get(0).getLong(0);
        long expected = ((Number) database.query("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 3")
                        .get(0)
                        .get(0))
                .longValue();
        assertThat(count).isEqualTo(expected);
        assertThat(SparkAssertions.metric(counted, ReadMetrics.ROWS))
                .as("rows the partitions' scans read")
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTextEqualityIsPushedAndCheckedAgainBySpark(TestDatabase database) {
        Dataset<Row> query = table(database).filter(functions.col("label").equalTo("ROW 12"));
        String plan = query.queryExecution().executedPlan().toString();
        assertThat(plan).contains("(" + database.quote("label") + " = ?)");
        // MariaDB's default collation is case-insensitive: the database keeps 'row 12', Spark drops it
        assertThat(query.collectAsList()).isEmpty();
        assertThat(table(database)
                        .filter(functions.col("label").equalTo("row 12"))
                        .select("id")
                        .collectAsList())
                .extracting(row -> row.getLong(0))
                .containsExactly(12L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void renderedFiltersGiveTheSameRowsAsSparkAlone(TestDatabase database) {
        List<String> filters = List.of(
                "grp IN (1, 2) OR id < 10",
                "NOT (grp = 4) AND amount <= 50.5",
                "label IS NULL",
                "grp <=> 7",
                "amount BETWEEN 10 AND 20");
        Dataset<Row> table = table(database);
        List<Row> all = table.collectAsList();
        Dataset<Row> inSpark = spark.createDataFrame(all, table.schema());
        for (String filter : filters) {
            long pushed = table.filter(filter).count();
            assertThat(pushed)
                    .as(filter)
                    .isEqualTo(inSpark.filter(filter).count())
                    .isPositive();
        }
    }

    @org.junit.jupiter.api.Test
    void aWhereWithTheJsonbQuestionMarkOperatorKeepsSparksFiltersInSpark() {
        TestDatabase database = TestDatabase.POSTGRESQL;
        database.execute(
                "DROP TABLE IF EXISTS spark_jsonb",
                "CREATE TABLE spark_jsonb (id int8 PRIMARY KEY, grp int4, doc jsonb)",
                "INSERT INTO spark_jsonb SELECT i, i % 4, CASE WHEN i % 3 = 0 THEN '{\"k\": 1}' ELSE '{}' END::jsonb"
                        + " FROM generate_series(1, 600) AS s(i)");
        Dataset<Row> query = spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", "spark_jsonb")
                .option("where", "doc ? 'k'")
                .load()
                .filter(functions.col("grp").equalTo(1));
        assertThat(query.queryExecution().executedPlan().toString()).doesNotContain("[pushed filter: ");
        long expected = ((Number) database.query("SELECT COUNT(*) FROM spark_jsonb WHERE doc ? 'k' AND grp = 1")
                        .get(0)
                        .get(0))
                .longValue();
        assertThat(query.count()).isEqualTo(expected).isPositive();
    }
}
