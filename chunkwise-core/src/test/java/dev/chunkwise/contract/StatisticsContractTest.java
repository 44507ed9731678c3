package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.QueryLog;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a run reports: rows and chunks counted right, a query log bounded by
 * {@link QueryLog#KEPT} however many chunks run; and a scan description that is reusable, each
 * run querying the database again.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class StatisticsContractTest {

    private static final String TABLE = "ct_stats";
    private static final String MANY = "ct_stats_many";
    private static final String GROWING = "ct_stats_growing";
    private static final int ROWS = 23;
    private static final int MANY_ROWS = 300;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTables(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
        ContractTables.createNumbered(database, MANY, MANY_ROWS);
    }

    /**
     * No key column here can hold NULL, so no scan walks an (empty) NULL segment of the key; on
     * SQLite that needs the library to know that an INTEGER PRIMARY KEY is never NULL, although
     * the driver reports it nullable.
     */
    private long nullSegmentOfTheKey() {
        return 0;
    }

    @Test
    void statisticsCountTheRowsAndChunksOfARun() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("id")
                .chunkSize(5)
                .build(ID);
        ScanStatistics statistics = scan.forEach(id -> {});
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.chunks()).isEqualTo(5);
        assertThat(statistics.lastPosition()).contains(scan.position(10L * ROWS));
        assertThat(statistics.queryLog().rows()).isEqualTo(ROWS);
        assertThat(statistics.queryLog().statements()).isEqualTo(5 + nullSegmentOfTheKey());
        assertThat(statistics.elapsed()).isPositive();
        assertThat(scan.forEachChunk(chunk -> {}))
                .extracting(ScanStatistics::rows, ScanStatistics::chunks)
                .containsExactly((long) ROWS, 5L);
    }

    @Test
    void statisticsOfAnIteratorCountWhatWasDeliveredSoFar() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("id")
                .chunkSize(3)
                .build(ID);
        try (ScanIterator<Long> iterator = scan.iterator()) {
            assertThat(iterator.statistics().rows()).isZero();
            assertThat(iterator.statistics().lastPosition()).isEmpty();
            for (int i = 0; i < 7; i++) {
                iterator.next();
            }
            ScanStatistics statistics = iterator.statistics();
            assertThat(statistics.rows()).isEqualTo(7);
            assertThat(statistics.chunks())
                    .as("two complete chunks, the third under way")
                    .isEqualTo(2);
            assertThat(statistics.lastPosition()).contains(scan.position(70L));
        }
    }

    @Test
    void statisticsOfAScanOverANullableLeadingKeyCountEachChunkOnceAcrossSegments() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp nulls first")
                .chunkSize(5)
                .build(ID);
        ScanStatistics statistics = scan.forEach(id -> {});
        assertThat(statistics.rows()).isEqualTo(ROWS);
        assertThat(statistics.chunks()).isEqualTo(5);
        assertThat(statistics.queryLog().rows()).isEqualTo(ROWS);
        assertThat(statistics.queryLog().statements())
                .as("one more statement per segment crossed at most")
                .isBetween(5L, 7L);
    }

    @Test
    void queryLogKeepsAtMostKeptEntriesEvenForHundredsOfChunks() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(MANY)
                .orderBy("id")
                .chunkSize(1)
                .build(ID);
        ScanStatistics statistics = scan.forEach(id -> {});
        QueryLog log = statistics.queryLog();
        assertThat(statistics.chunks()).isEqualTo(MANY_ROWS);
        assertThat(log.statements()).isEqualTo(MANY_ROWS + 1L + nullSegmentOfTheKey());
        assertThat(log.rows()).isEqualTo(MANY_ROWS);
        assertThat(log.slowest()).hasSize(QueryLog.KEPT);
        assertThat(log.latest()).hasSize(QueryLog.KEPT);
        assertThat(log.latest())
                .extracting(QueryLog.Entry::chunk)
                .as("the last statements, oldest first")
                .isSorted()
                .allSatisfy(chunk -> assertThat(chunk).isGreaterThan(MANY_ROWS - QueryLog.KEPT - 1L));
        List<QueryLog.Entry> slowest = log.slowest();
        for (int i = 1; i < slowest.size(); i++) {
            assertThat(slowest.get(i - 1).elapsed())
                    .as("slowest first")
                    .isGreaterThanOrEqualTo(slowest.get(i).elapsed());
        }
        assertThat(slowest).allSatisfy(entry -> assertThat(entry.sql()).doesNotContain("'"));
        assertThat(log.totalTime()).isGreaterThanOrEqualTo(slowest.get(0).elapsed());
    }

    @Test
    void aScanDescriptionIsReusableAndEveryRunQueriesTheDatabaseAgain() {
        database.drop(GROWING);
        ContractTables.createNumbered(database, GROWING, 10);
        LeakTrackingDataSource tracked = new LeakTrackingDataSource(database.dataSource());
        Scan<Long> scan =
                Scan.over(tracked).table(GROWING).orderBy("id").chunkSize(4).build(ID);
        int opened = tracked.connectionsOpened();
        List<Long> first = ContractTables.rows(scan);
        List<Long> second = ContractTables.rows(scan);
        assertThat(second).isEqualTo(first).containsExactlyElementsOf(ContractTables.numberedIds(10));
        assertThat(tracked.connectionsOpened()).as("one connection per run").isEqualTo(opened + 2);
        database.insert(GROWING, "id, grp, score, name", List.<Object[]>of(new Object[] {1000L, 1, 1, "late"}));
        assertThat(ContractTables.rows(scan))
                .as("no hidden result cache")
                .endsWith(100L, 1000L)
                .hasSize(11);
        assertThat(tracked.stillOpen()).isEmpty();
    }
}
