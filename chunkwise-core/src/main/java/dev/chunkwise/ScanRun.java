package dev.chunkwise;

import dev.chunkwise.internal.ChunkSizer;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.internal.KeyColumn;
import dev.chunkwise.internal.PositionCodec;
import dev.chunkwise.internal.QueryLogRecorder;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.internal.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One run of a scan: a connection, a few prepared chunk queries (at most one executing), and where
 * the walk stands.
 *
 * <p>An explicit state machine in the manner of Guava's AbstractIterator: {@code NOT_READY} (must
 * fetch to answer), {@code READY} (a mapped row is waiting), {@code DONE} (exhausted and closed),
 * {@code FAILED} (an exception was thrown; closed), {@code CLOSED} (closed by the caller).
 *
 * <p>Chunks: a chunk is at most {@code size} rows read by one statement, or by two or more when
 * it crosses from one NULL segment of the order into the next. When the chunk is complete its
 * statement is closed and, on drivers that need a transaction to stream (PostgreSQL), that short
 * read-only transaction is committed. No transaction spans two chunks unless the caller asked for
 * a snapshot, or runs {@link Scan#forEachChunkInTransaction}, where each chunk has its own.
 *
 * <p>Failures: a transient failure while reading (lost connection, deadlock, serialization
 * failure, lock timeout) discards the connection and reissues the current statement on a fresh
 * one, seeking after the last row read. Every row read has been or will be delivered, so the
 * caller sees no row lost and none repeated.
 */
final class ScanRun<T> implements ScanIterator<T> {

    private enum State { NOT_READY, READY, DONE, FAILED, CLOSED }

    private static final int STATEMENT_CACHE = 8;
    private static final int RETRY_CAUSES_KEPT = 5;

    private final Scan<T> scan;
    private final ScanPlan plan;
    private final boolean transactional;
    private final ScanClock clock;
    private final ChunkSizer sizer;
    private final QueryLogRecorder log = new QueryLogRecorder();
    private final long startedNanos;
    /** How each key column is read, and where: {@code plan.keys()} unpacked for the row path. */
    private final ValueKind[] keyKinds;
    private final int[] keyIndexes;
    /** Whether each chunk reads one row past its end, to check a key the caller vouched for. */
    private final boolean peekPastChunk;

    private State state = State.NOT_READY;
    private T next;

    private Connection connection;
    private boolean restoreAutoCommit;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
    private ResultSet resultSet;
    private String statementSql;
    private long statementStartNanos;
    private int statementLimit;
    private int statementRows;

    private int segment;
    /** The key values to seek past in the current segment, or null at the segment's start. */
    private Object[] seekKey;
    private boolean seekInclusive;
    /** The key values of the last row read. */
    private Object[] lastKey;
    private boolean exhausted;

    private boolean chunkOpen;
    private int chunkSize;
    private long chunkNumber;
    private long chunksCompleted;
    private int rowsInChunk;
    private long chunkStartNanos;
    private long lastChunkNanos;
    private int chunkStartSegment;
    private Object[] chunkStartSeekKey;
    private boolean chunkStartInclusive;
    private boolean chunkJustEnded;

    private long rowsDelivered;
    private Object[] deliveredKey;

    private int retriesInARow;
    private long retries;
    private long retryNanos;
    private final ArrayDeque<String> retryCauses = new ArrayDeque<>();

    ScanRun(Scan<T> scan, boolean transactional) {
        this.scan = scan;
        this.plan = scan.plan();
        this.transactional = transactional;
        this.clock = scan.clock();
        this.sizer = scan.newSizer();
        this.startedNanos = clock.nanoTime();
        List<KeyColumn> keys = plan.keys();
        this.keyKinds = new ValueKind[keys.size()];
        this.keyIndexes = new int[keys.size()];
        this.peekPastChunk = plan.peeksPastChunk();
        for (int i = 0; i < keyKinds.length; i++) {
            keyKinds[i] = keys.get(i).kind();
            keyIndexes[i] = keys.get(i).selectIndex();
        }
        List<Object> start = scan.startValues();
        if (start != null) {
            segment = plan.segmentOf(start);
            seekKey = start.toArray();
            seekInclusive = scan.startInclusive();
        }
    }

    // ---- Iterator ----------------------------------------------------------------------------

    @Override
    public boolean hasNext() {
        switch (state) {
            case READY:
                return true;
            case DONE:
                return false;
            case FAILED:
                throw new IllegalStateException("this scan iterator failed earlier and is closed");
            case CLOSED:
                throw new IllegalStateException("this scan iterator is closed");
            default:
                return tryToComputeNext();
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the scan is exhausted");
        }
        state = State.NOT_READY;
        T row = next;
        next = null;
        rowsDelivered++;
        deliveredKey = lastKey;
        return row;
    }

    /**
     * Hands every remaining row to {@code action}: the same steps as {@code while (hasNext())
     * action.accept(next())}, but the rows of an open statement are read, mapped and handed out
     * by one tight loop that the JIT compiles early as a whole (on-stack replacement), instead
     * of through the iterator's state machine for every row. Chunk boundaries, statement ends,
     * retries and failures go through {@link #hasNext()}, as for every other caller. An exception
     * thrown by {@code action} is rethrown as it is and leaves the run as it was.
     */
    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        while (hasNext()) {
            action.accept(next());
            // The rest of the open statement's rows; whatever is not a plain row leaves the loop.
            while (state == State.NOT_READY && resultSet != null && rowsInChunk < chunkSize) {
                T row;
                try {
                    ResultSet rows = resultSet;
                    Object[] seekBeforeRow = seekKey;
                    boolean inclusiveBeforeRow = seekInclusive;
                    Object[] lastBeforeRow = lastKey;
                    try {
                        if (!rows.next()) {
                            statementEnded();
                            break;
                        }
                        readKey(rows);
                    } catch (SQLException failure) {
                        recoverOrThrow(failure, "cannot read chunk");
                        break;
                    }
                    rowsInChunk++;
                    statementRows++;
                    if (!mapCurrentRow(seekBeforeRow, inclusiveBeforeRow, lastBeforeRow)) {
                        break;
                    }
                    row = next;
                    next = null;
                } catch (RuntimeException | Error failure) {
                    fail();
                    throw failure;
                }
                rowsDelivered++;
                deliveredKey = lastKey;
                action.accept(row);
            }
        }
    }

    private boolean tryToComputeNext() {
        try {
            while (true) {
                if (fetchMappedRow()) {
                    state = State.READY;
                    return true;
                }
                checkpointIfChunkEnded();
                if (exhausted) {
                    state = State.DONE;
                    release();
                    return false;
                }
                pace();
            }
        } catch (RuntimeException | Error failure) {
            fail();
            throw failure;
        }
    }

    private void checkpointIfChunkEnded() {
        if (chunkJustEnded) {
            chunkJustEnded = false;
            scan.checkpoint(scan.newPosition(deliveredKey));
        }
    }

    // ---- Chunks ------------------------------------------------------------------------------

    /**
     * Reads the next whole chunk, or returns empty at the end. The chunk's statement is closed
     * when this returns; in transactional mode the chunk's transaction is still open.
     */
    Optional<Chunk<T>> nextChunk() {
        if (state == State.CLOSED || state == State.FAILED) {
            throw new IllegalStateException("this scan run is closed");
        }
        try {
            if (chunksCompleted > 0 && !exhausted) {
                pace();
            }
            while (!exhausted) {
                List<T> rows = new ArrayList<>(Math.min(sizer.next(), 1024));
                Object[] first = null;
                while (fetchMappedRow()) {
                    if (first == null) {
                        first = lastKey;
                    }
                    rows.add(next);
                    next = null;
                }
                chunkJustEnded = false;
                if (!rows.isEmpty()) {
                    rowsDelivered += rows.size();
                    deliveredKey = lastKey;
                    return Optional.of(new Chunk<>(rows, chunkNumber, scan.newPosition(first),
                            scan.newPosition(lastKey), Duration.ofNanos(clock.nanoTime() - chunkStartNanos)));
                }
            }
            state = State.DONE;
            return Optional.empty();
        } catch (RuntimeException | Error failure) {
            fail();
            throw failure;
        }
    }

    /** Commits the current chunk's transaction (transactional mode). */
    void commitChunk() throws SQLException {
        connection.commit();
        retriesInARow = 0;
    }

    /** Rolls back the current chunk's transaction (transactional mode), keeping the first failure. */
    void rollbackChunk(Throwable cause) {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * After a transient failure of the caller's handler, or a connection found dead before the
     * commit (transactional mode): whether to try the chunk again. If so the connection is replaced, the backoff waited, and
     * the run rewound to the start of {@code chunk}, which the next {@link #nextChunk()} reads again.
     */
    boolean retryChunk(Chunk<T> chunk, SQLException failure) {
        if (!isTransient(failure) || !mayRetry()) {
            return false;
        }
        rollbackChunk(failure);
        backOff(failure);
        segment = chunkStartSegment;
        seekKey = chunkStartSeekKey;
        seekInclusive = chunkStartInclusive;
        exhausted = false;
        chunksCompleted--;
        rowsDelivered -= chunk.size();
        deliveredKey = chunkStartSeekKey;
        return true;
    }

    Connection connection() {
        return connection;
    }

    /** Whether the connection still answers (a ping): if not, its open transaction is gone. */
    boolean connectionAlive() {
        try {
            return connection != null && connection.isValid(5);
        } catch (SQLException failure) {
            return false;
        }
    }

    /** The position after the last row of the previous chunk (where the current chunk started), or null. */
    Position positionBeforeChunk() {
        return chunkStartSeekKey == null || chunkStartInclusive ? null : scan.newPosition(chunkStartSeekKey);
    }

    void checkpoint(Position position) {
        scan.checkpoint(position);
    }

    /**
     * Reads and maps the next row of the current chunk into {@code next}, retrying transient
     * failures; returns false when the chunk is complete.
     */
    private boolean fetchMappedRow() {
        while (true) {
            Object[] seekBeforeRow = seekKey;
            boolean inclusiveBeforeRow = seekInclusive;
            Object[] lastBeforeRow = lastKey;
            try {
                if (!fetchRow()) {
                    return false;
                }
            } catch (SQLException failure) {
                recoverOrThrow(failure, "cannot read chunk");
                continue;
            }
            if (mapCurrentRow(seekBeforeRow, inclusiveBeforeRow, lastBeforeRow)) {
                return true;
            }
        }
    }

    /**
     * Maps the row just read into {@code next}. After a transient failure of the mapper the run
     * is rewound to before that row (its key unread, the connection replaced after the backoff)
     * and false is returned, so that the caller reads the row again.
     */
    private boolean mapCurrentRow(Object[] seekBeforeRow, boolean inclusiveBeforeRow, Object[] lastBeforeRow) {
        try {
            next = scan.mapper().map(resultSet);
            return true;
        } catch (SQLException failure) {
            if (!isTransient(failure)) {
                throw failure("the row mapper failed", failure, statementSql);
            }
            seekKey = seekBeforeRow;
            seekInclusive = inclusiveBeforeRow;
            lastKey = lastBeforeRow;
            rowsInChunk--;
            statementRows--;
            recoverOrThrow(failure, "the row mapper failed");
            return false;
        }
    }

    private void recoverOrThrow(SQLException failure, String what) {
        if (scan.snapshot() && isTransient(failure)) {
            throw failure(what + ": the snapshot transaction was lost, and a snapshot scan does not resume on a new "
                    + "connection, which would see another snapshot", failure, statementSql);
        }
        if (!isTransient(failure) || !mayRetry()) {
            throw failure(what, failure, statementSql);
        }
        backOff(failure);
    }

    /**
     * Whether a failure may be overcome on a fresh connection: a transient failure, or any failure
     * after which the driver reports the connection closed. The latter catches drivers that hide
     * the lost connection behind another error (MySQL Connector/J's {@code executeBatch} reports
     * "No operations allowed after statement closed" and drops the communications failure).
     */
    private boolean isTransient(SQLException failure) {
        if (Failures.isTransient(failure)) {
            return true;
        }
        try {
            return connection != null && connection.isClosed();
        } catch (SQLException | RuntimeException unknown) {
            return false;
        }
    }

    private boolean mayRetry() {
        return !scan.snapshot() && retriesInARow < scan.retryPolicy().maxRetries();
    }

    /** Discards the connection, records the cause, and waits the backoff. */
    private void backOff(SQLException failure) {
        retriesInARow++;
        retries++;
        retryCauses.addLast("chunk " + chunkNumber + ": " + Failures.describe(failure));
        if (retryCauses.size() > RETRY_CAUSES_KEPT) {
            retryCauses.removeFirst();
        }
        long before = clock.nanoTime();
        discardConnection();
        Duration wait = scan.retryPolicy().backoff(retriesInARow, ThreadLocalRandom.current().nextDouble());
        sleep(wait);
        retryNanos += clock.nanoTime() - before;
    }

    private void sleep(Duration wait) {
        try {
            clock.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ChunkwiseException("interrupted while scanning " + scan.sourceName(), interrupted, null,
                    deliveredKey == null ? null : scan.newPosition(deliveredKey), chunkNumber);
        }
    }

    private void pace() {
        double factor = scan.pacing();
        if (factor > 0 && chunksCompleted > 0) {
            sleep(Duration.ofNanos((long) (lastChunkNanos * factor)));
        }
    }

    /**
     * Positions the result set on the next row of the current chunk and reads its key, or
     * returns false when the chunk is complete (then its statement is closed and, for streaming
     * reads, its transaction committed). A chunk with no rows at all is not counted.
     */
    private boolean fetchRow() throws SQLException {
        while (true) {
            if (resultSet == null) {
                if (exhausted) {
                    return false;
                }
                if (!chunkOpen) {
                    beginChunk();
                } else if (rowsInChunk == chunkSize) {
                    endChunk();
                    return false;
                }
                openStatement(chunkSize - rowsInChunk);
            }
            if (rowsInChunk == chunkSize) {
                if (peekPastChunk) {
                    checkRowAfterChunk();
                }
                closeStatement();
                endChunk();
                return false;
            }
            if (resultSet.next()) {
                readKey(resultSet);
                rowsInChunk++;
                statementRows++;
                return true;
            }
            if (statementEnded()) {
                return false;
            }
        }
    }

    /**
     * After the open statement returned its last row: closes it and, if it returned fewer rows
     * than its limit, moves to the next segment. Returns true when that was the last segment
     * (the scan is exhausted and the chunk ended).
     */
    private boolean statementEnded() throws SQLException {
        boolean segmentExhausted = statementRows < statementLimit;
        closeStatement();
        if (segmentExhausted) {
            segment++;
            seekKey = null;
            seekInclusive = false;
            if (segment >= plan.segmentCount()) {
                exhausted = true;
                endChunk();
                return true;
            }
        }
        return false;
    }

    private void beginChunk() {
        chunkOpen = true;
        chunkNumber = chunksCompleted + 1;
        chunkSize = sizer.next();
        rowsInChunk = 0;
        chunkStartNanos = clock.nanoTime();
        chunkStartSegment = segment;
        chunkStartSeekKey = seekKey;
        chunkStartInclusive = seekInclusive;
    }

    private void endChunk() {
        if (!chunkOpen) {
            return;
        }
        chunkOpen = false;
        lastChunkNanos = clock.nanoTime() - chunkStartNanos;
        if (rowsInChunk > 0) {
            chunksCompleted++;
            chunkJustEnded = true;
            sizer.record(rowsInChunk, lastChunkNanos);
        }
        if (!transactional) {
            retriesInARow = 0;
        }
        if (!transactional && !scan.snapshot() && streamsInTransaction()) {
            try {
                connection.commit();
            } catch (SQLException failure) {
                // The chunk is read completely; a read-only transaction that cannot commit costs nothing.
                discardConnection();
            }
        }
    }

    private void openConnection() throws SQLException {
        Connection opened = scan.source().open();
        if (opened == null) {
            throw new SQLException("the connection source returned null");
        }
        connection = opened;
        restoreAutoCommit = false;
        if (scan.snapshot()) {
            connection.setAutoCommit(false);
            restoreAutoCommit = true;
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            return;
        }
        boolean needsTransaction = transactional || streamsInTransaction();
        if (needsTransaction && connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            restoreAutoCommit = true;
        }
    }

    /**
     * Whether chunks are read inside a short transaction so that the driver streams them
     * (PostgreSQL). Not when a whole chunk fits in one fetch: the driver then reads it in one round
     * trip anyway, and the transaction's BEGIN and COMMIT would only add a round trip per chunk.
     */
    private boolean streamsInTransaction() {
        return plan.dialect().streaming() == Dialect.Streaming.TRANSACTION_AND_FETCH_SIZE && !scan.chunkFitsOneFetch();
    }

    private void openStatement(int limit) throws SQLException {
        if (connection == null) {
            if (scan.snapshot() && chunksCompleted + (rowsInChunk > 0 ? 1 : 0) > 0) {
                throw new SQLException("the snapshot transaction was lost; a snapshot scan cannot resume on a "
                        + "new connection");
            }
            openConnection();
        }
        List<Object> after = seekKey == null ? null : Arrays.asList(seekKey);
        ScanPlan.Statement rendered = plan.chunkQuery(segment, after, seekInclusive, scan.stopValues(),
                scan.stopInclusive(), plan.statementLimit(limit));
        statementSql = rendered.sql();
        PreparedStatement statement = prepare(rendered.sql());
        int index = 1;
        for (Object value : rendered.binds()) {
            if (value == null) {
                statement.setObject(index++, null);
            } else {
                ValueKind.bind(statement, index++, value);
            }
        }
        statementLimit = limit;
        statementRows = 0;
        statementStartNanos = clock.nanoTime();
        resultSet = statement.executeQuery();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement cached = statements.get(sql);
        if (cached != null) {
            return cached;
        }
        PreparedStatement prepared = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        switch (plan.dialect().streaming()) {
            case TRANSACTION_AND_FETCH_SIZE:
            case SERVER_PUSH_FETCH_SIZE:
            case FETCH_SIZE:
                prepared.setFetchSize(scan.fetchSize());
                break;
            case ROW_BY_ROW:
                prepared.setFetchSize(Integer.MIN_VALUE);
                break;
            default:
                break;
        }
        statements.put(sql, prepared);
        if (statements.size() > STATEMENT_CACHE) {
            Iterator<Map.Entry<String, PreparedStatement>> eldest = statements.entrySet().iterator();
            PreparedStatement evicted = eldest.next().getValue();
            eldest.remove();
            evicted.close();
        }
        return prepared;
    }

    private void closeStatement() throws SQLException {
        if (resultSet != null) {
            ResultSet closing = resultSet;
            resultSet = null;
            log.record(chunkNumber, statementSql, statementRows, clock.nanoTime() - statementStartNanos);
            closing.close();
        }
    }

    private void readKey(ResultSet row) throws SQLException {
        Object[] key = readKeyValues(row);
        if (seekKey != null && !seekInclusive && PositionCodec.sameValues(key, seekKey)) {
            throw new ChunkwiseException("the key " + scan.order() + " of the scan over " + scan.sourceName()
                    + " came back with the same values twice in a row, " + scan.newPosition(seekKey) + " and then "
                    + scan.newPosition(key) + ", so the walk cannot go on without delivering a row again or losing"
                    + " rows: the key is not"
                    + " unique (check key(...)), or the database does not compare the bound key values as it"
                    + " stores them", null, statementSql, position().orElse(null), chunkNumber);
        }
        lastKey = key;
        seekKey = key;
        seekInclusive = false;
    }

    private Object[] readKeyValues(ResultSet row) throws SQLException {
        Object[] key = new Object[keyKinds.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = keyKinds[i].read(row, keyIndexes[i]);
        }
        return key;
    }

    /**
     * With a key whose uniqueness the scan was told rather than read from the catalog, each chunk
     * query reads one row past the chunk: if that row has the chunk's last key, the key is not
     * unique, and the next chunk, which seeks past that key, would skip it. The row stays
     * undelivered (the next chunk reads it again).
     */
    private void checkRowAfterChunk() throws SQLException {
        if (resultSet == null || statementRows < statementLimit || !resultSet.next()) {
            return;
        }
        Object[] next = readKeyValues(resultSet);
        if (PositionCodec.sameValues(next, lastKey)) {
            throw new ChunkwiseException("the key " + scan.order() + " of the scan over " + scan.sourceName()
                    + " is not unique: chunk " + chunkNumber + " ended at " + scan.newPosition(lastKey)
                    + " and the next row has the same key " + scan.newPosition(next) + "; a chunk boundary between"
                    + " rows with one key would lose rows, so the run stops. key(...) must name columns that are"
                    + " unique and not NULL together", null, statementSql, position().orElse(null), chunkNumber);
        }
    }

    private ChunkwiseException failure(String what, SQLException cause, String sql) {
        Position last = deliveredKey == null ? null : scan.newPosition(deliveredKey);
        String retried = retriesInARow > 0 ? " (after " + retriesInARow + " retries)" : "";
        return new ChunkwiseException(what + " of scan over " + scan.sourceName() + retried + ": "
                + cause.getMessage(), cause, sql, last, chunkOpen ? chunkNumber : chunksCompleted);
    }

    // ---- Status and closing ------------------------------------------------------------------

    @Override
    public Optional<Position> position() {
        return deliveredKey == null ? Optional.empty() : Optional.of(scan.newPosition(deliveredKey));
    }

    @Override
    public ScanStatistics statistics() {
        return new ScanStatistics(rowsDelivered, chunksCompleted, Duration.ofNanos(clock.nanoTime() - startedNanos),
                position(), log.snapshot(), retries, Duration.ofNanos(retryNanos), List.copyOf(retryCauses));
    }

    @Override
    public Stream<T> stream() {
        Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }

    @Override
    public void close() {
        if (state == State.FAILED || state == State.CLOSED) {
            release();
            return;
        }
        state = State.CLOSED;
        next = null;
        release();
    }

    private void fail() {
        state = State.FAILED;
        next = null;
        release();
    }

    /** Throws away a connection that failed, quietly: it may already be dead. */
    private void discardConnection() {
        resultSet = null;
        for (PreparedStatement cached : statements.values()) {
            try {
                cached.close();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is broken; closing it below releases what is left
            }
        }
        statements.clear();
        if (connection != null) {
            Connection closing = connection;
            connection = null;
            try {
                if (!closing.getAutoCommit()) {
                    closing.rollback();
                }
            } catch (SQLException | RuntimeException ignored) {
                // broken connection
            }
            try {
                closing.close();
            } catch (SQLException | RuntimeException ignored) {
                // broken connection
            }
        }
    }

    /** Closes the result set, the statements and the connection; the first failure is thrown. */
    private void release() {
        SQLException first = null;
        if (resultSet != null) {
            try {
                resultSet.close();
            } catch (SQLException failure) {
                first = failure;
            }
            resultSet = null;
        }
        for (PreparedStatement cached : statements.values()) {
            try {
                cached.close();
            } catch (SQLException failure) {
                first = first == null ? failure : first;
            }
        }
        statements.clear();
        if (connection != null) {
            Connection closing = connection;
            connection = null;
            try {
                if (!closing.getAutoCommit()) {
                    closing.rollback();
                }
                if (restoreAutoCommit) {
                    if (scan.snapshot()) {
                        closing.setReadOnly(false);
                    }
                    closing.setAutoCommit(true);
                }
            } catch (SQLException failure) {
                first = first == null ? failure : first;
            } finally {
                try {
                    closing.close();
                } catch (SQLException failure) {
                    first = first == null ? failure : first;
                }
            }
        }
        if (first != null && state != State.FAILED) {
            throw new ChunkwiseException("cannot close scan over " + scan.sourceName() + ": " + first.getMessage(),
                    first);
        }
    }
}
