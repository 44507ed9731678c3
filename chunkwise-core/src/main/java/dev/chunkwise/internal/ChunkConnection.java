package dev.chunkwise.internal;

import dev.chunkwise.ConnectionSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDBC connection of one run: opened on first use and set up for the run (auto-commit off
 * where chunks need a transaction; for a snapshot, REPEATABLE READ and read-only), a small cache
 * of prepared chunk queries with the driver's streaming settings, and one cleanup path that
 * release and discard share: close the statements, end the transaction, put back every setting
 * the run changed (auto-commit, isolation, read-only), close the connection.
 *
 * <p>A connection that imports a shared snapshot (the workers of a parallel run on PostgreSQL)
 * runs at REPEATABLE READ with auto-commit off, and the first statement of each of its
 * transactions is {@code SET TRANSACTION SNAPSHOT '<id>'}, as {@code pg_dump -j} does, so that a
 * fresh connection after a retry sees the same view again. When the exporting transaction has
 * ended, the import fails and so does the run: it never reads a newer view.
 *
 * <p>Release reports the first failure of that path; discard, for a connection that failed and
 * may be dead, swallows them. One run, one thread.
 */
public final class ChunkConnection {

    private static final int STATEMENT_CACHE = 8;

    /** How a run uses its connection. */
    public enum Mode {
        /** Auto-commit as the pool hands it out, unless a chunk needs a transaction to stream. */
        READ,
        /** One transaction per chunk, committed by the caller (the chunk's writes and position together). */
        TRANSACTION_PER_CHUNK,
        /** One REPEATABLE READ, read-only transaction for the whole run. */
        SNAPSHOT
    }

