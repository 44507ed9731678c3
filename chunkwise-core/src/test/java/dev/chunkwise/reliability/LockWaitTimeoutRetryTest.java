package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.longs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Scan;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G6 with a real transient error: a chunk's update waits for a row lock that another transaction
 * holds, InnoDB gives up after {@code innodb_lock_wait_timeout} (1 s for the session), and the
 * chunk's transaction is retried on a fresh connection and commits once.
 */
class LockWaitTimeoutRetryTest {

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void aChunkWhoseUpdateTimesOutWaitingForALockIsRetriedAndCommitsOnce(TestDatabase database) throws SQLException {
        String table = "rel_lock_" + database.name().toLowerCase();
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, visits INTEGER NOT NULL) ENGINE=InnoDB");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            rows.add(new Object[] {id, 0});
        }
        database.insert(table, "id, visits", rows);
        TrackedSource source = new TrackedSource(database);
        Scan<Long> scan = Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(10)
                .clock(new FakeClock())
                .build(row -> row.getLong("id"));
        List<Long> handled = new ArrayList<>();

        ScanStatistics statistics;
        try (Connection blocker = database.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement();
                    ResultSet locked = lock.executeQuery("SELECT id FROM " + table + " WHERE id = 25 FOR UPDATE")) {
                assertThat(locked.next()).isTrue();
            }
            statistics = scan.forEachChunkInTransaction((chunk, connection) -> {
                handled.add(chunk.number());
                try (Statement session = connection.createStatement()) {
                    session.execute("SET SESSION innodb_lock_wait_timeout = 1");
                }
                try (PreparedStatement visit = connection.prepareStatement(
                        "UPDATE " + table + " SET visits = visits + 1 WHERE id BETWEEN ? AND ?")) {
                    visit.setLong(1, chunk.rows().get(0));
                    visit.setLong(2, chunk.rows().get(chunk.size() - 1));
                    visit.executeUpdate();
                } catch (SQLException lockWaitTimeout) {
                    blocker.rollback();
                    throw lockWaitTimeout;
                }
            });
        }

        assertThat(handled).containsExactly(1L, 2L, 3L, 3L, 4L, 5L);
        assertThat(statistics.retries()).isEqualTo(1);
        assertThat(statistics.retryCauses())
                .singleElement()
                .asString()
                .startsWith("chunk 3: ")
                .contains("1205");
        assertThat(longs(database, "SELECT visits FROM " + table + " ORDER BY id"))
                .hasSize(50)
                .containsOnly(1L);
        assertThat(source.stillOpen()).isEmpty();
    }
}
