package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the SET list of an {@code UPDATE} by the dialect's lexical rules, far enough to know
 * which columns it assigns: {@code a = 1, "b" = b + 1, t.c = 2, (d, e) = (1, 2), arr[1] = 0}.
 * Targets are matched against the table's columns as the database would: a quoted name exactly,
 * a plain one ignoring case. The list is guarded as a filter is: no comment, no statement
 * separator, balanced parentheses, no parameters.
 *
 * <p>Stateless and thread-safe.
 */
public final class SetList {

    /**
     * A checked SET list.
     *
     * @param sql the text to render (on pgjdbc, a jsonb {@code ?} operator doubled)
     * @param columns the columns it assigns, as the catalog spells them, in order
     */
    public record Checked(String sql, List<String> columns) {}

    private SetList() {}

    /**
     * @param columns the table's column names as the catalog spells them
     * @param what how messages name the list, e.g. {@code "the SET list 'a = 1'"}
     * @throws IllegalArgumentException when the list cannot be read or assigns an unknown column
     */
    public static Checked check(
            String setList, SqlSyntax syntax, Collection<String> columns, String what, String table) {
        String rendered = FilterText.checked(setList, syntax, 0, what);
        List<SqlLexer.Token> tokens = new ArrayList<>();
        for (SqlLexer.Token token : SqlLexer.tokens(setList, syntax)) {
            if (token.kind() != SqlLexer.Kind.SPACE) {
                tokens.add(token);
            }
        }
        List<String> assigned = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            SqlLexer.Kind kind = i < tokens.size() ? tokens.get(i).kind() : null;
            if (kind == SqlLexer.Kind.OPEN) {
                depth++;
            } else if (kind == SqlLexer.Kind.CLOSE) {
                depth--;
            } else if (kind == null || depth == 0 && is(tokens.get(i), setList, ",")) {
                assigned.addAll(targets(tokens.subList(start, i), setList, columns, what, table));
                start = i + 1;
            }
        }
        return new Checked(rendered, List.copyOf(assigned));
    }

    /** The columns one assignment {@code target = value} assigns. */
    private static List<String> targets(
            List<SqlLexer.Token> assignment, String sql, Collection<String> columns, String what, String table) {
        int equals = -1;
        int depth = 0;
        for (int i = 0; i < assignment.size() && equals < 0; i++) {
            SqlLexer.Token token = assignment.get(i);
            if (token.kind() == SqlLexer.Kind.OPEN) {
                depth++;
            } else if (token.kind() == SqlLexer.Kind.CLOSE) {
                depth--;
            } else if (depth == 0 && is(token, sql, "=") && !operatorPart(sql, token)) {
                equals = i;
            }
        }
        if (equals <= 0) {
            throw new IllegalArgumentException(
                    what + " holds an assignment without 'column = value': '" + text(assignment, sql) + "'");
        }
        List<SqlLexer.Token> target = assignment.subList(0, equals);
        List<String> found = new ArrayList<>();
        if (target.get(0).kind() == SqlLexer.Kind.OPEN) {
            int from = 1;
            for (int i = 1; i < target.size(); i++) {
                if (is(target.get(i), sql, ",") || target.get(i).kind() == SqlLexer.Kind.CLOSE) {
                    found.add(column(target.subList(from, i), sql, columns, what, table));
                    from = i + 1;
                }
            }
        } else {
            found.add(column(target, sql, columns, what, table));
        }
        return found;
    }

    /** The column a target names: the last part of {@code a.b.c} that is a column, before any subscript. */
    private static String column(
            List<SqlLexer.Token> target, String sql, Collection<String> columns, String what, String table) {
        List<String> parts = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        for (SqlLexer.Token token : target) {
            if (token.kind() == SqlLexer.Kind.WORD || token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER) {
                boolean isQuoted = token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER;
                String text = token.text(sql);
                parts.add(isQuoted ? unquote(text) : text);
                quoted.add(isQuoted);
            } else if (is(token, sql, "[")) {
                break; // an array element: the column is what came before
            } else if (!is(token, sql, ".")) {
                throw new IllegalArgumentException(
                        what + " assigns to '" + text(target, sql) + "', which is not a column name");
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            String name = match(parts.get(i), quoted.get(i), columns);
            if (name != null) {
                return name;
            }
        }
        throw new IllegalArgumentException(what + " assigns to '" + text(target, sql) + "', which is not a column of "
                + table
                + (Catalog.closeMatches(parts.isEmpty() ? "" : parts.get(parts.size() - 1), columns)
                                .isEmpty()
                        ? ""
                        : "; did you mean "
                                + String.join(", ", Catalog.closeMatches(parts.get(parts.size() - 1), columns)) + "?"));
    }

    private static String match(String name, boolean quoted, Collection<String> columns) {
        if (columns.contains(name)) {
            return name;
        }
        if (quoted) {
            return null;
        }
        List<String> ignoringCase =
                columns.stream().filter(column -> column.equalsIgnoreCase(name)).toList();
        return ignoringCase.size() == 1 ? ignoringCase.get(0) : null;
    }

    private static String unquote(String quoted) {
        char open = quoted.charAt(0);
        char close = open == '[' ? ']' : open;
        String inner = quoted.substring(1, quoted.length() - 1);
        return open == '[' ? inner : inner.replace(String.valueOf(close) + close, String.valueOf(close));
    }

    /** Whether an {@code =} belongs to a longer operator ({@code <=}, {@code >=}, {@code !=}, {@code :=}, {@code ==}). */
    private static boolean operatorPart(String sql, SqlLexer.Token token) {
        char before = token.start() > 0 ? sql.charAt(token.start() - 1) : ' ';
        char after = token.end() < sql.length() ? sql.charAt(token.end()) : ' ';
        return "<>!:=".indexOf(before) >= 0 || after == '=' || after == '>';
    }

    private static boolean is(SqlLexer.Token token, String sql, String text) {
        return token.kind() == SqlLexer.Kind.OTHER && token.text(sql).equals(text);
    }

    private static String text(List<SqlLexer.Token> tokens, String sql) {
        return tokens.isEmpty()
                ? ""
                : sql.substring(
                        tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
    }
}
