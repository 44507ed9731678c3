package dev.chunkwise.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which columns a generated column is computed from, as each database's catalog tells it:
 * PostgreSQL's {@code pg_depend}, the generation expression of MariaDB's, MySQL's and H2's
 * {@code information_schema.COLUMNS} read by the dialect's lexical rules. Where the catalog does
 * not tell (SQLite, others), every column of the table counts, so that a doubt refuses rather
 * than lets a write move a key. Generated columns computed from generated columns are followed.
 *
 * <p>Stateless.
 */
public final class GeneratedColumns {

    private GeneratedColumns() {}

    /**
     * The columns whose values decide {@code column}'s, itself included: only itself when it is not
     * generated.
     */
    public static Set<String> sources(
            Connection connection, Dialect dialect, Catalog.Table table, String column, List<String> tableColumns)
            throws SQLException {
        Set<String> sources = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(column));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (!sources.add(next)) {
                continue;
            }
            Optional<Set<String>> direct = direct(connection, dialect, table, next, tableColumns);
            direct.ifPresent(pending::addAll);
        }
        return sources;
    }

    /** The columns a generated column is computed from directly, or empty when it is not generated. */
    private static Optional<Set<String>> direct(
            Connection connection, Dialect dialect, Catalog.Table table, String column, List<String> tableColumns)
            throws SQLException {
        switch (dialect.catalogStyle()) {
            case PG_CATALOG:
                return postgres(connection, dialect, table, column);
            case MYSQL_INFORMATION_SCHEMA:
                return expression(
                        connection,
                        dialect,
                        tableColumns,
                        "SELECT GENERATION_EXPRESSION FROM"
                                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                        table.catalog(),
                        table.name(),
                        column);
            case H2_INFORMATION_SCHEMA:
                return expression(
                        connection,
                        dialect,
                        tableColumns,
                        "SELECT GENERATION_EXPRESSION FROM"
                                + " INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                        table.schema(),
                        table.name(),
                        column);
            case SQLITE_PRAGMAS:
                return sqlite(connection, dialect, table, column, tableColumns);
            default:
                return metadata(connection, table, column, tableColumns);
        }
    }

    private static Optional<Set<String>> postgres(
            Connection connection, Dialect dialect, Catalog.Table table, String column) throws SQLException {
        String qualified =
                (table.schema() == null ? "" : dialect.quote(table.schema()) + ".") + dialect.quote(table.name());
        // a generated column's expression is a pg_attrdef entry that depends ('n') on the columns it reads
        try (PreparedStatement select = connection.prepareStatement("SELECT a.attgenerated <> '', s.attname"
                + " FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " LEFT JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND d.refobjid"
                + " = a.attrelid AND d.refobjsubid > 0 AND d.deptype = 'n' LEFT JOIN pg_attribute s ON s.attrelid ="
                + " a.attrelid AND s.attnum = d.refobjsubid WHERE a.attrelid = to_regclass(?) AND a.attname = ?")) {
            select.setString(1, qualified);
            select.setString(2, column);
            try (ResultSet rows = select.executeQuery()) {
                Set<String> sources = new LinkedHashSet<>();
                boolean generated = false;
                while (rows.next()) {
                    generated |= rows.getBoolean(1);
                    if (rows.getString(2) != null) {
                        sources.add(rows.getString(2));
                    }
                }
                return generated ? Optional.of(sources) : Optional.empty();
            }
        }
    }

    /** The table's columns named in a generation expression, read by the dialect's lexical rules. */
    private static Optional<Set<String>> expression(
            Connection connection, Dialect dialect, List<String> tableColumns, String sql, String... parameters)
            throws SQLException {
        String expression;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                expression = row.next() ? row.getString(1) : null;
            }
        }
        if (expression == null || expression.isBlank()) {
            return Optional.empty();
        }
        Set<String> sources = new LinkedHashSet<>();
        try {
            for (SqlLexer.Token token : SqlLexer.tokens(expression, dialect.syntax())) {
                String text = token.text(expression);
                if (token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER && text.length() > 1) {
                    text = text.substring(1, text.length() - 1);
                } else if (token.kind() != SqlLexer.Kind.WORD) {
                    continue;
                }
                for (String name : tableColumns) {
                    if (name.equalsIgnoreCase(text)) {
                        sources.add(name);
                    }
                }
            }
        } catch (IllegalArgumentException unreadable) {
            sources.addAll(tableColumns);
        }
        return Optional.of(sources);
    }

    /** SQLite tells which columns are generated ({@code PRAGMA table_xinfo}), not from what: all count. */
    private static Optional<Set<String>> sqlite(
            Connection connection, Dialect dialect, Catalog.Table table, String column, List<String> tableColumns)
            throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA table_xinfo(" + dialect.quote(table.name()) + ")")) {
            while (rows.next()) {
                if (rows.getString("name").equals(column)) {
                    int hidden = rows.getInt("hidden");
                    return hidden == 2 || hidden == 3 ? Optional.of(Set.copyOf(tableColumns)) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Set<String>> metadata(
            Connection connection, Catalog.Table table, String column, List<String> tableColumns) throws SQLException {
        try (ResultSet rows =
                connection.getMetaData().getColumns(table.catalog(), table.schema(), table.name(), column)) {
            while (rows.next()) {
                String generated = rows.getString("IS_GENERATEDCOLUMN");
                if ("YES".equals(generated == null ? null : generated.toUpperCase(Locale.ROOT))) {
                    return Optional.of(Set.copyOf(tableColumns));
                }
            }
        } catch (SQLException unsupported) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
