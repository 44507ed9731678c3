package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.TestDatabase;
import dev.chunkwise.testing.TextCollations;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * G1 and G3 over the sort column types whose order is not the order of their Java values, as
 * properties on each database: a 4-byte float (bound as what it is, NaN and infinities included
 * where the database has them), an enum declared out of alphabetical order, and text under the
 * collations users pick (PostgreSQL "C", ICU and a case-insensitive nondeterministic one; MariaDB
 * {@code _ci}, {@code _bin} with PAD SPACE and NO PAD; H2 case-insensitive; SQLite NOCASE and
 * RTRIM), with partial and expression unique indexes on the sort columns that must not be taken
 * for keys. The chunks deliver what the database's own {@code ORDER BY ..., id} returns, and a run
 * resumed after any chunk from its token delivers exactly the rest.
 */
class TypedOrderPropertyTest {

    private static final int TRIES = 40;
    private static final String TABLE = "prop_typed";
    private static final List<String> COLUMNS = List.of("f", "e", "c");
    private static final List<String> ENUM_LABELS = List.of("sad", "ok", "happy", "a");
    private static final List<String> TEXTS = List.of("a", "A", "b", "B", "b ", "\u00e9", "E", "e", "", "ab", " x");

    /**
     * One try: the rows (each a float index, an enum index and a text index, -1 for NULL), the
     * collation of {@code c}, the order, the chunk size and where to cut.
     */
    record Case(List<int[]> rows, int collation, List<SortKey> order, int chunkSize, int cut) {
        @Override
        public String toString() {
            return rows.stream()
                            .map(row -> "(" + row[0] + "," + row[1] + "," + row[2] + ")")
                            .collect(Collectors.joining(" "))
                    + " collation " + collation + " order " + order + " chunk size "
                    + chunkSize + " cut " + cut;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<int[]> row = Combinators.combine(
                        Arbitraries.integers().between(-1, 8),
                        Arbitraries.integers().between(-1, ENUM_LABELS.size() - 1),
                        Arbitraries.integers().between(-1, TEXTS.size() - 1))
                .as((f, e, c) -> new int[] {f, e, c});
        Arbitrary<List<SortKey>> order = Combinators.combine(
                        Arbitraries.of(COLUMNS)
                                .list()
                                .uniqueElements()
                                .ofMinSize(1)
                                .ofMaxSize(3),
                        Arbitraries.of(SortKey.Direction.class).list().ofSize(3),
                        Arbitraries.of(SortKey.Nulls.FIRST, SortKey.Nulls.LAST)
                                .list()
                                .ofSize(3))
                .as((names, directions, nulls) -> {
                    List<SortKey> keys = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        keys.add(new SortKey(names.get(i), directions.get(i), nulls.get(i)));
                    }
                    return keys;
                });
        return Combinators.combine(
                        row.list().ofMaxSize(40),
                        Arbitraries.integers().between(0, 2),
                        order,
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.integers().between(1, 6))
                .as(Case::new)
                .withoutEdgeCases();
    }

    @Property(tries = TRIES)
    void onPostgresqlTypedSortColumnsWalkInTheDatabasesOrder(@ForAll("cases") Case typedCase) {
        check(TestDatabase.POSTGRESQL, typedCase);
    }

