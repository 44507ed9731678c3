package dev.chunkwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The filter guard on each database: filters that are valid in the database's own syntax (MariaDB
 * backslash escapes, double-quoted strings and {@code --} without a space; PostgreSQL dollar
 * quotes, {@code E''} strings and the jsonb {@code ?} operators; H2 dollar quotes; SQLite bracket
 * and backtick identifiers) are accepted and select exactly their rows, chunk by chunk; filters
 * that could leave their parentheses are refused when the scan is built, and nothing is read.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FilterSyntaxContractTest {

    private static final String TABLE = "ct_filter_syntax";

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        database.drop(TABLE);
        String doc = database == TestDatabase.POSTGRESQL ? "jsonb" : database.text(20);
        database.execute("CREATE TABLE " + TABLE + " (id " + database.integer() + " NOT NULL PRIMARY KEY, name "
                + database.text(40) + ", doc " + doc + ")");
        try (java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (id, name, doc) VALUES (?, ?, "
                        + (database == TestDatabase.POSTGRESQL ? "CAST(? AS jsonb)" : "?") + ")")) {
            Object[][] rows = {
                {1, "O'Brien", "{\"k\": 1}"},
                {2, "a) OR (b", "{\"j\": 1}"},
                {3, "plain", "{\"k\": 2}"},
                {4, "x--1", null},
                {5, "back\\slash", null}
            };
            for (Object[] row : rows) {
                insert.setInt(1, (Integer) row[0]);
                insert.setString(2, (String) row[1]);
                insert.setString(3, (String) row[2]);
                insert.executeUpdate();
            }
        } catch (java.sql.SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private List<Integer> ids(String filter, Object... parameters) {
        List<Integer> ids = new ArrayList<>();
        Scan.over(database.dataSource())
                .table(TABLE)
                .where(filter, parameters)
                .chunkSize(1)
                .build(row -> row.getInt("id"))
                .forEach(ids::add);
        return ids;
    }

    @Test
    void filtersValidInTheDatabasesOwnSyntaxSelectExactlyTheirRows() {
        assertThat(ids("name = 'O''Brien'")).containsExactly(1);
        switch (database) {
            case POSTGRESQL:
                assertThat(ids("name = E'O\\'Brien'")).containsExactly(1);
                assertThat(ids("name = $$a) OR (b$$")).containsExactly(2);
                assertThat(ids("name = $q$O'Brien$q$ OR name = $$x--1$$")).containsExactly(1, 4);
                assertThat(ids("doc ? 'k'")).containsExactly(1, 3);
                assertThat(ids("doc ?| array['j', 'z']")).containsExactly(2);
                assertThat(ids("doc ?? 'k' AND id > ?", 1)).containsExactly(3);
                break;
            case MARIADB:
            case MYSQL_DRIVER:
                assertThat(ids("name = 'O\\'Brien'")).containsExactly(1);
                assertThat(ids("name = \"O'Brien\" OR name = \"a) OR (b\"")).containsExactly(1, 2);
                if (database == TestDatabase.MYSQL_DRIVER) {
                    assertThat(ids("id--1 > 4")).containsExactly(4, 5); // a - -1: MariaDB Connector/J refuses it
                }
                assertThat(ids("name = 'back\\\\slash'")).containsExactly(5);
                break;
            case H2:
                assertThat(ids("name = $$a) OR (b$$")).containsExactly(2);
                break;
            default:
                assertThat(ids("[name] = 'plain' OR `name` = 'x--1'")).containsExactly(3, 4);
                break;
        }
    }

    @Test
    void filtersThatCouldLeaveTheirParenthesesAreRefusedAtBuild() {
        List<String> hostile = new ArrayList<>(List.of(
                "id > 0) OR (id > 0",
                "id > 0 -- ) OR (1 = 1",
                "id > 0 /* ) OR (1 = 1 */",
                "id > 0; DELETE FROM " + TABLE,
                "name = 'x",
                "id > ?"));
        if (database.isMariaDb()) {
            hostile.add("id > 0 # ) OR (1 = 1");
            hostile.add("id > 0 /*! OR 1 = 1 */");
            hostile.add("name = '\\'' ) OR ( '");
        }
        if (database == TestDatabase.POSTGRESQL) {
            hostile.add("id > $1");
            hostile.add("name = $$x");
        }
        if (database == TestDatabase.H2) {
            hostile.add("id > 0 // ) OR (1 = 1");
        }
        for (String filter : hostile) {
            assertThatThrownBy(() -> Scan.over(database.dataSource())
                            .table(TABLE)
                            .where(filter)
                            .build(row -> 1))
                    .as(filter)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(filter);
        }
        assertThat(ContractTables.ids(database, "SELECT count(*) FROM " + TABLE))
                .containsExactly(5L);
    }
}
