package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables and columns with hostile names, created for real on each database: a scan either reads
 * exactly the object named (it quotes every identifier it renders) or refuses with an
 * {@link IllegalArgumentException}; a canary table is never touched.
 */
class HostileIdentifierTest {

    private static final String CANARY = "rel_canary";

    /** Hostile table names; each table's key column is named {@code k} plus the same text. */
    private static final List<String> HOSTILE = List.of(
            "rel_q'uote",
            "rel_d\"quote",
            "rel_b`tick",
            "rel_semi;colon",
            "rel_dash--comment",
            "rel_slash/*comment*/",
            "rel_with space",
            "rel_ünïcødé_表",
            "rel_" + "x".repeat(56),
            "rel_canary; drop table rel_canary",
            "rel_canary\" ; drop table rel_canary; --",
            "rel_canary` ; drop table rel_canary; --",
            "rel_canary') ; drop table rel_canary; --");

    private static final List<String> HOSTILE_VALUES = List.of("a'b", "c\"d", "e;--f", "g/*h", "i`j", "ü表", "k\\l");

    private static String quote(TestDatabase database, String identifier) {
        String quote = database.isMariaDb() ? "`" : "\"";
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static String keyColumn(String table) {
        return "k" + table.substring(3);
    }

    private static void createCanary(TestDatabase database) {
        database.drop(CANARY);
        database.execute(
                "CREATE TABLE " + CANARY + " (id " + database.integer() + " PRIMARY KEY, note " + database.text(20)
                        + ")",
                "INSERT INTO " + CANARY + " VALUES (1, 'alive')",
                "INSERT INTO " + CANARY + " VALUES (2, 'still alive')");
    }

    private static void assertCanaryUnchanged(TestDatabase database) {
        assertThat(database.query("SELECT id, note FROM " + CANARY + " ORDER BY id")
                        .toString())
                .isEqualTo("[[1, alive], [2, still alive]]");
    }

    private static void createHostileTable(TestDatabase database, String table) throws SQLException {
        String key = quote(database, keyColumn(table));
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + quote(database, table));
            statement.execute("CREATE TABLE " + quote(database, table) + " (" + key + " " + database.integer()
                    + " PRIMARY KEY, " + quote(database, "select") + " " + database.binaryText(20) + " NOT NULL, "
                    + quote(database, "order") + " " + database.text(40) + ")");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quote(database, table)
                    + " (" + key + ", " + quote(database, "select") + ", " + quote(database, "order")
                    + ") VALUES (?, ?, ?)")) {
                for (int i = 0; i < HOSTILE_VALUES.size(); i++) {
                    insert.setInt(1, i + 1);
                    insert.setString(2, HOSTILE_VALUES.get(i));
                    insert.setString(3, "'); DROP TABLE " + CANARY + "; --");
                    insert.executeUpdate();
                }
            }
        }
    }

    /** The database's own answer for the scan's query, by position. */
    private static List<String> reference(TestDatabase database, String table, String orderBy) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : database.query("SELECT " + quote(database, keyColumn(table)) + ", "
                + quote(database, "select") + ", " + quote(database, "order") + " FROM " + quote(database, table)
                + " ORDER BY " + orderBy)) {
            rows.add(row.get(0) + "|" + row.get(1) + "|" + row.get(2));
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void hostileTableAndColumnNamesAreScannedExactlyAndTheCanarySurvives(TestDatabase database) throws SQLException {
        createCanary(database);
        Map<String, String> outcome = new LinkedHashMap<>();
        for (String table : HOSTILE) {
            createHostileTable(database, table);
            String key = keyColumn(table);
            try {
                Scan<String> byKey = Scan.over(database.dataSource())
                        .table(table)
                        .columns(key, "select", "order")
                        .orderBy(SortKey.asc(key))
                        .key(key)
                        .chunkSize(2)
                        .build(row -> row.getInt(1) + "|" + row.getString(2) + "|" + row.getString(3));
                List<String> rows = new ArrayList<>();
                byKey.forEach(rows::add);
                assertThat(rows).as(table).containsExactlyElementsOf(reference(database, table, quote(database, key)));

                Scan<String> byReservedWord = Scan.over(database.dataSource())
                        .table(table)
                        .columns(key, "select", "order")
                        .orderBy(SortKey.desc("select"))
                        .chunkSize(3)
                        .build(row -> row.getInt(1) + "|" + row.getString(2) + "|" + row.getString(3));
                List<String> resumed = new ArrayList<>();
                byReservedWord.forEachChunk(chunk -> resumed.addAll(chunk.rows()));
                assertThat(resumed)
                        .as(table)
                        .containsExactlyElementsOf(reference(
                                database, table, quote(database, "select") + " DESC, " + quote(database, key)));
                outcome.put(table, "scanned");
            } catch (IllegalArgumentException refused) {
                outcome.put(table, "refused: " + refused.getMessage());
            } catch (RuntimeException failed) {
                outcome.put(table, "failed: " + failed);
            }
            assertCanaryUnchanged(database);
        }
        assertThat(outcome)
                .as("every hostile object is scanned or clearly refused")
                .allSatisfy((table, result) -> {
                    if (database == TestDatabase.SQLITE && table.contains("'")) {
                        // sqlite-jdbc's getColumns pastes the table name into its SQL unescaped
                        assertThat(result)
                                .startsWith("refused: table '" + table + "' cannot be scanned on SQLite")
                                .contains("single quote");
                    } else {
                        assertThat(result).isEqualTo("scanned");
                    }
                });
        for (String table : HOSTILE) {
            database.execute("DROP TABLE " + quote(database, table));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER", "H2"})
    void namesThatDifferOnlyInCaseAreTakenExactlyAndRefusedWhenAmbiguous(TestDatabase database) throws SQLException {
        String upper = "rel_Case";
        String lower = "rel_case";
        for (String table : List.of(upper, lower)) {
            database.execute("DROP TABLE IF EXISTS " + quote(database, table));
            database.execute("CREATE TABLE " + quote(database, table) + " (id " + database.integer()
                    + " PRIMARY KEY, note " + database.text(10) + ")");
            database.execute("INSERT INTO " + quote(database, table) + " VALUES (1, '" + table + "')");
        }
        for (String table : List.of(upper, lower)) {
            List<String> notes = new ArrayList<>();
            Scan.over(database.dataSource())
                    .table(table)
                    .columns("note")
                    .orderBy("id")
                    .build(row -> row.getString(1))
                    .forEach(notes::add);
            assertThat(notes).containsExactly(table);
        }
        assertThatThrownBy(
                        () -> Scan.over(database.dataSource()).table("REL_CASE").build(row -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining(upper)
                .hasMessageContaining(lower);
        if (!database.isMariaDb()) {
            // MariaDB column names are case-insensitive; the others allow both spellings
            String table = "rel_case_columns";
            database.execute("DROP TABLE IF EXISTS " + table);
            database.execute("CREATE TABLE " + table + " (id " + database.integer() + " PRIMARY KEY, "
                    + quote(database, "Val") + " " + database.text(10) + ", " + quote(database, "val") + " "
                    + database.text(10) + ")");
            database.execute("INSERT INTO " + table + " VALUES (1, 'upper', 'lower')");
            List<String> values = new ArrayList<>();
            Scan.over(database.dataSource())
                    .table(table)
                    .columns("Val", "val")
                    .orderBy("id")
                    .build(row -> row.getString(1) + "," + row.getString(2))
                    .forEach(values::add);
            assertThat(values).containsExactly("upper,lower");
            assertThatThrownBy(() -> Scan.over(database.dataSource())
                            .table(table)
                            .columns("VAL")
                            .build(row -> 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ambiguous");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void injectionAttemptsThroughNamesAreRefusedAsUnknownAndTheCanarySurvives(TestDatabase database) {
        createCanary(database);
        List<Consumer<Scan.Builder>> attempts = List.of(
                builder -> builder.table("rel_canary; drop table rel_canary"),
                builder -> builder.table("rel_canary\"; drop table rel_canary; --"),
                builder -> builder.table("rel_canary`; drop table rel_canary; --"),
                builder -> builder.table("rel_canary'; drop table rel_canary; --"),
                builder -> builder.table("rel_canary /* */"),
                builder -> builder.table("(select 1) x; drop table rel_canary"),
                builder -> builder.table("rel_canary; drop table rel_canary", "rel_canary"),
                builder -> builder.table(CANARY).columns("id; drop table rel_canary"),
                builder -> builder.table(CANARY).columns("id", "note\"); drop table rel_canary; --"),
                builder -> builder.table(CANARY).orderBy(SortKey.asc("id\"; drop table rel_canary; --")),
                builder -> builder.table(CANARY).orderBy(SortKey.desc("id`; drop table rel_canary; --")),
                builder -> builder.table(CANARY).orderBy("id").key("id') ; drop table rel_canary; --"));
        for (Consumer<Scan.Builder> attempt : attempts) {
            Scan.Builder builder = Scan.over(database.dataSource());
            attempt.accept(builder);
            assertThatThrownBy(() -> builder.build(row -> 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(?s)unknown (table or view|column|schema|database) '.*");
            assertCanaryUnchanged(database);
        }
    }
}
