package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * A chunk-oriented step over a {@link ChunkwiseItemReader}, with a JDBC job repository on
 * PostgreSQL: a failure injected in the middle of the step, then a restart in a new application
 * context, and every row is written exactly once (the writer counts each id).
 */
class RestartTest {

    private static final int ROWS = 2_000;

    @ParameterizedTest
    @EnumSource(JobRunner.Serializer.class)
    void aRestartAfterAFailureMidStepWritesEveryRowExactlyOnce(JobRunner.Serializer serializer) {
        Fixture fixture = Fixture.create("restart_" + serializer.name().toLowerCase(java.util.Locale.ROOT), ROWS);
        long failing = fixture.ids().get(1_234);
        fixture.failAt.set(failing);

        JobExecution first = JobRunner.run(fixture, Jobs.SingleStep.class, serializer);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution failed = first.getStepExecutions().iterator().next();
        // the chunks committed before the failing one: 1234 rows read before it, 30 a chunk
        assertThat(failed.getWriteCount()).isEqualTo(1_234 / Jobs.COMMIT_INTERVAL * Jobs.COMMIT_INTERVAL);
        assertThat(failed.getExecutionContext().getString("rows.position")).isNotBlank();
        assertThat(fixture.done()).hasSize((int) failed.getWriteCount());

        JobExecution restart = JobRunner.run(fixture, Jobs.SingleStep.class, serializer);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution resumed = restart.getStepExecutions().iterator().next();
        assertThat(resumed.getReadCount()).isEqualTo(ROWS - failed.getWriteCount());
        assertThat(fixture.done()).hasSize(ROWS).allSatisfy((id, times) -> assertThat(times)
                .as("times id %d was written", id)
                .isEqualTo(1));
    }

    @Test
    void theOnlyStateTheReaderSavesIsThePositionTokenString() {
        Fixture fixture = Fixture.create("restart_state", 300);
        fixture.failAt.set(fixture.ids().get(100));

        JobExecution first = JobRunner.run(fixture, Jobs.SingleStep.class, JobRunner.Serializer.JACKSON);

        Map<String, Object> context = first.getStepExecutions()
                .iterator()
                .next()
                .getExecutionContext()
                .toMap();
        Map<String, Object> readers = context.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("rows."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(readers).containsOnlyKeys("rows.position");
        assertThat(readers.get("rows.position")).isInstanceOf(String.class);
    }

    @Test
    void aStepScopedReaderIsAProxyThatReadsAndRestarts() {
        Fixture fixture = Fixture.create("restart_step_scope", 500);
        fixture.failAt.set(fixture.ids().get(250));

        java.util.List<Object> readers = new java.util.ArrayList<>();
        JobExecution first = JobRunner.run(
                fixture,
                Jobs.StepScopedReader.class,
                JobRunner.Serializer.DEFAULT,
                context -> readers.add(context.getBean(ChunkwiseItemReader.class)));
        assertThat(readers.get(0)).isInstanceOf(ChunkwiseItemReader.class).satisfies(reader -> assertThat(
                        org.springframework.aop.support.AopUtils.isCglibProxy(reader))
                .as("the step-scoped bean is a subclass proxy")
                .isTrue());
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        JobExecution restart = JobRunner.run(fixture, Jobs.StepScopedReader.class, JobRunner.Serializer.DEFAULT);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fixture.done()).hasSize(500).allSatisfy((id, times) -> assertThat(times)
                .isEqualTo(1));
    }
}
