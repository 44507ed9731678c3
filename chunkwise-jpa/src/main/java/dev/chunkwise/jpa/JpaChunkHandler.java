package dev.chunkwise.jpa;

import dev.chunkwise.Chunk;
import jakarta.persistence.EntityManager;

/**
 * Receives one chunk inside a transaction that the library opened and will flush and commit
 * when the handler returns (or roll back when it throws). See
 * {@link JpaScan#forEachChunkInTransaction(JpaChunkHandler)}.
 *
 * <p>The chunk's entities are managed by {@code entityManager}: change them and the changes are
 * flushed with the commit. The handler may also persist, remove and query through it (a saved
 * position commits together with the chunk), but must not begin, commit or roll back its
 * transaction, clear it or close it.
 *
 * @param <T> the type of one result
 */
@FunctionalInterface
public interface JpaChunkHandler<T> {

    void handle(Chunk<T> chunk, EntityManager entityManager);
}
