package dev.chunkwise.spring.boot;

import dev.chunkwise.ConnectionSource;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Starts chunkwise scans over the application's {@link DataSource}, with the defaults of
 * {@link ChunkwiseProperties} ({@code chunkwise.*}) already applied to the builder:
 *
 * <pre>{@code
 * Scan<Entry> scan = scans.table("entry").where("rating IS NULL").build(Entry::map);
 * }</pre>
 *
 * <p><b>Transactions.</b> A scan from {@link #table(String)} takes its own connections from the
 * pool ({@code dataSource.getConnection()}), whatever transaction the calling thread is in: its
 * chunks neither see the caller's uncommitted writes nor take part in its commit or rollback, and
 * called inside a Spring-managed transaction it needs a second connection besides the one that
 * transaction holds. With a pool of one connection it waits for that second connection until the
 * pool's timeout (HikariCP's {@code connection-timeout}, 30 s by default; forever with a pool that
 * has none). {@link #joiningTransaction()} gives scans that run on the caller's transactional
 * connection instead.
 *
 * <p>Immutable and thread-safe.
 */
public class ChunkwiseScans {

    private final DataSource dataSource;
    private final ChunkwiseProperties properties;
    private final boolean joining;

    /** Scans over {@code dataSource} with the defaults of {@code properties}. */
    public ChunkwiseScans(DataSource dataSource, ChunkwiseProperties properties) {
        this(dataSource, properties, false);
    }

    private ChunkwiseScans(DataSource dataSource, ChunkwiseProperties properties, boolean joining) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.joining = joining;
    }

    /** A scan builder over {@code name} (a table or view; {@code schema.table} also works). */
    public Scan.Builder table(String name) {
        return configure(Scan.over(source()).table(name));
    }

    /** A scan builder over {@code name} in {@code schema}. */
    public Scan.Builder table(String schema, String name) {
        return configure(Scan.over(source()).table(schema, name));
    }

    /**
     * Scans that run on the connection of the Spring-managed transaction of the calling thread
     * ({@link TransactionalConnectionSource}): their chunks see the transaction's own writes, and
     * commit or roll back with it, never on their own. Without a transaction on the thread, a scan
     * takes its own connection as usual. Their retries are off ({@link RetryPolicy#none()}): a
     * failed statement has aborted the caller's transaction, which a retry on the same connection
     * cannot repair; a lost connection fails the scan and the transaction. A snapshot scan is
     * refused there (the caller's transaction decides the isolation level), and
     * {@code forEachChunkInTransaction} commits nothing per chunk: every chunk commits with the
     * caller's transaction.
     */
    public ChunkwiseScans joiningTransaction() {
        return new ChunkwiseScans(dataSource, properties, true);
    }

    /** The defaults applied to each builder. */
    public ChunkwiseProperties properties() {
        return properties;
    }

    private ConnectionSource source() {
        return joining ? new TransactionalConnectionSource(dataSource) : ConnectionSource.of(dataSource);
    }

    private Scan.Builder configure(Scan.Builder builder) {
        builder.chunkSize(properties.chunkSize());
        if (properties.chunkTime() != null) {
            builder.chunkTime(properties.chunkTime(), properties.minChunkSize(), properties.maxChunkSize());
        }
        if (properties.fetchSize() != null) {
            builder.fetchSize(properties.fetchSize());
        }
        builder.retry(joining ? RetryPolicy.none() : properties.retry().policy());
        return builder;
    }
}
