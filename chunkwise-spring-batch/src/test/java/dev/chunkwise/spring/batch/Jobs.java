package dev.chunkwise.spring.batch;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/** The jobs of the tests, over the {@link Fixture} bean a test registers. */
final class Jobs {

    /** The step's commit interval: not a divisor of the scan's chunk size, on purpose. */
    static final int COMMIT_INTERVAL = 30;

    /** The scan's chunk size. */
    static final int SCAN_CHUNK = 100;

    private Jobs() {}

    /** One chunk-oriented step over a reader that is a plain singleton bean. */
    @Configuration(proxyBeanMethods = false)
    static class SingleStep {

        @Bean
        ChunkwiseItemReader<Long> reader(Fixture fixture, DataSource dataSource) {
            return new ChunkwiseItemReaderBuilder<Long>()
                    .name("rows")
                    .scan(fixture.scan(dataSource, SCAN_CHUNK))
                    .build();
        }

        @Bean
        Step backfill(
                JobRepository repository,
                PlatformTransactionManager transactions,
                ChunkwiseItemReader<Long> reader,
                Fixture fixture,
                DataSource dataSource) {
            return new StepBuilder("backfill", repository)
                    .<Long, Long>chunk(COMMIT_INTERVAL)
                    .transactionManager(transactions)
                    .reader(reader)
                    .processor(fixture.processor())
                    .writer(fixture.writer(dataSource, "backfill"))
                    .build();
        }

        @Bean
        Job job(JobRepository repository, @Qualifier("backfill") Step backfill, Fixture fixture) {
            return new JobBuilder(fixture.name, repository).start(backfill).build();
        }
    }

    /** The same step over a {@code @StepScope} reader: the step sees a subclass proxy of it. */
    @Configuration(proxyBeanMethods = false)
    static class StepScopedReader {

        @Bean
        @StepScope
        ChunkwiseItemReader<Long> reader(Fixture fixture, DataSource dataSource) {
            return new ChunkwiseItemReaderBuilder<Long>()
                    .name("rows")
                    .scan(fixture.scan(dataSource, SCAN_CHUNK))
                    .build();
        }

        @Bean
        Step backfill(
                JobRepository repository,
                PlatformTransactionManager transactions,
                ChunkwiseItemReader<Long> reader,
                Fixture fixture,
                DataSource dataSource) {
            return new StepBuilder("backfill", repository)
                    .<Long, Long>chunk(COMMIT_INTERVAL)
                    .transactionManager(transactions)
                    .reader(reader)
                    .processor(fixture.processor())
                    .writer(fixture.writer(dataSource, "backfill"))
                    .build();
        }

        @Bean
        Job job(JobRepository repository, @Qualifier("backfill") Step backfill, Fixture fixture) {
            return new JobBuilder(fixture.name, repository).start(backfill).build();
        }
    }

    /** One chunk-oriented step over a reader of a chunkwise-jpa scan of {@link JpaRow}. */
    @Configuration(proxyBeanMethods = false)
    static class JpaSingleStep {

        @Bean(destroyMethod = "close")
        jakarta.persistence.EntityManagerFactory entityManagerFactory() {
            return JpaRows.factory();
        }

        @Bean
        ChunkwiseItemReader<JpaRow> reader(jakarta.persistence.EntityManagerFactory factory) {
            return new ChunkwiseItemReaderBuilder<JpaRow>()
                    .name("rows")
                    .jpaScan(JpaRows.scan(factory, SCAN_CHUNK))
                    .build();
        }

        @Bean
        Step backfill(
                JobRepository repository,
                PlatformTransactionManager transactions,
                ChunkwiseItemReader<JpaRow> reader,
                Fixture fixture,
                DataSource dataSource) {
            org.springframework.batch.infrastructure.item.ItemProcessor<Long, Long> failing = fixture.processor();
            return new StepBuilder("backfill", repository)
                    .<JpaRow, Long>chunk(COMMIT_INTERVAL)
                    .transactionManager(transactions)
                    .reader(reader)
                    .processor(row -> failing.process(row.id()))
                    .writer(fixture.writer(dataSource, "backfill"))
                    .build();
        }

        @Bean
        Job job(JobRepository repository, @Qualifier("backfill") Step backfill, Fixture fixture) {
            return new JobBuilder(fixture.name, repository).start(backfill).build();
        }
    }

    /** A partitioner that counts how often it is asked to split the table. */
    static final class CountingPartitioner extends ChunkwisePartitioner {
        final AtomicInteger calls = new AtomicInteger();

        CountingPartitioner(Scan<?> scan) {
            super(scan, PartitionStrategy.INDEX_WALK);
        }

        @Override
        public Map<String, ExecutionContext> partition(int gridSize) {
            calls.incrementAndGet();
            return super.partition(gridSize);
        }
    }

    /** A manager step that runs the worker step on 4 partitions, on 4 threads. */
    @Configuration(proxyBeanMethods = false)
    static class Partitioned {

        static final int GRID_SIZE = 4;

        @Bean
        CountingPartitioner partitioner(Fixture fixture, DataSource dataSource) {
            return new CountingPartitioner(fixture.scan(dataSource, SCAN_CHUNK));
        }

        @Bean
        @StepScope
        ChunkwiseItemReader<Long> reader(
                Fixture fixture,
                DataSource dataSource,
                @Value("#{stepExecutionContext['" + ChunkwisePartitioner.PARTITION_KEY + "']}") String partition) {
            return new ChunkwiseItemReaderBuilder<Long>()
                    .name("rows")
                    .scan(fixture.scan(dataSource, SCAN_CHUNK))
                    .partition(partition)
                    .build();
        }

        @Bean
        Step worker(
                JobRepository repository,
                PlatformTransactionManager transactions,
                ChunkwiseItemReader<Long> reader,
                Fixture fixture,
                DataSource dataSource) {
            return new StepBuilder("worker", repository)
                    .<Long, Long>chunk(COMMIT_INTERVAL)
                    .transactionManager(transactions)
                    .reader(reader)
                    .processor(fixture.processor())
                    .writer(fixture.writer(dataSource, "worker"))
                    .build();
        }

        @Bean
        Step backfill(JobRepository repository, @Qualifier("worker") Step worker, CountingPartitioner partitioner) {
            return new StepBuilder("backfill", repository)
                    .partitioner("worker", partitioner)
                    .step(worker)
                    .gridSize(GRID_SIZE)
                    .taskExecutor(new SimpleAsyncTaskExecutor("partition-"))
                    .build();
        }

        @Bean
        Job job(JobRepository repository, @Qualifier("backfill") Step backfill, Fixture fixture) {
            return new JobBuilder(fixture.name, repository).start(backfill).build();
        }
    }
}
