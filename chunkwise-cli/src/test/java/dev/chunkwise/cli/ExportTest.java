package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code chunkwise export} against each database, compared with the database's own ordered query. */
class ExportTest {

    private static final String TABLE = "cli_export";
    private static final int ROWS = 500;

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exportsJsonLinesExactlyAsTheDatabaseOrdersTheRows(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Cli.Run run =
                Cli.run("export", "--url", database.url(), "--table", TABLE, "--format", "jsonl", "--chunk-size", "7");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        Fixtures.assertJsonLines(
                run.out(),
                database.labels(TABLE),
                Fixtures.expected(database, "SELECT * FROM " + TABLE + " ORDER BY id"));
        assertThat(run.out()).as("a BIGINT is written digit for digit").contains(":" + Fixtures.bigOf(1) + ",");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exportsCsvWithAHeaderExactlyAsTheDatabaseOrdersTheRows(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path out = directory.resolve("rows.csv");
        Cli.Run run = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--format",
                "csv",
                "--chunk-size",
                "50",
                "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .as("rows went to the file, nothing to standard output")
                .isEmpty();
        Fixtures.assertCsv(
                database,
                Files.readString(out, StandardCharsets.UTF_8),
                database.labels(TABLE),
                Fixtures.expected(database, "SELECT * FROM " + TABLE + " ORDER BY id"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void exportsInReverseOfAnOrderWithNullsAndAFilter(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Cli.Run run = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--format",
                "jsonl",
                "--order-by",
                "name desc nulls last",
                "--where",
                "id > 100",
                "--reverse",
                "--chunk-size",
                "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // forward: name descending with NULLs last, then the id tie-breaker descending like name;
        // reversed: name ascending with NULLs first, then id ascending
        Fixtures.assertJsonLines(
                run.out(),
                database.labels(TABLE),
                Fixtures.expected(
                        database,
                        "SELECT * FROM " + TABLE + " WHERE id > 100 ORDER BY CASE WHEN name IS NULL THEN 0 ELSE 1 END, "
                                + "name, id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "SQLITE"})
    void writesOnlyTheHeaderForAnEmptyResult(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, 10);
        Cli.Run run = Cli.run("export", "--url", database.url(), "--table", TABLE, "--where", "id < 0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // PostgreSQL's CSV is written by COPY, whose lines end with LF
        assertThat(run.out())
                .isEqualTo(String.join(",", database.labels(TABLE))
                        + (database == TestDatabase.POSTGRESQL ? "\n" : "\r\n"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "H2"})
    void printsASummaryOnStandardErrorWithStats(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, 100);
        Cli.Run run = Cli.run(
                "export", "--url", database.url(), "--table", TABLE, "--chunk-size", "30", "--stats", "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> summary = run.err().lines().collect(Collectors.toList());
        assertThat(summary.get(0))
                .startsWith("chunkwise: 100 rows exported in 4 chunks,")
                .contains("rows/s")
                .endsWith("0 retries");
        assertThat(summary.get(1)).startsWith("chunkwise: query log: ");
        assertThat(summary).anyMatch(line -> line.contains("chunk ") && line.contains("SELECT "));
        Fixtures.assertCsv(
                database,
                run.out(),
                database.labels(TABLE),
                Fixtures.expected(database, "SELECT * FROM " + TABLE + " ORDER BY id"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void exportsEveryRowInOrderWithAnAdaptiveChunkTime(TestDatabase database) {
        Fixtures.createExportTable(database, TABLE, 500);
        Cli.Run run = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                TABLE,
                "--chunk-size",
                "10",
                "--chunk-time",
                "5ms",
                "--stats",
                "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("chunkwise: 500 rows exported in ");
        Fixtures.assertCsv(
                database,
                run.out(),
                database.labels(TABLE),
                Fixtures.expected(database, "SELECT * FROM " + TABLE + " ORDER BY id"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aKeyThatIsNotUniqueStopsTheExportLoudlyAndNoRowIsWrittenTwice(TestDatabase database) {
        database.drop("cli_dup_key");
        database.execute(
                "CREATE TABLE cli_dup_key (a INTEGER NOT NULL, b " + database.text(5) + " NOT NULL)",
                "INSERT INTO cli_dup_key VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')");
        for (String chunkSize : List.of("1", "2", "1000")) {
            Cli.Run run = Cli.run(
                    "export",
                    "--url",
                    database.url(),
                    "--table",
                    "cli_dup_key",
                    "--key",
                    "a",
                    "--format",
                    "jsonl",
                    "--chunk-size",
                    chunkSize);
            assertThat(run.exitCode())
                    .as("chunk size %s: %s", chunkSize, run.err())
                    .isEqualTo(1);
            assertThat(run.err()).as("chunk size %s", chunkSize).contains("is not unique");
            assertThat(run.out().lines().collect(Collectors.toList()))
                    .as("chunk size %s", chunkSize)
                    .doesNotHaveDuplicates()
                    .hasSizeLessThan(4);
        }
    }
}
