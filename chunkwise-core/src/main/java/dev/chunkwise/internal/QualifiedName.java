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
     * The parts of {@code text} when it is one or two dot-separated names of which one at least is
     * quoted; null otherwise (no quotes, a quote not closed, more parts or other characters).
     *
     * @throws IllegalArgumentException when it quotes with {@code "..."} where the session reads
     *     that as a string (MariaDB and MySQL without {@code ANSI_QUOTES})
     */
    static List<Part> parse(String text, Dialect dialect) {
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokens(text, dialect.syntax());
        } catch (IllegalArgumentException unterminated) {
            return null;
        }
        List<Part> parts = new ArrayList<>();
        boolean quoted = false;
        boolean expectName = true;
        for (SqlLexer.Token token : tokens) {
            String piece = token.text(text);
            if (token.kind() == SqlLexer.Kind.SPACE) {
                continue;
            }
            if (token.kind() == SqlLexer.Kind.STRING && piece.startsWith("\"")) {
                throw new IllegalArgumentException("table name " + text + " is quoted with \"...\", which this"
                        + " database reads as a string (its sql_mode has no ANSI_QUOTES): quote names with"
                        + " backticks, `like this`");
            }
            if (expectName && token.kind() == SqlLexer.Kind.WORD) {
                parts.add(new Part(piece, false));
            } else if (expectName && token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER) {
                parts.add(new Part(unquote(piece), true));
                quoted = true;
            } else if (!expectName && piece.equals(".")) {
                expectName = true;
                continue;
            } else {
                return null;
            }
            expectName = false;
        }
        return !quoted || expectName || parts.size() > 2 ? null : List.copyOf(parts);
    }

    private static String unquote(String quoted) {
        char open = quoted.charAt(0);
        char close = open == '[' ? ']' : open;
        String inner = quoted.substring(1, quoted.length() - 1);
        return inner.replace(String.valueOf(close) + close, String.valueOf(close));
    }
}
