package dev.chunkwise.spark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The servers the source is tested against, by URL: PostgreSQL and MariaDB at their local
 * addresses, database {@code test}, overridable with {@code CHUNKWISE_POSTGRES_URL} and
 * {@code CHUNKWISE_MARIADB_URL} (as the core's and the command line's tests).
 */
enum TestDatabase {
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CHUNKWISE_POSTGRES_URL"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test?user=root&password=", "CHUNKWISE_MARIADB_URL");

    private final String defaultUrl;
    private final String environmentVariable;

    TestDatabase(String defaultUrl, String environmentVariable) {
        this.defaultUrl = defaultUrl;
        this.environmentVariable = environmentVariable;
    }

    /**
     * The URL the source is given: the configured one, without an {@code ApplicationName}
     * parameter, so that the source's own application name shows in {@code pg_stat_activity}.
     */
    String url() {
        String configured = System.getenv(environmentVariable);
        String url = configured == null || configured.isBlank() ? defaultUrl : configured;
        return url.replaceAll("(?i)([?&])ApplicationName=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    /**
     * The URL to give Spark's own JDBC source: for MariaDB a {@code jdbc:mysql:} URL that MariaDB
     * Connector/J accepts ({@code permitMysqlScheme}), since Spark picks its MySQL dialect (backquoted
     * names) by that prefix and would quote {@code "id"} as a string on {@code jdbc:mariadb:}.
     */
    String sparkJdbcUrl() {
        if (this == POSTGRESQL) {
            return url();
        }
        String url = url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    /** The properties to give Spark's own JDBC source. */
    Properties sparkJdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("driver", this == POSTGRESQL ? "org.postgresql.Driver" : "org.mariadb.jdbc.Driver");
        return properties;
    }

    Connection open() throws SQLException {
        Properties properties = new Properties();
        return DriverManager.getConnection(url(), properties);
    }

    String quote(String name) {
        return this == POSTGRESQL ? "\"" + name + "\"" : "`" + name + "`";
    }

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

    List<List<Object>> query(String sql) {
        try (Connection connection = open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException(name() + ": " + failure.getMessage() + " in " + sql, failure);
        }
    }

    /**
     * A skewed table {@code name(id BIGINT PRIMARY KEY, grp INT, amount DECIMAL(12,2), label VARCHAR(40))}:
     * ids 1..dense, then a sparse tail of {@code sparse} ids a thousand apart, the shape whose equal-width
     * ranges (Spark's partitionColumn) are far from equal in rows.
     */
    void skewedTable(String name, int dense, int sparse) {
        execute(
                "DROP TABLE IF EXISTS " + name,
                "CREATE TABLE " + name + " (id BIGINT PRIMARY KEY, grp INT, amount DECIMAL(12,2), label VARCHAR(40))");
        String ids = this == POSTGRESQL
                ? "SELECT CASE WHEN i <= " + dense + " THEN i ELSE " + dense + " + (i - " + dense
                        + ") * 1000 END AS id, i FROM generate_series(1::bigint, " + (dense + sparse) + ") AS s(i)"
                : "SELECT CASE WHEN seq <= " + dense + " THEN seq ELSE " + dense + " + (seq - " + dense
                        + ") * 1000 END AS id, seq AS i FROM seq_1_to_" + (dense + sparse);
        execute("INSERT INTO " + name + " SELECT id, i % 10, (id * 7 % 100000) / 100.0,"
                + " CASE WHEN i % 97 = 0 THEN NULL ELSE CONCAT('row ', i) END FROM (" + ids + ") AS generated");
        if (this == POSTGRESQL) {
            execute("ANALYZE " + name);
        } else {
            execute("ANALYZE TABLE " + name);
        }
    }
}
