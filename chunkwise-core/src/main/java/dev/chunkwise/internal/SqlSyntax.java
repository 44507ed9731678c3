package dev.chunkwise.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lexical rules of one SQL dialect that decide where a piece of text is code and where it is
 * a string literal, a quoted identifier or a comment, as the server (and its JDBC driver, which
 * counts {@code ?} placeholders) reads it. Rules that a session setting changes (MariaDB's
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}, PostgreSQL's
 * {@code standard_conforming_strings}) are read from the session when a scan is built.
 *
 * <p>Immutable.
 */
public final class SqlSyntax {

    /** One lexical rule. */
    public enum Rule {
        /** A backslash escapes the next character inside a {@code '...'} (or {@code "..."} string) literal. */
        BACKSLASH_ESCAPES,
        /** {@code "..."} is a string literal, not an identifier (MariaDB and MySQL without ANSI_QUOTES). */
        DOUBLE_QUOTED_STRINGS,
        /**
         * A backslash escapes the next character inside {@code "..."} string literals and {@code `...`}
         * identifiers but not inside {@code '...'} literals (Hibernate's HQL).
         */
        BACKSLASH_ESCAPES_OUTSIDE_SINGLE_QUOTES,
        /** {@code `...`} is a quoted identifier. */
        BACKTICK_IDENTIFIERS,
        /** {@code [...]} is a quoted identifier (SQLite, SQL Server). */
        BRACKET_IDENTIFIERS,
        /** {@code #} starts a comment to the end of the line (MariaDB, MySQL). */
        HASH_COMMENTS,
        /** {@code --} starts a comment only when a space or control character follows (MariaDB, MySQL). */
        DASH_DASH_NEEDS_SPACE,
        /** Block comments nest (PostgreSQL, SQL Server). */
        NESTED_BLOCK_COMMENTS,
        /** {@code //} starts a comment to the end of the line (H2). */
        SLASH_SLASH_COMMENTS,
        /** {@code $tag$ ... $tag$} is a string literal (PostgreSQL; H2 knows the empty tag only). */
        DOLLAR_QUOTES,
        /** Only the empty tag {@code $$ ... $$} quotes (H2). */
        EMPTY_DOLLAR_TAG_ONLY,
        /** {@code E'...'} is a string literal with backslash escapes (PostgreSQL). */
        ESCAPE_STRINGS,
        /**
         * The driver reads {@code ??} as a literal question mark, so that operators such as
         * PostgreSQL's jsonb {@code ?} can be written where placeholders are bound (pgjdbc).
         */
        DOUBLED_QUESTION_MARK,
        /** {@code $1} names a server-side parameter, which would collide with the driver's own numbering (PostgreSQL). */
        DOLLAR_PARAMETERS,
        /** {@code ?NNN}, {@code :name}, {@code @name} and {@code $name} are parameters (SQLite). */
        NAMED_PARAMETERS
    }

    private final Set<Rule> rules;

    private SqlSyntax(Set<Rule> rules) {
        this.rules = Set.copyOf(rules);
    }

    /** JPQL as Hibernate reads it: {@code '...'} and Java-escaped {@code "..."} strings, {@code `...`} identifiers, block comments. */
    public static final SqlSyntax JPQL =
            of(Rule.DOUBLE_QUOTED_STRINGS, Rule.BACKTICK_IDENTIFIERS, Rule.BACKSLASH_ESCAPES_OUTSIDE_SINGLE_QUOTES);

    public static SqlSyntax of(Rule... rules) {
        EnumSet<Rule> set = EnumSet.noneOf(Rule.class);
        set.addAll(java.util.Arrays.asList(rules));
        return new SqlSyntax(set);
    }

    public boolean has(Rule rule) {
        return rules.contains(rule);
    }

    /** This syntax with {@code rule} switched on or off. */
    public SqlSyntax with(Rule rule, boolean on) {
        EnumSet<Rule> set = rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules);
        if (on) {
            set.add(rule);
        } else {
            set.remove(rule);
        }
        return new SqlSyntax(set);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlSyntax && ((SqlSyntax) other).rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "SqlSyntax" + EnumSet.copyOf(rules.isEmpty() ? EnumSet.noneOf(Rule.class) : rules);
    }
}
