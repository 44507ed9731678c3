package dev.chunkwise.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter guard, dialect by dialect: valid filters are accepted as written (or, for
 * PostgreSQL's jsonb operators without parameters, with {@code ?} doubled for pgjdbc), and every
 * filter that could leave the parentheses around it, hide the seek predicate or bind the seek's
 * values in the wrong places is refused with a message saying why.
 */
class FilterTextTest {

    private static final SqlSyntax POSTGRESQL = Dialect.POSTGRESQL.syntax();
    private static final SqlSyntax MARIADB = Dialect.MYSQL.syntax();
    private static final SqlSyntax MARIADB_NO_BACKSLASH = MARIADB.with(SqlSyntax.Rule.BACKSLASH_ESCAPES, false);
    private static final SqlSyntax MARIADB_ANSI_QUOTES = MARIADB.with(SqlSyntax.Rule.DOUBLE_QUOTED_STRINGS, false);
    private static final SqlSyntax H2 = Dialect.H2.syntax();
    private static final SqlSyntax SQLITE = Dialect.SQLITE.syntax();

    static List<Arguments> accepted() {
        return List.of(
                Arguments.of("PostgreSQL", POSTGRESQL, "name = 'O''Brien'", 0, "name = 'O''Brien'"),
                Arguments.of("PostgreSQL", POSTGRESQL, "name = E'O\\'Brien'", 0, "name = E'O\\'Brien'"),
                Arguments.of("PostgreSQL", POSTGRESQL, "name = $$a) OR (b$$", 0, "name = $$a) OR (b$$"),
                Arguments.of("PostgreSQL", POSTGRESQL, "name = $q$it's ) $$ ?$q$", 0, "name = $q$it's ) $$ ?$q$"),
                Arguments.of("PostgreSQL", POSTGRESQL, "doc ? 'a'", 0, "doc ?? 'a'"),
                Arguments.of(
                        "PostgreSQL",
                        POSTGRESQL,
                        "doc ?| array['a'] AND doc ?& array['b']",
                        0,
                        "doc ??| array['a'] AND doc ??& array['b']"),
                Arguments.of("PostgreSQL", POSTGRESQL, "doc ?? 'a' AND id > ?", 1, "doc ?? 'a' AND id > ?"),
                Arguments.of(
                        "PostgreSQL",
                        POSTGRESQL,
                        "\"odd ) name\" = ? OR \"a\"\"b\" = ?",
                        2,
                        "\"odd ) name\" = ? OR \"a\"\"b\" = ?"),
                Arguments.of("PostgreSQL", POSTGRESQL, "price$usd > 0", 0, "price$usd > 0"),
                Arguments.of("PostgreSQL", POSTGRESQL, "a - -1 > 0", 0, "a - -1 > 0"),
                // what looks like an escape is one string literal to the server: ") OR (1 = 1" is inside it
                Arguments.of("PostgreSQL", POSTGRESQL, "name = E'x\\') OR (1 = 1'", 0, "name = E'x\\') OR (1 = 1'"),
                Arguments.of("MariaDB", MARIADB, "name = 'x\\') OR (1 = 1 -- '", 0, "name = 'x\\') OR (1 = 1 -- '"),
                Arguments.of("MariaDB", MARIADB, "name = 'O\\'Brien'", 0, "name = 'O\\'Brien'"),
                Arguments.of(
                        "MariaDB",
                        MARIADB,
                        "name = \"O\\\"Brien\" OR name = 'a''b'",
                        0,
                        "name = \"O\\\"Brien\" OR name = 'a''b'"),
                Arguments.of("MariaDB (MySQL driver)", MARIADB, "a--1 > 0", 0, "a--1 > 0"),
                Arguments.of(
                        "MariaDB", MARIADB, "`weird ) col` = ? OR `a``b` = ?", 2, "`weird ) col` = ? OR `a``b` = ?"),
                Arguments.of("MariaDB", MARIADB, "name = 'x\\\\'", 0, "name = 'x\\\\'"),
                Arguments.of("MariaDB NO_BACKSLASH_ESCAPES", MARIADB_NO_BACKSLASH, "name = 'x\\'", 0, "name = 'x\\'"),
                Arguments.of(
                        "H2",
                        H2,
                        "name = 'O''Brien' AND note = $$a ) b$$",
                        0,
                        "name = 'O''Brien' AND note = $$a ) b$$"),
                Arguments.of(
                        "SQLite",
                        SQLITE,
                        "[odd ) name] = ? AND `x` = 'O''Brien'",
                        1,
                        "[odd ) name] = ? AND `x` = 'O''Brien'"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("accepted")
    void acceptsAValidFilterAsWritten(
            String dialect, SqlSyntax syntax, String filter, int parameters, String rendered) {
        assertThat(FilterText.checked(filter, syntax, parameters, "the filter")).isEqualTo(rendered);
    }

    static List<Arguments> refused() {
        return List.of(
                Arguments.of("PostgreSQL", POSTGRESQL, "a > 0) OR (a > 0", 0, "unbalanced parentheses"),
                Arguments.of("PostgreSQL", POSTGRESQL, "a > 0 -- ) OR (1 = 1", 0, "comment"),
                Arguments.of("PostgreSQL", POSTGRESQL, "a > 0 /* /* */ ) OR ( */", 0, "comment"),
                Arguments.of("PostgreSQL", POSTGRESQL, "name = $$x", 0, "unbalanced quotes"),
                Arguments.of("PostgreSQL", POSTGRESQL, "a > $1", 0, "refers to a parameter as $1"),
                Arguments.of("PostgreSQL", POSTGRESQL, "a > 0; DELETE FROM t", 0, "';'"),
                Arguments.of("PostgreSQL", POSTGRESQL, "doc ? 'a' AND id > ?", 1, "write an operator ? (jsonb) as ??"),
                Arguments.of("PostgreSQL", POSTGRESQL, "id > ?", 2, "1 ? placeholder but 2 parameters"),
                Arguments.of("MariaDB", MARIADB, "a > 0 # ) OR (1 = 1", 0, "comment (#"),
                Arguments.of("MariaDB", MARIADB, "a > 0 -- x", 0, "comment"),
                Arguments.of("MariaDB", MARIADB, "a > 0 --\tx", 0, "comment"),
                Arguments.of("MariaDB", MARIADB, "a > 0 /*! OR 1 = 1 */", 0, "comment"),
                Arguments.of("MariaDB", MARIADB, "name = '\\'' ) OR ( '", 0, "unbalanced"),
                Arguments.of(
                        "MariaDB NO_BACKSLASH_ESCAPES",
                        MARIADB_NO_BACKSLASH,
                        "name = 'x\\' ) OR ( '1'",
                        0,
                        "unbalanced parentheses"),
                Arguments.of(
                        "MariaDB ANSI_QUOTES", MARIADB_ANSI_QUOTES, "\"x\\\" ) OR ( \" = 1", 0, "unbalanced quotes"),
                Arguments.of("MariaDB", MARIADB, "a > ?", 0, "1 ? placeholder but 0 parameters"),
                Arguments.of("MariaDB (MariaDB driver)", Dialect.MARIADB.syntax(), "a--1 > 0", 0, "comment"),
                Arguments.of("H2", H2, "a > 0 // ) OR (1 = 1", 0, "comment"),
                Arguments.of("SQLite", SQLITE, "a > :limit", 0, "refers to a parameter as :limit"),
                Arguments.of("SQLite", SQLITE, "a > ?1", 1, "refers to a parameter as ?1"),
                Arguments.of("SQLite", SQLITE, "[a > 0", 0, "unbalanced quotes"),
                Arguments.of("SQLite", SQLITE, "a > 0 /* ) OR (1 = 1", 0, "comment"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refused")
    void refusesAFilterThatCouldEscapeItsParentheses(
            String dialect, SqlSyntax syntax, String filter, int parameters, String reason) {
        assertThatThrownBy(() -> FilterText.checked(filter, syntax, parameters, "the filter '" + filter + "'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the filter '" + filter + "'")
                .hasMessageContaining(reason);
    }
}
