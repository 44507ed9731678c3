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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G6 with a real deadlock inside {@link Scan#forEachChunkInTransaction}: the chunk's handler
 * locks row A, another transaction that holds row B waits for A, and the handler then asks for
 * B. The database breaks the cycle by failing the handler's transaction (PostgreSQL: its
 * deadlock_timeout is the shorter one; InnoDB: it is the smaller transaction), and the scan
 * retries the chunk, whose writes then commit once.
 */
class DeadlockRetryTest {

    private static final long ROW_A = 25;
    private static final long ROW_B = 45;

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void aChunkWhoseTransactionIsChosenAsDeadlockVictimIsRetriedAndCommitsOnce(TestDatabase database) throws Exception {
        String table = "rel_deadlock_" + database.name().toLowerCase();
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, visits INTEGER NOT NULL)"
                + (database.isMariaDb() ? " ENGINE=InnoDB" : ""));
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
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            long otherId = backendId(database, other);
            // the other transaction holds B and, on MariaDB, is the bigger one (41..50 changed)
            try (Statement hold = other.createStatement()) {
                hold.executeUpdate("UPDATE " + table + " SET visits = visits + 100 WHERE id = " + ROW_B);
                hold.executeUpdate(
                        "UPDATE " + table + " SET visits = visits + 100 WHERE id BETWEEN 41 AND 50 AND id <> " + ROW_B);
            }
            List<CompletableFuture<Void>> others = new ArrayList<>();
            statistics = scan.forEachChunkInTransaction((chunk, connection) -> {
                handled.add(chunk.number());
                boolean provoke = chunk.number() == 3 && others.isEmpty();
                if (provoke && database == TestDatabase.POSTGRESQL) {
                    try (Statement session = connection.createStatement()) {
                        session.execute("SET LOCAL deadlock_timeout = '50ms'");
                    }
                }
                visit(connection, table, chunk.rows().get(0), chunk.rows().get(chunk.size() - 1));
                if (provoke) {
                    CompletableFuture<Void> waiter = new CompletableFuture<>();
                    Thread thread = new Thread(
                            () -> {
                                try {
                                    waitForAThenCommit(other, table);
                                    waiter.complete(null);
                                } catch (RuntimeException failure) {
                                    waiter.completeExceptionally(failure);
                                }
                            },
                            "rel-deadlock-other");
                    thread.start();
                    others.add(waiter);
                    awaitWaiting(database, connection, otherId);
                    visit(connection, table, ROW_B, ROW_B);
                }
            });
            others.get(0).get();
        }

        assertThat(handled).containsExactly(1L, 2L, 3L, 3L, 4L, 5L);
        assertThat(statistics.retries()).isEqualTo(1);
        assertThat(statistics.retryCauses())
                .singleElement()
                .asString()
                .startsWith("chunk 3: ")
                .containsAnyOf("40P01", "1213");
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            expected.add(id == ROW_A ? 2L : id > 40 ? 101L : 1L);
        }
        assertThat(longs(database, "SELECT visits FROM " + table + " ORDER BY id"))
                .containsExactlyElementsOf(expected);
        assertThat(source.stillOpen()).isEmpty();
    }

    private static void visit(Connection connection, String table, long first, long last) throws SQLException {
        try (PreparedStatement visit =
                connection.prepareStatement("UPDATE " + table + " SET visits = visits + 1 WHERE id BETWEEN ? AND ?")) {
            visit.setLong(1, first);
            visit.setLong(2, last);
            visit.executeUpdate();
        }
    }

    /** The other transaction asks for A (and waits for the handler), then commits. */
    private static void waitForAThenCommit(Connection other, String table) {
        try (Statement statement = other.createStatement()) {
            statement.executeUpdate("UPDATE " + table + " SET visits = visits + 1 WHERE id = " + ROW_A);
            other.commit();
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static long backendId(TestDatabase database, Connection connection) throws SQLException {
        String sql = database == TestDatabase.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Polls, on the handler's connection, until the other transaction waits for a lock. */
    private static void awaitWaiting(TestDatabase database, Connection connection, long otherId) throws SQLException {
        String sql = database == TestDatabase.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_locks WHERE pid = ? AND NOT granted"
                // information_schema.innodb_trx is a cache refreshed at most every 0.1 s of not being
                // read, so a tight poll never sees the wait; the process list shows the statement at once
                // (if the handler's request for B comes first, InnoDB still picks the smaller
                // transaction, the handler's, as victim)
                : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE 'UPDATE%'";
        for (int attempt = 0; attempt < 5000; attempt++) {
            try (PreparedStatement waiting = connection.prepareStatement(sql)) {
                waiting.setLong(1, otherId);
                try (ResultSet count = waiting.executeQuery()) {
                    count.next();
                    if (count.getLong(1) > 0) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
        StringBuilder seen = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet all = statement.executeQuery(
                        database == TestDatabase.POSTGRESQL
                                ? "SELECT pid, locktype, granted FROM pg_locks"
                                : "SELECT ID, STATE, INFO FROM information_schema.PROCESSLIST")) {
            while (all.next()) {
                seen.append(all.getString(1))
                        .append(' ')
                        .append(all.getString(2))
                        .append(' ')
                        .append(all.getString(3))
                        .append("; ");
            }
        }
        throw new IllegalStateException(
                "the other transaction (" + otherId + ") never waited for row " + ROW_A + ": " + seen);
    }
}
