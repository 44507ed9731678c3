package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
