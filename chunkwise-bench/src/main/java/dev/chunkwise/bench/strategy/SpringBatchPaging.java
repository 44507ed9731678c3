package dev.chunkwise.bench.strategy;

import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;

/**
 * {@code spring-batch-paging}: Spring Batch's {@link JdbcPagingItemReader} (keyset pages on the
 * sort key, the query provider chosen from the database), read item by item as a step would.
 */
public final class SpringBatchPaging implements Strategy {

    private JdbcPagingItemReader<EntryRow> reader;

    @Override
    public void setUp(BenchContext context) {
        try {
            reader = new JdbcPagingItemReaderBuilder<EntryRow>()
                    .name("entries")
                    .dataSource(context.dataSource())
                    .selectClause("SELECT " + EntryRow.COLUMNS)
                    .fromClause("FROM bench_entry")
                    .sortKeys(Map.of("id", Order.ASCENDING))
                    .pageSize(context.chunkSize())
                    .rowMapper((row, index) -> EntryRow.map(row))
                    .saveState(false)
                    .build();
            reader.afterPropertiesSet();
        } catch (Exception failure) {
            throw new IllegalStateException("cannot build the JdbcPagingItemReader: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void scan(BenchContext context) {
        context.probe().clockEvery(context.chunkSize());
        reader.open(new ExecutionContext());
        try {
            EntryRow row;
            while ((row = read()) != null) {
                context.probe().accept(row);
            }
        } finally {
            reader.close();
        }
    }

    private EntryRow read() {
        try {
            return reader.read();
        } catch (RuntimeException failure) {
            throw failure;
        } catch (Exception failure) {
            throw new IllegalStateException("JdbcPagingItemReader.read failed: " + failure.getMessage(), failure);
        }
    }
}
