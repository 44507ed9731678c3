package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens by a dialect's {@link SqlSyntax}: far enough to tell code from
 * string literals, quoted identifiers and comments, and to find placeholders, parentheses and
 * statement separators. It does not parse: words, numbers and operators are only delimited.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlLexer {

    /** What a token is. */
    public enum Kind {
        /** A run of letters, digits, {@code _} and {@code $}: a keyword, a plain identifier or a number. */
        WORD,
        /** A string literal, quotes and any prefix ({@code E}, {@code $tag$}) included. */
        STRING,
        /** A quoted identifier, quotes included. */
        QUOTED_IDENTIFIER,
        /** A {@code ?} the driver binds a parameter to. */
        PLACEHOLDER,
        /** {@code ??}, which the driver passes on as one literal {@code ?} (pgjdbc). */
        LITERAL_QUESTION_MARK,
        /** A parameter written another way than {@code ?}: {@code $1}, {@code ?1}, {@code :name}, {@code @name}. */
        PARAMETER_REFERENCE,
        /** A comment of any form. */
        COMMENT,
        OPEN,
        CLOSE,
        SEMICOLON,
        /** White space. */
        SPACE,
        /** Any other single character: an operator or punctuation. */
        OTHER
    }

    /** One token: its kind and where it stands in the text ({@code [start, end)}). */
    public record Token(Kind kind, int start, int end) {
        public String text(String sql) {
            return sql.substring(start, end);
        }
    }

    /** Text that ends inside a literal, a quoted identifier or a comment. */
    public static final class UnterminatedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final boolean comment;

        UnterminatedException(String what) {
            this(what, false);
        }

        UnterminatedException(String what, boolean comment) {
            super(what);
            this.comment = comment;
        }

        /** Whether what is not closed is a comment (else a literal or a quoted identifier). */
        public boolean comment() {
            return comment;
        }
    }

    private SqlLexer() {}

    /**
     * The tokens of {@code sql}.
     *
     * @throws UnterminatedException when a string, quoted identifier or block comment is not closed
     */
    public static List<Token> tokens(String sql, SqlSyntax syntax) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            int end;
            Kind kind;
            if (Character.isWhitespace(c)) {
                end = i + 1;
                while (end < length && Character.isWhitespace(sql.charAt(end))) {
                    end++;
                }
                kind = Kind.SPACE;
            } else if (c == '\'') {
                end = quoted(sql, i, '\'', syntax.has(SqlSyntax.Rule.BACKSLASH_ESCAPES), "string literal");
                kind = Kind.STRING;
            } else if (c == '"') {
                boolean string = syntax.has(SqlSyntax.Rule.DOUBLE_QUOTED_STRINGS);
                boolean escapes = syntax.has(SqlSyntax.Rule.BACKSLASH_ESCAPES)
                        || syntax.has(SqlSyntax.Rule.BACKSLASH_ESCAPES_OUTSIDE_SINGLE_QUOTES);
                end = quoted(sql, i, '"', string && escapes, string ? "string literal" : "quoted identifier");
                kind = string ? Kind.STRING : Kind.QUOTED_IDENTIFIER;
            } else if (c == '`' && syntax.has(SqlSyntax.Rule.BACKTICK_IDENTIFIERS)) {
                end = quoted(
                        sql,
                        i,
                        '`',
                        syntax.has(SqlSyntax.Rule.BACKSLASH_ESCAPES_OUTSIDE_SINGLE_QUOTES),
                        "quoted identifier");
                kind = Kind.QUOTED_IDENTIFIER;
            } else if (c == '[' && syntax.has(SqlSyntax.Rule.BRACKET_IDENTIFIERS)) {
                int close = sql.indexOf(']', i + 1);
                if (close < 0) {
                    throw new UnterminatedException("a [quoted identifier] is not closed");
                }
                end = close + 1;
                kind = Kind.QUOTED_IDENTIFIER;
            } else if (c == '-' && at(sql, i + 1, '-') && dashDashComment(sql, i, syntax)) {
                end = endOfLine(sql, i);
                kind = Kind.COMMENT;
            } else if (c == '#' && syntax.has(SqlSyntax.Rule.HASH_COMMENTS)) {
                end = endOfLine(sql, i);
                kind = Kind.COMMENT;
            } else if (c == '/' && at(sql, i + 1, '/') && syntax.has(SqlSyntax.Rule.SLASH_SLASH_COMMENTS)) {
                end = endOfLine(sql, i);
                kind = Kind.COMMENT;
            } else if (c == '/' && at(sql, i + 1, '*')) {
                end = blockComment(sql, i, syntax.has(SqlSyntax.Rule.NESTED_BLOCK_COMMENTS));
                kind = Kind.COMMENT;
            } else if (c == '$' && syntax.has(SqlSyntax.Rule.DOLLAR_QUOTES) && dollarTag(sql, i, syntax) > 0) {
                int tagEnd = dollarTag(sql, i, syntax);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                if (close < 0) {
                    throw new UnterminatedException("a dollar-quoted string " + tag + "... is not closed");
                }
                end = close + tag.length();
                kind = Kind.STRING;
            } else if (c == '$'
                    && syntax.has(SqlSyntax.Rule.DOLLAR_PARAMETERS)
                    && i + 1 < length
                    && Character.isDigit(sql.charAt(i + 1))) {
                end = wordEnd(sql, i + 1);
                kind = Kind.PARAMETER_REFERENCE;
            } else if ((c == '$' || c == ':' || c == '@')
                    && syntax.has(SqlSyntax.Rule.NAMED_PARAMETERS)
                    && i + 1 < length
                    && wordChar(sql.charAt(i + 1))) {
                end = wordEnd(sql, i + 1);
                kind = Kind.PARAMETER_REFERENCE;
            } else if (c == '?') {
                if (syntax.has(SqlSyntax.Rule.DOUBLED_QUESTION_MARK) && at(sql, i + 1, '?')) {
                    end = i + 2;
                    kind = Kind.LITERAL_QUESTION_MARK;
                } else if (syntax.has(SqlSyntax.Rule.NAMED_PARAMETERS)
                        && i + 1 < length
                        && Character.isDigit(sql.charAt(i + 1))) {
                    end = wordEnd(sql, i + 1);
                    kind = Kind.PARAMETER_REFERENCE;
                } else {
                    end = i + 1;
                    kind = Kind.PLACEHOLDER;
                }
            } else if (wordChar(c) && c != '$') {
                end = wordEnd(sql, i);
                kind = Kind.WORD;
                if (end == i + 1
                        && (c == 'E' || c == 'e')
                        && at(sql, end, '\'')
                        && syntax.has(SqlSyntax.Rule.ESCAPE_STRINGS)) {
                    end = quoted(sql, end, '\'', true, "escape string literal");
                    kind = Kind.STRING;
                }
            } else {
                end = i + 1;
                kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : c == ';' ? Kind.SEMICOLON : Kind.OTHER;
            }
            tokens.add(new Token(kind, i, end));
            i = end;
        }
        return tokens;
    }

    private static boolean at(String sql, int index, char expected) {
        return index < sql.length() && sql.charAt(index) == expected;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f && !Character.isWhitespace(c);
    }

    private static int wordEnd(String sql, int from) {
        int end = from;
        while (end < sql.length() && wordChar(sql.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int endOfLine(String sql, int from) {
        int end = from;
        while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** MariaDB and MySQL read {@code --} as a comment only before white space, a control character or the end. */
    private static boolean dashDashComment(String sql, int at, SqlSyntax syntax) {
        if (!syntax.has(SqlSyntax.Rule.DASH_DASH_NEEDS_SPACE)) {
            return true;
        }
        int next = at + 2;
        return next >= sql.length()
                || Character.isWhitespace(sql.charAt(next))
                || Character.isISOControl(sql.charAt(next));
    }

    /** The end of a literal or identifier that starts with {@code quote} at {@code start}. */
    private static int quoted(String sql, int start, char quote, boolean backslashEscapes, String what) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (at(sql, i + 1, quote)) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new UnterminatedException("a " + what + " is not closed");
    }

    private static int blockComment(String sql, int start, boolean nested) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (at(sql, i, '/') && at(sql, i + 1, '*') && (nested || depth == 0)) {
                depth++;
                i += 2;
            } else if (at(sql, i, '*') && at(sql, i + 1, '/')) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new UnterminatedException("a /* comment is not closed", true);
    }

    /** The end of a dollar-quote tag starting at {@code start} ({@code $$} or {@code $name$}), or -1. */
    private static int dollarTag(String sql, int start, SqlSyntax syntax) {
        if (start > 0 && wordChar(sql.charAt(start - 1))) {
            return -1; // a $ inside an identifier (PostgreSQL allows them after the first character)
        }
        int i = start + 1;
        if (!syntax.has(SqlSyntax.Rule.EMPTY_DOLLAR_TAG_ONLY)
                && i < sql.length()
                && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) > 0x7f)) {
            while (i < sql.length() && wordChar(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        return at(sql, i, '$') ? i + 1 : -1;
    }
}
