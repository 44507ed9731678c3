package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a run can end closes every connection, statement and result set it opened: normal
 * completion, a stream closed early, an exception from the caller's code, a failing row mapper,
 * and a failing chunk handler (whose chunk's writes are rolled back while earlier chunks' writes
 * stay committed).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class LeakContractTest {

    private static final String TABLE = "ct_leak";
    private static final String LOG = "ct_leak_log";
    private static final int ROWS = 20;

    @Parameter
    TestDatabase database;

    private LeakTrackingDataSource tracked;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
    }

    @BeforeEach
    void trackConnections() {
        tracked = new LeakTrackingDataSource(database.dataSource());
        database.drop(LOG);
        database.execute("CREATE TABLE " + LOG + " (chunk " + database.integer() + " NOT NULL, last_id "
                + database.bigint() + " NOT NULL)");
    }

    @AfterEach
    void nothingIsLeftOpen() {
        assertThat(tracked.connectionsOpened()).as("the test ran scans").isPositive();
        assertThat(tracked.stillOpen()).as("JDBC objects left open").isEmpty();
    }

    private Scan<Long> scan(int chunkSize) {
        return Scan.over(tracked)
                .table(TABLE)
                .orderBy("grp nulls first")
                .chunkSize(chunkSize)
                .build(ID);
    }

    /** A caller's failure, thrown from inside a callback. */
    private static final class CallerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerFailure() {
            super("the caller's code failed");
        }
    }

    @Test
    void everyConsumptionStyleClosesEverythingAfterNormalCompletion() {
        Scan<Long> scan = scan(3);
        assertThat(ContractTables.rows(scan)).hasSize(ROWS);
        assertThat(ContractTables.chunks(scan)).hasSize(7);
        try (Stream<Long> stream = scan.stream()) {
            assertThat(stream.count()).isEqualTo(ROWS);
        }
        scan.forEachChunkInTransaction((chunk, connection) -> {});
        ScanIterator<Long> iterator = scan.iterator();
        int count = 0;
        while (iterator.hasNext()) {
            iterator.next();
            count++;
        }
        assertThat(count).isEqualTo(ROWS);
        assertThat(tracked.stillOpen())
                .as("an exhausted iterator closes itself")
                .isEmpty();
        iterator.close();
    }

    @Test
    void findingPartitionsClosesEverythingWhateverTheStrategy() {
        Scan<Long> scan = scan(3);
        for (dev.chunkwise.PartitionStrategy strategy : dev.chunkwise.PartitionStrategy.values()) {
            assertThat(scan.partitions(4, strategy)).as("%s", strategy).hasSizeBetween(1, 4);
            assertThat(tracked.stillOpen())
                    .as("open after partitions(4, %s)", strategy)
                    .isEmpty();
        }
    }

    @Test
    void closingAStreamEarlyClosesEverything() {
        for (int chunkSize : new int[] {3, 100}) {
            try (Stream<Long> stream = scan(chunkSize).stream()) {
                Iterator<Long> rows = stream.iterator();
                for (int i = 0; i < 4; i++) {
                    rows.next();
                }
                assertThat(tracked.stillOpen()).as("open while the stream is").isNotEmpty();
            }
            assertThat(tracked.stillOpen()).as("chunk size %d", chunkSize).isEmpty();
            try (Stream<Long> stream = scan(chunkSize).stream()) {
                assertThat(stream.limit(5).collect(Collectors.toList())).hasSize(5);
            }
            assertThat(tracked.stillOpen())
                    .as("chunk size %d, limit", chunkSize)
                    .isEmpty();
        }
    }

    @Test
    void closingAnIteratorEarlyClosesEverything() {
        try (ScanIterator<Long> iterator = scan(100).iterator()) {
            iterator.next();
            iterator.next();
        }
    }

    @Test
    void anExceptionFromTheCallersCodeInsideForEachIsRethrownAsItIsAndClosesEverything() {
        CallerFailure failure = new CallerFailure();
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> scan(3).forEach(id -> {
                    seen.add(id);
                    if (seen.size() == 5) {
                        throw failure;
                    }
                }))
                .isSameAs(failure);
        assertThat(seen).hasSize(5);
    }

    @Test
    void anExceptionFromTheCallersCodeInsideForEachChunkIsRethrownAsItIsAndClosesEverything() {
        CallerFailure failure = new CallerFailure();
        assertThatThrownBy(() -> scan(3).forEachChunk(chunk -> {
                    if (chunk.number() == 2) {
                        throw failure;
                    }
                }))
                .isSameAs(failure);
    }

    @Test
    void anExceptionFromTheCallersCodeInsideAStreamPipelineClosesEverythingWhenTheStreamIsClosed() {
        CallerFailure failure = new CallerFailure();
        assertThatThrownBy(() -> {
                    try (Stream<Long> stream = scan(3).stream()) {
                        stream.forEach(id -> {
                            if (id == 70L) {
                                throw failure;
                            }
                        });
                    }
                })
                .isSameAs(failure);
    }

    @Test
    void aRowMapperThrowingSqlExceptionFailsTheRunWithContextAndClosesEverything() {
        SQLException mapperFailure = new SQLException("mapper cannot read row");
        int[] mapped = {0};
        RowMapper<Long> failing = row -> {
            if (++mapped[0] == 6) {
                throw mapperFailure;
            }
            return row.getLong("id");
        };
        Scan<Long> scan =
                Scan.over(tracked).table(TABLE).orderBy("id").chunkSize(4).build(failing);
        assertThatThrownBy(() -> scan.forEach(id -> {}))
                .isInstanceOf(ChunkwiseException.class)
                .hasCause(mapperFailure)
                .hasMessageContaining("mapper cannot read row")
                .message()
                .containsIgnoringCase(TABLE);
        assertThat(tracked.stillOpen()).as("after forEach").isEmpty();
        mapped[0] = 0;
        assertThatThrownBy(() -> scan.forEachChunk(chunk -> {}))
                .isInstanceOf(ChunkwiseException.class)
                .hasCause(mapperFailure);
        assertThat(tracked.stillOpen()).as("after forEachChunk").isEmpty();
        mapped[0] = 0;
        ScanIterator<Long> iterator = scan.iterator();
        for (int i = 0; i < 5; i++) {
            iterator.next();
        }
        ChunkwiseException thrown = assertThrows(ChunkwiseException.class, iterator::hasNext);
        assertThat(thrown.lastPosition())
                .as("resumable from the last delivered row")
                .contains(scan.position(50L));
        assertThat(tracked.stillOpen()).as("a failed iterator closes itself").isEmpty();
        assertThatThrownBy(iterator::hasNext).isInstanceOf(IllegalStateException.class);
        iterator.close();
    }

    @Test
    void aDatabaseErrorDuringARunFailsWithTheSqlAndClosesEverything() {
        String gone = "ct_leak_gone";
        ContractTables.createNumbered(database, gone, 3);
        Scan<Long> scan = Scan.over(tracked).table(gone).chunkSize(2).build(ID);
        database.drop(gone);
        assertThatThrownBy(() -> scan.forEach(id -> {}))
                .isInstanceOf(ChunkwiseException.class)
                .hasCauseInstanceOf(SQLException.class)
                .message()
                .containsIgnoringCase(gone)
                .contains("[sql: SELECT");
        assertThat(tracked.stillOpen()).as("after forEach").isEmpty();
        assertThatThrownBy(() -> scan.forEachChunkInTransaction((chunk, connection) -> {}))
                .isInstanceOf(ChunkwiseException.class);
    }

    private static void logChunk(Chunk<Long> chunk, Connection connection) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO " + LOG + " (chunk, last_id) VALUES (?, ?)")) {
            insert.setInt(1, (int) chunk.number());
            insert.setLong(2, chunk.rows().get(chunk.size() - 1));
            insert.executeUpdate();
        }
    }

    @Test
    void aFailingChunkHandlerRollsBackItsChunksWritesKeepsEarlierChunksAndClosesEverything() {
        CallerFailure failure = new CallerFailure();
        assertThatThrownBy(() -> scan(3).forEachChunkInTransaction((chunk, connection) -> {
                    logChunk(chunk, connection);
                    if (chunk.number() == 3) {
                        throw failure;
                    }
                }))
                .isSameAs(failure);
        assertThat(ContractTables.ids(database, "SELECT chunk FROM " + LOG + " ORDER BY chunk"))
                .containsExactly(1L, 2L);
    }

    @Test
    void aChunkHandlerThrowingSqlExceptionFailsWithContextRollsBackItsChunkAndClosesEverything() {
        SQLException handlerFailure = new SQLException("handler cannot write");
        assertThatThrownBy(() -> scan(4).forEachChunkInTransaction((chunk, connection) -> {
                    logChunk(chunk, connection);
                    if (chunk.number() == 2) {
                        throw handlerFailure;
                    }
                }))
                .isInstanceOf(ChunkwiseException.class)
                .hasCause(handlerFailure)
                .hasMessageContaining("handler cannot write");
        assertThat(ContractTables.ids(database, "SELECT chunk FROM " + LOG + " ORDER BY chunk"))
                .containsExactly(1L);
    }

    @Test
    void resumingAfterTheLastCommittedChunkOfAFailedTransactionalRunProcessesEveryRowOnce() {
        Scan<Long> scan = scan(3);
        assertThatThrownBy(() -> scan.forEachChunkInTransaction((chunk, connection) -> {
                    logChunk(chunk, connection);
                    if (chunk.number() == 4) {
                        throw new CallerFailure();
                    }
                }))
                .isInstanceOf(CallerFailure.class);
        List<Long> processed = new ArrayList<>();
        List<Chunk<Long>> committed = ContractTables.chunks(scan).subList(0, 3);
        committed.forEach(chunk -> processed.addAll(chunk.rows()));
        scan.startAfter(committed.get(2).last()).forEachChunkInTransaction((chunk, connection) -> {
            logChunk(chunk, connection);
            processed.addAll(chunk.rows());
        });
        assertThat(processed).containsExactlyElementsOf(ContractTables.rows(scan));
        assertThat(ContractTables.ids(database, "SELECT count(*) FROM " + LOG)).containsExactly(7L);
    }
}
