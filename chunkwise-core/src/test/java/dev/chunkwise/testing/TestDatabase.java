package dev.chunkwise.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The five database set-ups every contract test runs against: PostgreSQL (pgjdbc), MariaDB with
 * the MariaDB driver, MariaDB with MySQL Connector/J, H2 and SQLite.
 *
 * <p>Servers are found at the usual local addresses, overridable by environment variables
 * {@code CHUNKWISE_POSTGRES_URL}, {@code CHUNKWISE_MARIADB_URL} and {@code CHUNKWISE_MYSQL_URL}.
 * When no PostgreSQL server answers and {@code CI} is not set, an embedded PostgreSQL is started
 * so that {@code mvn verify} passes on a fresh machine; in CI an unreachable server fails the run.
 */
public enum TestDatabase {
    POSTGRESQL(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-tests",
            "CHUNKWISE_POSTGRES_URL"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?user=root&password=", "CHUNKWISE_MARIADB_URL"),
    MYSQL_DRIVER(
            "jdbc:mysql://127.0.0.1:3306/test?user=root&password=&sslMode=DISABLED" + "&allowPublicKeyRetrieval=true",
            "CHUNKWISE_MYSQL_URL"),
    H2("jdbc:h2:mem:chunkwise;DB_CLOSE_DELAY=-1", null),
    SQLITE(null, null);

    private final String defaultUrl;
    private final String environmentVariable;
    private volatile DataSource dataSource;

    TestDatabase(String defaultUrl, String environmentVariable) {
        this.defaultUrl = defaultUrl;
        this.environmentVariable = environmentVariable;
    }

    /** A DataSource for this set-up, started or connected on first use. */
    public DataSource dataSource() {
        DataSource ready = dataSource;
        if (ready == null) {
            synchronized (this) {
                if (dataSource == null) {
                    dataSource = connect();
                }
                ready = dataSource;
            }
        }
        return ready;
    }

    /** Whether this is MariaDB, whichever driver talks to it. */
    public boolean isMariaDb() {
        return this == MARIADB || this == MYSQL_DRIVER;
    }

    private DataSource connect() {
        String url = environmentVariable == null ? null : System.getenv(environmentVariable);
        if (url == null || url.isBlank()) {
            url = defaultUrl;
        }
        if (this == SQLITE) {
            try {
                Path file = Files.createTempFile("chunkwise-test-", ".sqlite");
                file.toFile().deleteOnExit();
                url = "jdbc:sqlite:" + file;
            } catch (java.io.IOException failure) {
                throw new IllegalStateException("cannot create the SQLite test database file", failure);
            }
        }
        UrlDataSource candidate = new UrlDataSource(url, new Properties());
        try (Connection ignored = candidate.getConnection()) {
            return candidate;
        } catch (SQLException unreachable) {
            if (this == POSTGRESQL && System.getenv("CI") == null) {
                return EmbeddedPostgres.start();
            }
            throw new IllegalStateException(
                    name() + " is required by the tests but cannot be reached at "
                            + redact(url) + " (" + unreachable.getMessage() + "); start it (see .ci/run) or set "
                            + environmentVariable,
                    unreachable);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    // ---- Column types for test tables --------------------------------------------------------

    public String bigint() {
        return this == SQLITE ? "INTEGER" : "BIGINT";
    }

    public String integer() {
        return "INTEGER";
    }

    public String text(int length) {
        return this == SQLITE ? "TEXT" : "VARCHAR(" + length + ")";
    }

    /** A text type that compares by binary code points (same order in Java and the database for ASCII). */
    public String binaryText(int length) {
        switch (this) {
            case POSTGRESQL:
                return "VARCHAR(" + length + ") COLLATE \"C\"";
            case MARIADB:
            case MYSQL_DRIVER:
                return "VARCHAR(" + length + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
            case SQLITE:
                return "TEXT";
            default:
                return "VARCHAR(" + length + ")";
        }
    }

    public String timestamp() {
        switch (this) {
            case POSTGRESQL:
                return "TIMESTAMP(6)";
            case MARIADB:
            case MYSQL_DRIVER:
                return "DATETIME(6)";
            case SQLITE:
                return "TEXT";
            default:
                return "TIMESTAMP(6)";
        }
    }

    public String decimal() {
        return this == SQLITE ? "NUMERIC" : "DECIMAL(20, 4)";
    }

    public String doubleType() {
        return this == POSTGRESQL ? "DOUBLE PRECISION" : this == SQLITE ? "REAL" : "DOUBLE";
    }

    public String date() {
        return this == SQLITE ? "TEXT" : "DATE";
    }

    public String bool() {
        return this == SQLITE ? "INTEGER" : "BOOLEAN";
    }

    public String binary(int length) {
        switch (this) {
            case POSTGRESQL:
                return "BYTEA";
            case SQLITE:
                return "BLOB";
            default:
                return "VARBINARY(" + length + ")";
        }
    }

    public String uuid() {
        switch (this) {
            case POSTGRESQL:
            case H2:
                return "UUID";
            case SQLITE:
                return "TEXT";
            default:
                return "CHAR(36)";
        }
    }

    // ---- Helpers -----------------------------------------------------------------------------

    /** Runs statements, each in auto-commit mode. */
    public void execute(String... sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Drops a table if it exists. */
    public void drop(String table) {
        execute("DROP TABLE IF EXISTS " + table);
    }

    /** Runs a batch insert of rows into a table with the given column list. */
    public void insert(String table, String columnList, List<Object[]> rows) {
        int width = columnList.split(",").length;
        String marks = String.join(", ", java.util.Collections.nCopies(width, "?"));
        try (Connection connection = dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (" + columnList + ") VALUES (" + marks + ")")) {
            connection.setAutoCommit(false);
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
                if (++pending == 1000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Every row of a query, each as a list of {@code getObject} values. */
    public List<List<Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage() + " in " + sql, failure);
        }
    }

    /** The first column of every row of a query. */
    public List<Object> column(String sql, Object... parameters) {
        List<Object> values = new ArrayList<>();
        for (List<Object> row : query(sql, parameters)) {
            values.add(row.get(0));
        }
        return values;
    }

    static Connection open(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }
}
