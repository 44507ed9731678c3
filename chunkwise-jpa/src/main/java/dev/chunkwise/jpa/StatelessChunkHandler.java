package dev.chunkwise.jpa;

import dev.chunkwise.Chunk;
import org.hibernate.StatelessSession;

/**
 * Receives one chunk of a {@link StatelessScan} inside a transaction that the library opened and
 * will commit when the handler returns (or roll back when it throws). Entities of a stateless
 * session are detached: write changes explicitly with {@code session.update(entity)} (or
 * {@code updateMultiple}, {@code insert}, {@code delete}). The handler must not end the
 * transaction or close the session.
 *
 * @param <T> the type of one result
 */
@FunctionalInterface
@SuppressWarnings("exports") // Hibernate is an optional dependency: whoever uses this has it
public interface StatelessChunkHandler<T> {

    @SuppressWarnings("exports")
    void handle(Chunk<T> chunk, StatelessSession session);
}
