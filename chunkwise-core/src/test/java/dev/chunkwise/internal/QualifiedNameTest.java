package dev.chunkwise.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a table name that quotes its parts is read, per dialect's quoting rules. */
class QualifiedNameTest {

    private static QualifiedName.Part quoted(String name) {
        return new QualifiedName.Part(name, true);
    }

    private static QualifiedName.Part plain(String name) {
        return new QualifiedName.Part(name, false);
    }

    @Test
    void doubleQuotesQuoteAPartAndADoubledQuoteStandsForItself() {
        assertThat(QualifiedName.parse("sales.\"Mixed Case\"", Dialect.POSTGRESQL))
                .containsExactly(plain("sales"), quoted("Mixed Case"));
        assertThat(QualifiedName.parse("\"Sales\" . \"a\"\"b\"", Dialect.H2))
                .containsExactly(quoted("Sales"), quoted("a\"b"));
        assertThat(QualifiedName.parse("\"a.b\"", Dialect.POSTGRESQL)).containsExactly(quoted("a.b"));
    }

    @Test
    void mariaDbQuotesWithBackticksAndWithDoubleQuotesOnlyUnderAnsiQuotes() {
        assertThat(QualifiedName.parse("`db`.`Mixed ``Case`", Dialect.MARIADB))
                .containsExactly(quoted("db"), quoted("Mixed `Case"));
        assertThatThrownBy(() -> QualifiedName.parse("db.\"Mixed Case\"", Dialect.MARIADB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ANSI_QUOTES", "backticks");
        Dialect ansi =
                Dialect.MARIADB.withSyntax(Dialect.MARIADB.syntax().with(SqlSyntax.Rule.DOUBLE_QUOTED_STRINGS, false));
        assertThat(QualifiedName.parse("db.\"Mixed Case\"", ansi)).containsExactly(plain("db"), quoted("Mixed Case"));
    }

    @Test
    void sqliteAlsoTakesBrackets() {
        assertThat(QualifiedName.parse("main.[Mixed Case]", Dialect.SQLITE))
                .containsExactly(plain("main"), quoted("Mixed Case"));
    }

    @Test
    void aNameWithoutQuotesOrThatIsNotOneOrTwoNamesIsLeftToTheCatalog() {
        for (String name : List.of(
                "orders",
                "sales.orders",
                "\"unclosed",
                "a.\"b\".c",
                "\"a\" b",
                "\"a\";drop table x",
                "\"a\".",
                "rel_canary\" ; drop table rel_canary; --")) {
            assertThat(QualifiedName.parse(name, Dialect.POSTGRESQL)).as(name).isNull();
        }
    }
}
