package com.example.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on the test PostgreSQL, in a schema of its own that is dropped and created again
 * for each run of this test: the backfill fails in one partition, runs again with the same
 * parameters, and then every entry has its score, with only the failed partition run twice.
 */
@SpringBootTest(
        properties = {
            "spring.batch.job.enabled=false", // the test launches the job itself
            "backfill.demo-rows=5000",
            "backfill.commit-interval=100",
            "chunkwise.chunk-size=250",
            "spring.main.banner-mode=off",
            "logging.level.root=WARN"
        })
class BackfillApplicationTest {

    private static final String SCHEMA = "chunkwise_backfill_example";
    private static final AtomicLong FAIL_AT = new AtomicLong();

    @DynamicPropertySource
    static void freshSchema(DynamicPropertyRegistry registry) throws SQLException {
        String url = System.getenv("CHUNKWISE_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        }
        registry.add("spring.datasource.url", () -> System.getenv()
                .getOrDefault("CHUNKWISE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
    }

    /** The application's processor, failing once at the entry FAIL_AT names. */
    @TestConfiguration
    static class FailOnce {
        @Bean
        @Primary
        ItemProcessor<Entry, ScoredEntry> failingOnce(ScoreProcessor scores) {
            return entry -> {
                if (FAIL_AT.compareAndSet(entry.id(), 0)) {
                    throw new IllegalStateException("failure injected at entry " + entry.id());
                }
                return scores.process(entry);
            };
        }
    }

    @Autowired
    JobOperator jobOperator;

    @Autowired
    Job backfill;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailedPartitionRestartsAloneAndEveryEntryGetsItsScore() throws Exception {
        FAIL_AT.set(3_210);
        JobParameters parameters =
                new JobParametersBuilder().addString("run", "1").toJobParameters();

        JobExecution first = jobOperator.start(backfill, parameters);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        List<String> failed = first.getStepExecutions().stream()
                .filter(step -> step.getStatus() == BatchStatus.FAILED
                        && step.getStepName().startsWith("backfillPartition:"))
                .map(StepExecution::getStepName)
                .toList();
        assertThat(failed).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM entry WHERE score IS NULL", Long.class))
                .isPositive();

        JobExecution restart = jobOperator.start(backfill, parameters);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restart.getStepExecutions().stream()
                        .map(StepExecution::getStepName)
                        .filter(name -> name.startsWith("backfillPartition:")))
                .containsExactlyElementsOf(failed);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM entry WHERE score IS NULL", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM entry WHERE score <> length(headline) + body_length / 100", Long.class))
                .isZero();
    }
}
