package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --table} takes a name as SQL writes it: {@code sales."Mixed Case"} (PostgreSQL, H2,
 * SQLite; on MariaDB {@code `Mixed Case`}, and {@code "..."} under {@code ANSI_QUOTES}), a quoted
 * part matched exactly, in a schema that is not the connection's (on MariaDB another database).
 * Each case has a twin table whose name differs only in case, so a match that ignores case fails.
 */
class QuotedTableTest {

    private static final String MIXED = "Mixed Case";

    private static String export(TestDatabase database, String url, String table) {
        Cli.Run run = Cli.run("export", "--url", url, "--table", table);
        assertThat(run.exitCode()).as(database + " " + table + ": " + run.err()).isZero();
        return run.out().replace("\r\n", "\n");
    }

    private static Cli.Run refused(String url, String table) {
        Cli.Run run = Cli.run("export", "--url", url, "--table", table);
        assertThat(run.exitCode()).as(table + ": " + run.err()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(1);
        return run;
    }

    @Test
    void postgresqlMatchesQuotedNamesExactlyInAnotherSchema() {
        TestDatabase database = TestDatabase.POSTGRESQL;
        database.execute(
                "CREATE SCHEMA IF NOT EXISTS cli_sales",
                "DROP TABLE IF EXISTS cli_sales.\"Mixed Case\"",
                "DROP TABLE IF EXISTS cli_sales.\"mixed case\"",
                "CREATE TABLE cli_sales.\"Mixed Case\" (id INT PRIMARY KEY, \"Name\" TEXT)",
                "CREATE TABLE cli_sales.\"mixed case\" (id INT PRIMARY KEY, \"Name\" TEXT)",
                "INSERT INTO cli_sales.\"Mixed Case\" VALUES (1, 'upper')",
                "INSERT INTO cli_sales.\"mixed case\" VALUES (2, 'lower')");
        String url = database.url();
        // written by COPY, which quotes a field only where CSV needs it
        assertThat(export(database, url, "cli_sales.\"Mixed Case\"")).isEqualTo("id,Name\n1,upper\n");
        assertThat(export(database, url, "\"cli_sales\".\"mixed case\"")).isEqualTo("id,Name\n2,lower\n");
        assertThat(export(database, url, "CLI_SALES.\"Mixed Case\"")).contains("upper");
        assertThat(refused(url, "cli_sales.\"MIXED CASE\"").err())
                .contains("--table", "'MIXED CASE'", "in cli_sales", "did you mean Mixed Case, mixed case?");
        assertThat(refused(url, "\"CLI_SALES\".\"Mixed Case\"").err()).contains("unknown schema 'CLI_SALES'");
    }

    @Test
    void h2MatchesQuotedNamesExactlyInAnotherSchema() {
        TestDatabase database = TestDatabase.H2;
        database.execute(
                "CREATE SCHEMA IF NOT EXISTS \"CliSales\"",
                "DROP TABLE IF EXISTS \"CliSales\".\"Mixed Case\"",
                "DROP TABLE IF EXISTS \"CliSales\".\"MIXED CASE\"",
                "CREATE TABLE \"CliSales\".\"Mixed Case\" (id INT PRIMARY KEY, \"Name\" VARCHAR(10))",
                "CREATE TABLE \"CliSales\".\"MIXED CASE\" (id INT PRIMARY KEY, \"Name\" VARCHAR(10))",
                "INSERT INTO \"CliSales\".\"Mixed Case\" VALUES (1, 'mixed')",
                "INSERT INTO \"CliSales\".\"MIXED CASE\" VALUES (2, 'upper')");
        String url = database.url();
        assertThat(export(database, url, "\"CliSales\".\"Mixed Case\"")).isEqualTo("ID,Name\n1,\"mixed\"\n");
        assertThat(export(database, url, "clisales.\"MIXED CASE\"")).isEqualTo("ID,Name\n2,\"upper\"\n");
        assertThat(refused(url, "\"CliSales\".\"mixed case\"").err())
                .contains("'mixed case'", "did you mean MIXED CASE, Mixed Case?");
    }

    @Test
    void mariaDbTakesBackticksAndDoubleQuotesUnderAnsiQuotesInAnotherDatabase() {
        TestDatabase database = TestDatabase.MARIADB;
        String url = database.url();
        String base = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
        String schema = base.substring(base.lastIndexOf('/') + 1) + "_cli_sales";
        database.execute(
                "CREATE DATABASE IF NOT EXISTS " + schema,
                "DROP TABLE IF EXISTS " + schema + ".`Mixed Case`",
                "DROP TABLE IF EXISTS " + schema + ".`mixed case`",
                "CREATE TABLE " + schema + ".`Mixed Case` (id INT PRIMARY KEY, Name TEXT)",
                "CREATE TABLE " + schema + ".`mixed case` (id INT PRIMARY KEY, Name TEXT)",
                "INSERT INTO " + schema + ".`Mixed Case` VALUES (1, 'upper')",
                "INSERT INTO " + schema + ".`mixed case` VALUES (2, 'lower')");
        String mysql = base.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:")
                + "?user=root&password=&sslMode=DISABLED&allowPublicKeyRetrieval=true";
        for (String each : List.of(url, mysql)) {
            assertThat(export(database, each, schema + ".`Mixed Case`")).isEqualTo("id,Name\n1,\"upper\"\n");
            assertThat(export(database, each, "`" + schema + "`.`mixed case`")).isEqualTo("id,Name\n2,\"lower\"\n");
            assertThat(refused(each, schema + ".`MIXED CASE`").err())
                    .contains("'MIXED CASE'", "did you mean Mixed Case, mixed case?");
            assertThat(refused(each, schema + ".\"Mixed Case\"").err()).contains("ANSI_QUOTES", "backticks");
            String ansi = each + (each.contains("?") ? "&" : "?") + "sessionVariables=sql_mode='ANSI_QUOTES'";
            assertThat(export(database, ansi, schema + ".\"Mixed Case\"")).isEqualTo("id,Name\n1,\"upper\"\n");
        }
    }

    @Test
    void sqliteTakesDoubleQuotesBracketsAndSchemaMain() {
        TestDatabase database = TestDatabase.SQLITE;
        database.execute(
                "DROP TABLE IF EXISTS \"" + MIXED + "\"",
                "CREATE TABLE \"" + MIXED + "\" (id INTEGER PRIMARY KEY, \"Name\" TEXT)",
                "INSERT INTO \"" + MIXED + "\" VALUES (1, 'mixed')");
        String url = database.url();
        for (String table : List.of("\"Mixed Case\"", "main.\"Mixed Case\"", "[Mixed Case]", "\"main\".[Mixed Case]")) {
            assertThat(export(database, url, table)).as(table).isEqualTo("id,Name\n1,\"mixed\"\n");
        }
        // SQLite's own names ignore case, quoted or not
        assertThat(export(database, url, "\"mixed case\"")).isEqualTo("id,Name\n1,\"mixed\"\n");
        assertThat(refused(url, "sales.\"Mixed Case\"").err()).contains("schema main");
    }
}
