package dev.chunkwise.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The type matrix of G1 and G8 for keys: every column type of each database, used as a unique key
 * and as a nullable, non-unique sort column, either walks exactly in the database's own
 * {@code ORDER BY} order (ascending and descending, NULLs first and last, chunk sizes 1 to 3,
 * resumed after every chunk from the position's token) or is refused when the scan is built,
 * with a message naming the column and its type. Values are written as SQL literals, so each
 * database stores exactly what it would store for its users, edge values included (NaN and
 * infinities, zero dates, TIME beyond 24 hours, tinyint(1) holding 5, enums declared out of
 * alphabetical order, collations that tie distinct strings).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class KeyTypeMatrixTest {

    @Parameter
    TestDatabase database;

    @TestFactory
    List<DynamicTest> everyTypeWalksInTheDatabasesOwnOrderOrIsRefusedAtBuild() {
        List<DynamicTest> tests = new ArrayList<>();
        TypeMatrix.prepare(database);
        for (TypeMatrix.Case type : TypeMatrix.cases(database)) {
            String table = "tm_" + type.name();
            if (type.refusal() != null) {
                tests.add(DynamicTest.dynamicTest(type.name() + " is refused", () -> assertRefused(table, type)));
            } else {
                if (type.keyable()) {
                    tests.add(
                            DynamicTest.dynamicTest(type.name() + " as the key", () -> assertWalksAsKey(table, type)));
                }
                tests.add(DynamicTest.dynamicTest(
                        type.name() + " as a nullable sort column",
                        () -> assertWalksAsNullableSortColumn(table + "_s", type)));
            }
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void generatedColumnsWalkInTheDatabasesOrderAsSortColumns() {
        String table = "tm_generated";
        String generated;
        switch (database) {
            case POSTGRESQL:
                generated = "g integer GENERATED ALWAYS AS (n % 4) STORED";
                break;
            case H2:
                generated = "g INTEGER GENERATED ALWAYS AS (MOD(n, 4))";
                break;
            default:
                generated = "g INTEGER GENERATED ALWAYS AS (n % 4) VIRTUAL";
                break;
        }
        List<String> statements = new ArrayList<>(List.of(
                "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table
                        + " (id " + database.integer() + " NOT NULL PRIMARY KEY, n " + database.integer() + ", "
                        + generated
                        + ")"));
        for (int id = 1; id <= 11; id++) {
            statements.add(
                    "INSERT INTO " + table + " (id, n) VALUES (" + id + ", " + (id % 5 == 0 ? "NULL" : id * 3) + ")");
        }
        database.execute(statements.toArray(String[]::new));
        List<String> expected = labels(
                "SELECT id FROM " + table + " ORDER BY CASE WHEN g IS NULL THEN 1 ELSE 0 END," + " g DESC, id DESC");
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            Scan<String> scan = Scan.over(database.dataSource())
                    .table(table)
                    .orderBy("g desc nulls last")
                    .chunkSize(chunkSize)
                    .build(row -> row.getString("id"));
            assertWalksExactly(scan, expected, "generated column, chunk size " + chunkSize, chunkSize == 2);
        }
    }

    private void assertWalksAsKey(String table, TypeMatrix.Case type) {
        List<String> statements = new ArrayList<>(List.of(
                "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (k " + type.sqlType() + " NOT NULL PRIMARY KEY, label " + database.text(10)
                        + ")"));
        List<String> values = type.values();
        for (int i = 0; i < values.size(); i++) {
            statements.add("INSERT INTO " + table + " (k, label) VALUES (" + values.get(i) + ", 'v" + i + "')");
        }
        database.execute(statements.toArray(String[]::new));
        for (String direction : List.of("asc", "desc")) {
            List<String> expected = labels("SELECT label FROM " + table + " ORDER BY k " + direction);
            assertThat(expected).hasSize(values.size());
            for (int chunkSize = 1; chunkSize <= 2; chunkSize++) {
                Scan<String> scan = Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("k " + direction)
                        .chunkSize(chunkSize)
                        .build(row -> row.getString("label"));
                assertWalksExactly(
                        scan,
                        expected,
                        type.name() + " key " + direction + ", chunk size " + chunkSize,
                        chunkSize == 2);
            }
        }
    }

    private void assertWalksAsNullableSortColumn(String table, TypeMatrix.Case type) {
        List<String> statements = new ArrayList<>(List.of(
                "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table
                        + " (id " + database.integer() + " NOT NULL PRIMARY KEY, s " + type.sqlType() + " NULL, label "
                        + database.text(10) + ")"));
        List<String> values = new ArrayList<>(type.values());
        values.addAll(type.sortOnlyValues());
        values.add("NULL");
        int id = 0;
        for (String value : values) {
            for (int copy = 0; copy < 2; copy++) {
                id++;
                statements.add("INSERT INTO " + table + " (id, s, label) VALUES (" + (id * 7 % 101) + ", " + value
                        + ", 'r" + id + "')");
            }
        }
        database.execute(statements.toArray(String[]::new));
        for (String order : List.of("asc nulls first", "asc nulls last", "desc nulls first", "desc nulls last")) {
            String direction = order.startsWith("asc") ? "ASC" : "DESC";
            String nulls = "CASE WHEN s IS NULL THEN " + (order.endsWith("first") ? "0 ELSE 1" : "1 ELSE 0") + " END";
            List<String> expected = labels(
                    "SELECT label FROM " + table + " ORDER BY " + nulls + ", s " + direction + ", id " + direction);
            for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
                Scan<String> scan = Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("s " + order)
                        .chunkSize(chunkSize)
                        .build(row -> row.getString("label"));
                assertWalksExactly(
                        scan,
                        expected,
                        type.name() + " sort column " + order + ", chunk size " + chunkSize,
                        chunkSize == 3 && order.endsWith("first"));
            }
        }
    }

    /** Every row once, in order; if {@code resume}, resumed after each chunk from its token, exactly the rest. */
    private static void assertWalksExactly(Scan<String> scan, List<String> expected, String context, boolean resume) {
        List<Chunk<String>> chunks = new ArrayList<>();
        scan.forEachChunk(chunks::add);
        List<String> walked =
                chunks.stream().flatMap(chunk -> chunk.rows().stream()).collect(Collectors.toList());
        assertThat(walked).as(context).containsExactlyElementsOf(expected);
        if (!resume) {
            return;
        }
        int delivered = 0;
        for (Chunk<String> chunk : chunks) {
            delivered += chunk.size();
            Position resumed =
                    scan.parsePosition(Position.parse(chunk.last().token()).token());
            List<String> rest = new ArrayList<>();
            scan.startAfter(resumed).forEach(rest::add);
            assertThat(rest)
                    .as("%s, resumed after %s", context, chunk.last())
                    .containsExactlyElementsOf(expected.subList(delivered, expected.size()));
        }
    }

    private void assertRefused(String table, TypeMatrix.Case type) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.integer() + " NOT NULL PRIMARY KEY, s "
                + type.sqlType() + " NULL)");
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("s")
                        .build(row -> 1))
                .as(type.name())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(type.refusal())
                .message()
                .containsIgnoringCase("'s'");
        assertThatThrownBy(() ->
                        Scan.over(database.dataSource()).table(table).key("s").build(row -> 1))
                .as(type.name() + " as key(...)")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(type.refusal());
    }

    private List<String> labels(String sql) {
        return database.column(sql).stream().map(Object::toString).collect(Collectors.toList());
    }
}
