package dev.chunkwise.jpa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * A small connection pool for a test entity manager factory, each connection with its server-side
 * id recorded ({@code pg_backend_pid()} or {@code CONNECTION_ID()}), so that a test can kill the
 * server side of the connections the scan holds or will be handed, from a connection of its own.
 * Like a real pool it hands out idle connections again without a check, and, like HikariCP after a
 * fatal error, drops a returned connection that no longer answers. Thread-safe.
 */
final class KillableConnections implements ConnectionProvider {

    private static final long serialVersionUID = 1L;

    private final transient JpaDatabase database;
    private final transient Map<Connection, Long> open = new ConcurrentHashMap<>();
    private final transient java.util.Deque<Connection> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final transient java.util.Set<Connection> inUse = ConcurrentHashMap.newKeySet();
    private final transient List<Long> opened = new CopyOnWriteArrayList<>();
    private final transient List<Long> killed = new CopyOnWriteArrayList<>();

    KillableConnections(JpaDatabase database) {
        this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection pooled = idle.pollLast();
        if (pooled != null) {
            inUse.add(pooled);
            return pooled;
        }
        Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        String sql = database == JpaDatabase.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            long id = row.getLong(1);
            open.put(connection, id);
            opened.add(id);
        }
        inUse.add(connection);
        return connection;
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        inUse.remove(connection);
        boolean alive;
        try {
            alive = !connection.isClosed() && connection.isValid(2);
        } catch (SQLException dead) {
            alive = false;
        }
        if (alive) {
            idle.addLast(connection);
        } else {
            open.remove(connection);
            connection.close();
        }
    }

    /** Closes the idle connections (when the factory closes). */
    void closeIdle() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            open.remove(connection);
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException("cannot unwrap " + type);
    }

    /** The server ids of every connection opened so far, in order. */
    List<Long> opened() {
        return List.copyOf(opened);
    }

    /** How many connections are handed out and not returned: a leak when no run is going on. */
    int inUse() {
        return inUse.size();
    }

    /** The server ids of the connections killed so far. */
    List<Long> killed() {
        return List.copyOf(killed);
    }

    /**
     * Kills the server side of every connection this pool has open, in use or idle, and not killed
     * before (the scan's, in a test that holds no other), from a connection of its own, and waits
     * until it is gone.
     */
    void killOpen() {
        List<Long> victims =
                open.values().stream().filter(id -> !killed.contains(id)).toList();
        if (victims.isEmpty()) {
            throw new IllegalStateException("no connection is open to kill");
        }
        try (Connection admin = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            for (long id : victims) {
                if (database == JpaDatabase.POSTGRESQL) {
                    try (PreparedStatement terminate =
                            admin.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
                        terminate.setInt(1, (int) id);
                        try (ResultSet row = terminate.executeQuery()) {
                            row.next();
                            if (!row.getBoolean(1)) {
                                throw new IllegalStateException("backend " + id + " was not terminated");
                            }
                        }
                    }
                } else {
                    try (Statement kill = admin.createStatement()) {
                        kill.execute("KILL " + id);
                    }
                }
                killed.add(id);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot kill " + victims, failure);
        }
    }

    /**
     * A statement inspector that kills the open connections just before the n-th statement whose
     * SQL contains {@code marker} is prepared, for each n of a set: the statement then runs on a
     * dead connection, in the middle of a chunk.
     */
    static final class KillBefore implements StatementInspector {

        private static final long serialVersionUID = 1L;

        private final transient KillableConnections connections;
        private final String marker;
        private transient java.util.Set<Integer> at = java.util.Set.of();
        private int seen;

        KillBefore(KillableConnections connections, String marker) {
            this.connections = connections;
            this.marker = marker;
        }

        /** Kills before the n-th matching statement from now on, for each n of {@code statements} (1-based). */
        synchronized void arm(java.util.Set<Integer> statements) {
            this.at = java.util.Set.copyOf(statements);
            this.seen = 0;
        }

        synchronized void disarm() {
            arm(java.util.Set.of());
        }

        @Override
        public synchronized String inspect(String sql) {
            if (sql.toLowerCase(java.util.Locale.ROOT).contains(marker)) {
                seen++;
                if (at.contains(seen)) {
                    connections.killOpen();
                }
            }
            return sql;
        }
    }
}
