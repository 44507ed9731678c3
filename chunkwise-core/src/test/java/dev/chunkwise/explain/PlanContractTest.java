package dev.chunkwise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.QueryPlan;
import dev.chunkwise.RowEstimate;
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
 * What the database's plan tells about a scan: how many rows its filter selects (the planner's
 * estimate where its EXPLAIN has one, an exact count elsewhere), and whether its chunk queries are
 * index ranges, on every set-up.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class PlanContractTest {

    private static final String TABLE = "ct_plan";
    private static final int ROWS = 20_000;
    private static final int A_TENTH = ROWS / 10;

    @Parameter
    TestDatabase database;

    /** {@code grp} is {@code id % 10}, indexed with {@code id}; {@code label} is unindexed and unrelated to {@code id}. */
    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.execute(
                "CREATE TABLE " + TABLE + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, grp "
                        + database.integer() + " NOT NULL, label " + database.text(20) + " NOT NULL)",
                "CREATE INDEX " + TABLE + "_grp ON " + TABLE + " (grp, id)");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            rows.add(new Object[] {id, (int) (id % 10), String.format("L%06d", id * 7919 % ROWS)});
        }
        database.insert(TABLE, "id, grp, label", rows);
        switch (database) {
            case POSTGRESQL:
                database.execute("ANALYZE " + TABLE);
                break;
            case MARIADB:
            case MYSQL_DRIVER:
                database.execute("ANALYZE TABLE " + TABLE);
                break;
            case SQLITE:
                database.execute("ANALYZE");
                break;
            default:
                break;
        }
    }

    private boolean plannerEstimates() {
        return database != TestDatabase.H2 && database != TestDatabase.SQLITE;
    }

    private Scan.Builder scan() {
        return Scan.over(database.dataSource()).table(TABLE).chunkSize(100);
    }

    private void assertEstimateOfATenth(RowEstimate estimate) {
        if (plannerEstimates()) {
            assertThat(estimate.source()).isEqualTo(RowEstimate.Source.PLANNER);
            assertThat(estimate.rows())
                    .as("the planner's estimate of %,d rows, not the table's %,d", A_TENTH, ROWS)
                    .isBetween(A_TENTH / 2L, A_TENTH * 2L);
        } else {
            assertThat(estimate).isEqualTo(new RowEstimate(A_TENTH, RowEstimate.Source.COUNT));
        }
    }

    @Test
    void estimatesTheRowsOfTheFilterWithItsParametersBound() {
        assertEstimateOfATenth(
                scan().where("grp = ?", 3).build(row -> row.getLong("id")).estimatedMatchingRows());
    }

    @Test
    void estimatesOnlyTheRowsAfterTheStartOfAResumedScan() {
        Scan<Long> scan = scan().build(row -> row.getLong("id"));
        assertEstimateOfATenth(
                scan.startAfter(scan.position((long) ROWS - A_TENTH)).estimatedMatchingRows());
    }

    @Test
    void chunkQueriesOfAnIndexedOrderAreIndexRanges() {
        Scan<Long> scan = scan().orderBy("grp").build(row -> row.getLong("id"));
        QueryPlan next = scan.explain(scan.chunkQueryAfter(scan.position(3, 503L)));
        assertThat(next.lines()).isNotEmpty();
        assertThat(next.fullScans()).as(String.join("\n", next.lines())).isEmpty();
        assertThat(next.indexRange()).isTrue();
    }

    @Test
    void chunkQueriesOfAnUnindexedOrderSortAndTheIndexForTheOrderIsNamed() {
        Scan<Long> scan = scan().orderBy("label desc").build(row -> row.getLong("id"));
        QueryPlan first = scan.explain(scan.firstChunkQuery());
        QueryPlan next = scan.explain(scan.chunkQueryAfter(scan.position("L010000", 10_000L)));
        assertThat(first.indexRange()).as(String.join("\n", first.lines())).isFalse();
        assertThat(next.indexRange()).as(String.join("\n", next.lines())).isFalse();
        String quote = database.isMariaDb() ? "`" : "\"";
        String table = database == TestDatabase.H2 ? "CT_PLAN" : TABLE;
        String label = database == TestDatabase.H2 ? "LABEL" : "label";
        String id = database == TestDatabase.H2 ? "ID" : "id";
        assertThat(scan.indexForOrder())
                .isEqualTo("CREATE INDEX ct_plan_label_id_idx ON " + quote + table + quote + " (" + quote + label
                        + quote + " DESC, " + quote + id + quote + " DESC)");
    }
}
