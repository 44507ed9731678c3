package dev.chunkwise;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where a scan gets its connections: usually a pooled {@link DataSource}
 * ({@code ConnectionSource.of(dataSource)}), or any function that opens one.
 *
 * <p>A running scan opens one connection, uses it for its chunks (one short statement, and on
 * PostgreSQL one short read-only transaction, per chunk) and closes it when the run ends. The
 * source must be safe to call from the threads that run scans.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** Opens a connection that the caller (the scan) will close. */
    Connection open() throws SQLException;

    /** A source backed by {@code dataSource.getConnection()}. */
    static ConnectionSource of(DataSource dataSource) {
        java.util.Objects.requireNonNull(dataSource, "dataSource");
        return dataSource::getConnection;
    }
}
