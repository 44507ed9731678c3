package dev.chunkwise.micrometer;

import dev.chunkwise.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The databases these tests scan: H2 in memory, and the PostgreSQL server of the other modules'
 * tests ({@code CHUNKWISE_POSTGRES_URL}, by default database {@code test} on 127.0.0.1).
 */
enum Databases {
    H2,
    POSTGRESQL;

    private static final String POSTGRES_DEFAULT =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-tests";

    /** Connections from the driver manager. */
    ConnectionSource source() {
        String url;
        if (this == H2) {
            url = "jdbc:h2:mem:chunkwise-micrometer;DB_CLOSE_DELAY=-1";
        } else {
            String configured = System.getenv("CHUNKWISE_POSTGRES_URL");
            url = configured == null || configured.isBlank() ? POSTGRES_DEFAULT : configured;
        }
        return () -> DriverManager.getConnection(url);
    }

    /** Creates {@code table (id BIGINT PRIMARY KEY, payload VARCHAR(40))} with ids 1..rows. */
    void createNumbered(String table, int rows) {
        try (Connection connection = source().open();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, payload VARCHAR(40))");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + table + " (id, payload) VALUES (?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "row " + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(this + ": " + failure.getMessage(), failure);
        }
    }

    /**
     * PostgreSQL connections that remember the server process of each ({@code pg_backend_pid()}),
     * so that a test can kill the scan's own connection from another one. Thread-safe.
     */
    static final class KillableSource implements ConnectionSource {

        private final ConnectionSource postgres = POSTGRESQL.source();
        private final List<Integer> backends = new CopyOnWriteArrayList<>();

        @Override
        public Connection open() throws SQLException {
            Connection connection = postgres.open();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                backends.add(row.getInt(1));
            }
            return connection;
        }

        /** Terminates the connection opened last, from a connection of its own, and waits until it is gone. */
        void killCurrent() {
            int backend = backends.get(backends.size() - 1);
            try (Connection connection = postgres.open();
                    PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
                kill.setInt(1, backend);
                try (ResultSet killed = kill.executeQuery()) {
                    killed.next();
                    if (!killed.getBoolean(1)) {
                        throw new IllegalStateException("backend " + backend + " was not terminated");
                    }
                }
            } catch (SQLException failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
    }
}
