package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pushed filter and the pruned columns, seen from the database's side: the statements the
 * server received for the partitions' chunks (those ending {@code LIMIT 100}, the chunk size;
 * the driver's planning statements are left aside) carry the filter and select only the columns Spark
 * needs. MariaDB: its general query log, written to {@code mysql.general_log} for the length of
 * one read (both settings restored at once), read for the connections to the test database.
 * PostgreSQL, which has no query log to read without a restart: {@code pg_stat_activity.query} of
 * the source's backends (its application_name, the test database), sampled while every task is
 * held, by a latch, on the first row of its partition, so that each partition's connection is open
 * and shows its chunk statement; the latch opens once one is seen (or the tasks fail after 60 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLogTest {

    static final String TABLE = "spark_query_log";

    /** Held by the tasks (in this JVM: local[2]) until the sampler has seen a chunk statement. */
    private static volatile CountDownLatch seen = new CountDownLatch(0);

    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    void createTables() {
        for (TestDatabase database : TestDatabase.values()) {
            database.skewedTable(TABLE, 4_500, 500);
        }
    }

    private Dataset<Row> filtered(TestDatabase database) {
        return spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", TABLE)
                .option("partitions", "2")
                .option("chunkSize", "100")
                .load()
                .filter(functions.col("grp").equalTo(3))
                .select("id", "amount");
    }

    private static long expectedRows(TestDatabase database) {
        return ((Number) database.query("SELECT COUNT(*) FROM " + TABLE + " WHERE grp = 3")
                        .get(0)
                        .get(0))
                .longValue();
    }

    @Test
    void postgresqlReceivesTheFilterAndOnlyThePrunedColumns() throws Exception {
        TestDatabase database = TestDatabase.POSTGRESQL;
        Dataset<Long> held = filtered(database)
                .map(
                        (MapFunction<Row, Long>) row -> {
                            if (!seen.await(60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("no chunk statement seen in pg_stat_activity");
                            }
                            return row.getLong(0);
                        },
                        Encoders.LONG());
        seen = new CountDownLatch(1);
        List<String> statements = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (Connection connection = database.open();
                    PreparedStatement activity = connection.prepareStatement("SELECT query FROM pg_stat_activity"
                            + " WHERE application_name = ? AND datname = current_database()"
                            + " AND pid <> pg_backend_pid() AND query LIKE ? AND query LIKE '% LIMIT 100'")) {
                activity.setString(1, SourceOptions.APPLICATION_NAME);
                activity.setString(2, "%\"" + TABLE + "\"%");
                while (seen.getCount() > 0 && System.nanoTime() < deadline) {
                    try (ResultSet result = activity.executeQuery()) {
                        while (result.next()) {
                            statements.add(result.getString(1));
                        }
                    }
                    if (statements.isEmpty()) {
                        Thread.sleep(10);
                    } else {
                        seen.countDown();
                    }
                }
            } catch (SQLException | InterruptedException failure) {
                throw new IllegalStateException(failure);
            } finally {
                seen.countDown();
            }
        });
        sampler.start();
        long count;
        try {
            count = held.agg(functions.count(functions.col("value")))
                    .collectAsList()
                    .get(0)
                    .getLong(0);
        } finally {
            seen.countDown();
            sampler.join();
        }

        assertThat(count).isEqualTo(expectedRows(database));
        assertThat(statements).as("chunk statements of the source's backends").isNotEmpty();
        assertThat(statements).allSatisfy(sql -> assertThat(sql)
                .startsWith("SELECT \"id\", \"amount\" FROM \"" + TABLE + "\"")
                .containsPattern("\\(\"grp\" = \\$\\d+\\)")
                .doesNotContain("*")
                .doesNotContain("\"label\""));
    }

    @Test
    void mariadbReceivesTheFilterAndOnlyThePrunedColumns() throws SQLException {
        TestDatabase database = TestDatabase.MARIADB;
        // both columns are needed: the sum reads amount
        Dataset<Row> query = filtered(database).agg(functions.count(functions.col("id")), functions.sum("amount"));
        long count;
        String from;
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            String output;
            int general;
            try (ResultSet result =
                    statement.executeQuery("SELECT @@GLOBAL.log_output, @@GLOBAL.general_log, NOW(6)")) {
                result.next();
                output = result.getString(1);
                general = result.getInt(2);
                from = result.getString(3);
            }
            try {
                statement.execute("SET GLOBAL log_output = 'TABLE'");
                statement.execute("SET GLOBAL general_log = 1");
                count = query.collectAsList().get(0).getLong(0);
            } finally {
                statement.execute("SET GLOBAL general_log = " + general);
                try (PreparedStatement restore = connection.prepareStatement("SET GLOBAL log_output = ?")) {
                    restore.setString(1, output);
                    restore.execute();
                }
            }
        }

        // the connections opened to the test database in the window, and what they ran on the table
        List<List<Object>> logged = database.query("SELECT statements.argument FROM mysql.general_log statements"
                + " JOIN mysql.general_log connects ON connects.thread_id = statements.thread_id"
                + " AND connects.command_type = 'Connect' AND connects.argument LIKE CONCAT('% on ', DATABASE(), ' %')"
                + " AND connects.event_time >= '" + from + "'"
                + " WHERE statements.event_time >= '" + from + "' AND statements.command_type IN ('Query', 'Execute')"
                + " AND statements.argument LIKE '%`" + TABLE + "`%' AND statements.argument LIKE '% LIMIT 100'");
        List<String> statements = new ArrayList<>();
        logged.forEach(row -> statements.add(String.valueOf(row.get(0))));

        long expected = expectedRows(database);
        assertThat(count).isEqualTo(expected);
        assertThat(statements)
                .as("chunk statements in the general log, at least one per 100 rows")
                .hasSizeGreaterThanOrEqualTo((int) (expected / 100));
        assertThat(statements).allSatisfy(sql -> assertThat(sql)
                .startsWith("SELECT `id`, `amount` FROM `" + TABLE + "`")
                .containsPattern("\\(`grp` = (\\?|3)\\)")
                .doesNotContain("*")
                .doesNotContain("`label`"));
    }
}
