package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ParallelStatistics;
import dev.chunkwise.PartitionFailedException;
import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Running partitions side by side ({@code scan.parallel(n)}): every row exactly once over the
 * partitions, each partition in the scan's order; a failed partition reported with its index and
 * position while the others finish; checkpoints per partition that resume the failed partition
 * and skip the finished ones; refusals of what cannot work.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ParallelScanContractTest {

    private static final String TABLE = "ct_parallel";
    private static final String TARGET = "ct_parallel_target";
    private static final int ROWS = 60;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTables(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
    }

    private Scan<Long> byGroup(LeakTrackingDataSource source) {
        return Scan.over(source)
                .table(TABLE)
                .orderBy("grp desc nulls first")
                .chunkSize(4)
                .build(ID);
    }

    private static List<Long> rows(Scan<Long> scan) {
        List<Long> rows = new ArrayList<>();
        scan.forEach(rows::add);
        return rows;
    }

    @Test
    void everyRowIsDeliveredOnceOverOneTwoAndFourPartitionsEachInTheScansOrder() {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        Scan<Long> scan = byGroup(source);
        List<Long> single = rows(scan);
        assertThat(single).hasSize(ROWS);
        for (int n : new int[] {1, 2, 4}) {
            Map<String, List<Long>> byThread = new ConcurrentHashMap<>();
            ParallelStatistics statistics = scan.parallel(n).forEach(id -> byThread.computeIfAbsent(
                            Thread.currentThread().getName(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .add(id));
            List<Long> all = new ArrayList<>();
            byThread.values().forEach(all::addAll);
            assertThat(all).as("n = %d", n).hasSize(ROWS).containsExactlyInAnyOrderElementsOf(single);
            assertThat(byThread).as("one worker thread per partition").hasSize(n);
            for (List<Long> partitionRows : byThread.values()) {
                List<Long> inScanOrder = new ArrayList<>(partitionRows);
                inScanOrder.sort((a, b) -> Integer.compare(single.indexOf(a), single.indexOf(b)));
                assertThat(partitionRows)
                        .as("a partition's rows in the scan's order")
                        .isEqualTo(inScanOrder);
            }
            assertThat(statistics.rows()).isEqualTo(ROWS);
            assertThat(statistics.partitions()).hasSize(n);
            assertThat(statistics.partitions())
                    .allSatisfy(partition -> assertThat(partition.rows()).isPositive());
            assertThat(statistics.skipped()).isEmpty();
        }
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void chunksOfAllPartitionsCoverTheScanOnTheCallersExecutor() {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        Scan<Long> scan = byGroup(source);
        ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            ParallelStatistics statistics = scan.parallel(4)
                    .strategy(PartitionStrategy.INDEX_WALK)
                    .executor(executor)
                    .forEachChunk(chunk -> delivered.addAll(chunk.rows()));
            assertThat(statistics.partitions()).hasSize(4);
            assertThat(statistics.chunks())
                    .isEqualTo(statistics.partitions().stream()
                            .mapToLong(partition -> partition.chunks())
                            .sum());
        } finally {
            executor.shutdownNow();
        }
        assertThat(delivered).hasSize(ROWS).containsExactlyInAnyOrderElementsOf(rows(scan));
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void anExecutorThatRefusesThePartitionsIsReportedAndNothingRuns() {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
        assertThatThrownBy(() -> byGroup(source).parallel(2).executor(executor).forEach(delivered::add))
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageStartingWith("the executor refused a partition of the parallel scan over ");
        assertThat(delivered).isEmpty();
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void aFailedPartitionIsReportedWithItsIndexAndPositionWhileTheOthersFinish() {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        Scan<Long> scan = byGroup(source);
        List<ScanPartition<Long>> partitions = scan.partitions(4, PartitionStrategy.INDEX_WALK);
        Set<Long> second = Set.copyOf(rows(partitions.get(1).scan()));
        ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
        AtomicInteger chunksOfSecond = new AtomicInteger();

        assertThatThrownBy(() -> scan.parallel(4)
                        .strategy(PartitionStrategy.INDEX_WALK)
                        .threads(2)
                        .forEachChunk(chunk -> {
                            if (second.contains(chunk.rows().get(0)) && chunksOfSecond.incrementAndGet() == 2) {
                                throw new IllegalStateException("boom in the second partition");
                            }
                            delivered.addAll(chunk.rows());
                        }))
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageStartingWith("1 of 4 partitions of the parallel scan over ")
                .hasMessageContaining("failed (1/4)")
                .hasMessageContaining("boom in the second partition")
                .satisfies(summary -> {
                    assertThat(summary.getSuppressed()).hasSize(1);
                    PartitionFailedException failure = (PartitionFailedException) summary.getSuppressed()[0];
                    assertThat(failure.partition()).isEqualTo(1);
                    assertThat(failure.count()).isEqualTo(4);
                    assertThat(failure.getCause()).hasMessage("boom in the second partition");
                    assertThat(failure.lastPosition()).isPresent();
                    assertThat(rows(partitions
                                    .get(1)
                                    .scan()
                                    .startAfter(failure.lastPosition().get())))
                            .hasSize(second.size() - 4);
                });
        List<Long> others = new ArrayList<>();
        for (int i : new int[] {0, 2, 3}) {
            others.addAll(rows(partitions.get(i).scan()));
        }
        assertThat(delivered).hasSize(others.size() + 4).containsAll(others);
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void anInterruptedCheckpointedRunResumesTheFailedPartitionAndSkipsTheFinishedOnes() throws Exception {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        database.drop(TARGET);
        database.drop("ct_parallel_checkpoints");
        database.execute("CREATE TABLE " + TARGET + " (id " + database.bigint() + " NOT NULL PRIMARY KEY)");
        CheckpointTable checkpoints = CheckpointTable.named("ct_parallel_checkpoints");
        Scan<Long> scan = byGroup(source);
        List<ScanPartition<Long>> partitions = scan.partitions(4, PartitionStrategy.INDEX_WALK);
        Set<Long> second = Set.copyOf(rows(partitions.get(1).scan()));
        AtomicInteger chunksOfSecond = new AtomicInteger();
        ConcurrentLinkedQueue<Long> handledAgain = new ConcurrentLinkedQueue<>();
        boolean[] failing = {true};

        dev.chunkwise.ChunkHandler<Long> copy = (chunk, connection) -> {
            if (failing[0] && second.contains(chunk.rows().get(0)) && chunksOfSecond.incrementAndGet() == 3) {
                throw new IllegalStateException("stopped in the second partition");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TARGET + " (id) VALUES (?)")) {
                for (long id : chunk.rows()) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                }
            }
            if (!failing[0]) {
                handledAgain.addAll(chunk.rows());
            }
        };
        ChunkwiseException stopped =
                org.junit.jupiter.api.Assertions.assertThrows(ChunkwiseException.class, () -> scan.parallel(4)
                        .strategy(PartitionStrategy.INDEX_WALK)
                        .checkpoints(checkpoints, "copy-job")
                        .forEachChunkInTransaction(copy));
        assertThat(stopped).hasMessageContaining("a rerun of job 'copy-job' resumes the failed ones");
        assertThat(((PartitionFailedException) stopped.getSuppressed()[0]).partition())
                .isEqualTo(1);
        assertThat(database.column("SELECT COUNT(*) FROM " + TARGET).get(0).toString())
                .isEqualTo(Integer.toString(ROWS - second.size() + 8));

        failing[0] = false;
        Scan<Long> again = byGroup(source);
        ParallelStatistics resumed =
                again.parallel(4).checkpoints(checkpoints, "copy-job").forEachChunkInTransaction(copy);

        assertThat(resumed.skipped()).containsExactly(0, 2, 3);
        assertThat(resumed.rows()).isEqualTo(second.size() - 8);
        assertThat(handledAgain).hasSize(second.size() - 8).allMatch(second::contains);
        List<Long> copied = new ArrayList<>();
        database.column("SELECT id FROM " + TARGET + " ORDER BY id")
                .forEach(id -> copied.add(((Number) id).longValue()));
        assertThat(copied).hasSize(ROWS).containsExactlyInAnyOrderElementsOf(rows(scan));

        ParallelStatistics third =
                again.parallel(4).checkpoints(checkpoints, "copy-job").forEachChunkInTransaction(copy);
        assertThat(third.skipped()).containsExactly(0, 1, 2, 3);
        assertThat(third.rows()).isZero();
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void theHandlerIsToldEachChunksPartitionAndRemovedCheckpointsStartTheJobAnew() throws Exception {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        database.drop("ct_parallel_removed");
        CheckpointTable checkpoints = CheckpointTable.named("ct_parallel_removed");
        Scan<Long> scan = byGroup(source);
        List<ScanPartition<Long>> expected = scan.partitions(3, PartitionStrategy.INDEX_WALK);
        Map<Integer, List<Long>> byPartition = new ConcurrentHashMap<>();
        ParallelStatistics first = scan.parallel(3)
                .strategy(PartitionStrategy.INDEX_WALK)
                .checkpoints(checkpoints, "told")
                .forEachPartitionChunkInTransaction((partition, chunk, connection) -> byPartition
                        .computeIfAbsent(partition.index(), index -> Collections.synchronizedList(new ArrayList<>()))
                        .addAll(chunk.rows()));
        assertThat(first.rows()).isEqualTo(ROWS);
        assertThat(byPartition).hasSize(expected.size());
        for (ScanPartition<Long> partition : expected) {
            assertThat(byPartition.get(partition.index()))
                    .as("the chunks told partition %d", partition.index())
                    .containsExactlyElementsOf(rows(partition.scan()));
        }
        assertThat(scan.parallel(3)
                        .checkpoints(checkpoints, "told")
                        .forEachChunkInTransaction((chunk, connection) -> {})
                        .skipped())
                .containsExactly(0, 1, 2);

        // the rows of the saved count (3) go, whatever the count the remover was built with
        assertThat(scan.parallel(2).checkpoints(checkpoints, "told").removeCheckpoints())
                .isTrue();
        assertThat(scan.parallel(2).checkpoints(checkpoints, "told").removeCheckpoints())
                .isFalse();
        ParallelStatistics anew =
                scan.parallel(2).checkpoints(checkpoints, "told").forEachChunkInTransaction((chunk, connection) -> {});
        assertThat(anew.skipped()).isEmpty();
        assertThat(anew.rows()).isEqualTo(ROWS);

        try (java.sql.Connection connection = source.getConnection()) {
            connection.setAutoCommit(true);
            checkpoints.save(connection, "plain", null, "not a parallel job");
        }
        assertThatThrownBy(
                        () -> scan.parallel(2).checkpoints(checkpoints, "plain").removeCheckpoints())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was not saved by a parallel run and is left alone");
        assertThatThrownBy(() -> scan.parallel(2).removeCheckpoints())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs checkpoints");
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void savedPartitionsOfAnotherScanOrAnotherCountAreRefused() {
        LeakTrackingDataSource source = new LeakTrackingDataSource(database.dataSource());
        database.drop("ct_parallel_refusals");
        CheckpointTable checkpoints = CheckpointTable.named("ct_parallel_refusals");
        Scan<Long> scan = byGroup(source);
        scan.parallel(3).checkpoints(checkpoints, "job").forEachChunkInTransaction((chunk, connection) -> {});

        assertThatThrownBy(
                        () -> scan.parallel(2).checkpoints(checkpoints, "job").forEachChunkInTransaction((c, t) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was started with parallel(3) and cannot resume as parallel(2)");
        Scan<Long> other = Scan.over(source)
                .table(TABLE)
                .where("score = ?", 1)
                .orderBy("grp desc nulls first")
                .build(ID);
        assertThatThrownBy(
                        () -> other.parallel(3).checkpoints(checkpoints, "job").forEachChunkInTransaction((c, t) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was saved by another scan");
        assertThatThrownBy(
                        () -> scan.parallel(3).checkpoints(checkpoints, "job").forEach(id -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use forEachChunkInTransaction");
        assertThatThrownBy(() -> scan.parallel(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of partitions must be at least 1, got 0");
        assertThat(source.stillOpen()).isEmpty();
    }

    @Test
    void aSharedSnapshotIsRefusedWhereTheDatabaseCannotShareOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(database != TestDatabase.POSTGRESQL);
        Scan<Long> scan = byGroup(new LeakTrackingDataSource(database.dataSource()));
        assertThatThrownBy(() -> scan.parallel(2).snapshot())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("a parallel run cannot read one snapshot on ")
                .hasMessageContaining("cannot share one between connections");
        Scan<Long> snapshotScan =
                Scan.over(database.dataSource()).table(TABLE).snapshot().build(ID);
        assertThatThrownBy(() -> snapshotScan.parallel(2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
