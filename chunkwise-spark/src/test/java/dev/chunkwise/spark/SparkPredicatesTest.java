package dev.chunkwise.spark;

import static dev.chunkwise.spark.SparkAssertions.checksum;
import static dev.chunkwise.spark.SparkAssertions.imbalance;
import static dev.chunkwise.spark.SparkAssertions.partitionSizes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ScanPartitions#sparkPredicates} given to Spark's own {@code spark.read.jdbc}, on PostgreSQL and MariaDB. */
class SparkPredicatesTest {

    private final SparkSession spark = SharedSpark.session();

    private static Scan<Boolean> scan(TestDatabase database, String table, String orderBy) {
        Scan.Builder builder = Scan.over(database::open).table(table);
        if (orderBy != null) {
            builder.orderBy(orderBy);
        }
        return builder.build(row -> Boolean.TRUE);
    }

    private Dataset<Row> jdbc(TestDatabase database, String table, List<String> predicates) {
        return spark.read()
                .jdbc(
                        database.sparkJdbcUrl(),
                        table,
                        predicates.toArray(new String[0]),
                        database.sparkJdbcProperties());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void balancedPredicatesReadTheSkewedTableExactly(TestDatabase database) {
        String table = "spark_predicates";
        database.skewedTable(table, 27_000, 3_000);
        List<String> predicates = ScanPartitions.sparkPredicates(
                scan(database, table, null).partitions(4, PartitionStrategy.INDEX_WALK), database.url());
        assertThat(predicates).hasSize(4);

        Dataset<Row> rows = jdbc(database, table, predicates);
        List<Object> expected = database.query(
                        "SELECT COUNT(*), COUNT(DISTINCT id), SUM(id), SUM(amount) FROM " + table)
                .get(0);
        List<String> expectedText = expected.stream()
                .map(value -> new java.math.BigDecimal(value.toString())
                        .stripTrailingZeros()
                        .toPlainString())
                .toList();
        assertThat(checksum(rows)).isEqualTo(expectedText);
        List<Long> sizes = partitionSizes(rows);
        assertThat(imbalance(sizes)).as("rows per predicate %s", sizes).isLessThanOrEqualTo(1.25);
    }

    private static final String HOSTILE = "spark_hostile";

    private static final int HOSTILE_ROWS = 1200;

    /**
     * Creates a table whose key {@code k} holds quotes, backslashes, comment markers, {@code ?},
     * dollar quotes, non-ASCII text and NULLs, and returns six predicates cut in its order.
     */
    private static List<String> hostilePredicates(TestDatabase database) throws SQLException {
        database.execute(
                "DROP TABLE IF EXISTS " + HOSTILE,
                "CREATE TABLE " + HOSTILE + " (id BIGINT PRIMARY KEY, k VARCHAR(60) NULL)");
        List<String> hostile = List.of(
                "'); DROP TABLE " + HOSTILE + "; --",
                "back\\slash\\",
                "it's",
                "\\'",
                "\\\\''",
                "\" OR 1=1 --",
                "$$ ? $$",
                "ünïcødé ✓",
                "");
        try (Connection connection = database.open();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HOSTILE + " VALUES (?, ?)")) {
            for (int i = 1; i <= HOSTILE_ROWS; i++) {
                insert.setLong(1, i);
                if (i % 9 == 0) {
                    insert.setNull(2, java.sql.Types.VARCHAR);
                } else {
                    insert.setString(2, hostile.get(i % hostile.size()) + (i % 5));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<String> predicates = ScanPartitions.sparkPredicates(
                scan(database, HOSTILE, "k nulls first").partitions(6, PartitionStrategy.INDEX_WALK), database.url());
        assertThat(predicates).hasSize(6);
        assertThat(String.join("\n", predicates)).contains("IS NULL");
        return predicates;
    }

    /** Count and distinct ids that Spark reads with these predicates, each session set up by {@code sessionInit}. */
    private List<Long> countWith(TestDatabase database, List<String> predicates, String sessionInit) {
        java.util.Properties properties = database.sparkJdbcProperties();
        if (sessionInit != null) {
            properties.setProperty("sessionInitStatement", sessionInit);
        }
        Row counted = spark.read()
                .jdbc(database.sparkJdbcUrl(), HOSTILE, predicates.toArray(new String[0]), properties)
                .agg(functions.count(functions.lit(1)), functions.countDistinct(functions.col("id")))
                .collectAsList()
                .get(0);
        return List.of(counted.getLong(0), counted.getLong(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void valuesWithQuotesBackslashesAndNullsAreWrittenAsLiteralsThatCoverEveryRowOnce(TestDatabase database)
            throws SQLException {
        List<String> predicates = hostilePredicates(database);
        assertThat(countWith(database, predicates, null)).containsExactly((long) HOSTILE_ROWS, (long) HOSTILE_ROWS);
        assertThat(database.query("SELECT COUNT(*) FROM " + HOSTILE)
                        .get(0)
                        .get(0)
                        .toString())
                .isEqualTo(String.valueOf(HOSTILE_ROWS));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theLiteralsMeanTheSameWhateverTheSessionsQuotingSettings(TestDatabase database) throws SQLException {
        List<String> predicates = hostilePredicates(database);
        // the default settings are read in the test above; two sessions each keep the suite short
        List<String> settings = database == TestDatabase.POSTGRESQL
                ? List.of(
                        "SET standard_conforming_strings = off; SET backslash_quote = off",
                        "SET standard_conforming_strings = on; SET backslash_quote = off")
                : List.of(
                        "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES,NO_BACKSLASH_ESCAPES')",
                        "SET NAMES latin1");
        for (String setting : settings) {
            assertThat(countWith(database, predicates, setting)).as(setting).containsExactly((long) HOSTILE_ROWS, (long)
                    HOSTILE_ROWS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFilterWithParametersHasItsValuesWrittenAsLiterals(TestDatabase database) {
        String table = "spark_predicates_filtered";
        database.skewedTable(table, 2_000, 100);
        Scan<Boolean> scan = Scan.over(database::open)
                .table(table)
                .where("label <> ? AND grp >= ?", "row 7'; --", 3)
                .build(row -> Boolean.TRUE);
        List<String> predicates = ScanPartitions.sparkPredicates(scan.partitions(3), database.url());
        long expected = ((Number)
                        database.query("SELECT COUNT(*) FROM " + table + " WHERE label <> 'row 7'';' AND grp >= 3")
                                .get(0)
                                .get(0))
                .longValue();
        assertThat(jdbc(database, table, predicates).count()).isEqualTo(expected);
    }
}
