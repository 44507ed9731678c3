package dev.chunkwise.bench.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code cursor}, the baseline: one streaming cursor, tuned as each driver needs it to stream,
 * the best a single JDBC connection can do. PostgreSQL: autocommit off, forward-only, a fetch
 * size. MariaDB Connector/J: a fetch size. H2 (embedded): lazy query execution, so that the
 * result is not materialised. SQLite: streams as it is.
 */
public final class Cursor implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        try (Connection connection = context.dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            switch (context.database()) {
                case POSTGRESQL:
                    connection.setAutoCommit(false);
                    break;
                case H2:
                    try (Statement lazy = connection.createStatement()) {
                        lazy.execute("SET LAZY_QUERY_EXECUTION TRUE");
                    }
                    break;
                default:
                    break;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + EntryRow.COLUMNS + " FROM bench_entry ORDER BY id",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(context.chunkSize());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        context.probe().accept(EntryRow.map(rows));
                    }
                }
            } finally {
                if (!autoCommit) {
                    connection.commit();
                }
                connection.setAutoCommit(autoCommit);
                if (context.database() == dev.chunkwise.bench.Database.H2) {
                    try (Statement eager = connection.createStatement()) {
                        eager.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            }
        }
    }
}