    private final ConnectionSource source;
    private final Dialect.Streaming streaming;
    private final int fetchSize;
    private final Mode mode;
    private final boolean streamsInTransaction;
    private final String importedSnapshot;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);

    private Connection connection;
    private boolean changedAutoCommit;
    private Integer earlierIsolation;
    private Boolean earlierReadOnly;
    private boolean snapshotImported;

    /**
     * @param streamsInTransaction whether a chunk is read inside a short read-only transaction
     *     so that the driver streams it (pgjdbc, for chunks larger than one fetch)
     * @param importedSnapshot the snapshot each transaction imports, or {@code null}
     */
    public ChunkConnection(
            ConnectionSource source,
            Dialect.Streaming streaming,
            int fetchSize,
            Mode mode,
            boolean streamsInTransaction,
            String importedSnapshot) {
        this.source = source;
        this.streaming = streaming;
        this.fetchSize = fetchSize;
        this.mode = mode;
        this.streamsInTransaction = streamsInTransaction || importedSnapshot != null && mode == Mode.READ;
        this.importedSnapshot = importedSnapshot;
    }

    /** Whether a connection is open now. */
    public boolean isOpen() {
        return connection != null;
    }

    /** The connection, opened and set up on first use. */
    public Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        Connection opened = source.open();
        if (opened == null) {
            throw new SQLException("the connection source returned null");
        }
        connection = opened;
        changedAutoCommit = false;
        earlierIsolation = null;
        earlierReadOnly = null;
        snapshotImported = false;
        try {
            boolean needsTransaction = mode != Mode.READ || streamsInTransaction;
            if (needsTransaction && opened.getAutoCommit()) {
                opened.setAutoCommit(false);
                changedAutoCommit = true;
            }
            if (mode == Mode.SNAPSHOT || importedSnapshot != null) {
                int isolation = opened.getTransactionIsolation();
                if (isolation != Connection.TRANSACTION_REPEATABLE_READ) {
                    opened.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    earlierIsolation = isolation;
                }
                if (mode != Mode.TRANSACTION_PER_CHUNK && !opened.isReadOnly()) {
                    opened.setReadOnly(true);
                    earlierReadOnly = false;
                }
            }
        } catch (SQLException | RuntimeException failure) {
            discard();
            throw failure;
        }
        return opened;
    }

    /** A prepared chunk query, from the cache or prepared now with the driver's streaming settings. */
    public PreparedStatement prepare(String sql) throws SQLException {
        importSnapshot();
        PreparedStatement cached = statements.get(sql);
        if (cached != null) {
            return cached;
        }
        PreparedStatement prepared =
                connection().prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        switch (streaming) {
            case TRANSACTION_AND_FETCH_SIZE:
            case SERVER_PUSH_FETCH_SIZE:
            case FETCH_SIZE:
                prepared.setFetchSize(fetchSize);
                break;
            case ROW_BY_ROW:
                prepared.setFetchSize(Integer.MIN_VALUE);
                break;
            default:
                break;
        }
        statements.put(sql, prepared);
        if (statements.size() > STATEMENT_CACHE) {
            Iterator<Map.Entry<String, PreparedStatement>> eldest =
                    statements.entrySet().iterator();
            PreparedStatement evicted = eldest.next().getValue();
            eldest.remove();
            evicted.close();
        }
        return prepared;
    }

    /** Opens the current transaction with the shared snapshot, unless it already has it. */
    private void importSnapshot() throws SQLException {
        if (importedSnapshot == null || snapshotImported) {
            return;
        }
        try (java.sql.Statement statement = connection().createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT '" + importedSnapshot + "'");
        } catch (SQLException failure) {
            if (Failures.isTransient(failure) || closed()) {
                throw failure;
            }
            throw new SQLException(
                    "cannot import the shared snapshot " + importedSnapshot + ": the coordinator's transaction that"
                            + " exported it has ended (its connection was closed or lost), and the run stops rather"
                            + " than read a newer view (" + failure.getMessage() + ")",
                    failure.getSQLState(),
                    failure);
        }
        snapshotImported = true;
    }

    /**
     * A read chunk is complete: commits its streaming read transaction, if it had one. A
     * read-only transaction that cannot commit costs nothing: the connection is discarded.
     */
    public void endReadTransaction() {
        if (mode != Mode.READ || !streamsInTransaction || connection == null) {
            return;
        }
        snapshotImported = false;
        try {
            connection.commit();
        } catch (SQLException failure) {
            discard();
        }
    }

    public void commit() throws SQLException {
        snapshotImported = false;
        connection().commit();
    }

    /** Rolls back the current transaction, keeping the first failure and adding a rollback failure to it. */
    public void rollback(Throwable cause) {
        snapshotImported = false;
        try {
            if (connection != null && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Whether the connection still answers (a ping): if not, its open transaction is gone. */
    public boolean alive() {
        try {
            return connection != null && connection.isValid(5);
        } catch (SQLException failure) {
            return false;
        }
    }

    /** Whether the driver reports the connection closed (some hide a lost connection behind another error). */
    public boolean closed() {
        try {
            return connection != null && connection.isClosed();
        } catch (SQLException | RuntimeException unknown) {
            return false;
        }
    }

    /** Throws away a connection that failed, quietly: it may already be dead. */
    public void discard() {
        cleanUp(true);
    }

    /**
     * Closes the statements and the connection, ending its transaction and putting back the
     * settings the run changed.
     *
     * @throws SQLException the first failure of the way, after everything was tried
     */
    public void release() throws SQLException {
        SQLException first = cleanUp(false);
        if (first != null) {
            throw first;
        }
    }

    private SQLException cleanUp(boolean quiet) {
        SQLException first = null;
        for (PreparedStatement cached : statements.values()) {
            first = attempt(first, cached::close);
        }
        statements.clear();
        if (connection == null) {
            return quiet ? null : first;
        }
        Connection closing = connection;
        connection = null;
        first = attempt(first, () -> {
            if (!closing.getAutoCommit()) {
                closing.rollback();
            }
        });
        if (earlierReadOnly != null) {
            first = attempt(first, () -> closing.setReadOnly(earlierReadOnly));
        }
        if (earlierIsolation != null) {
            first = attempt(first, () -> closing.setTransactionIsolation(earlierIsolation));
        }
        if (changedAutoCommit) {
            first = attempt(first, () -> closing.setAutoCommit(true));
        }
        first = attempt(first, closing::close);
        return quiet ? null : first;
    }

    private interface Step {
        void run() throws SQLException;
    }

    private static SQLException attempt(SQLException first, Step step) {
        try {
            step.run();
            return first;
        } catch (SQLException failure) {
            if (first == null) {
                return failure;
            }
            first.addSuppressed(failure);
            return first;
        } catch (RuntimeException failure) {
            SQLException wrapped = new SQLException(failure.getMessage(), failure);
            if (first == null) {
                return wrapped;
            }
            first.addSuppressed(wrapped);
            return first;
        }
    }
}
