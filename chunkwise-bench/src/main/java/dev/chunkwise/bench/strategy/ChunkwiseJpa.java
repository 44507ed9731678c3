package dev.chunkwise.bench.strategy;

import dev.chunkwise.jpa.JpaScan;
import org.hibernate.SessionFactory;

/**
 * {@code chunkwise-jpa}: chunkwise-jpa's {@link JpaScan#forEachChunk} over Hibernate, reading
 * {@link BenchEntry} entities in {@code id} order, one query ({@code setMaxResults}) and one
 * short read transaction per chunk, the persistence context cleared after every chunk. The
 * entities are managed while the chunk's callback runs, as in the module's README.
 */
public final class ChunkwiseJpa implements Strategy {

    private SessionFactory sessionFactory;
    private JpaScan<BenchEntry> scan;

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
        scan.forEachChunk(chunk -> {
            for (BenchEntry entry : chunk.rows()) {
                probe.accept(entry);
            }
            probe.chunkEnded();
        });
    }

    @Override
    public void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }
}
