package dev.chunkwise.internal;

import dev.chunkwise.ChunkwiseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The reading of one run of a JDBC scan: a chunk is at most {@code size} rows read by one
 * statement, or by two or more when it crosses from one NULL segment of the order into the next.
 * Rows are handed over while the statement is still open (streamed inside a chunk); when a chunk
 * is complete its statement is closed and, where the driver needs a transaction to stream
 * (pgjdbc), that short read-only transaction is committed, unless the run holds one snapshot or a
 * transaction per chunk that the caller commits.
 *
 * <p>Failures: a transient failure while reading (lost connection, deadlock, serialization
 * failure, lock timeout), or of the mapper, discards the connection, waits the backoff and
 * reissues the current statement on a fresh connection, seeking after the last row read. Every
 * row read has been or will be handed out, so the caller sees no row lost and none repeated. A
 * snapshot run is never retried: a new connection would see another snapshot.
 *
 * <p>Owns a {@link ChunkConnection}: at most one open result set and a few prepared chunk queries.
 * One run, one thread.
 *
 * @param <T> the type of one mapped row
 */
public final class JdbcRowCursor<T> extends AbstractRowCursor<T> implements ChunkTransaction<Connection> {

    private final RunPlan<T> run;
    private final ScanPlan plan;
    private final ChunkConnection connection;
    private final boolean perChunkTransactions;
    private final ChunkSizer sizer;
    /** How each key column is read, and where: {@code plan.keys()} unpacked for the row path. */
    private final ValueKind[] keyKinds;

    private final int[] keyIndexes;
    private final boolean peekPastChunk;

    private ResultSet resultSet;
    private String statementSql;
    private long statementStartNanos;
    private int statementLimit;
    private int statementRows;

    private boolean chunkOpen;
    private int chunkSize;
    private int rowsInChunk;
    private long chunkStartNanos;
    private boolean chunkJustEnded;

    /**
     * @param perChunkTransactions whether each chunk runs in a transaction the caller commits
     *     ({@code forEachChunkInTransaction}): chunks are then read with auto-commit off and never
     *     committed here
     */
    public JdbcRowCursor(RunPlan<T> run, boolean perChunkTransactions) {
        super(
                new Walk(
                        run.plan().segmentCount(),
                        run.bounds(),
                        run.bounds().start() == null
                                ? 0
                                : run.plan().segmentOf(run.bounds().start()),
                        run.fingerprint(),
                        run.description(),
                        "check key(...): it must name columns that are unique and not NULL together"),
                run.settings(),
                run.fingerprint(),
                run.sourceName());
        this.run = run;
        this.plan = run.plan();
        this.perChunkTransactions = perChunkTransactions;
        this.sizer = run.settings().newSizer();
        ChunkConnection.Mode mode = run.snapshot()
                ? ChunkConnection.Mode.SNAPSHOT
                : perChunkTransactions ? ChunkConnection.Mode.TRANSACTION_PER_CHUNK : ChunkConnection.Mode.READ;
        this.connection = new ChunkConnection(
                run.source(),
                plan.dialect().streaming(),
                run.fetchSize(),
                mode,
                run.streamsInTransaction(),
                run.importedSnapshot());
        List<KeyColumn> keys = plan.keys();
        this.keyKinds = new ValueKind[keys.size()];
        this.keyIndexes = new int[keys.size()];
        for (int i = 0; i < keyKinds.length; i++) {
            keyKinds[i] = keys.get(i).kind();
            keyIndexes[i] = keys.get(i).selectIndex();
        }
        this.peekPastChunk = plan.peeksPastChunk();
    }

    // ---- Steps -------------------------------------------------------------------------------

