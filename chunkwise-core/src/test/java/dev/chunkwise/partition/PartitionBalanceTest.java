package dev.chunkwise.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.SqlCondition;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G9 balance on a skewed table of 100,000 rows, where equal-width ranges fail: ids 1..90,000 dense
 * and then 10,000 ids a thousand apart, and a column {@code g} that is 0 in 70% of the rows. With
 * 8 partitions, the largest holds at most 1.25 times the rows of the smallest, for the index walk
 * and the sample (which is an index walk where the database has no sample), ordered by id and by
 * {@code g, id}. Rows per partition are counted by the database over each partition's condition.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class PartitionBalanceTest {

    private static final String TABLE = "part_skewed";
    private static final int ROWS = 100_000;
    private static final int DENSE = 90_000;
    private static final int PARTITIONS = 8;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.execute(
                "CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, g " + database.integer()
                        + " NOT NULL)",
                "CREATE INDEX " + TABLE + "_g_id ON " + TABLE + " (g, id)",
                "INSERT INTO " + TABLE + " (id, g) SELECT CASE WHEN x <= " + DENSE + " THEN x ELSE " + DENSE
                        + " + (x - " + DENSE + ") * 1000 END, CASE WHEN x % 10 < 7 THEN 0 ELSE x % 1000 + 1 END FROM "
                        + series(database, ROWS));
        analyse(database, TABLE);
    }

    /**
     * Fills the table's statistics: PostgreSQL's {@code pg_stats}, MariaDB's value histograms
     * ({@code mysql.column_stats}, JSON_HB, none for a single-column unique key); nothing elsewhere.
     */
    private static void analyse(TestDatabase database, String table) {
        if (database == TestDatabase.POSTGRESQL) {
            database.execute("ANALYZE " + table);
        } else if (database.isMariaDb()) {
            database.execute(
                    "SET SESSION histogram_type = 'JSON_HB'", "ANALYZE TABLE " + table + " PERSISTENT FOR ALL");
        }
    }

    /** Whether the database keeps a histogram of every value of a non-unique column (MariaDB's JSON_HB). */
    private boolean histogramOfEveryValue() {
        return database.isMariaDb();
    }

    /** A subquery of one column {@code x}: 1 to {@code rows}. */
    private static String series(TestDatabase database, int rows) {
        switch (database) {
            case POSTGRESQL:
                return "generate_series(1, " + rows + ") AS s(x)";
            case MARIADB:
            case MYSQL_DRIVER:
                return "(SELECT seq AS x FROM seq_1_to_" + rows + ") AS s";
            case H2:
                return "(SELECT X AS x FROM SYSTEM_RANGE(1, " + rows + ")) AS s";
            default:
                return "(WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < " + rows
                        + ") SELECT x FROM r) AS s";
        }
    }

    private Scan<Long> scan(String order) {
        return Scan.over(database.dataSource()).table(TABLE).orderBy(order).build(row -> row.getLong("id"));
    }

    private List<Long> rowsPerPartition(List<ScanPartition<Long>> partitions) {
        return partitions.stream()
                .map(partition -> {
                    SqlCondition condition = partition.scan().condition();
                    return ((Number) database.column(
                                            "SELECT COUNT(*) FROM " + TABLE + " WHERE " + condition.sql(),
                                            condition.parameters().toArray())
                                    .get(0))
                            .longValue();
                })
                .collect(Collectors.toList());
    }

    private void assertBalanced(String order, PartitionStrategy strategy) {
        List<ScanPartition<Long>> partitions = scan(order).partitions(PARTITIONS, strategy);
        List<Long> rows = rowsPerPartition(partitions);
        assertThat(partitions).hasSize(PARTITIONS);
        assertThat(rows.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        long largest = rows.stream().mapToLong(Long::longValue).max().orElseThrow();
        long smallest = rows.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat((double) largest / smallest)
                .as("%s by %s over %s: rows per partition %s", database, strategy, order, rows)
                .isLessThanOrEqualTo(1.25);
        PartitionStrategy expected = strategy == PartitionStrategy.SAMPLE && database == TestDatabase.POSTGRESQL
                ? PartitionStrategy.SAMPLE
                : PartitionStrategy.INDEX_WALK;
        assertThat(partitions).allMatch(partition -> partition.strategy() == expected);
    }

    @Test
    void anIndexWalkSplitsDenseIdsWithASparseTailEvenly() {
        assertBalanced("id", PartitionStrategy.INDEX_WALK);
    }

    @Test
    void aSampleSplitsDenseIdsWithASparseTailEvenly() {
        assertBalanced("id", PartitionStrategy.SAMPLE);
    }

    @Test
    void anIndexWalkSplitsALeadingColumnThatIsSeventyPercentOneValueEvenly() {
        assertBalanced("g, id", PartitionStrategy.INDEX_WALK);
    }

    @Test
    void aSampleSplitsALeadingColumnThatIsSeventyPercentOneValueEvenly() {
        assertBalanced("g, id", PartitionStrategy.SAMPLE);
    }

    @Test
    void aSampleStaysEvenUnderAFilterWhoseRowsThePlannerOverestimates() {
        String text = database.isMariaDb() ? "CHAR" : database == TestDatabase.SQLITE ? "TEXT" : "VARCHAR(20)";
        // a planner guesses 99.5% for "<> constant" over an expression; 19,990 rows match (ids of other lengths than 5)
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .where("LENGTH(CAST(id AS " + text + ")) <> 5")
                .orderBy("id")
                .build(row -> row.getLong("id"));
        List<ScanPartition<Long>> partitions = scan.partitions(PARTITIONS, PartitionStrategy.SAMPLE);
        List<Long> rows = rowsPerPartition(partitions);
        assertThat(rows.stream().mapToLong(Long::longValue).sum()).isEqualTo(19_990);
        assertThat(partitions).hasSize(PARTITIONS);
        long largest = rows.stream().mapToLong(Long::longValue).max().orElseThrow();
        long smallest = rows.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat((double) largest / smallest)
                .as("%s: rows per partition %s", database, rows)
                .isLessThanOrEqualTo(1.25);
    }

    @Test
    void statisticsSplitANonUniqueLeadingColumnEvenlyWhereItsHistogramHoldsEveryValue() {
        String grouped = "part_grouped";
        database.drop(grouped);
        // a of 1,000 values, the first 50 about ten times as frequent as the others; a composite key (a, id)
        database.execute(
                "CREATE TABLE " + grouped + " (a " + database.integer() + " NOT NULL, id " + database.bigint()
                        + " NOT NULL, PRIMARY KEY (a, id))",
                "INSERT INTO " + grouped + " (a, id) SELECT CASE WHEN x % 10 < 3 THEN x % 50 ELSE x % 1000 END, x FROM "
                        + series(database, ROWS));
        analyse(database, grouped);
        Scan<Long> scan =
                Scan.over(database.dataSource()).table(grouped).orderBy("a, id").build(row -> row.getLong("id"));

        List<ScanPartition<Long>> partitions = scan.partitions(PARTITIONS, PartitionStrategy.STATISTICS);

        List<Long> rows = partitions.stream()
                .map(partition -> {
                    SqlCondition condition = partition.scan().condition();
                    return ((Number) database.column(
                                            "SELECT COUNT(*) FROM " + grouped + " WHERE " + condition.sql(),
                                            condition.parameters().toArray())
                                    .get(0))
                            .longValue();
                })
                .collect(Collectors.toList());
        assertThat(rows.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        PartitionStrategy expected = database == TestDatabase.POSTGRESQL || histogramOfEveryValue()
                ? PartitionStrategy.STATISTICS
                : PartitionStrategy.INDEX_WALK; // no histogram and no sample: the fallback's fallback
        assertThat(partitions).allMatch(partition -> partition.strategy() == expected);
        if (histogramOfEveryValue()) {
            assertThat(partitions).hasSize(PARTITIONS);
            long largest = rows.stream().mapToLong(Long::longValue).max().orElseThrow();
            long smallest = rows.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat((double) largest / smallest)
                    .as("%s, statistics over (a, id): rows per partition %s", database, rows)
                    .isLessThanOrEqualTo(1.25);
        }
        database.drop(grouped);
    }

    @Test
    void staleHistogramsOfANonUniqueLeadingColumnStillCoverEveryRowOnce() {
        String stale = "part_stale_grouped";
        database.drop(stale);
        database.execute(
                "CREATE TABLE " + stale + " (a " + database.integer() + " NOT NULL, id " + database.bigint()
                        + " NOT NULL, PRIMARY KEY (a, id))",
                "INSERT INTO " + stale + " (a, id) SELECT x % 100, x FROM " + series(database, 20_000));
        analyse(database, stale);
        // after the statistics: a block of new values past the old ones, and a hole among them
        database.execute(
                "INSERT INTO " + stale + " (a, id) SELECT 500 + x % 7, x FROM " + series(database, 30_000),
                "DELETE FROM " + stale + " WHERE a BETWEEN 20 AND 60");
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(stale)
                .orderBy("a, id")
                .chunkSize(5000)
                .build(row -> row.getLong("id"));
        List<Long> expected = new java.util.ArrayList<>();
        scan.forEach(expected::add);

        List<ScanPartition<Long>> partitions = scan.partitions(PARTITIONS, PartitionStrategy.STATISTICS);

        List<Long> concatenated = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        for (ScanPartition<Long> partition : partitions) {
            int before = concatenated.size();
            partition.scan().forEach(concatenated::add);
            sizes.add(concatenated.size() - before);
        }
        assertThat(concatenated).isEqualTo(expected);
        // PostgreSQL keeps these 100 values as its most common ones and no histogram: it samples instead
        if (histogramOfEveryValue()) {
            assertThat(partitions.get(0).strategy()).isEqualTo(PartitionStrategy.STATISTICS);
            assertThat(sizes.get(sizes.size() - 1))
                    .as(
                            "the histogram knows nothing of the values added since: the last partition holds them, %s",
                            sizes)
                    .isGreaterThanOrEqualTo(30_000);
        }
        database.drop(stale);
    }

    @Test
    void staleStatisticsGiveUnevenPartitionsThatStillCoverEveryRowOnce() {
        String stale = "part_stale";
        database.drop(stale);
        database.execute(
                "CREATE TABLE " + stale + " (id " + database.bigint() + " NOT NULL PRIMARY KEY)",
                "INSERT INTO " + stale + " (id) SELECT x FROM " + series(database, 20_000));
        if (database == TestDatabase.POSTGRESQL) {
            database.execute("ALTER TABLE " + stale + " SET (autovacuum_enabled = false)", "ANALYZE " + stale);
        }
        database.execute(
                "INSERT INTO " + stale + " (id) SELECT x + 1000000 FROM " + series(database, 30_000),
                "DELETE FROM " + stale + " WHERE id BETWEEN 5000 AND 12000");
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(stale)
                .orderBy("id")
                .chunkSize(5000)
                .build(row -> row.getLong("id"));
        List<Long> expected = new java.util.ArrayList<>();
        scan.forEach(expected::add);

        List<ScanPartition<Long>> partitions = scan.partitions(PARTITIONS, PartitionStrategy.STATISTICS);

        List<Long> concatenated = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        for (ScanPartition<Long> partition : partitions) {
            int before = concatenated.size();
            partition.scan().forEach(concatenated::add);
            sizes.add(concatenated.size() - before);
        }
        assertThat(concatenated).isEqualTo(expected);
        if (database == TestDatabase.POSTGRESQL) {
            assertThat(partitions.get(0).strategy()).isEqualTo(PartitionStrategy.STATISTICS);
            assertThat(sizes.get(sizes.size() - 1))
                    .as("the statistics know nothing of the rows added since: the last partition holds them, %s", sizes)
                    .isGreaterThanOrEqualTo(30_000);
        }
        database.drop(stale);
    }

    @Test
    void statisticsSplitTheIdsWhereTheDatabaseKeepsAHistogramAndAutoChoosesThem() {
        // MariaDB keeps no histogram of a single-column unique key: AUTO falls back to the index walk
        List<ScanPartition<Long>> partitions = scan("id desc").partitions(PARTITIONS);
        List<Long> rows = rowsPerPartition(partitions);
        assertThat(rows.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        PartitionStrategy expected =
                database == TestDatabase.POSTGRESQL ? PartitionStrategy.STATISTICS : PartitionStrategy.INDEX_WALK;
        assertThat(partitions).allMatch(partition -> partition.strategy() == expected);
        assertThat(partitions).hasSize(PARTITIONS);
        long largest = rows.stream().mapToLong(Long::longValue).max().orElseThrow();
        long smallest = rows.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat((double) largest / smallest)
                .as("%s, AUTO: rows per partition %s", database, rows)
                .isLessThanOrEqualTo(1.5);
    }
}
