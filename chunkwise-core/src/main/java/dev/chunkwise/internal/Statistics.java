package dev.chunkwise.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Cheap statistics from the database's own catalog, for progress and ETA: where the catalog keeps
 * an estimate ({@link Dialect.CatalogStyle}), that estimate; elsewhere a {@code COUNT(*)}.
 */
public final class Statistics {

    private Statistics() {}

    /** The database's estimate of a table's row count, empty when it has none. */
    public static OptionalLong estimateRows(Connection connection, Dialect dialect, Catalog.Table table)
            throws SQLException {
        String sql;
        Object[] parameters;
        Dialect.CatalogStyle style = dialect.catalogStyle();
        if (style == Dialect.CatalogStyle.PG_CATALOG) {
            String qualified =
                    (table.schema() == null ? "" : dialect.quote(table.schema()) + ".") + dialect.quote(table.name());
            sql = "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)";
            parameters = new Object[] {qualified};
        } else if (style == Dialect.CatalogStyle.MYSQL_INFORMATION_SCHEMA) {
            sql = "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
            parameters = new Object[] {table.catalog(), table.name()};
        } else if (style == Dialect.CatalogStyle.H2_INFORMATION_SCHEMA) {
            sql = "SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
            parameters = new Object[] {table.schema(), table.name()};
        } else {
            String qualified =
                    (table.schemaGiven() && table.schema() != null ? dialect.quote(table.schema()) + "." : "")
                            + dialect.quote(table.name());
            sql = "SELECT COUNT(*) FROM " + qualified;
            parameters = new Object[0];
        }
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    long rows = result.getLong(1);
                    if (!result.wasNull() && rows >= 0) {
                        return OptionalLong.of(rows);
                    }
                }
                return OptionalLong.empty();
            }
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    /**
     * The exact number of rows of {@code source} that {@code condition} selects:
     * {@code SELECT COUNT(*) FROM <source> WHERE <condition>}.
     */
    public static long countRows(Connection connection, String source, String condition, List<Object> binds)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT COUNT(*) FROM " + source + " WHERE " + condition)) {
            ValueKind.bindAll(statement, 1, binds);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }
}
