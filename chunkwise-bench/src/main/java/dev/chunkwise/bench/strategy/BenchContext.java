package dev.chunkwise.bench.strategy;

import dev.chunkwise.bench.Database;
import javax.sql.DataSource;

/**
 * What a strategy gets: the database, a pooled DataSource whose statements are counted, the
 * page or chunk size every paging strategy uses, and the probe to hand rows to.
 *
 * @param database which database
 * @param dataSource a HikariCP pool over counted connections, the same for every strategy
 * @param chunkSize rows per chunk or page (and the fetch size of the streaming strategies)
 * @param probe receives every row
 * @param statements counts statements a strategy runs outside JDBC statements (COPY)
 */
public record BenchContext(
        Database database, DataSource dataSource, int chunkSize, Probe probe, StatementCounter statements) {

    /** Counts statements executed; shared by the counting DataSource and strategies that bypass it. */
    public interface StatementCounter {
        void increment();
    }
}
