package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills every reading connection several times while a job reads (PostgreSQL
 * {@code pg_terminate_backend} of the backends whose application_name is the source's, MariaDB
 * {@code KILL} of the connections to the test database): the job finishes with the table's exact
 * rows, the partitions' scans report retries, and no task attempt failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KilledConnectionTest {

    static final String TABLE = "spark_killed";

    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    void createTables() {
        for (TestDatabase database : TestDatabase.values()) {
            database.skewedTable(TABLE, 18_000, 2_000);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void finishesExactlyWithoutAFailedTaskWhenEveryReadingConnectionIsKilledMidRead(TestDatabase database)
            throws Exception {
        Dataset<Row> rows = spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", TABLE)
                .option("partitions", "4")
                .option("chunkSize", "100")
                .load();
        // slows the read down so that the kills land while the partitions' connections are in use
        Dataset<Long> ids = rows.map(
                (MapFunction<Row, Long>) row -> {
                    long id = row.getLong(0);
                    if (id % 25 == 0) {
                        Thread.sleep(3);
                    }
                    return id;
                },
                Encoders.LONG());
        Dataset<Row> result = ids.agg(
                functions.count(functions.lit(1)),
                functions.countDistinct(functions.col("value")),
                functions.sum(functions.col("value")));
        int failedBefore = SharedSpark.failedTasks();

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger killed = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            try (Connection connection = database.open()) {
                while (reading.get() && rounds.get() < 4 && System.nanoTime() < deadline) {
                    int now = killReaders(database, connection);
                    if (now > 0) {
                        killed.addAndGet(now);
                        rounds.incrementAndGet();
                        Thread.sleep(400);
                    } else {
                        Thread.sleep(20);
                    }
                }
            } catch (SQLException | InterruptedException failure) {
                throw new IllegalStateException(failure);
            }
        });
        killer.start();
        Row counted;
        try {
            counted = result.collectAsList().get(0);
        } finally {
            reading.set(false);
            killer.join();
        }

        List<Object> expected = database.query("SELECT COUNT(*), COUNT(DISTINCT id), SUM(id) FROM " + TABLE)
                .get(0);
        assertThat(List.of(
                        counted.get(0).toString(),
                        counted.get(1).toString(),
                        counted.get(2).toString()))
                .isEqualTo(List.of(
                        expected.get(0).toString(),
                        expected.get(1).toString(),
                        new java.math.BigDecimal(expected.get(2).toString())
                                .toBigInteger()
                                .toString()));
        assertThat(killed.get()).as("connections killed").isGreaterThan(0);
        assertThat(SparkAssertions.metric(result, ReadMetrics.RETRIES))
                .as("retries of the partitions' scans")
                .isGreaterThan(0);
        assertThat(SharedSpark.failedTasks() - failedBefore)
                .as("failed task attempts")
                .isZero();
    }

    /** Kills the source's connections to the test database now; how many. */
    private static int killReaders(TestDatabase database, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (database == TestDatabase.POSTGRESQL) {
                try (ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM"
                        + " pg_stat_activity WHERE application_name = '" + SourceOptions.APPLICATION_NAME + "'"
                        + " AND datname = current_database() AND pid <> pg_backend_pid()")) {
                    result.next();
                    return result.getInt(1);
                }
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                    + " WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                }
            }
            int killed = 0;
            for (long id : ids) {
                try {
                    statement.execute("KILL " + id);
                    killed++;
                } catch (SQLException gone) {
                    // the connection ended between the list and the KILL
                }
            }
            return killed;
        }
    }
}
