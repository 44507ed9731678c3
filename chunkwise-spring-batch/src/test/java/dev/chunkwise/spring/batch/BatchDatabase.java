package dev.chunkwise.spring.batch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server of the tests ({@code CHUNKWISE_POSTGRES_URL}, by default the local
 * database {@code test}) with a schema of its own, {@value #SCHEMA}, dropped and created again once
 * per test JVM with Spring Batch's own {@code schema-postgresql.sql} in it, so that every run starts
 * from an empty job repository. Each test makes its own tables there and runs its jobs with
 * parameters of its own.
 */
final class BatchDatabase {

    static final String SCHEMA = "chunkwise_spring_batch";

    /** The table prefix of the job repository: its tables live in {@value #SCHEMA}. */
    static final String TABLE_PREFIX = SCHEMA + ".BATCH_";

    private static final String DEFAULT_URL =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-tests";

    private static boolean prepared;

    private BatchDatabase() {}

    static String url() {
        String url = System.getenv("CHUNKWISE_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** A pool of {@code size} connections to the test database; the caller closes it. */
    static HikariDataSource pool(int size) {
        prepare();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** Runs statements on a connection of its own, auto-committed. */
    static void execute(String... statements) {
        try (Connection connection = java.sql.DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot run " + String.join("; ", statements), failure);
        }
    }

    /** Drops and creates the schema with the job repository's tables, once per JVM. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        String script;
        try (InputStream in = org.springframework.batch.core.job.Job.class.getResourceAsStream(
                "/org/springframework/batch/core/schema-postgresql.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema-postgresql.sql is not in the spring-batch-core jar");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new IllegalStateException("cannot read Spring Batch's schema", failure);
        }
        StringBuilder statements = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                statements.append(line).append('\n');
            }
        }
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        all.add("CREATE SCHEMA " + SCHEMA);
        all.add("SET search_path TO " + SCHEMA);
        for (String sql : statements.toString().split(";")) {
            if (!sql.isBlank()) {
                all.add(sql.strip());
            }
        }
        execute(all.toArray(String[]::new));
        prepared = true;
    }
}
