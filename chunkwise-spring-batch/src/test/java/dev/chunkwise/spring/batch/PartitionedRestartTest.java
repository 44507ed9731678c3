package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * A 4-way partitioned step ({@link ChunkwisePartitioner}, step-scoped {@link ChunkwiseItemReader}
 * per partition, 4 threads) with a JDBC job repository on PostgreSQL: one partition fails, and the
 * restart runs only that partition, from the position its reader saved, within the bounds the first
 * run planned, whatever happened to the table in between.
 */
class PartitionedRestartTest {

    private static final int ROWS = 4_000;

    @Test
    void aRestartReRunsOnlyTheFailedPartitionFromItsSavedToken() {
        Fixture fixture = Fixture.create("partitioned_restart", ROWS);
        List<Long> partitionTwo = rowsOfPartition(fixture, 2);
        fixture.failAt.set(partitionTwo.get(200));
        List<Jobs.CountingPartitioner> partitioners = new ArrayList<>();

        JobExecution first = JobRunner.run(fixture, Jobs.Partitioned.class, partitioners);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        Map<String, StepExecution> firstWorkers = workers(first);
        assertThat(firstWorkers)
                .containsOnlyKeys("worker:partition0", "worker:partition1", "worker:partition2", "worker:partition3");
        assertThat(firstWorkers.get("worker:partition2").getStatus()).isEqualTo(BatchStatus.FAILED);
        long committedBeforeFailure = firstWorkers.get("worker:partition2").getWriteCount();
        assertThat(committedBeforeFailure).isEqualTo(200 / Jobs.COMMIT_INTERVAL * Jobs.COMMIT_INTERVAL);

        JobExecution restart = JobRunner.run(fixture, Jobs.Partitioned.class, partitioners);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, StepExecution> restartedWorkers = workers(restart);
        assertThat(restartedWorkers).containsOnlyKeys("worker:partition2");
        assertThat(restartedWorkers.get("worker:partition2").getReadCount())
                .isEqualTo(partitionTwo.size() - committedBeforeFailure);
        assertThat(partitioners.get(1).calls)
                .as("the restart does not split the table again")
                .hasValue(0);
        assertThat(fixture.done()).hasSize(ROWS).allSatisfy((id, times) -> assertThat(times)
                .as("times id %d was written", id)
                .isEqualTo(1));
    }

    @Test
    void aRestartAfterTheDataChangedKeepsThePlannedPartitionBounds() {
        Fixture fixture = Fixture.create("partitioned_changed", ROWS);
        List<Long> partitionTwo = rowsOfPartition(fixture, 2);
        fixture.failAt.set(partitionTwo.get(100));
        List<Jobs.CountingPartitioner> partitioners = new ArrayList<>();
        JobExecution first = JobRunner.run(fixture, Jobs.Partitioned.class, partitioners);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        String plannedToken = workers(first)
                .get("worker:partition2")
                .getExecutionContext()
                .getString(ChunkwisePartitioner.PARTITION_KEY);

        // 2,000 rows more at the start of the order: a new split would move every cut
        BatchDatabase.execute(
                "INSERT INTO " + fixture.table()
                        + " SELECT g, timestamp '2000-01-01 00:00:00' + g * interval '1 second', g"
                        + " FROM generate_series(100001, 102000) g",
                "ANALYZE " + fixture.table());
        assertThat(rowsOfPartition(fixture, 2)).isNotEqualTo(partitionTwo);

        JobExecution restart = JobRunner.run(fixture, Jobs.Partitioned.class, partitioners);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution restarted = workers(restart).get("worker:partition2");
        assertThat(restarted.getExecutionContext().getString(ChunkwisePartitioner.PARTITION_KEY))
                .isEqualTo(plannedToken);
        Map<Long, Integer> done = fixture.done();
        // the planned partitions, and none of the rows added before partition 0's completed range
        assertThat(done.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        fixture.ids().stream().filter(id -> id <= ROWS).toList());
        assertThat(done).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
    }

    private static List<Long> rowsOfPartition(Fixture fixture, int index) {
        try (com.zaxxer.hikari.HikariDataSource pool = BatchDatabase.pool(2)) {
            Scan<Long> scan = fixture.scan(pool, Jobs.SCAN_CHUNK);
            List<ScanPartition<Long>> partitions =
                    scan.partitions(Jobs.Partitioned.GRID_SIZE, PartitionStrategy.INDEX_WALK);
            assertThat(partitions).hasSize(Jobs.Partitioned.GRID_SIZE);
            List<Long> ids = new ArrayList<>();
            partitions.get(index).scan().forEach(ids::add);
            return ids;
        }
    }

    private static Map<String, StepExecution> workers(JobExecution execution) {
        Map<String, StepExecution> workers = new TreeMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().startsWith("worker:")) {
                workers.put(step.getStepName(), step);
            }
        }
        return workers;
    }
}
