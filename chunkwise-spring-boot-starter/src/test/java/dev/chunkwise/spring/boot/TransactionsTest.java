package dev.chunkwise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scans inside a Spring-managed transaction, over a pool of one connection (the case where a scan
 * that takes its own connection cannot get one), on the test PostgreSQL.
 */
class TransactionsTest {

    private static final String TABLE = "chunkwise_starter_rows";

    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;
    private ChunkwiseScans scans;

    @BeforeEach
    void onePooledConnection() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.url());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(500);
        pool = new HikariDataSource(config);
        jdbc = new JdbcTemplate(pool);
        jdbc.execute("DROP TABLE IF EXISTS " + TABLE);
        jdbc.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)");
        jdbc.execute("INSERT INTO " + TABLE + " SELECT g, 'row ' || g FROM generate_series(1, 25) g");
        transaction = new TransactionTemplate(new JdbcTransactionManager(pool));
        scans = new ChunkwiseScans(pool, ChunkwiseProperties.defaults());
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aScanInsideATransactionTakesASecondConnectionAndWaitsForItUntilThePoolTimesOut() {
        Scan<Long> scan =
                scans.table(TABLE).retry(dev.chunkwise.RetryPolicy.none()).build(row -> row.getLong("id"));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> scan.forEach(id -> {})))
                .isInstanceOf(ChunkwiseException.class)
                .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
    }

    @Test
    void aScanJoiningTheTransactionReadsOnItsConnectionAndSeesItsUncommittedWrites() {
        Scan<Long> scan = joined();

        List<Long> read = transaction.execute(status -> {
            jdbc.update("INSERT INTO " + TABLE + " VALUES (100, 'uncommitted')");
            List<Long> ids = new ArrayList<>();
            scan.forEach(ids::add);
            return ids;
        });

        assertThat(read).hasSize(26).endsWith(100L);
    }

    @Test
    void aScanJoiningTheTransactionNeitherCommitsNorEndsIt() {
        Scan<Long> scan = joined();

        Long countAfterScan = transaction.execute(status -> {
            jdbc.update("INSERT INTO " + TABLE + " VALUES (100, 'rolled back')");
            scan.forEach(id -> {});
            Long count = jdbc.queryForObject("SELECT count(*) FROM " + TABLE, Long.class);
            status.setRollbackOnly();
            return count;
        });

        assertThat(countAfterScan)
                .as("the caller's statement after the scan, in the same transaction")
                .isEqualTo(26);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + TABLE, Long.class))
                .as("after the caller's rollback")
                .isEqualTo(25);
    }

    @Test
    void theChunkWritesOfAJoinedScanCommitWithTheCallersTransactionOnly() {
        Scan<Long> scan = joined();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    scan.forEachChunkInTransaction((chunk, connection) -> {
                        try (var update =
                                connection.prepareStatement("UPDATE " + TABLE + " SET note = 'done' WHERE id = ?")) {
                            for (Long id : chunk.rows()) {
                                update.setLong(1, id);
                                update.executeUpdate();
                            }
                        }
                    });
                    throw new IllegalStateException("the caller fails after the scan");
                }))
                .hasMessage("the caller fails after the scan");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE note = 'done'", Long.class))
                .isZero();
    }

    @Test
    void aJoinedSnapshotScanIsRefusedWithAMessageThatSaysWhy() {
        Scan<Long> scan = scans.joiningTransaction().table(TABLE).snapshot().build(row -> row.getLong("id"));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> scan.forEach(id -> {})))
                .isInstanceOf(ChunkwiseException.class)
                .hasStackTraceContaining("cannot call setTransactionIsolation");
    }

    @Test
    void aJoinedScanOutsideATransactionTakesItsOwnConnection() {
        List<Long> ids = new ArrayList<>();

        joined().forEach(ids::add);

        assertThat(ids).hasSize(25);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void scansStartWithTheChunkSizeOfTheProperties() {
        ChunkwiseScans configured = new ChunkwiseScans(
                pool,
                new ChunkwiseProperties(
                        7,
                        null,
                        100,
                        100_000,
                        null,
                        new ChunkwiseProperties.Retry(3, Duration.ZERO, Duration.ZERO, 1, 0)));
        Scan<Long> scan = configured.table(TABLE).build(row -> row.getLong("id"));
        List<Integer> chunkSizes = new ArrayList<>();

        scan.forEachChunk(chunk -> chunkSizes.add(chunk.size()));

        assertThat(scan.chunkSize()).isEqualTo(7);
        assertThat(chunkSizes).containsExactly(7, 7, 7, 4);
    }

    /** Chunks of 10 rows fetched 2 at a time: pgjdbc streams each chunk in a transaction, which it would commit. */
    private Scan<Long> joined() {
        return scans.joiningTransaction()
                .table(TABLE)
                .chunkSize(10)
                .fetchSize(2)
                .build(row -> row.getLong("id"));
    }
}
