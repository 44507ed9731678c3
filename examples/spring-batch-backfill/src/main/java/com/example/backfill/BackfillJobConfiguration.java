package com.example.backfill;

import dev.chunkwise.Scan;
import dev.chunkwise.spring.batch.ChunkwiseItemReader;
import dev.chunkwise.spring.batch.ChunkwiseItemReaderBuilder;
import dev.chunkwise.spring.batch.ChunkwisePartitioner;
import dev.chunkwise.spring.boot.ChunkwiseScans;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job: a manager step splits the entries without a score into key ranges
 * ({@link ChunkwisePartitioner}), and a worker step per range reads its entries with a
 * step-scoped {@link ChunkwiseItemReader}, computes their scores and writes them in transactions of
 * {@code backfill.commit-interval} rows. The job repository (Boot's, in the same database) saves
 * each partition's bounds and its reader's position as tokens, so a restart runs only the
 * partitions that did not complete, within the bounds of the first run, after the last committed
 * row.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackfillProperties.class)
public class BackfillJobConfiguration {

    /** The entries to backfill, in id order; the builder has the chunkwise.* defaults. */
    @Bean
    Scan<Entry> entriesWithoutScore(ChunkwiseScans scans) {
        return scans.table("entry")
                .where("score IS NULL")
                .orderBy("id")
                .build(row -> new Entry(row.getLong("id"), row.getString("headline"), row.getInt("body_length")));
    }

    @Bean
    ChunkwisePartitioner partitioner(Scan<Entry> entriesWithoutScore) {
        return new ChunkwisePartitioner(entriesWithoutScore);
    }

    /** One reader per partition: the step scope makes it from the partition's own context. */
    @Bean
    @StepScope
    ChunkwiseItemReader<Entry> entryReader(
            Scan<Entry> entriesWithoutScore,
            @Value("#{stepExecutionContext['" + ChunkwisePartitioner.PARTITION_KEY + "']}") String partition) {
        return new ChunkwiseItemReaderBuilder<Entry>()
                .name("entries")
                .scan(entriesWithoutScore)
                .partition(partition)
                .build();
    }

    @Bean
    ScoreProcessor scoreProcessor() {
        return new ScoreProcessor();
    }

    /** Keyed by id: writing an entry's score twice would write the same value. */
    @Bean
    JdbcBatchItemWriter<ScoredEntry> scoreWriter(DataSource dataSource) {
        return new JdbcBatchItemWriterBuilder<ScoredEntry>()
                .dataSource(dataSource)
                .sql("UPDATE entry SET score = ? WHERE id = ?")
                .itemPreparedStatementSetter((entry, statement) -> {
                    statement.setInt(1, entry.score());
                    statement.setLong(2, entry.id());
                })
                .build();
    }

    @Bean
    Step backfillPartition(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ChunkwiseItemReader<Entry> entryReader,
            ItemProcessor<Entry, ScoredEntry> processor,
            JdbcBatchItemWriter<ScoredEntry> scoreWriter,
            BackfillProperties properties) {
        return new StepBuilder("backfillPartition", repository)
                .<Entry, ScoredEntry>chunk(properties.commitInterval())
                .transactionManager(transactions)
                .reader(entryReader)
                .processor(processor)
                .writer(scoreWriter)
                .build();
    }

    @Bean
    Step backfillEntries(
            JobRepository repository,
            @Qualifier("backfillPartition") Step backfillPartition,
            ChunkwisePartitioner partitioner,
            BackfillProperties properties) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("backfill-");
        threads.setConcurrencyLimit(properties.partitions());
        return new StepBuilder("backfillEntries", repository)
                .partitioner("backfillPartition", partitioner)
                .step(backfillPartition)
                .gridSize(properties.partitions())
                .taskExecutor(threads)
                .build();
    }

    @Bean
    Job backfill(JobRepository repository, @Qualifier("backfillEntries") Step backfillEntries) {
        return new JobBuilder("backfill", repository).start(backfillEntries).build();
    }
}
