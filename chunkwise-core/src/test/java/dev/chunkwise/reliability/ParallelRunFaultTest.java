package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.longs;
import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.ConnectionSource;
import dev.chunkwise.ParallelStatistics;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G6 and G9 together: worker connections of a parallel run are killed on the server
 * ({@code pg_terminate_backend}, MariaDB's {@code KILL}) while the partitions run; each partition
 * retries on a fresh connection and the run's result is still exact.
 */
class ParallelRunFaultTest {

    private static final int ROWS = 2000;

    /** Connections that remember, per worker thread, the server id of the connection opened last. */
    static final class PerThreadSource implements ConnectionSource {

        private final TestDatabase database;
        private final LeakTrackingDataSource tracked;
        private final Map<Thread, Long> current = new ConcurrentHashMap<>();

        PerThreadSource(TestDatabase database) {
            this.database = database;
            this.tracked = new LeakTrackingDataSource(database.dataSource());
        }

        @Override
        public Connection open() throws SQLException {
            Connection connection = tracked.getConnection();
            String sql = database == TestDatabase.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(sql)) {
                row.next();
                current.put(Thread.currentThread(), row.getLong(1));
            }
            return connection;
        }

        /** Kills the connection the calling worker thread opened last. */
        void killMine() {
            ReliabilitySupport.kill(database, current.get(Thread.currentThread()));
        }

        List<String> connectionsStillOpen() {
            return tracked.stillOpen().stream().filter("Connection"::equals).toList();
        }
    }

    private static Scan<Long> scan(ConnectionSource source, String table) {
        return Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(50)
                .fetchSize(50)
                .clock(new ReliabilitySupport.FakeClock())
                .build(row -> row.getLong("id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void everyRowIsDeliveredOnceWhenWorkerConnectionsAreKilledDuringAParallelRun(TestDatabase database) {
        String table = "rel_parallel_" + database.name().toLowerCase();
        ReliabilitySupport.createNumbered(database, table, ROWS, 20);
        PerThreadSource source = new PerThreadSource(database);
        ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();

        ParallelStatistics statistics = scan(source, table).parallel(4).forEachChunk(chunk -> {
            delivered.addAll(chunk.rows());
            if (chunk.number() == 2 || chunk.number() == 5) {
                source.killMine();
            }
        });

        List<Long> sorted = new ArrayList<>(delivered);
        sorted.sort(Long::compare);
        assertThat(sorted).containsExactlyElementsOf(oneTo(ROWS));
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.partitions()).hasSize(4);
        assertThat(statistics.partitions())
                .as("two kills per partition, each retried")
                .allSatisfy(partition -> assertThat(partition.retries()).isEqualTo(2));
        assertThat(statistics.retries()).isEqualTo(8);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void checkpointedWritesCommitOnceWhenWorkerConnectionsDieInsideTheirTransactions(TestDatabase database) {
        String table = "rel_parallel_" + database.name().toLowerCase();
        String target = "rel_parallel_copy_" + database.name().toLowerCase();
        ReliabilitySupport.createNumbered(database, table, ROWS, 20);
        database.drop(target);
        database.drop("rel_parallel_checkpoints");
        database.execute("CREATE TABLE " + target + " (id " + database.bigint() + " NOT NULL PRIMARY KEY)");
        PerThreadSource source = new PerThreadSource(database);
        Map<String, Integer> attempts = new ConcurrentHashMap<>();

        ParallelStatistics statistics = scan(source, table)
                .parallel(4)
                .checkpoints(CheckpointTable.named("rel_parallel_checkpoints"), "copy")
                .forEachChunkInTransaction((chunk, connection) -> {
                    try (PreparedStatement copy =
                            connection.prepareStatement("INSERT INTO " + target + " (id) VALUES (?)")) {
                        for (long id : chunk.rows()) {
                            copy.setLong(1, id);
                            copy.addBatch();
                        }
                        copy.executeBatch();
                    }
                    int attempt = attempts.merge(chunk.first().token(), 1, Integer::sum);
                    if (chunk.number() == 3 && attempt == 1) {
                        source.killMine();
                    }
                });

        assertThat(longs(database, "SELECT id FROM " + target + " ORDER BY id")).containsExactlyElementsOf(oneTo(ROWS));
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.retries()).isEqualTo(4);
        assertThat(
                        longs(
                                database,
                                "SELECT COUNT(*) FROM rel_parallel_checkpoints WHERE job LIKE 'copy#%' AND details LIKE 'done %'"))
                .containsExactly(4L);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }
}
