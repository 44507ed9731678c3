package dev.chunkwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Scan.setClause} refuses a SET list that would move rows along the walk: one that assigns
 * a key column, and one that assigns a column a generated key column is computed from, as the
 * catalog tells it (PostgreSQL's dependencies, the generation expression elsewhere; on SQLite, whose
 * catalog does not say from what, any column of a table whose key is generated).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class SetClauseContractTest {

    private static final String TABLE = "ct_set_generated";

    @Parameter
    TestDatabase database;

    private Scan<Long> scanByGeneratedKey() {
        String generated;
        switch (database) {
            case POSTGRESQL:
            case SQLITE:
                generated = "g " + database.integer() + " GENERATED ALWAYS AS (a * 2 + b) STORED";
                break;
            case H2:
                generated = "g INTEGER GENERATED ALWAYS AS (a * 2 + b)";
                break;
            default:
                generated = "g INTEGER AS (a * 2 + b) PERSISTENT";
                break;
        }
        database.drop(TABLE);
        database.execute(
                "CREATE TABLE " + TABLE + " (id " + database.integer() + " NOT NULL PRIMARY KEY, a "
                        + database.integer() + " NOT NULL, b " + database.integer() + " NOT NULL, c "
                        + database.integer() + ", " + generated + ")",
                "INSERT INTO " + TABLE + " (id, a, b, c) VALUES (1, 1, 0, 0), (2, 2, 0, 0)");
        return Scan.over(database.dataSource()).table(TABLE).key("g").build(row -> row.getLong("id"));
    }

    @Test
    void refusesAnAssignmentToAColumnAGeneratedKeyIsComputedFrom() {
        Scan<Long> scan = scanByGeneratedKey();
        for (String assignment : List.of("a = a + 1", "c = 1, b = 3")) {
            assertThatThrownBy(() -> scan.setClause(assignment))
                    .as(assignment)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(refusal -> assertThat(refusal.getMessage())
                            .contains("assigns the column")
                            .containsIgnoringCase("from which the generated key column g is computed"));
        }
    }

    @Test
    void acceptsAnAssignmentTheGeneratedKeyDoesNotReadWhereTheCatalogTells() {
        Scan<Long> scan = scanByGeneratedKey();
        if (database == TestDatabase.SQLITE) {
            assertThatThrownBy(() -> scan.setClause("c = 1")).hasMessageContaining("generated key column g");
        } else {
            assertThat(scan.setClause("c = c + 1").columns()).singleElement().satisfies(column -> assertThat(column)
                    .isEqualToIgnoringCase("c"));
        }
        Scan<Long> byId = Scan.over(database.dataSource()).table(TABLE).build(row -> row.getLong("id"));
        assertThat(byId.setClause("a = a + 1").columns()).singleElement().satisfies(column -> assertThat(column)
                .isEqualToIgnoringCase("a"));
    }
}
