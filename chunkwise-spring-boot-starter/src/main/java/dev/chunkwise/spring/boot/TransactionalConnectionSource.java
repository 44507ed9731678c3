package dev.chunkwise.spring.boot;

import dev.chunkwise.ConnectionSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A {@link ConnectionSource} that hands a scan the connection of the Spring-managed transaction
 * of the calling thread ({@link DataSourceUtils#getConnection(DataSource)}), so that the scan's
 * chunks run inside that transaction. The transaction stays the transaction manager's: on that
 * connection, the scan's {@code commit()} and {@code rollback()} do nothing, {@code close()} gives
 * the connection back to the transaction ({@link DataSourceUtils#releaseConnection}), and a
 * change of auto-commit, isolation level or read-only flag is refused with an
 * {@link SQLException} that says so (declare them on the transaction instead). Without a
 * transaction on the thread, the connection is the pool's own, used and closed as usual.
 *
 * <p>Thread-safe; each connection it returns belongs to the thread that asked for it.
 */
public final class TransactionalConnectionSource implements ConnectionSource {

    private final DataSource dataSource;

    /** Connections of the transactions over {@code dataSource}. */
    public TransactionalConnectionSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection;
        try {
            connection = DataSourceUtils.getConnection(dataSource);
        } catch (org.springframework.jdbc.CannotGetJdbcConnectionException failure) {
            throw failure.getCause() instanceof SQLException cause
                    ? cause
                    : new SQLException(failure.getMessage(), failure);
        }
        if (!DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(
                TransactionalConnectionSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Borrowed(connection, dataSource));
    }

    /** The transaction's connection, lent to one scan run. */
    private static final class Borrowed implements java.lang.reflect.InvocationHandler {
        private final Connection connection;
        private final DataSource dataSource;
        private boolean closed;

        Borrowed(Connection connection, DataSource dataSource) {
            this.connection = connection;
            this.dataSource = dataSource;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    if (!closed) {
                        closed = true;
                        DataSourceUtils.releaseConnection(connection, dataSource);
                    }
                    return null;
                case "isClosed":
                    return closed || connection.isClosed();
                case "equals":
                    return proxy == arguments[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "the connection of the current transaction (" + connection + ")";
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("the scan gave this connection back to the transaction");
            }
            if ((name.equals("commit") || name.equals("rollback")) && method.getParameterCount() == 0) {
                return null; // the transaction manager ends the transaction
            }
            if (name.equals("setAutoCommit") && !((Boolean) arguments[0])
                    || name.equals("setReadOnly") && arguments[0].equals(connection.isReadOnly())
                    || name.equals("setTransactionIsolation")
                            && arguments[0].equals(connection.getTransactionIsolation())) {
                return null; // no change
            }
            if (name.equals("setAutoCommit") || name.equals("setReadOnly") || name.equals("setTransactionIsolation")) {
                throw new SQLException("a scan that joins the caller's transaction cannot call " + name
                        + "(" + arguments[0] + ") on its connection: the transaction's settings are the"
                        + " transaction manager's (declare them on the transaction, e.g. @Transactional(isolation ="
                        + " ..., readOnly = ...))");
            }
            try {
                return method.invoke(connection, arguments);
            } catch (InvocationTargetException failure) {
                throw failure.getCause();
            }
        }
    }
}
