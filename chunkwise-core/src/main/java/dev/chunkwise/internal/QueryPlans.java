package dev.chunkwise.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own plan for a statement of a scan, read through its EXPLAIN
 * ({@link Dialect.ExplainStyle}): the planner's row estimate of a filtered scan, and whether a
 * chunk query reads an index range or sorts and scans. Works on the caller's connection and
 * closes what it opens; when the connection is in a transaction, that transaction is rolled back
 * after (EXPLAIN without ANALYZE runs nothing).
 */
public final class QueryPlans {

    /** The first {@code "Plan Rows"} of PostgreSQL's JSON plan is the top node's: its children follow it. */
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");

    /** A PostgreSQL plan node that sorts, or reads the whole table. */
    private static final Pattern POSTGRESQL_FULL_SCAN =
            Pattern.compile("^(?:->\\s+)?((?:Incremental )?Sort|(?:Parallel )?Seq Scan on \\S+)\\s+\\(");

    /**
     * A plan as the database shows it.
     *
     * @param lines the plan, line by line (a tabular plan as a header line and a line per row)
     * @param fullScans why the query is not an index range: the plan's sorts and full scans, each
     *     as the database names it; empty when it reads an index range in order
     */
    public record Explained(List<String> lines, List<String> fullScans) {
        public Explained {
            lines = List.copyOf(lines);
            fullScans = List.copyOf(fullScans);
        }
    }

    private QueryPlans() {}

    /**
     * The planner's estimate of the number of rows {@code sql} returns, empty where the
     * database's EXPLAIN carries none (H2, SQLite, others): PostgreSQL's {@code "Plan Rows"} of the
     * top plan node; MariaDB's and MySQL's {@code rows} of the first table read, times its
     * {@code filtered} percentage where the server reports one.
     */
    public static OptionalLong plannedRows(Connection connection, Dialect dialect, String sql, List<Object> binds)
            throws SQLException {
        switch (dialect.explainStyle()) {
            case POSTGRESQL:
                return inTransactionOf(connection, () -> {
                    try (PreparedStatement statement =
                                    ValueKind.prepare(connection, "EXPLAIN (FORMAT JSON) " + sql, binds);
                            ResultSet result = statement.executeQuery()) {
                        StringBuilder plan = new StringBuilder();
                        while (result.next()) {
                            plan.append(result.getString(1));
                        }
                        Matcher rows = PLAN_ROWS.matcher(plan);
                        return rows.find()
                                ? OptionalLong.of(Math.round(Double.parseDouble(rows.group(1))))
                                : OptionalLong.empty();
                    }
                });
            case MYSQL:
                return inTransactionOf(connection, () -> {
                    try (PreparedStatement statement = ValueKind.prepare(connection, "EXPLAIN " + sql, binds);
                            ResultSet result = statement.executeQuery()) {
                        int rowsColumn = column(result.getMetaData(), "rows");
                        int filteredColumn = column(result.getMetaData(), "filtered");
                        if (rowsColumn < 0 || !result.next()) {
                            return OptionalLong.empty();
                        }
                        double rows = result.getDouble(rowsColumn);
                        if (result.wasNull()) {
                            return OptionalLong.empty();
                        }
                        if (filteredColumn > 0) {
                            double filtered = result.getDouble(filteredColumn);
                            if (!result.wasNull()) {
                                rows = rows * filtered / 100;
                            }
                        }
                        return OptionalLong.of(Math.round(rows));
                    }
                });
            default:
                return OptionalLong.empty();
        }
    }

    /**
     * The database's plan for a chunk query, and the sorts and full scans in it: PostgreSQL's
     * {@code Sort} and {@code Seq Scan} nodes; MariaDB's and MySQL's access type {@code ALL} and
     * {@code Using filesort}; an H2 plan with an {@code ORDER BY} that is not
     * {@code /* index sorted *}{@code /}; SQLite's {@code USE TEMP B-TREE FOR ... ORDER BY}.
     * Empty where this database's EXPLAIN is not read.
     */
    public static Explained explain(Connection connection, Dialect dialect, String sql, List<Object> binds)
            throws SQLException {
        Dialect.ExplainStyle style = dialect.explainStyle();
        if (style == Dialect.ExplainStyle.NONE) {
            return new Explained(List.of(), List.of());
        }
        String explain = (style == Dialect.ExplainStyle.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        inTransactionOf(connection, () -> {
            try (PreparedStatement statement = ValueKind.prepare(connection, explain, binds);
                    ResultSet result = statement.executeQuery()) {
                ResultSetMetaData metaData = result.getMetaData();
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    labels.add(metaData.getColumnLabel(i));
                }
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= labels.size(); i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return OptionalLong.empty();
        });
        List<String> lines = new ArrayList<>();
        if (labels.size() > 1) {
            lines.add(String.join(" | ", labels));
        }
        for (List<String> row : rows) {
            lines.addAll(
                    List.of(String.join(" | ", row.stream().map(String::valueOf).toList())
                            .split("\\R")));
        }
        return new Explained(lines, fullScans(style, labels, rows, lines));
    }

    private static List<String> fullScans(
            Dialect.ExplainStyle style, List<String> labels, List<List<String>> rows, List<String> lines) {
        List<String> found = new ArrayList<>();
        switch (style) {
            case POSTGRESQL:
                for (int i = 0; i < lines.size(); i++) {
                    Matcher node = POSTGRESQL_FULL_SCAN.matcher(lines.get(i).trim());
                    if (node.find()) {
                        String sortKey = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
                        found.add(node.group(1) + (sortKey.startsWith("Sort Key: ") ? " (" + sortKey + ")" : ""));
                    }
                }
                break;
            case MYSQL:
                int type = indexOf(labels, "type");
                int table = indexOf(labels, "table");
                int extra = indexOf(labels, "Extra");
                for (List<String> row : rows) {
                    String name = table < 0 ? "" : " on " + row.get(table);
                    if (type >= 0 && "ALL".equalsIgnoreCase(row.get(type))) {
                        found.add("type ALL" + name);
                    }
                    if (extra >= 0 && row.get(extra) != null && row.get(extra).contains("Using filesort")) {
                        found.add("Using filesort" + name);
                    }
                }
                break;
            case H2:
                String plan = String.join("\n", lines);
                if (plan.contains("\nORDER BY ") && !plan.contains("/* index sorted */")) {
                    Matcher partly =
                            Pattern.compile("/\\* index sorted: [^*]*\\*/").matcher(plan);
                    found.add(partly.find() ? "a sort (" + partly.group() + ")" : "a sort (no /* index sorted */)");
                }
                break;
            case SQLITE:
                for (String line : lines) {
                    int at = line.toUpperCase(Locale.ROOT).indexOf("USE TEMP B-TREE FOR");
                    if (at >= 0 && line.toUpperCase(Locale.ROOT).contains("ORDER BY")) {
                        found.add(line.substring(at).trim());
                    }
                }
                break;
            default:
                break;
        }
        return found;
    }

    private static int indexOf(List<String> labels, String label) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }

    /** The 1-based index of the column labelled {@code label}, or -1. */
    private static int column(ResultSetMetaData metaData, String label) throws SQLException {
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            if (metaData.getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }

    private interface Work {
        OptionalLong run() throws SQLException;
    }

    private static OptionalLong inTransactionOf(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            return work.run();
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }
}
