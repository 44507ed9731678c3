package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.longs;
import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G6: the scan's own connection is killed on the server (PostgreSQL {@code pg_terminate_backend},
 * MariaDB {@code KILL}) from a second connection, between chunks and while a chunk streams; the
 * scan retries on a fresh connection from the last delivered row and the caller sees every row
 * once, in order.
 */
class LostConnectionTest {

    private static final int ROWS = 1000;

    private static String table(TestDatabase database) {
        return "rel_lost_" + database.name().toLowerCase();
    }

    private static Scan<Long> scan(TrackedSource source, String table, int chunkSize, int fetchSize) {
        return Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(chunkSize)
                .fetchSize(fetchSize)
                .retry(RetryPolicy.defaults())
                .clock(new FakeClock())
                .build(row -> row.getLong("id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void resumesAfterTheLastDeliveredRowWhenTheConnectionDiesBetweenChunks(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 40);
        TrackedSource source = new TrackedSource(database);
        Scan<Long> scan = scan(source, table(database), 50, 50);
        int openedByBuild = source.opened();
        Set<Long> killAfterChunk = Set.of(2L, 5L, 6L, 19L);

        List<Long> delivered = new ArrayList<>();
        ScanStatistics statistics = scan.forEachChunk(chunk -> {
            delivered.addAll(chunk.rows());
            if (killAfterChunk.contains(chunk.number())) {
                source.killCurrent();
            }
        });

        assertThat(delivered).containsExactlyElementsOf(oneTo(ROWS));
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.chunks()).isEqualTo(20);
        assertThat(statistics.retries()).isEqualTo(4);
        assertThat(statistics.retryCauses())
                .hasSize(4)
                .allSatisfy(cause -> assertThat(cause).startsWith("chunk ").contains("SQLState"));
        assertThat(source.opened() - openedByBuild)
                .as("one connection for the run and one per retry")
                .isEqualTo(5);
        assertThat(source.backendIds()).doesNotHaveDuplicates();
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void resumesMidChunkWhenTheConnectionDiesWhileRowsStream(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 40);
        TrackedSource source = new TrackedSource(database);
        Scan<Long> scan = scan(source, table(database), 200, 20);
        Set<Long> killAtRow = Set.of(30L, 250L, 470L, 777L, 950L);

        List<Long> delivered = new ArrayList<>();
        ScanStatistics statistics = scan.forEach(id -> {
            delivered.add(id);
            if (killAtRow.contains(id)) {
                source.killCurrent();
            }
        });

        assertThat(delivered).containsExactlyElementsOf(oneTo(ROWS));
        assertThat(statistics.retries()).isEqualTo(5);
        assertThat(statistics.retryCauses()).hasSize(5);
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.chunks()).isEqualTo(5);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    /**
     * A scan whose rows the server produces slowly, so that a kill reaches the connection while
     * the server is still sending the chunk (MariaDB otherwise writes a whole chunk into the
     * socket buffers at once, and the kill is noticed only by the next statement; rows of 2 kB fill
     * its 16 kB network buffer every few rows, so they are sent while the chunk runs); PostgreSQL
     * produces the rows of a portal lazily anyway.
     */
    private static Scan<Long> slowScan(TrackedSource source, TestDatabase database, int chunkSize) {
        String slowly = database == TestDatabase.POSTGRESQL ? "id > 0" : "SLEEP(0.001) = 0";
        return Scan.over(source)
                .table(table(database))
                .where(slowly)
                .orderBy("id")
                .chunkSize(chunkSize)
                .fetchSize(20)
                .clock(new FakeClock())
                .build(row -> row.getLong("id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void aStreamDeliversEveryRowOnceWhenTheConnectionDiesThreeTimesInOneChunk(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), 300, 2000);
        TrackedSource source = new TrackedSource(database);
        Scan<Long> scan = slowScan(source, database, 250);
        // kill the connection in use at the first row at or after each threshold; a row that still
        // comes from the driver's buffer of a killed connection waits for the retry's new connection
        List<Long> thresholds = new ArrayList<>(List.of(50L, 120L, 200L));
        Set<Long> killed = new HashSet<>();

        List<Long> delivered;
        ScanStatistics statistics;
        try (ScanIterator<Long> iterator = scan.iterator();
                Stream<Long> rows = iterator.stream()) {
            delivered = rows.peek(id -> {
                        if (!thresholds.isEmpty() && id >= thresholds.get(0) && killed.add(source.current())) {
                            thresholds.remove(0);
                            source.killCurrent();
                        }
                    })
                    .toList();
            statistics = iterator.statistics();
        }

        assertThat(delivered).containsExactlyElementsOf(oneTo(300));
        assertThat(thresholds).isEmpty();
        assertThat(statistics.retries()).isEqualTo(3);
        // each kill costs one retry, noticed while chunk 1 streams or, if the server had already
        // sent the rest of the chunk, by the next statement; the first kill leaves the server most
        // of the chunk still to produce, so at least that one interrupts the stream
        assertThat(statistics.retryCauses()).hasSize(3).first().asString().startsWith("chunk 1: ");
        assertThat(source.backendIds()).hasSize(1 + 1 + 3);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void writesOfEachChunkCommitExactlyOnceWhenTheConnectionDiesInsideTheTransaction(TestDatabase database) {
        String table = table(database);
        String target = "rel_copy_" + database.name().toLowerCase();
        ReliabilitySupport.createNumbered(database, table, 300, 20);
        database.drop(target);
        database.execute("CREATE TABLE " + target + " (id " + database.bigint() + " NOT NULL, chunk "
                + database.bigint() + " NOT NULL)");
        TrackedSource source = new TrackedSource(database);
        Scan<Long> scan = scan(source, table, 25, 25);
        Map<Long, Integer> attempts = new HashMap<>();

        ScanStatistics statistics = scan.forEachChunkInTransaction((chunk, connection) -> {
            int attempt = attempts.merge(chunk.number(), 1, Integer::sum);
            if (chunk.number() == 2 && attempt == 1) {
                source.killCurrent();
            }
            try (PreparedStatement copy =
                    connection.prepareStatement("INSERT INTO " + target + " (id, chunk) VALUES (?, ?)")) {
                for (long id : chunk.rows()) {
                    copy.setLong(1, id);
                    copy.setLong(2, chunk.number());
                    copy.addBatch();
                }
                copy.executeBatch();
            }
            if ((chunk.number() == 5 || chunk.number() == 9) && attempt == 1) {
                source.killCurrent();
            }
        });

        assertThat(longs(database, "SELECT id FROM " + target + " ORDER BY id")).containsExactlyElementsOf(oneTo(300));
        assertThat(longs(database, "SELECT COUNT(DISTINCT chunk) FROM " + target))
                .containsExactly(12L);
        assertThat(attempts)
                .containsEntry(2L, 2)
                .containsEntry(5L, 2)
                .containsEntry(9L, 2)
                .containsEntry(1L, 1)
                .containsEntry(12L, 1)
                .hasSize(12);
        assertThat(statistics.retries()).isEqualTo(3);
        assertThat(statistics.rows()).isEqualTo(300);
        assertThat(statistics.chunks()).isEqualTo(12);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }
}
