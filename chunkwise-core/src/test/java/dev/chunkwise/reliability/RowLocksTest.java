package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Scan;
import dev.chunkwise.SqlCondition;
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
 * A chunked write locks only what it changes: on InnoDB, the rows a chunk's statement locks are
 * the rows it changes (plus a small constant), not every row of the key range between the chunk's
 * first and last row; and a session holding a lock on a row that does not match, inside that
 * range, does not block the job. The same non-blocking property on PostgreSQL. The range
 * statement is measured beside it, so that the test shows it would catch the difference.
 */
class RowLocksTest {

    private static final int ROWS = 3000;
    private static final int EVERY = 50;

    private static String createSparse(TestDatabase database) {
        String table = "rel_row_locks_" + database.name().toLowerCase();
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, region INTEGER NOT NULL, amount "
                + "INTEGER NOT NULL)" + (database.isMariaDb() ? " ENGINE=InnoDB" : ""));
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            rows.add(new Object[] {id, id % EVERY == 0 ? 6 : 1, 0});
        }
        database.insert(table, "id, region, amount", rows);
        return table;
    }

    private static int write(Connection connection, String table, SqlCondition condition) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table + " SET amount = amount + 1000 WHERE " + condition.sql())) {
            condition.bind(update, 1);
            return update.executeUpdate();
        }
    }

    /**
     * The rows the connection's transaction has locked. InnoDB refreshes its information_schema
     * view of transactions at most every 100 ms, so the read waits that long first.
     */
    private static long rowsLocked(Connection connection) throws SQLException {
        try {
            Thread.sleep(150);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT trx_rows_locked FROM information_schema.innodb_trx"
                        + " WHERE trx_mysql_thread_id = CONNECTION_ID()")) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static Scan<Long> scan(TestDatabase database, String table) {
        return Scan.over(database.dataSource())
                .table(table)
                .where("region = ?", 6)
                .chunkSize(10)
                .build(row -> row.getLong("id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void onInnoDbAChunkLocksTheRowsItChangesAndNoOthers(TestDatabase database) {
        String table = createSparse(database);
        Scan<Long> scan = scan(database, table);
        List<Long> lockedPerChunk = new ArrayList<>();
        List<Long> changedPerChunk = new ArrayList<>();
        scan.forEachChunkInTransaction((chunk, connection) -> {
            long changed = 0;
            for (SqlCondition rows : scan.rowConditions(chunk.positions())) {
                changed += write(connection, table, rows);
            }
            changedPerChunk.add(changed);
            if (chunk.number() <= 3) {
                lockedPerChunk.add(rowsLocked(connection));
            }
        });
        assertThat(changedPerChunk.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS / EVERY);
        for (int i = 0; i < lockedPerChunk.size(); i++) {
            assertThat(lockedPerChunk.get(i))
                    .as("rows locked by chunk %d", i + 1)
                    .isLessThanOrEqualTo(changedPerChunk.get(i) + 2);
        }

        // the key range of the same chunks locks every row between their first and last key
        List<Long> lockedByRange = new ArrayList<>();
        scan.forEachChunkInTransaction((chunk, connection) -> {
            if (chunk.number() == 1) {
                write(connection, table, scan.range(chunk.first(), chunk.last()));
                lockedByRange.add(rowsLocked(connection));
            }
        });
        assertThat(lockedByRange.get(0)).isGreaterThanOrEqualTo(9L * EVERY + 1); // ids 50 to 500
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER", "POSTGRESQL"})
    void aLockOnARowThatDoesNotMatchInsideAChunksRangeDoesNotBlockTheJob(TestDatabase database) throws SQLException {
        String table = createSparse(database);
        Scan<Long> scan = scan(database, table);
        long[] changed = {0};
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            // id 75 lies between the first chunk's first (50) and last (500) key, and does not match
            try (Statement lock = other.createStatement();
                    ResultSet locked = lock.executeQuery("SELECT id FROM " + table + " WHERE id = 75 FOR UPDATE")) {
                assertThat(locked.next()).isTrue();
            }
            scan.forEachChunkInTransaction((chunk, connection) -> {
                shortLockWait(database, connection);
                for (SqlCondition rows : scan.rowConditions(chunk.positions())) {
                    changed[0] += write(connection, table, rows);
                }
            });
            other.rollback();
        }
        assertThat(changed[0]).isEqualTo(ROWS / EVERY);
        assertThat(database.column("SELECT count(*) FROM " + table + " WHERE amount = 1000 AND region = 6")
                        .get(0))
                .satisfies(count -> assertThat(((Number) count).longValue()).isEqualTo(ROWS / EVERY));
    }

    /** A job blocked by the other session fails in a second instead of waiting out the default. */
    private static void shortLockWait(TestDatabase database, Connection connection) throws SQLException {
        try (Statement session = connection.createStatement()) {
            session.execute(
                    database == TestDatabase.POSTGRESQL
                            ? "SET LOCAL lock_timeout = '1s'"
                            : "SET SESSION innodb_lock_wait_timeout = 1");
        }
    }
}
