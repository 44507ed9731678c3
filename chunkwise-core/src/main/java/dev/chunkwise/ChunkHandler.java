package dev.chunkwise;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Receives one chunk inside a transaction that the library opened and will commit when the
 * handler returns (or roll back when it throws). See
 * {@link Scan#forEachChunkInTransaction(ChunkHandler)}.
 *
 * <p>The connection belongs to the library: the handler may run statements on it (its writes
 * commit together with the chunk, for example a saved position in a checkpoint table) but must
 * not commit, roll back, change auto-commit or close it.
 *
 * @param <T> the type of one mapped row
 */
@FunctionalInterface
public interface ChunkHandler<T> {

    void handle(Chunk<T> chunk, Connection connection) throws SQLException;
}
