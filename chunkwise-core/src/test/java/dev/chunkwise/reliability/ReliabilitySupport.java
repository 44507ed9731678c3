package dev.chunkwise.reliability;

import dev.chunkwise.ConnectionSource;
import dev.chunkwise.ScanClock;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Shared tools of the reliability tests: a connection source that knows the server-side id of
 * every connection it opened (so that a test can kill exactly the scan's connection from another
 * one), a fake clock, and table set-up. Everything runs on the real databases.
 */
final class ReliabilitySupport {

    private ReliabilitySupport() {}

    /** The databases that run a server whose connections can be killed. */
    static final String SERVERS = "POSTGRESQL|MARIADB|MYSQL_DRIVER";

    /**
     * Opens real connections through a leak-tracking DataSource and records each one's backend
     * id ({@code pg_backend_pid()} or {@code CONNECTION_ID()}). Thread-safe.
     */
    static final class TrackedSource implements ConnectionSource {

        private final TestDatabase database;
        private final LeakTrackingDataSource tracked;
        private final List<Long> backendIds = new CopyOnWriteArrayList<>();
        private final AtomicInteger opened = new AtomicInteger();
        private volatile DataSource replacement;

        TrackedSource(TestDatabase database) {
            this.database = database;
            this.tracked = new LeakTrackingDataSource(database.dataSource());
        }

        @Override
        public Connection open() throws SQLException {
            opened.incrementAndGet();
            DataSource from = replacement;
            if (from != null) {
                return from.getConnection();
            }
            Connection connection = tracked.getConnection();
            if (database == TestDatabase.POSTGRESQL || database.isMariaDb()) {
                String sql = database == TestDatabase.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
                try (Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery(sql)) {
                    row.next();
                    backendIds.add(row.getLong(1));
                }
            }
            return connection;
        }

        /** From now on, connections come from {@code dataSource} (for example one that cannot connect). */
        void replaceWith(DataSource dataSource) {
            this.replacement = dataSource;
        }

        /** How many connections were asked for. */
        int opened() {
            return opened.get();
        }

        /** The backend id of the connection opened last. */
        long current() {
            return backendIds.get(backendIds.size() - 1);
        }

        List<Long> backendIds() {
            return List.copyOf(backendIds);
        }

        /** Kills the connection opened last, from another connection, and waits until it is gone. */
        void killCurrent() {
            kill(database, current());
        }

        List<String> stillOpen() {
            return tracked.stillOpen();
        }

        /**
         * The connections still open. After a kill, closing a statement of the dead connection
         * may throw (MariaDB Connector/J), so the tracker keeps it; closing the connection
         * releases it all the same, which is what a test of a kill can check.
         */
        List<String> connectionsStillOpen() {
            return tracked.stillOpen().stream().filter("Connection"::equals).toList();
        }
    }

    /** Kills a server connection by its backend id, from a connection of its own. */
    static void kill(TestDatabase database, long backendId) {
        if (database == TestDatabase.POSTGRESQL) {
            List<Object> killed = database.column("SELECT pg_terminate_backend(?, 10000)", (int) backendId);
            if (!Boolean.TRUE.equals(killed.get(0))) {
                throw new IllegalStateException("backend " + backendId + " was not terminated");
            }
        } else {
            database.execute("KILL " + backendId);
        }
    }

    /** A clock that records every sleep and advances its time instead of sleeping. Thread-safe. */
    static final class FakeClock implements ScanClock {

        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos.addAndGet(duration.toNanos());
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        List<Duration> sleeps() {
            synchronized (sleeps) {
                return List.copyOf(sleeps);
            }
        }
    }

    /** Creates {@code table (id BIGINT PRIMARY KEY, payload VARCHAR)} with ids 1..rows. */
    static void createNumbered(TestDatabase database, String table, int rows, int payloadLength) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.bigint() + " PRIMARY KEY, payload "
                + database.text(Math.max(payloadLength, 1)) + ")");
        List<Object[]> values = new ArrayList<>();
        String filler = "x".repeat(Math.max(0, payloadLength - 12));
        for (long id = 1; id <= rows; id++) {
            values.add(new Object[] {id, "row " + id + " " + filler});
        }
        database.insert(table, "id, payload", values);
    }

    /** 1..count as longs. */
    static List<Long> oneTo(int count) {
        List<Long> ids = new ArrayList<>(count);
        for (long id = 1; id <= count; id++) {
            ids.add(id);
        }
        return ids;
    }

    /** Longs of the first column of a query. */
    static List<Long> longs(TestDatabase database, String sql, Object... parameters) {
        List<Long> values = new ArrayList<>();
        for (Object value : database.column(sql, parameters)) {
            values.add(((Number) value).longValue());
        }
        return values;
    }

    /** A connection of its own for writes in auto-commit mode, each committed at once. One thread. */
    static final class Session implements AutoCloseable {

        private final TestDatabase database;
        private final Connection connection;

        Session(TestDatabase database) {
            this.database = database;
            try {
                this.connection = database.dataSource().getConnection();
            } catch (SQLException failure) {
                throw new IllegalStateException(database + ": " + failure.getMessage(), failure);
            }
        }

        int update(String sql, Object... parameters) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            } catch (SQLException failure) {
                throw new IllegalStateException(database + ": " + failure.getMessage() + " in " + sql, failure);
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException failure) {
                throw new IllegalStateException(database + ": " + failure.getMessage(), failure);
            }
        }
    }

    /** Runs one statement with parameters, in auto-commit mode, on a new connection. */
    static int update(TestDatabase database, String sql, Object... parameters) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException failure) {
            throw new IllegalStateException(database + ": " + failure.getMessage() + " in " + sql, failure);
        }
    }
}
