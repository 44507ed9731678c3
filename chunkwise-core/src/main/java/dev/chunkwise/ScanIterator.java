package dev.chunkwise;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of a scan, row by row. Not thread-safe: use it from one thread.
 *
 * <p>Owns a connection, its prepared chunk queries and at most one open result set. It closes them
 * itself when it is exhausted or fails; otherwise the caller closes it (try-with-resources). Calling
 * {@link #hasNext()} or {@link #next()} after {@link #close()} throws
 * {@link IllegalStateException}. After any exception the iterator is failed and closed; further
 * calls throw {@link IllegalStateException}.
 *
 * @param <T> the type of one mapped row
 */
public interface ScanIterator<T> extends Iterator<T>, AutoCloseable {

    /** The position after the last row returned by {@link #next()}, empty before the first. */
    Optional<Position> position();

    /** What this run did so far. */
    ScanStatistics statistics();

    /**
     * This iterator as a sequential stream; closing the stream closes the iterator.
     */
    Stream<T> stream();

    /** Releases the statement and the connection. Idempotent. */
    @Override
    void close();
}
