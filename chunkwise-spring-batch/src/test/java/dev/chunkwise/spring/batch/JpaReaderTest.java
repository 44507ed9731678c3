package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.jpa.JpaScan;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The reader over a chunkwise-jpa {@link JpaScan}, on its own and in a restarted job. */
class JpaReaderTest {

    private static EntityManagerFactory factory;
    private static Fixture rows;

    @BeforeAll
    static void createTable() {
        rows = Fixture.create(JpaRow.TABLE, 300);
        factory = JpaRows.factory();
    }

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @CsvSource({"1", "7", "100", "300", "1000"})
    void readsEveryEntityOnceInTheScansOrderWhateverTheChunkSize(int chunkSize) throws Exception {
        ChunkwiseItemReader<JpaRow> reader = reader(JpaRows.scan(factory, chunkSize));
        reader.open(new ExecutionContext());

        assertThat(readIds(reader)).containsExactlyElementsOf(rows.ids());
    }

    @Test
    void continuesAfterThePositionSavedInTheContext() throws Exception {
        JpaScan<JpaRow> scan = JpaRows.scan(factory, 50);
        ChunkwiseItemReader<JpaRow> first = reader(scan);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        for (int i = 0; i < 123; i++) {
            first.read();
        }
        first.update(context);
        first.close();

        ChunkwiseItemReader<JpaRow> second = reader(scan);
        second.open(context);

        assertThat(context.get("rows.position")).isInstanceOf(String.class);
        assertThat(readIds(second)).containsExactlyElementsOf(rows.ids().subList(123, 300));
    }

    @Test
    void aJpaScanHasNoPartitions() {
        assertThatThrownBy(() -> new ChunkwiseItemReaderBuilder<JpaRow>()
                        .name("rows")
                        .jpaScan(JpaRows.scan(factory, 10))
                        .partition("cwp1.anything")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no partitions");
    }

    @Test
    void aRestartAfterAFailureMidStepWritesEveryEntityExactlyOnce() {
        Fixture fixture = Fixture.create(JpaRow.TABLE, 1_000);
        fixture.failAt.set(fixture.ids().get(555));

        JobExecution first = JobRunner.run(fixture, Jobs.JpaSingleStep.class, JobRunner.Serializer.JACKSON);
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        JobExecution restart = JobRunner.run(fixture, Jobs.JpaSingleStep.class, JobRunner.Serializer.JACKSON);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restart.getStepExecutions().iterator().next().getReadCount())
                .isEqualTo(1_000 - 555 / Jobs.COMMIT_INTERVAL * Jobs.COMMIT_INTERVAL);
        assertThat(fixture.done()).hasSize(1_000).allSatisfy((id, times) -> assertThat(times)
                .isEqualTo(1));
        rows = Fixture.create(JpaRow.TABLE, 300); // the table the other tests read
    }

    private static ChunkwiseItemReader<JpaRow> reader(JpaScan<JpaRow> scan) {
        return new ChunkwiseItemReaderBuilder<JpaRow>()
                .name("rows")
                .jpaScan(scan)
                .build();
    }

    private static List<Long> readIds(ChunkwiseItemReader<JpaRow> reader) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JpaRow row = reader.read(); row != null; row = reader.read()) {
            ids.add(row.id());
        }
        return ids;
    }
}
