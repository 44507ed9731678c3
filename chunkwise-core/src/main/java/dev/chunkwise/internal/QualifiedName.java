package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A table name written as SQL: {@code table} or {@code schema.table}, each part a plain name or a
 * quoted identifier in the dialect's quoting ({@code "Mixed Case"}; on MariaDB and MySQL
 * {@code `Mixed Case`}, and {@code "..."} under {@code ANSI_QUOTES}; on SQLite also
 * {@code [...]}), a doubled quote inside standing for itself.
 */
final class QualifiedName {

    /** One part: the name as the catalog spells it, and whether it was quoted. */
    record Part(String name, boolean quoted) {}

    private QualifiedName() {}

    /**
     * The parts of {@code text} when it holds a quoted identifier; null when it holds none (the
     * name is then looked up as written, as before quoting was read).
     *
     * @throws IllegalArgumentException when quotes are present but the text is not one or two
     *     dot-separated names
     */
    static List<Part> parse(String text, Dialect dialect) {
        SqlSyntax syntax = dialect.syntax();
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokens(text, syntax);
        } catch (IllegalArgumentException unterminated) {
            if (text.indexOf('"') >= 0 || text.indexOf('`') >= 0) {
                throw new IllegalArgumentException("table name " + text + " has a quote that is not closed");
            }
            return null;
        }
        boolean quoted = false;
        for (SqlLexer.Token token : tokens) {
            if (token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER) {
                quoted = true;
            } else if (token.kind() == SqlLexer.Kind.STRING && token.text(text).startsWith("\"")) {
                throw new IllegalArgumentException("table name " + text + " is quoted with \"...\", which this"
                        + " database reads as a string (its sql_mode has no ANSI_QUOTES): quote names with"
                        + " backticks, `like this`");
            }
        }
        if (!quoted) {
            return null;
        }
        List<Part> parts = new ArrayList<>();
        boolean expectName = true;
        for (SqlLexer.Token token : tokens) {
            String piece = token.text(text);
            if (token.kind() == SqlLexer.Kind.SPACE) {
                continue;
            }
            if (expectName && token.kind() == SqlLexer.Kind.WORD) {
                parts.add(new Part(piece, false));
            } else if (expectName && token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER) {
                parts.add(new Part(unquote(piece), true));
            } else if (!expectName && piece.equals(".")) {
                expectName = true;
                continue;
            } else {
                throw malformed(text);
            }
            expectName = false;
        }
        if (expectName || parts.size() > 2) {
            throw malformed(text);
        }
        return List.copyOf(parts);
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException(
                "table name " + text + " is not [schema.]table, each part a plain name" + " or a quoted identifier");
    }

    private static String unquote(String quoted) {
        char open = quoted.charAt(0);
        char close = open == '[' ? ']' : open;
        String inner = quoted.substring(1, quoted.length() - 1);
        return inner.replace(String.valueOf(close) + close, String.valueOf(close));
    }
}
