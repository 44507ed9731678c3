package dev.chunkwise.internal;

import java.util.List;

/**
 * The guard that keeps a caller's filter inside the parentheses a chunk query puts around it:
 * {@code WHERE (<filter>) AND <seek>}. Read by the dialect's own lexical rules, a filter is
 * refused when it could end that condition early or change what follows it: a comment (it could
 * hide the seek predicate), parentheses that do not balance (a top-level {@code OR} would escape),
 * a string, quoted identifier or comment left open, a statement separator, a parameter written
 * another way than {@code ?} (it would collide with the driver's numbering), or a count of
 * {@code ?} placeholders that differs from the parameters given (the seek's values would be bound
 * in the wrong places).
 *
 * <p>Stateless and thread-safe.
 */
public final class FilterText {

    private FilterText() {}

    /**
     * Checks a filter and returns the text to render. Where the driver reads {@code ??} as a
     * literal question mark (pgjdbc) and no parameters are given, every {@code ?} is an operator
     * (PostgreSQL's jsonb {@code ?}, {@code ?|}, {@code ?&}) and is rendered as {@code ??}.
     *
     * @param what how messages name the text, e.g. {@code "the filter 'x > 1'"}
     * @throws IllegalArgumentException saying why the filter cannot be used
     */
    public static String checked(String filter, SqlSyntax syntax, int parameterCount, String what) {
        List<SqlLexer.Token> tokens = condition(filter, syntax, what);
        int placeholders = 0;
        for (SqlLexer.Token token : tokens) {
            if (token.kind() == SqlLexer.Kind.PARAMETER_REFERENCE) {
                throw new IllegalArgumentException(what + " refers to a parameter as " + token.text(filter)
                        + "; write ? for each parameter and pass its value with the filter");
            }
            if (token.kind() == SqlLexer.Kind.PLACEHOLDER) {
                placeholders++;
            }
        }
        boolean operatorMarks = syntax.has(SqlSyntax.Rule.DOUBLED_QUESTION_MARK);
        if (placeholders > 0 && parameterCount == 0 && operatorMarks) {
            StringBuilder escaped = new StringBuilder(filter.length() + placeholders);
            for (SqlLexer.Token token : tokens) {
                escaped.append(token.kind() == SqlLexer.Kind.PLACEHOLDER ? "??" : token.text(filter));
            }
            return escaped.toString();
        }
        if (placeholders != parameterCount) {
            throw new IllegalArgumentException(what + " has " + placeholders + " ? placeholder"
                    + (placeholders == 1 ? "" : "s") + " but " + parameterCount + " parameter"
                    + (parameterCount == 1 ? " was" : "s were") + " given"
                    + (operatorMarks && placeholders > parameterCount
                            ? "; where parameters are bound, write an operator ? (jsonb) as ??"
                            : ""));
        }
        return filter;
    }

    /**
     * Checks that {@code text} is one condition that stays inside the parentheses put around it, by
     * {@code syntax}: no comment, no {@code ;}, balanced parentheses, every string, quoted
     * identifier and comment closed. How parameters are written is left to the caller (a JPQL
     * condition names them, SQL writes {@code ?}).
     *
     * @return the tokens of {@code text}
     * @throws IllegalArgumentException saying why the text cannot be used
     */
    public static List<SqlLexer.Token> condition(String text, SqlSyntax syntax, String what) {
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokens(text, syntax);
        } catch (SqlLexer.UnterminatedException open) {
            if (open.comment()) {
                throw new IllegalArgumentException(what + " holds a comment that is not closed; a comment could hide"
                        + " the rest of the chunk query, so filters may not have one");
            }
            throw new IllegalArgumentException(what + " has unbalanced quotes: " + open.getMessage()
                    + "; a filter must stay inside the parentheses put around it");
        }
        int depth = 0;
        for (SqlLexer.Token token : tokens) {
            switch (token.kind()) {
                case COMMENT:
                    throw new IllegalArgumentException(what + " holds a comment (" + abbreviate(token.text(text))
                            + "); a comment could hide the rest of the chunk query, so filters may not have one");
                case SEMICOLON:
                    throw new IllegalArgumentException(
                            what + " holds a ';': a filter is one condition, not a " + "statement list");
                case OPEN:
                    depth++;
                    break;
                case CLOSE:
                    depth--;
                    if (depth < 0) {
                        throw unbalancedParentheses(what);
                    }
                    break;
                default:
                    break;
            }
        }
        if (depth != 0) {
            throw unbalancedParentheses(what);
        }
        return tokens;
    }

    private static IllegalArgumentException unbalancedParentheses(String what) {
        return new IllegalArgumentException(
                what + " has unbalanced parentheses; a filter must stay inside the" + " parentheses put around it");
    }

    private static String abbreviate(String text) {
        String line = text.strip();
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
