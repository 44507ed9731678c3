package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.SqlCondition;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G7's statement: {@code Scan.rowConditions} addresses exactly the rows a chunk read, the filter
 * applied again, on every database: single and composite keys, NULLs in a nullable key, more rows
 * than one condition names, and a row that stopped matching between the read and the write.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class RowConditionsContractTest {

    @Parameter
    TestDatabase database;

    private static int update(Connection connection, String table, String set, SqlCondition condition)
            throws java.sql.SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("UPDATE " + table + " SET " + set + " WHERE " + condition.sql())) {
            condition.bind(statement, 1);
            return statement.executeUpdate();
        }
    }

    @Test
    void updatesExactlyTheRowsOfEachChunkThatStillMatch() {
        String table = "ct_rows_single";
        ContractTables.createNumbered(database, table, 60);
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .where("score = ?", 1)
                .chunkSize(7)
                .build(ID);
        List<Long> expected = ContractTables.ids(database, "SELECT id FROM " + table + " WHERE score = 1 ORDER BY id");
        long[] changed = {0};
        scan.forEachChunkInTransaction((chunk, connection) -> {
            // a row of the chunk stops matching before the write: the write must leave it alone
            if (chunk.number() == 2) {
                try (PreparedStatement moved =
                        connection.prepareStatement("UPDATE " + table + " SET score = 2 WHERE id = ?")) {
                    moved.setLong(1, chunk.rows().get(0));
                    moved.executeUpdate();
                }
            }
            for (SqlCondition rows : scan.rowConditions(chunk.positions())) {
                changed[0] += update(connection, table, "name = 'done'", rows);
            }
        });
        List<Long> moved = List.of(expected.get(7));
        List<Long> done = ContractTables.ids(database, "SELECT id FROM " + table + " WHERE name = 'done' ORDER BY id");
        List<Long> wanted = new ArrayList<>(expected);
        wanted.removeAll(moved);
        assertThat(done).containsExactlyElementsOf(wanted);
        assertThat(changed[0]).isEqualTo(wanted.size());
    }

    @Test
    void addressesRowsOfACompositeKeyWithNullsAndMoreRowsThanOneConditionNames() {
        String table = "ct_rows_composite";
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (a " + database.integer() + " NOT NULL, b " + database.text(10)
                + ", n " + database.integer() + " NOT NULL)");
        database.execute("CREATE UNIQUE INDEX " + table + "_ab ON " + table + " (a, b)");
        List<Object[]> values = new ArrayList<>();
        for (int i = 0; i < 2600; i++) {
            values.add(new Object[] {i % 1300, i < 1300 ? "x" : (i % 7 == 0 ? null : "y" + i), 0});
        }
        database.insert(table, "a, b, n", values);
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .key("a", "b")
                .chunkSize(2100)
                .build(row -> 1L);
        List<Integer> conditionsPerChunk = new ArrayList<>();
        scan.forEachChunkInTransaction((chunk, connection) -> {
            List<SqlCondition> conditions = scan.rowConditions(chunk.positions());
            conditionsPerChunk.add(conditions.size());
            for (SqlCondition rows : conditions) {
                update(connection, table, "n = n + 1", rows);
            }
        });
        assertThat(conditionsPerChunk).containsExactly(3, 1);
        assertThat(database.column("SELECT DISTINCT n FROM " + table)).hasSize(1);
        assertThat(((Number) database.column("SELECT n FROM " + table).get(0)).intValue())
                .isEqualTo(1);
    }

    @Test
    void refusesPositionsOfAnotherScanAndAnEmptyList() {
        String table = "ct_rows_single";
        ContractTables.createNumbered(database, table, 3);
        Scan<Long> scan = Scan.over(database.dataSource()).table(table).build(ID);
        Scan<Long> other =
                Scan.over(database.dataSource()).table(table).where("score = 1").build(ID);
        Position foreign = other.position(10L);
        assertThatThrownBy(() -> scan.rowConditions(List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        assertThatThrownBy(() -> scan.rowConditions(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
