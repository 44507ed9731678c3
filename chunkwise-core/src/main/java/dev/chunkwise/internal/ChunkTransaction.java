package dev.chunkwise.internal;

import dev.chunkwise.Position;

/**
 * The transaction a chunk's handler writes in, as {@link ChunkLoops#inTransaction} drives it: a
 * JDBC connection or a JPA session. The loop begins nothing itself: the cursor opens the chunk's
 * transaction as it reads the chunk; the loop hands the session to the handler, then flushes,
 * checks the connection, commits, or rolls back.
 *
 * @param <S> what the handler is given: a {@link java.sql.Connection}, an {@code EntityManager}, a
 *     Hibernate {@code StatelessSession}
 */
public interface ChunkTransaction<S> {

    /** The session the handler writes through. */
    S session();

    /** Writes what the handler left pending (a JPA flush; nothing for JDBC). */
    void flush();

    /** Whether the connection still answers; if not, the open transaction is gone. */
    boolean alive();

    /** Commits the chunk's transaction. */
    void commit() throws Exception;

    /** Rolls the chunk's transaction back, adding a failure of the rollback to {@code cause}. */
    void rollback(Throwable cause);

    /** After the commit: forgets what the chunk loaded (a JPA clear; nothing for JDBC). */
    void clear();

    /** The position after the last row of the previous chunk (where the current one started), or null. */
    Position positionBeforeChunk();
}
