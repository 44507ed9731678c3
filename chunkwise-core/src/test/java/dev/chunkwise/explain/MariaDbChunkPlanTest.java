package dev.chunkwise.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.explain.ExplainTable.Case;
import dev.chunkwise.explain.ExplainTable.Place;
import dev.chunkwise.explain.ExplainTable.Stretch;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * G5 on MariaDB, through the MariaDB driver and MySQL Connector/J: the chunk query a scan sends
 * after a real row of the table, explained by MariaDB itself (values bound), reads a range of the
 * expected index ({@code ref} on the NULL part of a nullable key) in order, without a filesort;
 * and it is planned the same near the start and near the end of its stretch of the order.
 */
class MariaDbChunkPlanTest {

    /** The parts of a plain EXPLAIN row that decide what a chunk costs. */
    record PlanShape(String access, String key, String extra) {

        /** Whether the rows come out of the index in order, or are sorted afterwards. */
        boolean filesort() {
            return extra != null && extra.contains("filesort");
        }

        /** range and ref are both reads of one stretch of the index. */
        String accessClass() {
            return access.equals("range") || access.equals("ref") ? "index range" : access;
        }
    }

    @BeforeAll
    static void createTable() {
        ExplainTable.create(TestDatabase.MARIADB);
    }

    static Stream<Arguments> cases() {
        List<Arguments> arguments = new ArrayList<>();
        for (TestDatabase database : List.of(TestDatabase.MARIADB, TestDatabase.MYSQL_DRIVER)) {
            for (Case scanCase : ExplainTable.cases()) {
                arguments.add(Arguments.of(database, scanCase));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void nextChunkIsAnIndexRangeOnTheExpectedKeyWithoutAFilesort(TestDatabase database, Case scanCase) {
        PlanShape plan = explain(database, scanCase, Place.MIDDLE);

        assertThat(plan.access()).isIn(allowedAccess(scanCase));
        assertThat(plan.key()).isEqualTo(scanCase.index());
        assertThat(plan.filesort()).as(plan.extra()).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void nextChunkNearTheEndIsPlannedLikeNearTheStart(TestDatabase database, Case scanCase) {
        PlanShape start = explain(database, scanCase, Place.NEAR_THE_START);
        PlanShape end = explain(database, scanCase, Place.NEAR_THE_END);

        assertThat(start.access()).isIn(allowedAccess(scanCase));
        assertThat(end.access()).isIn(allowedAccess(scanCase));
        assertThat(List.of(end.accessClass(), end.key(), end.filesort()))
                .isEqualTo(List.of(start.accessClass(), start.key(), start.filesort()));
        assertThat(start.filesort()).isFalse();
    }

    private static List<String> allowedAccess(Case scanCase) {
        return scanCase.stretch() == Stretch.NULL_PUB_DATE ? List.of("range", "ref") : List.of("range");
    }

    private static PlanShape explain(TestDatabase database, Case scanCase, Place place) {
        ScanPlan.Statement statement = ExplainTable.chunkQuery(database, scanCase, place);
        List<List<String>> rows = ExplainTable.explain(database, "EXPLAIN ", statement);
        assertThat(rows).as("one table, one plan row: %s", rows).hasSize(2);
        List<String> header = rows.get(0);
        List<String> row = rows.get(1);
        PlanShape shape = new PlanShape(
                row.get(header.indexOf("type")), row.get(header.indexOf("key")), row.get(header.indexOf("Extra")));
        System.out.printf(
                "%s %s at %s: %s%n    binds %s%n    plan %s key_len %s rows %s%n",
                database,
                scanCase,
                place,
                statement.sql(),
                statement.binds(),
                shape,
                row.get(header.indexOf("key_len")),
                row.get(header.indexOf("rows")));
        return shape;
    }
}
