package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.longs;
import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ParallelScan;
import dev.chunkwise.ParallelStatistics;
import dev.chunkwise.PartitionFailedException;
import dev.chunkwise.Scan;
import dev.chunkwise.reliability.ParallelRunFaultTest.PerThreadSource;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * G9 on PostgreSQL: the workers of a parallel snapshot run share the snapshot a coordinator
 * exported ({@code pg_export_snapshot()}, {@code SET TRANSACTION SNAPSHOT}); a writer that inserts
 * and deletes rows during the run changes nothing of what the run delivers, a worker that lost its
 * connection imports the same snapshot again, and a run whose coordinator is gone fails.
 */
class ParallelSnapshotTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final String TABLE = "rel_parallel_snapshot";
    private static final int ROWS = 2000;

    private final PerThreadSource source = new PerThreadSource(DATABASE);

    @BeforeEach
    void createTable() {
        ReliabilitySupport.createNumbered(DATABASE, TABLE, ROWS, 20);
    }

    private ParallelScan<Long> parallel(boolean snapshot) {
        Scan<Long> scan = Scan.over(source)
                .table(TABLE)
                .orderBy("id")
                .chunkSize(50)
                .clock(new ReliabilitySupport.FakeClock())
                .build(row -> row.getLong("id"));
        return snapshot ? scan.parallel(4).snapshot() : scan.parallel(4);
    }

    /** Deletes every tenth row and appends 500 rows, committed, from a connection of its own. */
    private static void writeMeanwhile() {
        DATABASE.execute(
                "DELETE FROM " + TABLE + " WHERE id % 10 = 0",
                "INSERT INTO " + TABLE + " (id, payload) SELECT g, 'new' FROM generate_series(" + (ROWS + 1) + ", "
                        + (ROWS + 500) + ") g");
    }

    private List<Long> runWithAWriter(ParallelScan<Long> parallel, boolean killAWorker) {
        AtomicBoolean written = new AtomicBoolean();
        CountDownLatch writeCommitted = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
        ParallelStatistics statistics = parallel.forEachChunk(chunk -> {
            // the first chunk of any partition writes; the others wait for it, so every partition
            // reads its later chunks after the write
            if (written.compareAndSet(false, true)) {
                writeMeanwhile();
                writeCommitted.countDown();
            } else {
                awaitUninterruptibly(writeCommitted);
            }
            delivered.addAll(chunk.rows());
            if (killAWorker && chunk.number() == 3 && killed.compareAndSet(false, true)) {
                source.killMine();
            }
        });
        assertThat(statistics.rows()).isEqualTo(delivered.size());
        if (killAWorker) {
            assertThat(statistics.retries()).isEqualTo(1);
        }
        List<Long> sorted = new ArrayList<>(delivered);
        sorted.sort(Long::compare);
        return sorted;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void aWriterDuringASnapshotRunChangesNothingOfWhatItDeliversEvenWhenAWorkerReconnects() {
        List<Long> delivered = runWithAWriter(parallel(true), true);

        assertThat(delivered).as("the rows at the snapshot").containsExactlyElementsOf(oneTo(ROWS));
        assertThat(longs(DATABASE, "SELECT COUNT(*) FROM " + TABLE)).containsExactly((long) ROWS - 200 + 500);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @Test
    void withoutTheSnapshotTheSameWriterIsSeen() {
        List<Long> delivered = runWithAWriter(parallel(false), false);

        assertThat(delivered)
                .isNotEqualTo(oneTo(ROWS))
                .contains((long) ROWS + 500)
                .doesNotContain((long) ROWS);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @Test
    void aRunWhoseCoordinatorIsGoneFailsRatherThanReadANewerView() {
        AtomicBoolean killed = new AtomicBoolean();
        assertThatThrownBy(() -> parallel(true).forEachChunk(chunk -> {
                    if (killed.compareAndSet(false, true)) {
                        List<Long> coordinator = longs(
                                DATABASE,
                                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                        + " AND query = 'SELECT pg_export_snapshot()'");
                        assertThat(coordinator).hasSize(1);
                        ReliabilitySupport.kill(DATABASE, coordinator.get(0));
                        writeMeanwhile();
                    }
                }))
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageContaining("partitions of the parallel scan over")
                .hasMessageContaining("cannot import the shared snapshot")
                .hasMessageContaining("the coordinator's transaction that exported it has ended")
                .satisfies(summary -> assertThat(summary.getSuppressed())
                        .isNotEmpty()
                        .allSatisfy(failure -> assertThat(failure)
                                .isInstanceOf(PartitionFailedException.class)
                                .hasMessageContaining("rather than read a newer view")));
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @Test
    void aSnapshotRunDoesNotCommitPerChunk() {
        assertThatThrownBy(() -> parallel(true).forEachChunkInTransaction((chunk, connection) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use forEach or forEachChunk");
    }
}
