package dev.chunkwise;

import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.KeyColumn;
import dev.chunkwise.internal.QueryLogRecorder;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.internal.Ticker;
import dev.chunkwise.internal.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One run of a scan: a connection, at most one open statement, and where the walk stands.
 *
 * <p>An explicit state machine in the manner of Guava's AbstractIterator: {@code NOT_READY} (must
 * fetch to answer), {@code READY} (a mapped row is waiting), {@code DONE} (exhausted and closed),
 * {@code FAILED} (an exception was thrown; closed), {@code CLOSED} (closed by the caller).
 *
 * <p>Chunks: a chunk is at most {@code chunkSize} rows read by one statement, or by two or more
 * when it crosses from one NULL segment of the order into the next. When the chunk is complete
 * its statement is closed and, on drivers that need a transaction to stream (PostgreSQL), that
 * short read-only transaction is committed. No transaction spans two chunks unless the caller
 * runs {@link Scan#forEachChunkInTransaction}, where each chunk has its own.
 */
final class ScanRun<T> implements ScanIterator<T> {

    private enum State { NOT_READY, READY, DONE, FAILED, CLOSED }

    private static final int STATEMENT_CACHE = 8;

    private final Scan<T> scan;
    private final ScanPlan plan;
    private final boolean transactional;
    private final Ticker ticker;
    private final QueryLogRecorder log = new QueryLogRecorder();
    private final long startedNanos;

    private State state = State.NOT_READY;
    private T next;

    private Connection connection;
    private boolean restoreAutoCommit;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
    private PreparedStatement statement;
    private ResultSet resultSet;
    private String statementSql;
    private long statementStartNanos;
    private int statementLimit;
    private int statementRows;

    private int segment;
    /** The key values to seek past in the current segment, or null at the segment's start. */
    private Object[] seekKey;
    /** The key values of the last row read. */
    private Object[] lastKey;
    private boolean seekInclusive;
    private boolean exhausted;

    private boolean chunkOpen;
    private long chunkNumber;
    private long chunksCompleted;
    private int rowsInChunk;
    private long chunkStartNanos;
    private long rowsDelivered;
    private Object[] firstKeyOfChunk;
    private Object[] deliveredKey;

    ScanRun(Scan<T> scan, boolean transactional, Ticker ticker) {
        this.scan = scan;
        this.plan = scan.plan();
        this.transactional = transactional;
        this.ticker = ticker;
        this.startedNanos = ticker.nanos();
        List<Object> start = scan.startValues();
        if (start == null) {
            segment = 0;
        } else {
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

    private boolean tryToComputeNext() {
        try {
            while (true) {
                if (fetchRow()) {
                    next = mapRow();
                    state = State.READY;
                    return true;
                }
                if (exhausted) {
                    state = State.DONE;
                    release();
                    return false;
                }
            }
        } catch (RuntimeException | Error failure) {
            fail();
            throw failure;
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
            while (!exhausted) {
                List<T> rows = new ArrayList<>(Math.min(scan.chunkSize(), 1024));
                Object[] first = null;
                while (fetchRow()) {
                    if (first == null) {
                        first = lastKey;
                    }
                    rows.add(mapRow());
                }
                if (!rows.isEmpty()) {
                    rowsDelivered += rows.size();
                    deliveredKey = lastKey;
                    return Optional.of(new Chunk<>(rows, chunkNumber, scan.newPosition(first),
                            scan.newPosition(lastKey), Duration.ofNanos(ticker.nanos() - chunkStartNanos)));
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
    void commitChunk() {
        try {
            connection.commit();
        } catch (SQLException failure) {
            throw failure("cannot commit chunk", failure, null);
        }
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

    Connection connection() {
        return connection;
    }

    /**
     * Positions the result set on the next row of the current chunk and reads its key, or
     * returns false when the chunk is complete (then its statement is closed and, for streaming
     * reads, its transaction committed). A chunk with no rows at all is not counted.
     */
    private boolean fetchRow() {
        try {
            while (true) {
                if (resultSet == null) {
                    if (exhausted) {
                        return false;
                    }
                    if (!chunkOpen) {
                        beginChunk();
                    }
                    openStatement(scan.chunkSize() - rowsInChunk);
                }
                if (rowsInChunk == scan.chunkSize()) {
                    closeStatement();
                    endChunk();
                    return false;
                }
                if (resultSet.next()) {
                    readKey();
                    rowsInChunk++;
                    statementRows++;
                    return true;
                }
                boolean segmentExhausted = statementRows < statementLimit;
                closeStatement();
                if (segmentExhausted) {
                    segment++;
                    seekKey = null;
                    seekInclusive = false;
                    if (segment >= plan.segmentCount()) {
                        exhausted = true;
                        endChunk();
                        return false;
                    }
                }
            }
        } catch (SQLException failure) {
            throw failure("cannot read chunk", failure, statementSql);
        }
    }

    private void beginChunk() throws SQLException {
        if (connection == null) {
            openConnection();
        }
        chunkOpen = true;
        chunkNumber = chunksCompleted + 1;
        rowsInChunk = 0;
        chunkStartNanos = ticker.nanos();
    }

    private void endChunk() throws SQLException {
        if (!chunkOpen) {
            return;
        }
        chunkOpen = false;
        if (rowsInChunk > 0) {
            chunksCompleted++;
        }
        if (!transactional && plan.dialect().streaming() == Dialect.Streaming.TRANSACTION_AND_FETCH_SIZE) {
            connection.commit();
        }
    }

    private void openConnection() throws SQLException {
        Connection opened = scan.source().open();
        if (opened == null) {
            throw new SQLException("the connection source returned null");
        }
        connection = opened;
        boolean needsTransaction = transactional
                || plan.dialect().streaming() == Dialect.Streaming.TRANSACTION_AND_FETCH_SIZE;
        if (needsTransaction && connection.getAutoCommit()) {
            connection.setAutoCommit(false);
            restoreAutoCommit = true;
        }
    }

    private void openStatement(int limit) throws SQLException {
        List<Object> after = seekKey == null ? null : Arrays.asList(seekKey);
        ScanPlan.Statement rendered = plan.chunkQuery(segment, after, seekInclusive, scan.stopValues(),
                scan.stopInclusive(), limit);
        statementSql = rendered.sql();
        statement = prepare(rendered.sql());
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
        statementStartNanos = ticker.nanos();
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
            closing.close();
            log.record(chunkNumber, statementSql, statementRows, ticker.nanos() - statementStartNanos);
        }
    }

    private void readKey() throws SQLException {
        List<KeyColumn> keys = plan.keys();
        Object[] key = new Object[keys.size()];
        for (int i = 0; i < key.length; i++) {
            KeyColumn column = keys.get(i);
            key[i] = column.kind().read(resultSet, column.selectIndex());
        }
        lastKey = key;
        seekKey = key;
        seekInclusive = false;
    }

    private T mapRow() {
        try {
            return scan.mapper().map(resultSet);
        } catch (SQLException failure) {
            throw failure("the row mapper failed", failure, statementSql);
        }
    }

    private ChunkwiseException failure(String what, SQLException cause, String sql) {
        Position last = deliveredKey == null ? null : scan.newPosition(deliveredKey);
        return new ChunkwiseException(what + " of scan over " + scan.sourceName() + ": " + cause.getMessage(), cause,
                sql, last, chunkOpen ? chunkNumber : chunksCompleted);
    }

    // ---- Status and closing ------------------------------------------------------------------

    @Override
    public Optional<Position> position() {
        return deliveredKey == null ? Optional.empty() : Optional.of(scan.newPosition(deliveredKey));
    }

    @Override
    public ScanStatistics statistics() {
        return new ScanStatistics(rowsDelivered, chunksCompleted, Duration.ofNanos(ticker.nanos() - startedNanos),
                position(), log.snapshot());
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
        statement = null;
        if (connection != null) {
            Connection closing = connection;
            connection = null;
            try {
                if (!closing.getAutoCommit()) {
                    closing.rollback();
                }
                if (restoreAutoCommit) {
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
