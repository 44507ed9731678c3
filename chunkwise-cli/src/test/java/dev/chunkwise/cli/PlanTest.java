package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code chunkwise plan}: the key, the chunk queries, and the database's own plan for the next chunk. */
class PlanTest {

    private static final String TABLE = "cli_plan";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void showsTheKeyTheChunkQueriesAndTheExplainOfTheNextChunk(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, 3000);
        if (database == TestDatabase.POSTGRESQL) {
            database.execute("ANALYZE " + TABLE);
        }
        Cli.Run run = Cli.run("plan", "--url", database.url(), "--table", TABLE, "--chunk-size", "100");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("(?mi)^key: +id ASC")
                .containsPattern("(?mi)^first chunk: +SELECT .* ORDER BY .*id.* LIMIT 100$")
                .containsPattern("(?mi)^next chunk: +SELECT .* WHERE .*id.* > \\? ORDER BY")
                .contains("EXPLAIN of the next chunk, after the first chunk's last row Position[100]:");
        String explain = run.out().substring(run.out().indexOf("EXPLAIN"));
        switch (database) {
            case POSTGRESQL:
                assertThat(explain).contains("Index Scan using cli_plan_pkey");
                break;
            case SQLITE:
                assertThat(explain).contains("SEARCH cli_plan USING INTEGER PRIMARY KEY");
                break;
            case MARIADB:
                assertThat(explain).contains("PRIMARY").contains("range");
                break;
            default:
                assertThat(explain).contains("PRIMARY_KEY");
        }
    }

    private static Cli.Run plan(TestDatabase database, String... options) {
        List<String> args = new ArrayList<>(List.of("plan", "--url", database.url(), "--table", PlanFixture.TABLE));
        args.addAll(List.of(options));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void doesNotWarnWhenAnIndexServesTheOrder(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = plan(database, "--order-by", "grp", "--chunk-size", "100");
        assertThat(run.out())
                .containsPattern("(?mi)^key: +grp ASC.*, id ASC")
                .contains("EXPLAIN of the first chunk:")
                .contains("EXPLAIN of the next chunk")
                .containsIgnoringCase(PlanFixture.TABLE + "_grp")
                .doesNotContain("warning:");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void warnsAboutAnUnindexedOrderAndNamesTheIndexThatFixesIt(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = plan(database, "--order-by", "label desc", "--chunk-size", "100");
        assertThat(run.out()).contains("warning: a chunk query is not an index range (first chunk: ");
        switch (database) {
            case POSTGRESQL:
                assertThat(run.out()).contains("first chunk: Sort").contains("Seq Scan on cli_plan_order");
                break;
            case MARIADB:
                assertThat(run.out()).contains("Using filesort");
                break;
            case SQLITE:
                assertThat(run.out()).contains("USE TEMP B-TREE FOR ORDER BY");
                break;
            default:
                assertThat(run.out()).contains("a sort (no /* index sorted */)");
        }
        Matcher index = Pattern.compile("(?m)^  (CREATE INDEX .*);$").matcher(run.out());
        assertThat(index.find()).as(run.out()).isTrue();
        String quote = database == TestDatabase.MARIADB ? "`" : "\"";
        String table = database == TestDatabase.H2 ? "CLI_PLAN_ORDER" : PlanFixture.TABLE;
        String label = database == TestDatabase.H2 ? "LABEL" : "label";
        String id = database == TestDatabase.H2 ? "ID" : "id";
        assertThat(index.group(1))
                .isEqualTo("CREATE INDEX cli_plan_order_label_id_idx ON " + quote + table + quote + " (" + quote + label
                        + quote + " DESC, " + quote + id + quote + " DESC)");

        database.execute(index.group(1));
        Cli.Run fixed = plan(database, "--order-by", "label desc", "--chunk-size", "100");
        assertThat(fixed.out())
                .as("the index it names makes both chunk queries index ranges")
                .doesNotContain("warning:")
                .containsIgnoringCase("cli_plan_order_label_id_idx");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void estimatesTheRowsTheFilterSelectsNotTheTable(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = plan(database, "--where", "grp = 3");
        long estimate = PlanFixture.number(run.out(), "estimated rows:");
        if (database == TestDatabase.POSTGRESQL || database == TestDatabase.MARIADB) {
            assertThat(run.out()).contains("(the planner's estimate for the filter; the table: about ");
            assertThat(estimate)
                    .as("the planner's estimate of the %,d matching rows", PlanFixture.MATCHING)
                    .isBetween(PlanFixture.MATCHING / 2L, PlanFixture.MATCHING * 2L);
        } else {
            assertThat(run.out()).contains("(an exact count, this database's plan has no estimate)");
            assertThat(estimate).isEqualTo(PlanFixture.MATCHING);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void showsEachPartitionsCutsEstimatedRowsTheStrategyAndTheTime(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run run = plan(database, "--partitions", "4", "--partition-strategy", "index-walk");
        assertThat(run.out()).containsPattern("(?m)^partitions: +4 of 4 asked \\(index-walk, found in [0-9,]+ ms\\)$");
        String id = database == TestDatabase.H2 ? "ID" : "id";
        assertThat(run.out())
                .contains("  1: from the start to before " + id + " = 5001: 5,000 rows (estimated)")
                .contains("  2: from " + id + " = 5001 to before " + id + " = 10001: 5,000 rows (estimated)")
                .contains("  4: from " + id + " = 15001 to the end: 5,000 rows (estimated)");

        Cli.Run composite = plan(database, "--order-by", "grp desc", "--partitions", "2");
        String grp = database == TestDatabase.H2 ? "GRP" : "grp";
        assertThat(composite.out())
                .containsPattern("(?m)^partitions: +2 of 2 asked \\((index-walk|sample|statistics), found in")
                .containsPattern(
                        "(?m)^  1: from the start to before \\(" + grp + ", " + id + "\\) = \\(\\d+, \\d+\\): ");
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL"})
    void refusesPartitionsBelowOneAndAStrategyWithoutPartitions(TestDatabase database) {
        PlanFixture.create(database);
        Cli.Run zero = Cli.run("plan", "--url", database.url(), "--table", PlanFixture.TABLE, "--partitions", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("chunkwise: --partitions must be at least 1, got 0.\n");
        Cli.Run alone = Cli.run(
                "plan", "--url", database.url(), "--table", PlanFixture.TABLE, "--partition-strategy", "sample");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).isEqualTo("chunkwise: --partition-strategy applies to --partitions.\n");
        Cli.Run unknown = Cli.run(
                "plan",
                "--url",
                database.url(),
                "--table",
                PlanFixture.TABLE,
                "--partitions",
                "2",
                "--partition-strategy",
                "guess");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("auto|index-walk|sample|statistics");
    }
}
