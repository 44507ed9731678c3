package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static dev.chunkwise.reliability.ReliabilitySupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Snapshot scans on PostgreSQL: one consistent view for the whole run, and no silent switch of
 * views; and on PostgreSQL and MariaDB, a connection handed back as it was lent.
 */
class SnapshotTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

    private static void writeConcurrently(String table) {
        update(DATABASE, "DELETE FROM " + table + " WHERE id BETWEEN 50 AND 59");
        update(DATABASE, "DELETE FROM " + table + " WHERE id = 100");
        for (long id = 101; id <= 120; id++) {
            update(DATABASE, "INSERT INTO " + table + " (id, payload) VALUES (?, 'late')", id);
        }
        update(DATABASE, "UPDATE " + table + " SET payload = 'changed' WHERE id BETWEEN 1 AND 100");
    }

    @Test
    void writesCommittedDuringASnapshotScanAreInvisible() {
        String table = "rel_snapshot";
        ReliabilitySupport.createNumbered(DATABASE, table, 100, 20);
        TrackedSource source = new TrackedSource(DATABASE);
        Scan<String> scan = Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(7)
                .snapshot()
                .build(row -> row.getLong("id") + ":" + row.getString("payload"));
        List<String> delivered = new ArrayList<>();

        scan.forEachChunk(chunk -> {
            delivered.addAll(chunk.rows());
            if (chunk.number() == 1) {
                writeConcurrently(table);
            }
        });

        assertThat(delivered)
                .containsExactlyElementsOf(oneTo(100).stream()
                        .map(id -> id + ":row " + id + " xxxxxxxx")
                        .toList());
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void aSnapshotStreamReadRowByRowSeesOneSnapshotToo() {
        String table = "rel_snapshot_stream";
        ReliabilitySupport.createNumbered(DATABASE, table, 100, 20);
        Scan<Long> scan = Scan.over(DATABASE.dataSource())
                .table(table)
                .orderBy("id")
                .chunkSize(9)
                .fetchSize(4)
                .snapshot()
                .build(row -> row.getLong("id"));
        List<Long> delivered = new ArrayList<>();

        scan.forEach(id -> {
            delivered.add(id);
            if (id == 3L) {
                writeConcurrently(table);
            }
        });

        assertThat(delivered).containsExactlyElementsOf(oneTo(100));
    }

    @Test
    void aLostConnectionFailsASnapshotScanClearlyInsteadOfContinuingInAnotherSnapshot() {
        String table = "rel_frozen_view_lost";
        ReliabilitySupport.createNumbered(DATABASE, table, 100, 20);
        TrackedSource source = new TrackedSource(DATABASE);
        FakeClock clock = new FakeClock();
        Scan<Long> scan = Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(10)
                .snapshot()
                .clock(clock)
                .build(row -> row.getLong("id"));
        int openedByBuild = source.opened();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    if (chunk.number() == 2) {
                        source.killCurrent();
                    }
                }));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("snapshot transaction was lost");
        assertThat(failure.lastPosition()).contains(scan.position(20L));
        assertThat(source.opened() - openedByBuild)
                .as("no new connection, so no new snapshot")
                .isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @Test
    void aSnapshotScanRefusesPerChunkTransactions() {
        ReliabilitySupport.createNumbered(DATABASE, "rel_snapshot_refused_source", 3, 20);
        Scan<Long> scan = Scan.over(DATABASE.dataSource())
                .table("rel_snapshot_refused_source")
                .orderBy("id")
                .snapshot()
                .build(row -> row.getLong("id"));
        assertThatThrownBy(() -> scan.forEachChunkInTransaction((chunk, connection) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("snapshot");
    }

    /**
     * A pool that does not reset connections hands the next borrower whatever state the last one
     * left: a snapshot run must put back the isolation level, read-only flag and auto-commit it found,
     * whether the run ends, fails, or is closed early.
     */
    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aSnapshotRunHandsItsConnectionBackWithTheIsolationAndReadOnlyStateItFound(TestDatabase database)
            throws Exception {
        String table = "rel_snapshot_restore";
        ReliabilitySupport.createNumbered(database, table, 30, 20);
        try (Connection physical = database.dataSource().getConnection()) {
            physical.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            Connection lent = (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            return null; // back to the "pool", which resets nothing
                        }
                        try {
                            return method.invoke(physical, arguments);
                        } catch (InvocationTargetException failure) {
                            throw failure.getCause();
                        }
                    });
            Scan<Long> scan = Scan.over(() -> lent)
                    .table(table)
                    .orderBy("id")
                    .chunkSize(7)
                    .snapshot()
                    .build(row -> row.getLong("id"));

            assertThat(scan.stream().toList()).hasSize(30);
            assertLentBack(physical);

            try (var iterator = scan.iterator()) {
                iterator.next();
            }
            assertLentBack(physical);

            assertThatThrownBy(() -> scan.forEach(id -> {
                        throw new IllegalStateException("the caller fails");
                    }))
                    .hasMessage("the caller fails");
            assertLentBack(physical);
        }
    }

    private static void assertLentBack(Connection physical) throws Exception {
        assertThat(physical.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(physical.isReadOnly()).isFalse();
        assertThat(physical.getAutoCommit()).isTrue();
    }
}
