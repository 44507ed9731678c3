package dev.chunkwise.internal;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanStatistics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The part of a {@link RowCursor} that JDBC and JPA cursors keep alike: the {@link Walk}, the
 * {@link Retrier}, the query log, the chunk counters, what has been delivered (the rows
 * counted in the statistics and the position a failure names), and the {@link RunReporter}. A
 * subclass reads: it sets {@link #row}, {@link #key}, {@link #chunkNumber}, {@link #chunksCompleted}
 * and {@link #lastChunkNanos} as its steps go, and calls {@link #chunkBegins()} when it begins a
 * chunk.
 *
 * <p>One run, one thread.
 *
 * @param <T> the type of one mapped row
 */
public abstract class AbstractRowCursor<T> implements RowCursor<T> {

    protected final Walk walk;
    protected final Retrier retrier;
    protected final ScanClock clock;
    protected final QueryLogRecorder log = new QueryLogRecorder();
    /** Tells the listener and the log what the run does. */
    protected final RunReporter reporter;

    private final long fingerprint;
    private final String sourceName;
    private final long startedNanos;
    private final int maxRetries;

    /** The row of the last {@link Step#ROW}. */
    protected T row;
    /** The key values of the last {@link Step#ROW}. */
    protected Object[] key;
    /** The number of the current (or just ended) chunk, 1 for the first. */
    protected long chunkNumber;
    /** The chunks with rows read to their end. */
    protected long chunksCompleted;
    /** How long the last chunk took to read. */
    protected long lastChunkNanos;

    private long rowsDelivered;
    private Object[] deliveredKey;

    /**
     * @param walk where the run starts, with its safety net
     * @param settings the retry policy and the clock
     * @param fingerprint the scan's fingerprint, carried by its positions
     * @param sourceName the table, view or entity, as messages name it
     */
    protected AbstractRowCursor(Walk walk, RunSettings settings, long fingerprint, String sourceName) {
        this.walk = walk;
        this.clock = settings.clock();
        this.retrier = new Retrier(settings.retryPolicy(), clock, ThreadLocalRandom.current()::nextDouble);
        this.fingerprint = fingerprint;
        this.sourceName = sourceName;
        this.startedNanos = clock.nanoTime();
        this.maxRetries = settings.retryPolicy().maxRetries();
        this.reporter = new RunReporter(settings.reporting(), sourceName, clock);
    }

    /** The subclass has begun chunk {@link #chunkNumber} (again, after a retry of the chunk). */
    protected final void chunkBegins() {
        reporter.chunkBegins(chunkNumber, rowsDelivered);
    }

    @Override
    public final void reportChunkDone() {
        reporter.chunkEnds(rowsDelivered, chunkElapsed(), deliveredPosition());
    }

    @Override
    public final void reportRunEnded(ScanListener.Outcome outcome, Throwable failure) {
        reporter.runEnds(outcome, statistics(), chunkElapsed(), failure);
    }

    @Override
    public final T row() {
        return row;
    }

    @Override
    public final Object[] key() {
        return key;
    }

    @Override
    public final long fingerprint() {
        return fingerprint;
    }

    @Override
    public final Position position(Object[] keyValues) {
        return Position.of(fingerprint, Arrays.asList(keyValues));
    }

    @Override
    public final long chunkNumber() {
        return chunkNumber;
    }

    @Override
    public final Duration chunkElapsed() {
        return Duration.ofNanos(lastChunkNanos);
    }

    @Override
    public final boolean exhausted() {
        return walk.exhausted();
    }

    @Override
    public final void delivered(int rows, Object[] lastKey) {
        rowsDelivered += rows;
        deliveredKey = lastKey;
    }

    @Override
    public final Object[] deliveredKey() {
        return deliveredKey;
    }

    @Override
    public final void committed() {
        retrier.succeeded();
    }

    @Override
    public final ScanStatistics statistics() {
        return new ScanStatistics(
                rowsDelivered,
                chunksCompleted,
                Duration.ofNanos(clock.nanoTime() - startedNanos),
                Optional.ofNullable(deliveredPosition()),
                log.snapshot(),
                retrier.retries(),
                retrier.time(),
                retrier.causes());
    }

    /**
     * Counts a retry of the current chunk after {@code failure}, runs {@code discard} (the failed
     * connection or session is thrown away) and waits the backoff.
     *
     * @throws ChunkwiseException when the wait is interrupted (the interrupt flag is set again)
     */
    protected final void backOff(Throwable failure, Runnable discard) {
        reporter.retry(chunkNumber, retrier.inARow() + 1, maxRetries, failure);
        try {
            retrier.backOff(chunkNumber, failure, discard);
        } catch (InterruptedException interrupted) {
            throw interrupted(interrupted);
        }
    }

    /** The failure to throw when a wait of the run was interrupted. */
    protected final ChunkwiseException interrupted(InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return new ChunkwiseException(
                "interrupted while scanning " + sourceName, interrupted, null, deliveredPosition(), chunkNumber);
    }

    /** The position of the last row delivered, or {@code null} before the first. */
    protected final Position deliveredPosition() {
        return deliveredKey == null ? null : position(deliveredKey);
    }

    /**
     * The chunk of {@code rows} rows will be read again from its start: it no longer counts as
     * completed, and its rows as not delivered.
     */
    protected final void rewindChunk(int rows) {
        walk.rewindToChunkStart();
        chunksCompleted--;
        rowsDelivered -= rows;
        deliveredKey = walk.chunkStart();
    }

    /** The position after the last row of the previous chunk (where the current one started), or null. */
    public final Position positionBeforeChunk() {
        Object[] start = walk.chunkStart();
        return start == null ? null : position(start);
    }
}
