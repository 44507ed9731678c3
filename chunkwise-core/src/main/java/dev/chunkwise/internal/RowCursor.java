package dev.chunkwise.internal;

import dev.chunkwise.Position;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanStatistics;
import java.time.Duration;

/**
 * How one run reads its rows, chunk after chunk: the part that differs between a JDBC scan
 * (statements and result sets) and a JPA scan (queries and entities). The loops that hand the
 * rows to the caller ({@link RunIterator}, {@link ChunkLoops}) are shared and drive it step by
 * step; transient failures while reading are retried inside, so a step only fails for good.
 *
 * <p>One run, one thread. Closing it releases what it holds.
 *
 * @param <T> the type of one mapped row
 */
public interface RowCursor<T> extends AutoCloseable {

    /** What a {@link #step()} reached. */
    enum Step {
        /** The next row: {@link #row()} and {@link #key()} hold it. */
        ROW,
        /** The end of a chunk that had rows: {@link #chunkNumber()} and {@link #chunkElapsed()} describe it. */
        CHUNK_END,
        /** The end of the scan. */
        END
    }

    /** Reads on to the next row, the end of the current chunk, or the end of the scan. */
    Step step();

    /** The row of the last {@link Step#ROW}. */
    T row();

    /** The key values of the last {@link Step#ROW} (not to be modified). */
    Object[] key();

    /** The fingerprint of the scan, carried by its positions. */
    long fingerprint();

    /** The position of these key values in this scan. */
    Position position(Object[] key);

    /** The number of the current (or just ended) chunk, 1 for the first. */
    long chunkNumber();

    /** The time the just ended chunk took to read (not the caller's time). */
    Duration chunkElapsed();

    /** Whether the walk has read every segment to its end (no chunk follows). */
    boolean exhausted();

    /**
     * The caller now has {@code rows} more rows, the last with key {@code lastKey}: counted in the
     * statistics, and the position a failure names as the last delivered one.
     */
    void delivered(int rows, Object[] lastKey);

    /** The key of the last row delivered, or {@code null} before the first. */
    Object[] deliveredKey();

    /**
     * After a failure outside the reading of the current chunk of {@code rows} rows (the caller's
     * handler, or its connection found dead before the commit; nothing of it was committed):
     * whether to read the chunk again. If so the cursor has rolled back and thrown away its
     * connection or session, waited the backoff, and rewound to the chunk's start, and the rows
     * count as not delivered.
     */
    boolean retryChunk(Throwable failure, int rows);

    /** A chunk's writes committed: the retries in a row start again from zero. */
    void committed();

    /** The pause between chunks, after one ended and before the next is read (none by default). */
    void pace();

    /** The caller is done with the chunk just read (a JPA scan ends its read transaction here). */
    default void chunkHandled() {}

    /**
     * The caller has handled the chunk just read (after its commit, in a transactional run): the
     * chunk is reported done to the scan's listener and the log.
     */
    void reportChunkDone();

    /**
     * The run ended ({@code failure} for {@link ScanListener.Outcome#FAILURE}, else null): reported
     * once to the scan's listener and the log, a chunk still open first. Called after the cursor
     * was closed or discarded; never throws.
     */
    void reportRunEnded(ScanListener.Outcome outcome, Throwable failure);

    /** What the run did so far. */
    ScanStatistics statistics();

    /**
     * Releases what the cursor holds, ending any transaction and putting back the connection's
     * settings.
     *
     * @throws dev.chunkwise.ChunkwiseException when the release fails
     */
    @Override
    void close();

    /** Releases what the cursor holds after a failure that is being reported, swallowing further failures. */
    void discardQuietly();
}
