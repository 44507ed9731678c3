package dev.chunkwise.jpa.internal;

import dev.chunkwise.Chunk;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.internal.ChunkLoops;
import dev.chunkwise.internal.RunIterator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ways to run a JPA scan, stateful or stateless: a {@link JpaRowCursor} driven by
 * chunkwise-core's own loops, so that JDBC and JPA scans share one iterator, one chunk loop and one
 * transactional protocol. Each run owns the session it opens and closes it before returning or
 * throwing (an iterator: when exhausted, failed or closed).
 */
public final class JpaRuns {

    private JpaRuns() {}

    /** Chunk after chunk to {@code action}, each read in its own transaction that is rolled back. */
    public static <T> ScanStatistics forEachChunk(
            ScanDefinition<T> definition, Supplier<QuerySource> sessions, Consumer<? super Chunk<T>> action) {
        JpaRowCursor.Mode mode =
                definition.detached() ? JpaRowCursor.Mode.READ_DETACHED : JpaRowCursor.Mode.READ_MANAGED;
        return ChunkLoops.forEachChunk(new JpaRowCursor<>(definition, sessions, mode), definition.settings(), action);
    }

    /** Chunk after chunk, each in a transaction the handler writes in, committed after it. */
    public static <T, S> ScanStatistics inTransaction(
            ScanDefinition<T> definition, Supplier<QuerySource> sessions, ChunkLoops.Handler<T, S> handler) {
        JpaRowCursor<T> cursor = new JpaRowCursor<>(definition, sessions, JpaRowCursor.Mode.WRITE);
        @SuppressWarnings("unchecked")
        ChunkLoops.Handler<T, Object> typed = (ChunkLoops.Handler<T, Object>) handler;
        return ChunkLoops.inTransaction(
                cursor,
                cursor,
                definition.settings(),
                definition.singleTransaction(),
                new ChunkLoops.Failures(definition.entityName(), true),
                typed);
    }

    /** Row by row; each chunk is read in its own short transaction and handed out detached. */
    public static <T> ScanIterator<T> iterator(ScanDefinition<T> definition, Supplier<QuerySource> sessions) {
        return new RunIterator<>(
                new JpaRowCursor<>(definition, sessions, JpaRowCursor.Mode.READ_DETACHED), definition.settings());
    }
}
