package dev.chunkwise.jpa.internal;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.internal.AbstractRowCursor;
import dev.chunkwise.internal.ChunkSizer;
import dev.chunkwise.internal.ChunkTransaction;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.internal.Walk;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The reading of one run of a JPA scan, for chunkwise-core's shared loops ({@code RunIterator},
 * {@code ChunkLoops}): a chunk is the results of one query, {@code setMaxResults(size + 1)}, in
 * one segment of the order; the result past the chunk is checked by the {@link Walk} (a key that
 * is not unique) and detached, never delivered.
 *
 * <p>Transactions are begun and ended here and nowhere else: the chunk's transaction is begun
 * before its query (once for the whole run when it is one transaction) and, for a reader, ended
 * (rolled back, the persistence context cleared) before the rows are handed out ({@link
 * Mode#READ_DETACHED}) or when the caller is done with the chunk ({@link Mode#READ_MANAGED}); a
 * writer's transaction is committed or rolled back through {@link ChunkTransaction}, driven by
 * {@code ChunkLoops.inTransaction}.
 *
 * <p>Failures: a transient failure (see {@link Failures#isTransient}) while beginning the
 * transaction or reading the chunk discards the session, waits the backoff and reads the chunk
 * again on a fresh session from its start. A run that is one transaction is never retried: its
 * transaction is gone with its connection.
 *
 * <p>Owns its session ({@link QuerySource}) and closes it. One run, one thread.
 *
 * @param <T> the type of one result
 */
public final class JpaRowCursor<T> extends AbstractRowCursor<T> implements ChunkTransaction<Object> {

    /** How the run's transactions go, by the way the scan is run. */
    public enum Mode {
        /** {@code forEachChunk}: the chunk's entities stay managed until the caller is done with the chunk. */
        READ_MANAGED,
        /** Iterators, streams, {@code detached()}: the read transaction ends before the rows are handed out. */
        READ_DETACHED,
        /** {@code forEachChunkInTransaction}: the caller's loop flushes, commits or rolls back each chunk. */
        WRITE
    }

    private final ScanDefinition<T> definition;
    private final ChunkQueryPlan plan;
    private final Supplier<QuerySource> sessions;
    private final Mode mode;
    private final boolean single;
    private final ChunkSizer sizer;
    private final int resultWidth;
    private final int keyCount;
    private final String[] firstQueryText;
    private final String[] nextQueryText;

    private QuerySource source;
    private Dialect.Streaming streaming;
    private boolean singleTransactionBegun;

    private List<T> rows = List.of();
    private List<Object[]> keys = List.of();
    private int index;
    private boolean chunkJustEnded;
    private String lastQueryText;

    public JpaRowCursor(ScanDefinition<T> definition, Supplier<QuerySource> sessions, Mode mode) {
        super(
                new Walk(
                        definition.plan().segmentCount(),
                        definition.bounds(),
                        definition.bounds().start() == null
                                ? 0
                                : definition
                                        .plan()
                                        .segmentOf(definition.bounds().start()),
                        definition.fingerprint(),
                        definition.description(),
                        "check that the id, or the unique attribute uniqueOrder() relies on, is unique in the table"),
                definition.settings(),
                definition.fingerprint(),
                definition.entityName());
        this.definition = definition;
        this.plan = definition.plan();
        this.sessions = sessions;
        this.mode = mode;
        this.single = definition.singleTransaction();
        this.sizer = definition.settings().newSizer();
        this.resultWidth = plan.resultWidth();
        this.keyCount = plan.keys().size();
        this.firstQueryText = new String[plan.segmentCount()];
        this.nextQueryText = new String[plan.segmentCount()];
    }

    // ---- Steps -------------------------------------------------------------------------------

    @Override
    public Step step() {
        while (true) {
            if (index < rows.size()) {
                row = rows.get(index);
                key = keys.get(index);
                index++;
                return Step.ROW;
            }
            if (chunkJustEnded) {
                chunkJustEnded = false;
                return Step.CHUNK_END;
            }
            if (walk.exhausted()) {
                return Step.END;
            }
            readChunk();
        }
    }

    /** Reads the next chunk that has results, or exhausts the walk; retries transient failures. */
    private void readChunk() {
        // the last chunk's results go before the next are read: never two chunks in memory
        rows = List.of();
        keys = List.of();
        row = null;
        key = null;
        chunkNumber = chunksCompleted + 1;
        walk.beginChunk();
        chunkBegins();
        int limit = sizer.next();
        while (true) {
            try {
                readChunk(limit);
                if (mode != Mode.WRITE) {
                    retrier.succeeded();
                }
                return;
            } catch (ChunkwiseException failure) {
                throw failure;
            } catch (RuntimeException failure) {
                walk.rewindToChunkStart();
                if (single && Failures.isTransient(failure)) {
                    throw failure(
                            "the transaction of the scan over " + definition.entityName() + " was lost with"
                                    + " its connection, and a scan that runs as one transaction does not resume on a new one",
                            failure);
                }
                if (!Failures.isTransient(failure) || !retrier.mayRetry()) {
                    String retried = retrier.inARow() > 0 ? " (after " + retrier.inARow() + " retries)" : "";
                    throw failure("the chunk query failed in scan over " + definition.entityName() + retried, failure);
                }
                backOff(failure);
            }
        }
    }

    private void readChunk(int limit) {
        begin();
        while (!walk.exhausted()) {
            long started = clock.nanoTime();
            // one result more than the chunk: if it has the chunk's last key, the key is not unique
            TypedQuery<Object[]> query = plan.chunkQuery(
                    source(),
                    walk.segment(),
                    walk.seek(),
                    walk.inclusive(),
                    definition.bounds().stop(),
                    definition.bounds().stopInclusive(),
                    limit + 1);
            if (mode != Mode.WRITE) {
                source.readOnly(query);
            }
            if (streaming() == Dialect.Streaming.SERVER_PUSH_FETCH_SIZE) {
                // as in core: MariaDB sends the whole chunk at once, and a small fetch size lets
                // the provider build the first entities while the rest still arrive
                source.fetchSize(query, streaming.defaultFetchSize(limit));
            }
            String text = queryText();
            List<Object[]> found = query.getResultList();
            log.record(chunkNumber, text, Math.min(found.size(), limit), clock.nanoTime() - started);
            if (found.isEmpty()) {
                walk.nextSegment();
                continue;
            }
            boolean more = found.size() > limit;
            int count = more ? limit : found.size();
            List<T> mapped = new ArrayList<>(count);
            List<Object[]> chunkKeys = new ArrayList<>(count);
            List<Object> entities = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Object[] result = found.get(i);
                Object[] resultKey = keyOf(result);
                walk.passed(resultKey, text, deliveredKey(), chunkNumber);
                mapped.add(definition.mapper().apply(result));
                chunkKeys.add(resultKey);
                entities.add(result[0]);
            }
            if (more) {
                Object[] past = found.get(limit);
                walk.checkPastChunk(keyOf(past), text, deliveredKey(), chunkNumber);
                if (plan.selectsEntity()) {
                    source.detach(past[0]); // read past the chunk: it belongs to the next one
                }
            } else if (count < limit) {
                // a full chunk leaves its segment open, as in core: the next query finds out
                walk.nextSegment();
            }
            for (String attribute : definition.collectionFetches()) {
                long fetchStarted = clock.nanoTime();
                source.fetchCollection(definition.entityName(), attribute, entities, mode != Mode.WRITE);
                log.record(
                        chunkNumber,
                        "fetch " + definition.entityName() + "." + attribute,
                        entities.size(),
                        clock.nanoTime() - fetchStarted);
            }
            lastChunkNanos = clock.nanoTime() - started;
            sizer.record(found.size(), lastChunkNanos); // the rate of results read, the one past the chunk included
            if (mode == Mode.READ_DETACHED) {
                endReadTransaction();
            }
            rows = mapped;
            keys = chunkKeys;
            index = 0;
            chunksCompleted++;
            chunkJustEnded = true;
            return;
        }
        if (mode != Mode.WRITE) {
            endReadTransaction();
        }
    }

    private Object[] keyOf(Object[] result) {
        return Arrays.copyOfRange(result, resultWidth, resultWidth + keyCount);
    }

    // ---- Sessions and transactions -----------------------------------------------------------

    /** The run's current session, opened on first use and replaced after a transient failure. */
    private QuerySource source() {
        if (source == null) {
            source = sessions.get();
        }
        return source;
    }

    /** How the driver streams rows, asked of the first session's connection (the database does not change). */
    private Dialect.Streaming streaming() {
        if (streaming == null) {
            streaming = source().streaming();
        }
        return streaming;
    }

    /** Begins the chunk's transaction, or the run's at its first chunk when the run is one transaction. */
    private void begin() {
        if (!single) {
            source().begin();
        } else if (!singleTransactionBegun) {
            source().begin();
            singleTransactionBegun = true;
        }
    }

    /**
     * Ends a reader's chunk: clears the persistence context and, unless the run is one
     * transaction, rolls back (a reader writes nothing). A rollback that fails has lost nothing:
     * the session is discarded and the next chunk opens a fresh one.
     */
    private void endReadTransaction() {
        if (source == null) {
            return;
        }
        if (single) {
            source.clear();
            return;
        }
        try {
            source.rollbackIfActive();
            source.clear();
        } catch (RuntimeException failure) {
            discardSession();
        }
    }

    @Override
    public void chunkHandled() {
        if (mode == Mode.READ_MANAGED) {
            endReadTransaction();
        }
    }

    // ---- Failures ----------------------------------------------------------------------------

    /** Discards the session, records the cause, and waits the backoff. */
    private void backOff(Throwable failure) {
        backOff(failure, this::discardSession);
    }

    /** Throws away a session that failed, quietly: its connection may already be dead. */
    private void discardSession() {
        if (source == null) {
            return;
        }
        QuerySource closing = source;
        source = null;
        singleTransactionBegun = false;
        try {
            closing.close();
        } catch (RuntimeException ignored) {
            // the connection is broken; the provider releases what is left
        }
    }

    private ChunkwiseException failure(String what, RuntimeException cause) {
        return new ChunkwiseException(
                what + ": " + cause.getMessage(), cause, lastQueryText, deliveredPosition(), chunkNumber);
    }

    private String queryText() {
        int segment = walk.segment();
        String[] texts = walk.seek() == null ? firstQueryText : nextQueryText;
        if (texts[segment] == null) {
            texts[segment] = plan.describe(segment, walk.seek());
        }
        lastQueryText = texts[segment];
        return lastQueryText;
    }

    // ---- What the loops read -----------------------------------------------------------------

    @Override
    public void pace() {
        // JPA scans are not paced
    }

    @Override
    public boolean retryChunk(Throwable failure, int count) {
        if (single || !Failures.isTransient(failure) || !retrier.mayRetry()) {
            return false;
        }
        backOff(failure);
        rewindChunk(count);
        rows = List.of();
        keys = List.of();
        index = 0;
        chunkJustEnded = false;
        return true;
    }

    // ---- The chunk's transaction (forEachChunkInTransaction) --------------------------------

    @Override
    public Object session() {
        return source().session();
    }

    @Override
    public void flush() {
        source().flush();
    }

    @Override
    public boolean alive() {
        return source == null || source.connectionAlive();
    }

    @Override
    public void commit() {
        source().commit();
    }

    @Override
    public void rollback(Throwable cause) {
        if (source == null) {
            return;
        }
        try {
            source.rollbackIfActive();
            source.clear();
        } catch (RuntimeException rollbackFailure) {
            if (cause != rollbackFailure) {
                cause.addSuppressed(rollbackFailure);
            }
        }
    }

    @Override
    public void clear() {
        source().clear();
    }

    // ---- Closing -----------------------------------------------------------------------------

    /** Rolls back what is still open (nothing a reader did is written) and closes the session. */
    @Override
    public void close() {
        rows = List.of();
        if (source != null) {
            QuerySource closing = source;
            source = null;
            closing.close();
        }
    }

    @Override
    public void discardQuietly() {
        rows = List.of();
        discardSession();
    }
}
