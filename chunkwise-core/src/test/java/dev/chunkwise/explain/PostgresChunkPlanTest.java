package dev.chunkwise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.explain.ExplainTable.Case;
import dev.chunkwise.explain.ExplainTable.Place;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * G5 on PostgreSQL: the chunk query a scan sends after a real row of the table, explained by
 * PostgreSQL itself ({@code EXPLAIN (FORMAT JSON)}, values bound), is an index scan over the
 * expected index with an index condition that starts the range at the position, and no sort; and
 * it is planned the same near the start and near the end of its stretch of the order.
 */
class PostgresChunkPlanTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final List<String> INDEX_SCANS = List.of("Index Scan", "Index Only Scan");

    /** The parts of a plan that decide what a chunk costs. */
    record PlanShape(
            List<String> nodeTypes,
            List<String> indexNames,
            List<String> indexConditions,
            List<String> scanDirections) {

        static PlanShape of(String json) {
            return new PlanShape(
                    all(json, "Node Type"),
                    all(json, "Index Name"),
                    all(json, "Index Cond"),
                    all(json, "Scan Direction"));
        }

        private static List<String> all(String json, String field) {
            Matcher matcher = Pattern.compile("\"" + field + "\": \"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(json);
            List<String> values = new ArrayList<>();
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
            return values;
        }

        /** The shape without the bound values, which differ from one position to the next. */
        PlanShape withoutValues() {
            return new PlanShape(nodeTypes, indexNames, List.of(), scanDirections);
        }
    }

    @BeforeAll
    static void createTable() {
        ExplainTable.create(DATABASE);
    }

    static List<Case> cases() {
        return ExplainTable.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nextChunkIsAnIndexRangeScanOnTheExpectedIndexWithoutASort(Case scanCase) {
        PlanShape plan = explain(scanCase, Place.MIDDLE);

        assertThat(plan.nodeTypes()).hasSize(2).startsWith("Limit").doesNotContain("Sort", "Incremental Sort");
        assertThat(plan.nodeTypes().get(1)).isIn(INDEX_SCANS);
        assertThat(plan.indexNames()).containsExactly(scanCase.index());
        assertThat(plan.indexConditions())
                .singleElement()
                .asString()
                .as("the index condition starts the range after the position")
                .containsPattern("id\\)? [<>] ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nextChunkNearTheEndIsPlannedLikeNearTheStart(Case scanCase) {
        PlanShape start = explain(scanCase, Place.NEAR_THE_START);
        PlanShape end = explain(scanCase, Place.NEAR_THE_END);

        assertThat(start.nodeTypes()).doesNotContain("Sort", "Incremental Sort", "Seq Scan", "Bitmap Heap Scan");
        assertThat(start.indexConditions()).hasSize(1);
        assertThat(end.indexConditions()).hasSize(1);
        assertThat(end.withoutValues()).isEqualTo(start.withoutValues());
    }

    private static PlanShape explain(Case scanCase, Place place) {
        ScanPlan.Statement statement = ExplainTable.chunkQuery(DATABASE, scanCase, place);
        List<List<String>> rows = ExplainTable.explain(DATABASE, "EXPLAIN (FORMAT JSON) ", statement);
        PlanShape shape = PlanShape.of(rows.get(1).get(0));
        System.out.printf(
                "PostgreSQL %s at %s: %s%n    binds %s%n    plan %s%n",
                scanCase, place, statement.sql(), statement.binds(), shape);
        return shape;
    }
}
