package dev.chunkwise.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a real DataSource and keeps track of every connection, statement and result set opened
 * through it, so that a test can assert that nothing was left open. SQL runs on the real
 * database unchanged.
 */
public final class LeakTrackingDataSource implements DataSource {

    private final DataSource delegate;
    private final Set<Object> open = ConcurrentHashMap.newKeySet();
    private volatile int connectionsOpened;

    public LeakTrackingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Descriptions of the JDBC objects still open. */
    public List<String> stillOpen() {
        List<String> names = new ArrayList<>();
        for (Object resource : open) {
            names.add(resource.getClass().getInterfaces()[0].getSimpleName());
        }
        return names;
    }

    public int connectionsOpened() {
        return connectionsOpened;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connectionsOpened++;
        return track(delegate.getConnection(), Connection.class);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        connectionsOpened++;
        return track(delegate.getConnection(user, password), Connection.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object trackRaw(Object real, Class type) {
        return track(real, type);
    }

    private <T> T track(T real, Class<T> type) {
        Object[] self = new Object[1];
        InvocationHandler handler = (proxy, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(real, arguments);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
            if (method.getName().equals("close")) {
                open.remove(self[0]);
                if (real instanceof Statement) {
                    // closing a statement closes its result sets
                    open.removeIf(resource -> resource instanceof ResultSet && owner.get(resource) == self[0]);
                }
            }
            return wrapResult(method, result, self[0]);
        };
        @SuppressWarnings("unchecked")
        T proxy = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        self[0] = proxy;
        open.add(proxy);
        return proxy;
    }

    private final java.util.Map<Object, Object> owner = new ConcurrentHashMap<>();

    private Object wrapResult(Method method, Object result, Object parent) {
        if (result == null || method.getName().equals("unwrap")) {
            return result;
        }
        Class<?> returned = method.getReturnType();
        if (returned == java.sql.PreparedStatement.class
                || returned == java.sql.CallableStatement.class
                || returned == Statement.class) {
            Object statement = trackRaw(result, returned);
            owner.put(statement, parent);
            return statement;
        }
        if (returned == ResultSet.class && !method.getName().startsWith("get")
                || method.getName().equals("getResultSet")
                || method.getName().equals("getGeneratedKeys")) {
            Object resultSet = track((ResultSet) result, ResultSet.class);
            owner.put(resultSet, parent);
            return resultSet;
        }
        return result;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
