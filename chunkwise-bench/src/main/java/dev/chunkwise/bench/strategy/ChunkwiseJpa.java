package dev.chunkwise.bench.strategy;

import dev.chunkwise.Chunk;
import dev.chunkwise.jpa.JpaScan;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;

/**
 * {@code chunkwise-jpa}: chunkwise-jpa's {@link JpaScan#forEachChunk} over Hibernate, reading
 * {@link BenchEntry} entities in {@code id} order, one query ({@code setMaxResults}) and one
 * short read transaction per chunk, the persistence context cleared after every chunk. The
 * entities are managed while the chunk's callback runs, as in the module's README.
 *
 * <p>{@code chunkwise-jpa-stateless}: the same scan run through {@link JpaScan#stateless()}, a
 * Hibernate {@code StatelessSession} per run (no persistence context, entities detached), the
 * chunked counterpart of {@code hibernate-scroll}.
 */
public final class ChunkwiseJpa implements Strategy {

    private final boolean stateless;
    private SessionFactory sessionFactory;
    private JpaScan<BenchEntry> scan;

    public ChunkwiseJpa(boolean stateless) {
        this.stateless = stateless;
    }

    @Override
    public void setUp(BenchContext context) {
        sessionFactory = Jpa.sessionFactory(context);
        scan = JpaScan.of(sessionFactory, BenchEntry.class)
                .orderBy("id")
                .chunkSize(context.chunkSize())
                .build();
    }

    @Override
    public void scan(BenchContext context) {
        Probe probe = context.probe();
        Consumer<Chunk<BenchEntry>> action = chunk -> {
            for (BenchEntry entry : chunk.rows()) {
                probe.accept(entry);
            }
            probe.chunkEnded();
        };
        if (stateless) {
            scan.stateless().forEachChunk(action);
        } else {
            scan.forEachChunk(action);
        }
    }

    @Override
    public void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }
}