    @Property(tries = TRIES)
    void onMariaDbTypedSortColumnsWalkInTheDatabasesOrder(@ForAll("cases") Case typedCase) {
        check(TestDatabase.MARIADB, typedCase);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverTypedSortColumnsWalkInTheDatabasesOrder(@ForAll("cases") Case typedCase) {
        check(TestDatabase.MYSQL_DRIVER, typedCase);
    }

    @Property(tries = TRIES)
    void onH2TypedSortColumnsWalkInTheDatabasesOrder(@ForAll("cases") Case typedCase) {
        check(TestDatabase.H2, typedCase);
    }

    @Property(tries = TRIES)
    void onSqliteTypedSortColumnsWalkInTheDatabasesOrder(@ForAll("cases") Case typedCase) {
        check(TestDatabase.SQLITE, typedCase);
    }

    private static void check(TestDatabase database, Case typedCase) {
        create(database, typedCase);
        List<Long> expected = oracle(database, typedCase);
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(typedCase.order())
                .chunkSize(typedCase.chunkSize())
                .build(row -> row.getLong("id"));
        assertThat(scan.order())
                .extracting(key -> key.column().toLowerCase(java.util.Locale.ROOT))
                .last()
                .as("the primary key is the tie-breaker, not a partial or expression unique index")
                .isEqualTo("id");
        List<Chunk<Long>> chunks = new ArrayList<>();
        scan.forEachChunk(chunks::add);
        List<Long> walked =
                chunks.stream().flatMap(chunk -> chunk.rows().stream()).collect(Collectors.toList());
        assertThat(walked).as("%s: %s", database, typedCase).containsExactlyElementsOf(expected);
        if (!chunks.isEmpty()) {
            int cut = 1 + (typedCase.cut() - 1) % chunks.size();
            Position position = Position.parse(chunks.get(cut - 1).last().token());
            List<Long> rest = new ArrayList<>();
            scan.startAfter(position).forEach(rest::add);
            int delivered =
                    chunks.subList(0, cut).stream().mapToInt(Chunk::size).sum();
            assertThat(rest)
                    .as("%s: %s, resumed after %s", database, typedCase, position)
                    .containsExactlyElementsOf(expected.subList(delivered, expected.size()));
        }
    }

    private static String floatType(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL || database == TestDatabase.H2
                ? "REAL"
                : database.isMariaDb() ? "FLOAT" : "REAL";
    }

    private static String enumType(TestDatabase database) {
        String labels = ENUM_LABELS.stream().map(label -> "'" + label + "'").collect(Collectors.joining(", "));
        switch (database) {
            case POSTGRESQL:
                return "prop_mood";
            case SQLITE:
                return "TEXT";
            default:
                return "ENUM(" + labels + ")";
        }
    }

    /** Float values as SQL literals; NaN and the infinities only where the database stores them. */
    private static String floatLiteral(TestDatabase database, int index) {
        List<String> finite = List.of("0.1", "0.2", "0.3", "1e-45", "16777216", "-0.5", "3.4e38");
        if (index < finite.size()) {
            return finite.get(index);
        }
        switch (database) {
            case POSTGRESQL:
                return index == 7 ? "'NaN'" : "'-Infinity'";
            case H2:
                return index == 7 ? "CAST('NaN' AS REAL)" : "CAST('-Infinity' AS REAL)";
            default:
                return index == 7 ? "0.7" : "-3.4e38";
        }
    }

    private static void create(TestDatabase database, Case typedCase) {
        List<String> statements = new ArrayList<>();
        statements.add("DROP TABLE IF EXISTS " + TABLE);
        if (database == TestDatabase.POSTGRESQL) {
            statements.add("DROP TYPE IF EXISTS prop_mood");
            statements.add("CREATE TYPE prop_mood AS ENUM ('sad', 'ok', 'happy', 'a')");
            statements.add(TextCollations.CREATE_POSTGRESQL_CASE_INSENSITIVE);
        }
        statements.add("CREATE TABLE " + TABLE + " (id " + database.integer() + " NOT NULL PRIMARY KEY, f "
                + floatType(database) + " NULL, e " + enumType(database) + " NULL, c "
                + TextCollations.textType(database, typedCase.collation()) + " NULL)");
        if (database == TestDatabase.POSTGRESQL || database == TestDatabase.SQLITE) {
            // unique indexes that constrain no row (ids are positive): partial, and over an expression
            statements.add("CREATE UNIQUE INDEX " + TABLE + "_f ON " + TABLE + " (f) WHERE id < 0");
            statements.add("CREATE UNIQUE INDEX " + TABLE + "_c ON " + TABLE + " (c) WHERE id < 0");
            statements.add("CREATE UNIQUE INDEX " + TABLE + "_ce ON " + TABLE + " ((c || id))");
        }
        int id = 0;
        for (int[] row : typedCase.rows()) {
            id++;
            statements.add("INSERT INTO " + TABLE + " (id, f, e, c) VALUES (" + (id * 37 % 211) + ", "
                    + (row[0] < 0 ? "NULL" : floatLiteral(database, row[0])) + ", "
                    + (row[1] < 0 ? "NULL" : "'" + ENUM_LABELS.get(row[1]) + "'") + ", "
                    + (row[2] < 0 ? "NULL" : "'" + TEXTS.get(row[2]) + "'") + ")");
        }
        database.execute(statements.toArray(String[]::new));
    }

    /** The database's own order: each key's NULLs by a CASE term, then the key, then id in the last key's direction. */
    private static List<Long> oracle(TestDatabase database, Case typedCase) {
        StringBuilder orderBy = new StringBuilder();
        for (SortKey key : typedCase.order()) {
            String column = key.column();
            orderBy.append("CASE WHEN ")
                    .append(column)
                    .append(" IS NULL THEN ")
                    .append(key.nulls() == SortKey.Nulls.FIRST ? "0 ELSE 1" : "1 ELSE 0")
                    .append(" END, ")
                    .append(column)
                    .append(' ')
                    .append(key.direction())
                    .append(", ");
        }
        orderBy.append("id ")
                .append(typedCase.order().get(typedCase.order().size() - 1).direction());
        return database.column("SELECT id FROM " + TABLE + " ORDER BY " + orderBy).stream()
                .map(value -> ((Number) value).longValue())
                .collect(Collectors.toList());
    }
}