    @Override
    public Step step() {
        while (true) {
            boolean read;
            try {
                read = fetchRow();
            } catch (SQLException failure) {
                recoverOrThrow(failure, "cannot read chunk");
                continue;
            }
            if (read) {
                try {
                    row = run.mapper().map(resultSet);
                    return Step.ROW;
                } catch (SQLException failure) {
                    if (!isTransient(failure)) {
                        throw failure("the row mapper failed", failure);
                    }
                    // read the row again: its key unread, the connection replaced after the backoff
                    walk.unpass();
                    rowsInChunk--;
                    statementRows--;
                    recoverOrThrow(failure, "the row mapper failed");
                    continue;
                }
            }
            if (chunkJustEnded) {
                chunkJustEnded = false;
                return Step.CHUNK_END;
            }
            if (walk.exhausted()) {
                return Step.END;
            }
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
                if (walk.exhausted()) {
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
                readKey();
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
     * (the walk is exhausted and the chunk ended).
     */
    private boolean statementEnded() throws SQLException {
        boolean segmentExhausted = statementRows < statementLimit;
        closeStatement();
        if (segmentExhausted) {
            walk.nextSegment();
            if (walk.exhausted()) {
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
        walk.beginChunk();
        chunkBegins();
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
        if (!perChunkTransactions) {
            retrier.succeeded();
            if (!run.snapshot()) {
                connection.endReadTransaction();
            }
        }
    }

    private void openStatement(int limit) throws SQLException {
        if (!connection.isOpen() && run.snapshot() && chunksCompleted + (rowsInChunk > 0 ? 1 : 0) > 0) {
            throw new SQLException(
                    "the snapshot transaction was lost; a snapshot scan cannot resume on a " + "new connection");
        }
        ScanPlan.Statement rendered = plan.chunkQuery(
                walk.segment(),
                walk.seek(),
                walk.inclusive(),
                run.bounds().stop(),
                run.bounds().stopInclusive(),
                plan.statementLimit(limit));
        statementSql = rendered.sql();
        PreparedStatement statement = connection.prepare(rendered.sql());
        ValueKind.bindAll(statement, 1, rendered.binds());
        statementLimit = limit;
        statementRows = 0;
        statementStartNanos = clock.nanoTime();
        resultSet = statement.executeQuery();
    }

    private void closeStatement() throws SQLException {
        if (resultSet != null) {
            ResultSet closing = resultSet;
            resultSet = null;
            log.record(chunkNumber, statementSql, statementRows, clock.nanoTime() - statementStartNanos);
            closing.close();
        }
    }

    private void readKey() throws SQLException {
        Object[] read = readKeyValues(resultSet);
        walk.passed(read, statementSql, deliveredKey(), chunkNumber);
        key = read;
    }

    private Object[] readKeyValues(ResultSet current) throws SQLException {
        Object[] values = new Object[keyKinds.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = keyKinds[i].read(current, keyIndexes[i]);
        }
        return values;
    }

    /**
     * With a key whose uniqueness the scan was told rather than read from the catalog, each chunk
     * query reads one row past the chunk: if that row has the chunk's last key, the key is not
     * unique (see {@link Walk#checkPastChunk}). The row stays undelivered (the next chunk reads it again).
     */
    private void checkRowAfterChunk() throws SQLException {
        if (resultSet == null || statementRows < statementLimit || !resultSet.next()) {
            return;
        }
        walk.checkPastChunk(readKeyValues(resultSet), statementSql, deliveredKey(), chunkNumber);
    }

    // ---- Failures ----------------------------------------------------------------------------

    private void recoverOrThrow(SQLException failure, String what) {
        if (run.snapshot() && isTransient(failure)) {
            throw failure(
                    what + ": the snapshot transaction was lost, and a snapshot scan does not resume on a new "
                            + "connection, which would see another snapshot",
                    failure);
        }
        if (!isTransient(failure) || !retrier.mayRetry()) {
            throw failure(what, failure);
        }
        backOff(failure);
    }

    /**
     * Whether a failure may be overcome on a fresh connection: a transient failure, or any failure
     * after which the driver reports the connection closed. The latter catches drivers that hide
     * the lost connection behind another error (MySQL Connector/J's {@code executeBatch} reports
     * "No operations allowed after statement closed" and drops the communications failure).
     */
    private boolean isTransient(Throwable failure) {
        return Failures.isTransient(failure) || connection.closed();
    }

    /** Discards the connection, records the cause, and waits the backoff. */
    private void backOff(Throwable failure) {
        resultSet = null;
        backOff(failure, connection::discard);
    }

    private ChunkwiseException failure(String what, SQLException cause) {
        String retried = retrier.inARow() > 0 ? " (after " + retrier.inARow() + " retries)" : "";
        return new ChunkwiseException(
                what + " of scan over " + run.sourceName() + retried + ": " + cause.getMessage(),
                cause,
                statementSql,
                deliveredPosition(),
                chunkOpen ? chunkNumber : chunksCompleted);
    }

    // ---- What the loops read -----------------------------------------------------------------

    @Override
    public void pace() {
        double factor = run.settings().pacing();
        Duration pause = run.settings().pause();
        if ((factor > 0 || !pause.isZero()) && chunksCompleted > 0) {
            try {
                clock.sleep(Duration.ofNanos((long) (lastChunkNanos * factor)).plus(pause));
            } catch (InterruptedException interrupted) {
                throw interrupted(interrupted);
            }
        }
    }

    @Override
    public boolean retryChunk(Throwable failure, int rows) {
        if (!isTransient(failure) || !retrier.mayRetry()) {
            return false;
        }
        connection.rollback(failure);
        backOff(failure);
        rewindChunk(rows);
        return true;
    }

    // ---- The chunk's transaction (forEachChunkInTransaction) --------------------------------

    @Override
    public Connection session() {
        try {
            return connection.connection();
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot open a connection for the scan over " + run.sourceName() + ": " + failure.getMessage(),
                    failure);
        }
    }

    @Override
    public void flush() {
        // JDBC writes go to the database as the handler makes them
    }

    @Override
    public boolean alive() {
        return connection.alive();
    }

    @Override
    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback(Throwable cause) {
        connection.rollback(cause);
    }

    @Override
    public void clear() {
        // nothing is kept between chunks
    }

    // ---- Closing -----------------------------------------------------------------------------

    /** Closes the result set, the statements and the connection; the first failure is thrown. */
    @Override
    public void close() {
        SQLException first = null;
        if (resultSet != null) {
            try {
                resultSet.close();
            } catch (SQLException failure) {
                first = failure;
            }
            resultSet = null;
        }
        try {
            connection.release();
        } catch (SQLException failure) {
            first = first == null ? failure : first;
        }
        if (first != null) {
            throw new ChunkwiseException(
                    "cannot close scan over " + run.sourceName() + ": " + first.getMessage(), first);
        }
    }

    @Override
    public void discardQuietly() {
        resultSet = null;
        connection.discard();
    }
}
