package dev.chunkwise.cli;

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

/**
 * The databases the command is tested against, by URL (the command takes a URL, not a
 * DataSource): PostgreSQL and MariaDB at their local addresses (overridable with
 * {@code CHUNKWISE_POSTGRES_URL} and {@code CHUNKWISE_MARIADB_URL}), an in-memory H2 and a
 * SQLite file.
 */
enum TestDatabase {
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CHUNKWISE_POSTGRES_URL"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?user=root&password=", "CHUNKWISE_MARIADB_URL"),
    H2("jdbc:h2:mem:chunkwise-cli;DB_CLOSE_DELAY=-1", null),
    SQLITE(null, null);

    private final String defaultUrl;
    private final String environmentVariable;
    private String url;

    TestDatabase(String defaultUrl, String environmentVariable) {
        this.defaultUrl = defaultUrl;
        this.environmentVariable = environmentVariable;
    }

    /**
     * The URL of the MariaDB server through MySQL Connector/J: {@code CHUNKWISE_MYSQL_URL} when set
     * (the database the environment names), else the test database at the local address.
     */
    static String mysqlDriverUrl() {
        String configured = System.getenv("CHUNKWISE_MYSQL_URL");
        return configured != null && !configured.isBlank()
                ? configured
                : "jdbc:mysql://127.0.0.1:3306/test?user=root&password=&sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    /** The URL to give the command with {@code --url}. */
    synchronized String url() {
        if (url == null) {
            String configured = environmentVariable == null ? null : System.getenv(environmentVariable);
            if (configured != null && !configured.isBlank()) {
                url = configured;
            } else if (this == SQLITE) {
                try {
                    Path file = Files.createTempFile("chunkwise-cli-test-", ".sqlite");
                    file.toFile().deleteOnExit();
                    url = "jdbc:sqlite:" + file;
                } catch (java.io.IOException failure) {
                    throw new IllegalStateException(failure);
                }
            } else {
                url = defaultUrl;
            }
        }
        return url;
    }

    /**
     * A connection for the test's own queries. On MariaDB it reads {@code tinyint(1)} as the number
     * it holds and {@code YEAR} as a year, as the command itself does.
     */
    Connection open() throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (this == MARIADB) {
            properties.setProperty("tinyInt1isBit", "false");
            properties.setProperty("yearIsDateType", "false");
        }
        return DriverManager.getConnection(url(), properties);
    }

    // ---- column types -------------------------------------------------------------------------

    String bigint() {
        return this == SQLITE ? "INTEGER" : "BIGINT";
    }

    String text(int length) {
        return this == SQLITE ? "TEXT" : "VARCHAR(" + length + ")";
    }

    String decimal() {
        return this == SQLITE ? "NUMERIC" : "DECIMAL(20, 4)";
    }

    String doubleType() {
        return this == POSTGRESQL ? "DOUBLE PRECISION" : this == SQLITE ? "REAL" : "DOUBLE";
    }

    String timestamp() {
        return this == MARIADB ? "DATETIME(6)" : this == SQLITE ? "TEXT" : "TIMESTAMP(6)";
    }

    String bool() {
        return this == SQLITE ? "INTEGER" : "BOOLEAN";
    }

    String binary() {
        return this == POSTGRESQL ? "BYTEA" : this == SQLITE ? "BLOB" : "VARBINARY(64)";
    }

    // ---- helpers ------------------------------------------------------------------------------

    void execute(String... sql) {
        try (Connection connection = open();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage(), failure);
        }
    }

    void drop(String table) {
        execute("DROP TABLE IF EXISTS " + table);
    }

    void insert(String table, String columns, List<Object[]> rows) {
        String marks = String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
        try (Connection connection = open();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
            connection.setAutoCommit(false);
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
                if (++pending == 2000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Every row of a query as {@code getObject} values, byte arrays as lists so rows compare by value. */
    List<List<Object>> query(String sql) {
        try (Connection connection = open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    Object value = result.getObject(i);
                    row.add(value instanceof byte[] ? java.util.Arrays.toString((byte[]) value) : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage() + " in " + sql, failure);
        }
    }

    /** The column labels of a table, as the database reports them for SELECT *. */
    List<String> labels(String table) {
        try (Connection connection = open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                labels.add(result.getMetaData().getColumnLabel(i));
            }
            return labels;
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    long count(String sql) {
        return ((Number) query(sql).get(0).get(0)).longValue();
    }
}
