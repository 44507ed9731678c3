package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code chunkwise update} and {@code delete}: key-range chunks change exactly the matching rows. */
class UpdateDeleteTest {

    private static final String TABLE = "cli_write";
    private static final int ROWS = 300;

    private static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.drop("chunkwise_checkpoint"); // the jobs of earlier runs over the table this replaces
        database.execute("CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, grp INTEGER "
                + "NOT NULL, status " + database.text(10) + " NOT NULL, counter INTEGER NOT NULL)");
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= ROWS; id++) {
            rows.add(new Object[] {(long) id, id % 4, id % 10 == 0 ? "x" : "new", id});
        }
        database.insert(TABLE, "id, grp, status, counter", rows);
    }

    private static List<List<Object>> table(TestDatabase database) {
        return database.query("SELECT id, grp, status, counter FROM " + TABLE + " ORDER BY id");
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void updateChangesExactlyTheMatchingRows(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        Cli.Run run = Cli.run(
                "update",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--set",
                "status = 'done', counter = counter + 1000",
                "--where",
                "grp = 2 OR status = 'x'",
                "--chunk-size",
                "7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<List<Object>> after = table(database);
        assertThat(after).hasSameSizeAs(before);
        int matched = 0;
        for (int i = 0; i < before.size(); i++) {
            List<Object> old = before.get(i);
            List<Object> now = after.get(i);
            boolean matches = number(old.get(1)) == 2 || old.get(2).equals("x");
            matched += matches ? 1 : 0;
            assertThat(number(now.get(0))).isEqualTo(number(old.get(0)));
            assertThat(now.get(2)).isEqualTo(matches ? "done" : old.get(2));
            assertThat(number(now.get(3))).isEqualTo(number(old.get(3)) + (matches ? 1000 : 0));
        }
        assertThat(run.err())
                .contains(String.format("chunkwise: %,d rows updated in %d chunks", matched, (matched + 6) / 7));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteRemovesExactlyTheMatchingRows(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        Cli.Run run = Cli.run(
                "delete",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--where",
                "grp = 1 OR status = 'x'",
                "--chunk-size",
                "10",
                "--stats",
                "--verbose");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> row : before) {
            if (!(number(row.get(1)) == 1 || row.get(2).equals("x"))) {
                expected.add(row);
            }
        }
        assertThat(table(database)).isEqualTo(expected);
        long deleted = before.size() - expected.size();
        assertThat(run.err())
                .contains("chunkwise: chunk 1: 10 rows deleted")
                .contains("chunkwise: " + deleted + " rows deleted in ");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void dryRunPrintsTheStatementsAndChangesNothing(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        Cli.Run update = Cli.run(
                "update",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--set",
                "status = 'done'",
                "--where",
                "grp = 3",
                "--chunk-size",
                "20",
                "--dry-run");
        Cli.Run delete = Cli.run("delete", "--url", database.url(), "--table", TABLE, "--all", "--dry-run");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(update.out())
                .contains("-- dry run: nothing is changed")
                .contains("-- rows that would be updated now: 75")
                .containsPattern("(?i)UPDATE .*cli_write.* SET status = 'done' WHERE \\(grp = 3\\) AND ")
                .contains("-- the first chunk: 20 rows");
        assertThat(delete.out()).containsPattern("(?i)DELETE FROM .*cli_write.* WHERE ");
        assertThat(table(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "SQLITE"})
    void refusesASetThatAssignsTheKey(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        Cli.Run run = Cli.run(
                "update", "--url", database.url(), "--table", TABLE, "--all", "--set", "counter = 1, ID = id + 1000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--set").contains("assigns the key column id");
        assertThat(table(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesASetThatAssignsTheKeyHoweverItIsSpelled(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        String quote = database == TestDatabase.MARIADB ? "`" : "\"";
        // quoted names are exact: H2 keeps unquoted names in upper case
        String id = quote + (database == TestDatabase.H2 ? "ID" : "id") + quote;
        String table = quote + (database == TestDatabase.H2 ? TABLE.toUpperCase(java.util.Locale.ROOT) : TABLE) + quote;
        List<String> spellings = new ArrayList<>(List.of(
                "ID = id + 1000",
                "  id=id+1",
                "counter = 1,id = 2",
                id + " = 1",
                TABLE + ".id = id + 1",
                TABLE + " . ID = 1",
                table + "." + id + " = 1",
                "counter = (id), id = 5"));
        if (database == TestDatabase.POSTGRESQL) {
            spellings.add("(counter, id) = (1, 2)"); // row assignment: PostgreSQL's syntax
        }
        for (String set : spellings) {
            Cli.Run run = Cli.run("update", "--url", database.url(), "--table", TABLE, "--all", "--set", set);
            assertThat(run.exitCode()).as("--set %s: %s", set, run.err()).isEqualTo(2);
            assertThat(run.err())
                    .as("--set %s", set)
                    .contains("--set")
                    .containsIgnoringCase("assigns the key column id");
        }
        assertThat(table(database)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesASetThatCouldChangeTheStatementAroundIt(TestDatabase database) {
        createTable(database);
        List<List<Object>> before = table(database);
        for (String set : List.of(
                "counter = 1 -- x",
                "counter = 1 /* x */",
                "counter = 1; DELETE FROM " + TABLE,
                "counter = (1",
                "status = 'x",
                "counter = ?",
                "nope = 1")) {
            Cli.Run run = Cli.run("update", "--url", database.url(), "--table", TABLE, "--all", "--set", set);
            assertThat(run.exitCode()).as("--set %s: %s", set, run.err()).isEqualTo(2);
            assertThat(run.err()).as("--set %s", set).contains("--set");
        }
        assertThat(table(database)).isEqualTo(before);
    }
}
