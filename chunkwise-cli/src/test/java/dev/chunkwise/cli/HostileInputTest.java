package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile text in every option that takes an identifier or SQL, against real tables with hostile
 * names on PostgreSQL and MariaDB: each run either works on exactly the object named (exit 0, the
 * database's own answer) or is refused as bad input (exit 2, one line on standard error); a
 * canary table is unchanged after all of them. {@code --where} and {@code --set} are the user's
 * own SQL by design; only what they do to identifiers and to the walk is checked.
 */
class HostileInputTest {

    private static final String CANARY = "hx_cli_canary";
    private static final int ROWS = 7;

    /** Real tables: quotes, semicolon, comment marker, unicode, a 60-character name, names differing in case. */
    private static final List<String> TABLES = List.of(
            "hx_cli rel \"odd\"; name",
            "hx_cli_semi;colon --comment",
            "hx_cli_ünïcødé_表",
            "hx_cli_" + "x".repeat(53),
            "hx_cli_Case",
            "hx_cli_case");

    private static String quote(TestDatabase database, String identifier) {
        String quote = database == TestDatabase.MARIADB ? "`" : "\"";
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static void create(TestDatabase database, String table, int offset) {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + quote(database, table));
            statement.execute("CREATE TABLE " + quote(database, table) + " (k INT PRIMARY KEY, "
                    + quote(database, "select") + " VARCHAR(40) NOT NULL, " + quote(database, "order") + " INT)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO " + quote(database, table) + " VALUES (?, ?, ?)")) {
                for (int k = 1; k <= ROWS; k++) {
                    insert.setInt(1, k + offset);
                    insert.setString(2, "'); DROP TABLE " + CANARY + "; -- " + k);
                    insert.setInt(3, (k * 5) % ROWS);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static void createCanary(TestDatabase database) {
        database.drop(CANARY);
        database.execute(
                "CREATE TABLE " + CANARY + " (id INT PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO " + CANARY + " VALUES (1, 'alive'), (2, 'still alive')");
    }

    private static void assertCanaryUnchanged(TestDatabase database) {
        assertThat(database.query("SELECT id, note FROM " + CANARY + " ORDER BY id")
                        .toString())
                .isEqualTo("[[1, alive], [2, still alive]]");
    }

    private static List<String> column(TestDatabase database, String sql) {
        return database.query(sql).stream()
                .map(row -> String.valueOf(row.get(0)))
                .collect(Collectors.toList());
    }

    /** The k values of a JSON Lines export, in order. */
    private static List<String> keys(String jsonLines) {
        List<String> keys = new ArrayList<>();
        jsonLines.lines().forEach(line -> keys.add(line.replaceAll("^\\{\"k\":(\\d+),.*$", "$1")));
        return keys;
    }

    private static Cli.Run run(String... args) {
        return Cli.run(Interruption.NEVER, Map.of(), args);
    }

    private static void assertBadInput(Cli.Run run, String what) {
        assertThat(run.exitCode()).as("%s: %s", what, run.err()).isEqualTo(2);
        assertThat(run.out()).as(what).isEmpty();
        assertThat(run.err().lines().toList()).as(what).hasSize(1);
        assertThat(run.err()).as(what).startsWith("chunkwise: ").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void exportsPlansUpdatesAndDeletesTablesWithHostileNamesExactly(TestDatabase database) {
        // a job of an earlier run of this test, finished, would make the same update a no-op
        database.drop("chunkwise_checkpoint");
        createCanary(database);
        String url = database.url();
        for (int i = 0; i < TABLES.size(); i++) {
            String table = TABLES.get(i);
            create(database, table, i * 100);
            String quoted = quote(database, table);

            Cli.Run export = run("export", "--url", url, "--table", table, "--format", "jsonl", "--chunk-size", "2");
            assertThat(export.exitCode()).as("%s: %s", table, export.err()).isZero();
            assertThat(keys(export.out()))
                    .as(table)
                    .containsExactlyElementsOf(column(database, "SELECT k FROM " + quoted + " ORDER BY k"));

            Cli.Run byReservedWord = run(
                    "export",
                    "--url",
                    url,
                    "--table",
                    table,
                    "--format",
                    "jsonl",
                    "--order-by",
                    "order desc, select",
                    "--chunk-size",
                    "3");
            assertThat(byReservedWord.exitCode())
                    .as("%s: %s", table, byReservedWord.err())
                    .isZero();
            assertThat(keys(byReservedWord.out()))
                    .as(table)
                    .containsExactlyElementsOf(column(
                            database,
                            "SELECT k FROM " + quoted + " ORDER BY " + quote(database, "order") + " DESC, "
                                    + quote(database, "select") + ", k"));

            Cli.Run plan = run("plan", "--url", url, "--table", table, "--order-by", "order");
            assertThat(plan.exitCode()).as("%s: %s", table, plan.err()).isZero();

            Cli.Run update = run(
                    "update",
                    "--url",
                    url,
                    "--table",
                    table,
                    "--set",
                    quote(database, "order") + " = -1",
                    "--where",
                    "k > " + (i * 100 + 2),
                    "--chunk-size",
                    "2",
                    "--no-progress");
            assertThat(update.exitCode()).as("%s: %s", table, update.err()).isZero();
            assertThat(column(
                            database,
                            "SELECT k FROM " + quoted + " WHERE " + quote(database, "order") + " = -1 ORDER BY k"))
                    .hasSize(ROWS - 2);

            Cli.Run delete =
                    run("delete", "--url", url, "--table", table, "--where", "k = " + (i * 100 + 1), "--no-progress");
            assertThat(delete.exitCode()).as("%s: %s", table, delete.err()).isZero();
            assertThat(column(database, "SELECT k FROM " + quoted + " ORDER BY k"))
                    .hasSize(ROWS - 1)
                    .doesNotContain(String.valueOf(i * 100 + 1));
            assertCanaryUnchanged(database);
        }
        for (String table : TABLES) {
            database.execute("DROP TABLE IF EXISTS " + quote(database, table));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void refusesHostileIdentifiersInEveryOptionAndLeavesTheCanaryAlone(TestDatabase database) {
        createCanary(database);
        String url = database.url();
        String table = "hx_cli_target";
        create(database, table, 0);
        List<List<Object>> before = database.query("SELECT * FROM " + table + " ORDER BY k");
        List<String> hostileNames = List.of(
                CANARY + "; DROP TABLE " + CANARY,
                CANARY + "\"; DROP TABLE " + CANARY + "; --",
                CANARY + "`; DROP TABLE " + CANARY + "; --",
                CANARY + "'); DROP TABLE " + CANARY + "; --",
                CANARY + " --",
                CANARY + "/**/",
                "HX_CLI_CANARY2",
                "(SELECT 1)",
                table + " x");
        List<String> hostileColumns = List.of(
                "k; DROP TABLE " + CANARY,
                "k)",
                "(SELECT 1)",
                "k --",
                "\"k\"\"",
                "k/**/",
                "nöpe",
                "K2",
                "k, (SELECT 1)");
        for (String name : hostileNames) {
            for (String command : List.of("export", "plan", "delete")) {
                assertBadInput(run(command, "--url", url, "--table", name), command + " --table " + name);
            }
            assertBadInput(run("update", "--url", url, "--table", name, "--set", "k = k"), "update --table " + name);
        }
        for (String column : hostileColumns) {
            for (String command : List.of("export", "plan")) {
                assertBadInput(
                        run(command, "--url", url, "--table", table, "--order-by", column),
                        command + " --order-by " + column);
                assertBadInput(
                        run(command, "--url", url, "--table", table, "--key", column), command + " --key " + column);
            }
            assertBadInput(run("delete", "--url", url, "--table", table, "--key", column), "delete --key " + column);
        }
        assertBadInput(
                run(
                        "update",
                        "--url",
                        url,
                        "--table",
                        table,
                        "--set",
                        quote(database, "k") + " = " + quote(database, "k") + " + 1000"),
                "update --set of the quoted key");
        assertBadInput(
                run("update", "--url", url, "--table", table, "--set", "nope = 1; DROP TABLE " + CANARY),
                "update --set with a second statement");
        assertBadInput(
                run("export", "--url", url, "--table", table, "--where", "1 = 1; DROP TABLE " + CANARY),
                "export --where with a second statement");

        Cli.Run escaping = run(
                "export",
                "--url",
                url,
                "--table",
                table,
                "--format",
                "jsonl",
                "--chunk-size",
                "2",
                "--where",
                "k > 0) OR (k > 0");
        if (escaping.exitCode() == 0) {
            assertThat(keys(escaping.out()))
                    .as("a filter that closes its parentheses")
                    .containsExactlyElementsOf(column(database, "SELECT k FROM " + table + " ORDER BY k"));
        } else {
            assertBadInput(escaping, "export --where that closes its parentheses");
        }
        assertThat(database.query("SELECT * FROM " + table + " ORDER BY k")).isEqualTo(before);
        assertCanaryUnchanged(database);
    }
}
