package dev.chunkwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G1 over the whole class of unique indexes that do not make every row unique: a partial unique
 * index, a unique index over an expression, a unique constraint over a nullable column, and on
 * SQLite a PRIMARY KEY that may hold NULL. None of them is taken as a tie-breaker or as proof that
 * an order is total: with a primary key present the primary key is appended and every row comes
 * back once; without one the scan is refused when it is built, naming each candidate and why it
 * was not taken. Keys that are total (a {@code WITHOUT ROWID} or rowid primary key on SQLite,
 * PostgreSQL's {@code NULLS NOT DISTINCT}) are taken.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class KeyEligibilityContractTest {

    private static final RowMapper<String> LABEL = row -> row.getString("label");

    @Parameter
    TestDatabase database;

    private boolean partialIndexes() {
        return database == TestDatabase.POSTGRESQL || database == TestDatabase.SQLITE;
    }

    private boolean expressionIndexes() {
        return database == TestDatabase.POSTGRESQL || database == TestDatabase.SQLITE;
    }

    /** 20 rows whose email repeats among the inactive ones (only active rows have unique emails). */
    private void createEmails(String table, String keyColumn) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (" + keyColumn + "email " + database.text(40)
                + " NOT NULL, active " + database.bool() + " NOT NULL, label " + database.text(10) + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            boolean active = i % 2 == 0;
            String email = active ? "a" + (100 + i) : "dup" + (i % 3);
            Object flag = database == TestDatabase.SQLITE ? (Object) (active ? 1 : 0) : active;
            rows.add(
                    keyColumn.isEmpty()
                            ? new Object[] {email, flag, "r" + i}
                            : new Object[] {(long) i, email, flag, "r" + i});
        }
        database.insert(table, (keyColumn.isEmpty() ? "" : "id, ") + "email, active, label", rows);
    }

    private List<String> labels(String sql) {
        return database.column(sql).stream().map(Object::toString).collect(Collectors.toList());
    }

    private List<String> scanned(Scan<String> scan) {
        List<String> rows = new ArrayList<>();
        scan.forEach(rows::add);
        return rows;
    }

    @Test
    void aPartialUniqueIndexIsNotTakenAsMakingAnOrderUniqueTheTiebreakerIsAppended() {
        if (!partialIndexes()) {
            return; // MariaDB and H2 have no partial indexes
        }
        String table = "ct_elig_partial";
        createEmails(table, "id " + database.bigint() + " PRIMARY KEY, ");
        database.execute("CREATE UNIQUE INDEX ct_elig_partial_email ON " + table + " (email) WHERE active"
                + (database == TestDatabase.SQLITE ? " = 1" : ""));
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            Scan<String> scan = Scan.over(database.dataSource())
                    .table(table)
                    .orderBy("email")
                    .chunkSize(chunkSize)
                    .build(LABEL);
            assertThat(scan.order()).extracting(SortKey::column).containsExactly("email", "id");
            assertThat(scanned(scan))
                    .as("chunk size %d", chunkSize)
                    .containsExactlyElementsOf(labels("SELECT label FROM " + table + " ORDER BY email, id"));
        }
    }

    @Test
    void aTableWhoseOnlyUniqueIndexIsPartialIsRefusedNamingTheIndexAndWhy() {
        if (!partialIndexes()) {
            return;
        }
        String table = "ct_elig_partial_only";
        createEmails(table, "");
        database.execute("CREATE UNIQUE INDEX ct_elig_partial_only_email ON " + table + " (email) WHERE active"
                + (database == TestDatabase.SQLITE ? " = 1" : ""));
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("email")
                        .build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ct_elig_partial_only_email", "partial", "key(...)");
        assertThatThrownBy(() -> Scan.over(database.dataSource()).table(table).build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partial");
    }

    @Test
    void aUniqueIndexOverAnExpressionIsRefusedNamingIt() {
        if (!expressionIndexes()) {
            return;
        }
        String table = "ct_elig_expression";
        createEmails(table, "");
        database.execute("DELETE FROM " + table + " WHERE email LIKE 'dup%'");
        database.execute("CREATE UNIQUE INDEX ct_elig_expression_email ON " + table + " (lower(email))");
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("email")
                        .build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ct_elig_expression_email", "expression");
    }

    @Test
    void aUniqueConstraintOverANullableColumnDoesNotMakeAnOrderUnique() {
        String table = "ct_elig_nullable";
        database.drop(table);
        database.execute(
                "CREATE TABLE " + table + " (code " + database.integer() + " UNIQUE, label " + database.text(10) + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            rows.add(new Object[] {i % 3 == 0 ? null : i, "r" + i});
        }
        database.insert(table, "code, label", rows);
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("code")
                        .build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key(...)")
                .message()
                .containsIgnoringCase("allows NULL in code");
    }

    @Test
    void aUniqueIndexOnANullableSortColumnLeavesThePrimaryKeyAsTiebreaker() {
        String table = "ct_elig_nullable_pk";
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.bigint() + " PRIMARY KEY, code "
                + database.integer() + " UNIQUE, label " + database.text(10) + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            rows.add(new Object[] {(long) i, i % 3 == 0 ? null : 10 - i, "r" + i});
        }
        database.insert(table, "id, code, label", rows);
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            Scan<String> scan = Scan.over(database.dataSource())
                    .table(table)
                    .orderBy("code nulls first")
                    .chunkSize(chunkSize)
                    .build(LABEL);
            assertThat(scan.order())
                    .extracting(key -> key.column().toLowerCase(java.util.Locale.ROOT))
                    .containsExactly("code", "id");
            assertThat(scanned(scan))
                    .as("chunk size %d", chunkSize)
                    .containsExactlyElementsOf(labels("SELECT label FROM " + table
                            + " ORDER BY CASE WHEN code IS NULL THEN 0 ELSE 1 END, code, id"));
        }
    }

    @Test
    void aSqlitePrimaryKeyThatMayHoldNullIsNotAKey() {
        if (database != TestDatabase.SQLITE) {
            return;
        }
        String table = "ct_elig_sqlite_null_pk";
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (code TEXT PRIMARY KEY, label TEXT)");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            rows.add(new Object[] {i % 4 == 0 ? null : "c" + i, "r" + i});
        }
        database.insert(table, "code, label", rows);
        assertThat(database.column("SELECT count(*) FROM " + table + " WHERE code IS NULL"))
                .containsExactly(3);
        assertThatThrownBy(() -> Scan.over(database.dataSource()).table(table).build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("primary key", "allows NULL in code");
    }

    @Test
    void sqliteRowIdAndWithoutRowIdPrimaryKeysAreKeysButIntegerPrimaryKeyDescIsNotTheRowId() {
        if (database != TestDatabase.SQLITE) {
            return;
        }
        database.drop("ct_elig_rowid");
        database.execute(
                "CREATE TABLE ct_elig_rowid (id INTEGER PRIMARY KEY, label TEXT)",
                "INSERT INTO ct_elig_rowid (label) VALUES ('a'), ('b'), ('c')");
        assertThat(scanned(Scan.over(database.dataSource())
                        .table("ct_elig_rowid")
                        .chunkSize(2)
                        .build(LABEL)))
                .containsExactly("a", "b", "c");
        database.drop("ct_elig_without_rowid");
        database.execute(
                "CREATE TABLE ct_elig_without_rowid (code TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID",
                "INSERT INTO ct_elig_without_rowid VALUES ('z', 'a'), ('y', 'b'), ('x', 'c')");
        assertThat(scanned(Scan.over(database.dataSource())
                        .table("ct_elig_without_rowid")
                        .chunkSize(2)
                        .build(LABEL)))
                .containsExactly("c", "b", "a");
        database.drop("ct_elig_desc");
        database.execute(
                "CREATE TABLE ct_elig_desc (id INTEGER PRIMARY KEY DESC, label TEXT)",
                "INSERT INTO ct_elig_desc VALUES (NULL, 'a'), (NULL, 'b'), (3, 'c')");
        assertThatThrownBy(() ->
                        Scan.over(database.dataSource()).table("ct_elig_desc").build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allows NULL in id");
    }

    @Test
    void aPostgresUniqueConstraintWithNullsNotDistinctIsAKeyAndItsNullRowIsWalked() {
        if (database != TestDatabase.POSTGRESQL) {
            return;
        }
        String table = "ct_elig_nulls_not_distinct";
        database.drop(table);
        database.execute(
                "CREATE TABLE " + table + " (code integer, label text, UNIQUE NULLS NOT DISTINCT (code))",
                "INSERT INTO " + table + " VALUES (3, 'c'), (NULL, 'n'), (1, 'a'), (2, 'b')");
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            Scan<String> scan = Scan.over(database.dataSource())
                    .table(table)
                    .chunkSize(chunkSize)
                    .build(LABEL);
            assertThat(scan.order()).extracting(SortKey::column).containsExactly("code");
            assertThat(scanned(scan)).containsExactly("a", "b", "c", "n");
        }
    }

    @Test
    void aPostgresUniqueIndexWithAnotherCollationThanANondeterministicColumnIsNotAKey() {
        if (database != TestDatabase.POSTGRESQL) {
            return;
        }
        String table = "ct_elig_collation";
        database.drop(table);
        database.execute(
                "DROP COLLATION IF EXISTS ct_case_insensitive",
                "CREATE COLLATION ct_case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
                "CREATE TABLE " + table + " (code text COLLATE ct_case_insensitive NOT NULL, label text)",
                "CREATE UNIQUE INDEX ct_elig_collation_c ON " + table + " (code COLLATE \"C\")",
                "INSERT INTO " + table + " VALUES ('a', 'x'), ('A', 'y'), ('b', 'z')");
        assertThatThrownBy(() -> Scan.over(database.dataSource()).table(table).build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ct_elig_collation_c", "collation");
    }

    @Test
    void aSqliteUniqueIndexWithAFinerCollationThanItsColumnIsNotAKeyButACoarserOneIs() {
        if (database != TestDatabase.SQLITE) {
            return;
        }
        database.drop("ct_elig_sqlite_collation");
        database.execute(
                "CREATE TABLE ct_elig_sqlite_collation (s TEXT COLLATE NOCASE NOT NULL, label TEXT)",
                "CREATE UNIQUE INDEX ct_elig_sqlite_binary ON ct_elig_sqlite_collation (s COLLATE BINARY)",
                "INSERT INTO ct_elig_sqlite_collation VALUES ('a', 'x'), ('A', 'y'), ('b', 'z')");
        // 'a' and 'A' tie in ORDER BY s (NOCASE), which the BINARY index holds apart: no key
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table("ct_elig_sqlite_collation")
                        .build(LABEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("ct_elig_sqlite_binary", "collation BINARY", "NOCASE");
        database.drop("ct_elig_sqlite_coarser");
        database.execute(
                "CREATE TABLE ct_elig_sqlite_coarser (s TEXT NOT NULL, label TEXT)",
                "CREATE UNIQUE INDEX ct_elig_sqlite_nocase ON ct_elig_sqlite_coarser (s COLLATE NOCASE)",
                "INSERT INTO ct_elig_sqlite_coarser VALUES ('b', 'x'), ('A', 'y'), ('c', 'z')");
        assertThat(scanned(Scan.over(database.dataSource())
                        .table("ct_elig_sqlite_coarser")
                        .chunkSize(1)
                        .build(LABEL)))
                .containsExactly("y", "x", "z");
    }
}
