package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CSV and JSON Lines from MariaDB and MySQL are written row by row as the driver streams them
 * ({@link Exporter#streamingRows()}), through both drivers: every row once, in order, with the
 * library's chunks and with small ones, cut by {@code --limit} inside a chunk, and interrupted and
 * resumed after a chunk, the output equal to the rows the database holds.
 */
class StreamingExportTest {

    private static final String TABLE = "cli_streaming";
    private static final int ROWS = 2_500;

    @TempDir
    Path directory;

    enum Driver {
        MARIADB,
        MYSQL;

        String url() {
            if (this == MARIADB) {
                return TestDatabase.MARIADB.url();
            }
            return TestDatabase.mysqlDriverUrl();
        }
    }

    private Cli.Run export(Driver driver, Interruption interruption, String format, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "export", "--url", driver.url(), "--table", TABLE, "--format", format, "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(interruption, Map.of(), args.toArray(String[]::new));
    }

    /** The ids of a CSV export's records (the header skipped), or of a JSON Lines export's objects. */
    private static List<Long> ids(Path out) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (out.getFileName().toString().contains("jsonl")) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : Files.readAllLines(out)) {
                ids.add(json.readTree(line).get("id").asLong());
            }
            return ids;
        }
        try (org.apache.commons.csv.CSVParser records = org.apache.commons.csv.CSVParser.parse(
                out, java.nio.charset.StandardCharsets.UTF_8, org.apache.commons.csv.CSVFormat.DEFAULT)) {
            for (org.apache.commons.csv.CSVRecord record : records) {
                if (record.getRecordNumber() > 1) {
                    ids.add(Long.parseLong(record.get(0)));
                }
            }
        }
        return ids;
    }

    private static List<Long> oneToRows(int rows) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= rows; id++) {
            ids.add(id);
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void everyRowOnceInOrderWithTheLibrarysChunksAndWithSmallOnesByteForByteAlike(Driver driver) throws IOException {
        Fixtures.createExportTable(TestDatabase.MARIADB, TABLE, ROWS);
        for (String format : new String[] {"csv", "jsonl"}) {
            Path byDefault = directory.resolve("default." + format);
            Path small = directory.resolve("small." + format);
            Cli.Run run = export(driver, Interruption.NEVER, format, byDefault, "--stats");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("2,500 rows exported");
            Cli.Run smallRun = export(driver, Interruption.NEVER, format, small, "--chunk-size", "7");
            assertThat(smallRun.exitCode()).as(smallRun.err()).isZero();

            assertThat(ids(byDefault)).isEqualTo(oneToRows(ROWS));
            assertThat(Files.readString(small)).isEqualTo(Files.readString(byDefault));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aLimitInsideAChunkWritesExactlyThatManyRows(Driver driver) throws IOException {
        Fixtures.createExportTable(TestDatabase.MARIADB, TABLE, ROWS);
        Path whole = directory.resolve("whole.csv");
        Path limited = directory.resolve("limited.csv");
        assertThat(export(driver, Interruption.NEVER, "csv", whole).exitCode()).isZero();
        Cli.Run run = export(driver, Interruption.NEVER, "csv", limited, "--chunk-size", "100", "--limit", "250");
        assertThat(run.exitCode()).as(run.err()).isZero();

        assertThat(ids(limited)).isEqualTo(oneToRows(250));
        String wholeText = Files.readString(whole);
        assertThat(wholeText).startsWith(Files.readString(limited));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anExportInterruptedAfterAChunkResumesThereAndGivesTheWholeOutput(Driver driver) throws IOException {
        Fixtures.createExportTable(TestDatabase.MARIADB, TABLE, ROWS);
        for (String format : new String[] {"csv", "jsonl"}) {
            Path whole = directory.resolve("whole-" + format);
            Path resumed = directory.resolve("resumed-" + format);
            Path resume = directory.resolve("resume-" + format);
            assertThat(export(driver, Interruption.NEVER, format, whole).exitCode())
                    .isZero();

            Cli.Run interrupted = export(
                    driver,
                    Cli.afterChunks(3),
                    format,
                    resumed,
                    "--chunk-size",
                    "400",
                    "--resume-file",
                    resume.toString());
            assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(130);
            assertThat(interrupted.err()).contains("interrupted after 1,200 rows");
            assertThat(Files.readString(resume)).contains("rows=1200");
            assertThat(ids(resumed)).isEqualTo(oneToRows(1_200));

            Cli.Run rest = export(
                    driver,
                    Interruption.NEVER,
                    format,
                    resumed,
                    "--chunk-size",
                    "400",
                    "--resume-file",
                    resume.toString());
            assertThat(rest.exitCode()).as(rest.err()).isZero();
            assertThat(resume).doesNotExist();
            assertThat(Files.readString(resumed)).isEqualTo(Files.readString(whole));
        }
    }
}
