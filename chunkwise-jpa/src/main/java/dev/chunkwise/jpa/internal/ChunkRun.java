package dev.chunkwise.jpa.internal;


import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.QueryLog;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.internal.ChunkSizer;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.internal.PositionCodec;
import dev.chunkwise.internal.QueryLogRecorder;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One run of a JPA scan: reads chunk after chunk through its own session, walking the plan's
 * segments. The caller (the public scan methods, through {@link Runs}) decides when to commit,
 * roll back and clear; the run begins each chunk's transaction itself, so that it can replay a
 * chunk on a fresh session. Owns its session and closes it. One thread.
 *
 * <p>Failures: a transient failure (lost connection, deadlock, serialization failure, lock
 * timeout; see {@link Transience}) while beginning a chunk's transaction or reading the chunk
 * discards the session, waits the backoff of the scan's {@link dev.chunkwise.RetryPolicy} and
 * reads the chunk again on a fresh session, from the position after the last chunk read. A
 * writer may also {@link #retryChunk rewind} to the start of the chunk it could not commit. A
 * run that is one transaction never retries: its transaction is gone with its connection.
 */
public final class ChunkRun<T> implements AutoCloseable {

    private static final int RETRY_CAUSES_KEPT = 5;

    private final ScanDefinition<T> definition;
    private final Supplier<QuerySource> sessions;
    private final boolean readOnly;
    private final ScanClock clock;
    private final ChunkSizer sizer;
    private final QueryLogRecorder log = new QueryLogRecorder();
    private final long startNanos;
    private final String[] firstQueryText;
    private final String[] nextQueryText;

    private QuerySource source;
    private Dialect.Streaming streaming;

    private int segment;
    private List<Object> after;
    private boolean inclusive;
    private boolean done;
    private long chunks;
    private long rows;
    private Position lastPosition;
    private List<List<Object>> lastChunkKeys = List.of();

    private int chunkStartSegment;
    private List<Object> chunkStartAfter;
    private boolean chunkStartInclusive;
    private Position chunkStartPosition;

    private int retriesInARow;
    private long retries;
    private long retryNanos;
    private final ArrayDeque<String> retryCauses = new ArrayDeque<>();

    public ChunkRun(ScanDefinition<T> definition, Supplier<QuerySource> sessions, boolean readOnly) {
        this.definition = definition;
        this.sessions = sessions;
        this.readOnly = readOnly;
        this.clock = definition.settings().clock();
        this.sizer = definition.settings().chunkTime() == null ? ChunkSizer.fixed(definition.chunkSize())
                : ChunkSizer.adaptive(definition.settings().chunkTime().toNanos(), definition.settings().minChunkSize(),
                        definition.settings().maxChunkSize(), definition.chunkSize());
        this.startNanos = clock.nanoTime();
        ChunkQueryPlan plan = definition.plan();
        this.after = definition.startValues();
        this.inclusive = definition.startInclusive();
        this.segment = after == null ? 0 : plan.segmentOf(after);
        this.firstQueryText = new String[plan.segmentCount()];
        this.nextQueryText = new String[plan.segmentCount()];
    }

    /** How the driver streams rows, asked of the first session's connection (the database does not change). */
    private Dialect.Streaming streaming() {
        if (streaming == null) {
            streaming = source().streaming();
        }
        return streaming;
    }

    /** The run's current session, opened on first use and replaced after a transient failure. */
    public QuerySource source() {
        if (source == null) {
            source = sessions.get();
        }
        return source;
    }

    /**
     * Begins the chunk's transaction (unless {@code beginTransaction} is false: the run is one
     * transaction, begun by the caller) and reads the next non-empty chunk, or nothing when the
     * scan is complete. Collection fetches run right after the chunk query, in the same session.
     * Transient failures are retried on a fresh session, unless the run is one transaction.
     *
     * @throws ChunkwiseException when a query fails for good, naming the chunk and the last position
     */
    public Optional<Chunk<T>> nextChunk(boolean beginTransaction) {
        while (true) {
            try {
                if (beginTransaction) {
                    source().begin();
                }
                Optional<Chunk<T>> chunk = readChunk();
                if (readOnly) {
                    retriesInARow = 0;
                }
                return chunk;
            } catch (ChunkwiseException failure) {
                done = true;
                throw failure;
            } catch (RuntimeException failure) {
                if (!beginTransaction && Failures.isTransient(failure)) {
                    done = true;
                    throw new ChunkwiseException("the transaction of the scan over " + definition.entityName()
                            + " was lost with its connection, and a scan that runs as one transaction does not resume"
                            + " on a new one: " + failure.getMessage(), failure, queryText(), lastPosition, chunks + 1);
                }
                if (!retry(failure)) {
                    done = true;
                    String retried = retriesInARow > 0 ? " (after " + retriesInARow + " retries)" : "";
                    throw new ChunkwiseException("the chunk query failed in scan over " + definition.entityName()
                            + retried + ": " + failure.getMessage(), failure, queryText(), lastPosition, chunks + 1);
                }
            }
        }
    }

    /** Reads the next non-empty chunk; the run's position moves only when the whole chunk was read. */
    private Optional<Chunk<T>> readChunk() {
        ChunkQueryPlan plan = definition.plan();
        chunkStartSegment = segment;
        chunkStartAfter = after;
        chunkStartInclusive = inclusive;
        chunkStartPosition = lastPosition;
        int limit = sizer.next();
        while (!done && segment < plan.segmentCount()) {
            long started = clock.nanoTime();
            // one result more than the chunk: if it has the chunk's last key, the key is not unique
            TypedQuery<Object[]> query = plan.chunkQuery(source(), segment, after, inclusive,
                    definition.stopValues(), definition.stopInclusive(), limit + 1);
            if (readOnly) {
                source.readOnly(query);
            }
            if (streaming() == Dialect.Streaming.SERVER_PUSH_FETCH_SIZE) {
                // as in core: MariaDB sends the whole chunk at once, and a small fetch size lets
                // the provider build the first entities while the rest still arrive
                source.fetchSize(query, streaming.defaultFetchSize(limit));
            }
            List<Object[]> found = query.getResultList();
            log.record(chunks + 1, queryText(), Math.min(found.size(), limit), clock.nanoTime() - started);
            if (found.isEmpty()) {
                nextSegment();
                continue;
            }
            int width = plan.resultWidth();
            int keyCount = plan.keys().size();
            boolean more = found.size() > limit;
            List<Object[]> chunkRows = more ? found.subList(0, limit) : found;
            List<T> mapped = new ArrayList<>(chunkRows.size());
            List<Object> entities = new ArrayList<>(chunkRows.size());
            List<List<Object>> keys = new ArrayList<>(chunkRows.size());
            List<Object> previous = inclusive ? null : after;
            for (Object[] row : found) {
                List<Object> key = Arrays.asList(Arrays.copyOfRange(row, width, width + keyCount));
                if (previous != null && PositionCodec.sameValues(key, previous)) {
                    throw repeatedKey(previous, key, keys.size() == limit);
                }
                previous = key;
                if (keys.size() == limit) {
                    if (plan.selectsEntity()) {
                        source.detach(row[0]); // read past the chunk: it belongs to the next one
                    }
                    break;
                }
                mapped.add(definition.mapper().apply(row));
                entities.add(row[0]);
                keys.add(key);
            }
            for (String attribute : definition.collectionFetches()) {
                long fetchStarted = clock.nanoTime();
                source.fetchCollection(definition.entityName(), attribute, entities, readOnly);
                log.record(chunks + 1, "fetch " + definition.entityName() + "." + attribute, entities.size(),
                        clock.nanoTime() - fetchStarted);
            }
            lastChunkKeys = keys;
            List<Object> firstKey = keys.get(0);
            List<Object> lastKey = keys.get(keys.size() - 1);
            if (chunkRows.size() < limit) {
                nextSegment();
            } else {
                after = new ArrayList<>(lastKey);
                inclusive = false;
            }
            chunks++;
            rows += mapped.size();
            Position first = Position.of(definition.fingerprint(), firstKey);
            Position last = Position.of(definition.fingerprint(), lastKey);
            lastPosition = last;
            long elapsed = clock.nanoTime() - started;
            sizer.record(found.size(), elapsed); // the rate of results read, the one past the chunk included
            return Optional.of(new Chunk<>(mapped, chunks, first, last, Duration.ofNanos(elapsed)));
        }
        done = true;
        return Optional.empty();
    }

    /**
     * The safety net behind G1-G3: two results in a row with the same key values mean that the
     * order is not unique (an {@code @Id} or a {@code @Column(unique = true)} the table does not
     * actually enforce) or that the database compares a bound key value otherwise than the stored
     * one; going on would lose or repeat rows, so the run stops before delivering any of them.
     */
    private ChunkwiseException repeatedKey(List<Object> previous, List<Object> key, boolean pastChunk) {
        done = true;
        String where = pastChunk ? "the chunk ends at " + Position.of(definition.fingerprint(), previous)
                + " and the next result has the same key " : "the key came back with the same values twice in a"
                + " row, " + Position.of(definition.fingerprint(), previous) + " and then ";
        List<String> order = new ArrayList<>();
        definition.plan().keys().forEach(keyAttribute -> order.add(keyAttribute.path()));
        return new ChunkwiseException("the order " + order + " of the scan over " + definition.entityName()
                + " is not unique: " + where + Position.of(definition.fingerprint(), key) + ", so the run stops"
                + " before it loses or repeats rows (is the id or a unique attribute not unique in the table?)",
                null, queryText(), lastPosition, chunks + 1);
    }

    /**
     * After a failure of the caller's handler, its flush, or a connection found dead before the
     * commit (the chunk's transaction is not committed): whether to read {@code chunk} again. If
     * so the session is discarded (its transaction rolled back with it), the backoff waited, and
     * the run rewound to the start of the chunk, which the next {@link #nextChunk} reads again.
     */
    public boolean retryChunk(Chunk<T> chunk, RuntimeException failure) {
        if (!retry(failure)) {
            return false;
        }
        segment = chunkStartSegment;
        after = chunkStartAfter;
        inclusive = chunkStartInclusive;
        lastPosition = chunkStartPosition;
        done = false;
        chunks--;
        rows -= chunk.size();
        return true;
    }

    /** A chunk's transaction committed: the retries in a row start again from zero. */
    public void committed() {
        retriesInARow = 0;
    }

    /** Whether the session's connection still answers; if not, its open transaction is gone. */
    public boolean connectionAlive() {
        return source == null || source.connectionAlive();
    }

    /**
     * Ends a read-only chunk's transaction (roll back, clear). A rollback that fails has lost
     * nothing, as a reader wrote nothing: the session is discarded and the next chunk opens a
     * fresh one.
     */
    public void endReadTransaction() {
        if (source == null) {
            return;
        }
        try {
            source.rollbackIfActive();
            source.clear();
        } catch (RuntimeException failure) {
            discardSession();
        }
    }

    /** Rolls back and clears the session after a failure, keeping the first failure. */
    public void rollbackQuietly(Throwable failure) {
        if (source == null) {
            return;
        }
        try {
            source.rollbackIfActive();
            source.clear();
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private boolean retry(RuntimeException failure) {
        if (!Failures.isTransient(failure) || retriesInARow >= definition.settings().retryPolicy().maxRetries()) {
            return false;
        }
        retriesInARow++;
        retries++;
        retryCauses.addLast("chunk " + (chunks + 1) + ": " + Failures.describe(failure));
        if (retryCauses.size() > RETRY_CAUSES_KEPT) {
            retryCauses.removeFirst();
        }
        long before = clock.nanoTime();
        discardSession();
        Duration wait = definition.settings().retryPolicy().backoff(retriesInARow,
                ThreadLocalRandom.current().nextDouble());
        try {
            clock.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(interrupted);
            return false;
        } finally {
            retryNanos += clock.nanoTime() - before;
        }
        return true;
    }

    /** Throws away a session that failed, quietly: its connection may already be dead. */
    private void discardSession() {
        if (source == null) {
            return;
        }
        QuerySource closing = source;
        source = null;
        try {
            closing.close();
        } catch (RuntimeException ignored) {
            // the connection is broken; the provider releases what is left
        }
    }

    private void nextSegment() {
        segment++;
        after = null;
        inclusive = false;
    }

    private String queryText() {
        int index = Math.min(segment, firstQueryText.length - 1);
        String[] texts = after == null ? firstQueryText : nextQueryText;
        if (texts[index] == null) {
            texts[index] = definition.plan().describe(index, after);
        }
        return texts[index];
    }

    /** The position of the row at {@code index} of the last chunk read. */
    public Position positionInLastChunk(int index) {
        return Position.of(definition.fingerprint(), lastChunkKeys.get(index));
    }

    /** The last position of the last chunk read, empty before the first. */
    public Optional<Position> lastPosition() {
        return Optional.ofNullable(lastPosition);
    }

    /** What this run did so far; {@code delivered} is the position to report as the last one. */
    public ScanStatistics statistics(Position delivered) {
        QueryLog queryLog = log.snapshot();
        return new ScanStatistics(rows, chunks, Duration.ofNanos(clock.nanoTime() - startNanos),
                Optional.ofNullable(delivered), queryLog, retries, Duration.ofNanos(retryNanos),
                List.copyOf(retryCauses));
    }

    @Override
    public void close() {
        if (source != null) {
            QuerySource closing = source;
            source = null;
            closing.close();
        }
    }
}
