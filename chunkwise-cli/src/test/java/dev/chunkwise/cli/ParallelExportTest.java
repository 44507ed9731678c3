package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code export --parallel N --out DIR}: one file per partition, whose rows read in name order are
 * the single export's; a manifest; resumable per partition; refusals that create nothing.
 */
class ParallelExportTest {

    private static final String TABLE = "cli_parallel";
    private static final int ROWS = 500;

    @TempDir
    Path directory;

    private static Cli.Run export(TestDatabase database, Interruption interruption, String... more) {
        return export(database.url(), interruption, more);
    }

    private static Cli.Run export(String url, Interruption interruption, String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--url", url, "--table", TABLE, "--chunk-size", "17"));
        args.addAll(List.of(more));
        return Cli.run(interruption, Map.of(), args.toArray(String[]::new));
    }

    private static Cli.Run export(TestDatabase database, String... more) {
        return export(database, Interruption.NEVER, more);
    }

    /** The part files in name order. */
    private static List<Path> parts(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(file -> file.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The files' lines concatenated in name order, each file's first line (its header) left out. */
    private static String rowsWithoutHeaders(List<Path> files) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            rows.append(text.substring(text.indexOf('\n') + 1)); // the header's line end: CRLF, or COPY's LF
        }
        return rows.toString();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theFilesInNameOrderHoldTheSingleExportsRowsInOrder(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        assertFilesInNameOrderHoldTheSingleExport(database.url());
    }

    @org.junit.jupiter.api.Test
    void throughTheMySqlDriverTheFilesInNameOrderHoldTheSingleExportsRowsInOrder() throws IOException {
        Fixtures.createExportTable(TestDatabase.MARIADB, TABLE, ROWS);
        assertFilesInNameOrderHoldTheSingleExport(TestDatabase.mysqlDriverUrl());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statsReportEachPartitionsRowsChunksAndRetriesAndTheirSums(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path out = directory.resolve("stats");
        Cli.Run run = export(database, "--parallel", "3", "--out", out.toString(), "--stats");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long rows = 0;
        long chunks = 0;
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "chunkwise: partition (\\d) of 3 \\(part-0000\\d\\.csv\\): ([\\d,]+) rows? exported in ([\\d,]+) chunks?,"
                        + " 0 retries");
        int partitions = 0;
        for (String each : run.err().lines().toList()) {
            java.util.regex.Matcher partition = line.matcher(each);
            if (partition.matches()) {
                partitions++;
                rows += Long.parseLong(partition.group(2).replace(",", ""));
                chunks += Long.parseLong(partition.group(3).replace(",", ""));
            }
        }
        assertThat(partitions).as(run.err()).isEqualTo(3);
        assertThat(rows).isEqualTo(ROWS);
        assertThat(run.err())
                .contains("chunkwise: all partitions: " + String.format(java.util.Locale.ROOT, "%,d", ROWS)
                        + " rows exported in " + chunks + " chunks, 0 retries, ")
                .contains("chunkwise: query log: ");
    }

    private void assertFilesInNameOrderHoldTheSingleExport(String url) throws IOException {
        Path single = directory.resolve("single.csv");
        Path singleJson = directory.resolve("single.jsonl");
        assertThat(export(url, Interruption.NEVER, "--out", single.toString()).exitCode())
                .isZero();
        assertThat(export(url, Interruption.NEVER, "--out", singleJson.toString(), "--format", "jsonl")
                        .exitCode())
                .isZero();
        String header =
                Files.readString(single).substring(0, Files.readString(single).indexOf('\n') + 1);
        for (int n : new int[] {1, 2, 4}) {
            Path out = directory.resolve("csv-" + n);
            Cli.Run run = export(url, Interruption.NEVER, "--parallel", String.valueOf(n), "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<Path> files = parts(out);
            assertThat(files).hasSize(n);
            assertThat(files.get(0).getFileName()).hasToString("part-00000.csv");
            for (Path file : files) {
                assertThat(Files.readString(file)).as("a header in each file").startsWith(header);
            }
            assertThat(header + rowsWithoutHeaders(files)).isEqualTo(Files.readString(single));

            Path json = directory.resolve("jsonl-" + n);
            assertThat(export(
                                    url,
                                    Interruption.NEVER,
                                    "--parallel",
                                    String.valueOf(n),
                                    "--format",
                                    "jsonl",
                                    "--out",
                                    json.toString())
                            .exitCode())
                    .isZero();
            StringBuilder lines = new StringBuilder();
            for (Path file : parts(json)) {
                lines.append(Files.readString(file));
            }
            assertThat(lines.toString()).isEqualTo(Files.readString(singleJson));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void theManifestListsTheFilesInOrderWithTheirRows(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path out = directory.resolve("out");
        Cli.Run run = export(
                database,
                "--parallel",
                "3",
                "--partition-strategy",
                "index-walk",
                "--out",
                out.toString(),
                "--compress",
                "gzip");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.get("table").asText()).contains(TABLE);
        assertThat(manifest.get("format").asText()).isEqualTo("csv");
        assertThat(manifest.get("compression").asText()).isEqualTo("gzip");
        assertThat(manifest.get("header").asBoolean()).isTrue();
        assertThat(manifest.get("partitionStrategy").asText()).isEqualTo("index-walk");
        assertThat(manifest.get("rows").asLong()).isEqualTo(ROWS);
        assertThat(manifest.get("order").get(0).asText()).startsWithIgnoringCase("id ASC");
        JsonNode files = manifest.get("files");
        assertThat(files).hasSize(3);
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode file = files.get(i);
            assertThat(file.get("file").asText()).isEqualTo("part-0000" + i + ".csv.gz");
            assertThat(out.resolve(file.get("file").asText())).exists();
            sum += file.get("rows").asLong();
            assertThat(file.get("rows").asLong()).isBetween(166L, 167L);
        }
        assertThat(sum).isEqualTo(ROWS);
        assertThat(files.get(0).get("start").isNull()).isTrue();
        assertThat(files.get(2).get("stopBefore").isNull()).isTrue();
        assertThat(files.get(1).get("start").get(0).asLong())
                .isEqualTo(files.get(0).get("stopBefore").get(0).asLong())
                .isEqualTo(files.get(0).get("rows").asLong() + 1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anInterruptedParallelExportResumesEachPartitionWhereItStopped(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path single = directory.resolve("single.csv");
        assertThat(export(database, "--out", single.toString()).exitCode()).isZero();
        Path out = directory.resolve("out");
        Path resume = directory.resolve("resume");

        Cli.Run interrupted = export(
                database,
                Cli.afterChunks(7),
                "--parallel",
                "4",
                "--out",
                out.toString(),
                "--resume-file",
                resume.toString());
        assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(130);
        assertThat(interrupted.err())
                .startsWith("chunkwise: interrupted after ")
                .contains("in 4 partitions")
                .doesNotContain("after 0 rows")
                .contains(resume.toString());
        assertThat(out.resolve("manifest.json"))
                .as("no manifest: the export is not complete")
                .doesNotExist();
        String saved = Files.readString(resume);
        assertThat(saved).contains("parallel=4").contains("partition.3.token=");
        long savedRows = java.util.regex.Pattern.compile("(?m)^partition\\.\\d+\\.rows=(\\d+)$")
                .matcher(saved)
                .results()
                .mapToLong(match -> Long.parseLong(match.group(1)))
                .sum();
        assertThat(interrupted.err()).contains("interrupted after " + savedRows + " rows in 4 partitions");
        // a run killed in the middle of a chunk leaves bytes the resume file does not cover
        Files.writeString(out.resolve("part-00000.csv"), "half a row", java.nio.file.StandardOpenOption.APPEND);

        Cli.Run otherN =
                export(database, "--parallel", "2", "--out", out.toString(), "--resume-file", resume.toString());
        assertThat(otherN.exitCode()).isEqualTo(2);
        assertThat(otherN.err()).contains("belongs to an export with --parallel 4, not 2");
        Cli.Run single1 =
                export(database, "--out", directory.resolve("x.csv").toString(), "--resume-file", resume.toString());
        assertThat(single1.exitCode()).isEqualTo(2);
        assertThat(single1.err()).contains("belongs to a parallel export");
        assertThat(directory.resolve("x.csv")).doesNotExist();
        assertThat(Files.readString(resume)).isEqualTo(saved);

        Cli.Run rest = export(database, "--parallel", "4", "--out", out.toString(), "--resume-file", resume.toString());
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(resume).doesNotExist();
        String header =
                Files.readString(single).substring(0, Files.readString(single).indexOf('\n') + 1);
        assertThat(header + rowsWithoutHeaders(parts(out))).isEqualTo(Files.readString(single));
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.get("rows").asLong()).isEqualTo(ROWS);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void refusesWhatItCannotDoAndCreatesNothing(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, 50);
        Path out = directory.resolve("new");
        Map<String, String[]> refused = Map.of(
                "--parallel writes one file per partition into a directory", new String[] {"--parallel", "2"},
                "--limit does not apply to --parallel",
                        new String[] {"--parallel", "2", "--limit", "5", "--out", out.toString()},
                "--parallel must be at least 1", new String[] {"--parallel", "0", "--out", out.toString()},
                "--partition-strategy applies to --parallel",
                        new String[] {"--partition-strategy", "sample", "--out", out.toString()},
                "--format parquet is not compressed as a stream",
                        new String[] {
                            "--parallel",
                            "2",
                            "--format",
                            "parquet",
                            "--compress",
                            "gzip",
                            "--out",
                            out.toString(),
                            "--resume-file",
                            directory.resolve("r").toString()
                        });
        for (Map.Entry<String, String[]> each : refused.entrySet()) {
            Cli.Run run = export(database, each.getValue());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("chunkwise: ").contains(each.getKey());
            assertThat(run.err().lines().count()).isEqualTo(1);
            assertThat(out).doesNotExist();
            assertThat(directory.resolve("r")).doesNotExist();
        }
        Path file = Files.writeString(directory.resolve("a-file"), "x");
        Cli.Run onFile = export(database, "--parallel", "2", "--out", file.toString());
        assertThat(onFile.exitCode()).isEqualTo(2);
        assertThat(onFile.err()).contains("is a file");

        Path full = Files.createDirectory(directory.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        Cli.Run notEmpty = export(database, "--parallel", "2", "--out", full.toString());
        assertThat(notEmpty.exitCode()).isEqualTo(2);
        assertThat(notEmpty.err()).contains("exists and is not empty; give --force");
        Cli.Run forced = export(database, "--parallel", "2", "--out", full.toString(), "--force");
        assertThat(forced.exitCode()).isEqualTo(2);
        assertThat(forced.err()).contains("also holds notes.txt");
        assertThat(parts(full)).isEmpty();

        assertThat(export(database, "--parallel", "2", "--out", out.toString()).exitCode())
                .isZero();
        assertThat(export(database, "--parallel", "3", "--out", out.toString()).exitCode())
                .isEqualTo(2);
        Cli.Run replaced = export(database, "--parallel", "3", "--out", out.toString(), "--force");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(parts(out)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void parquetWritesOneFilePerPartition(TestDatabase database) throws Exception {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path out = directory.resolve("parquet");
        Cli.Run run = export(database, "--parallel", "3", "--format", "parquet", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Path> files = parts(out);
        assertThat(files).hasSize(3);
        assertThat(files.get(2).getFileName()).hasToString("part-00002.parquet");
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement statement = duck.createStatement();
                java.sql.ResultSet ids = statement.executeQuery("SELECT id FROM read_parquet('" + out
                        + "/part-*.parquet', filename = true) ORDER BY filename," + " file_row_number")) {
            long expected = 1;
            while (ids.next()) {
                assertThat(ids.getLong(1)).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(ROWS);
        }
    }

    @org.junit.jupiter.api.Test
    void aFailingPartitionIsNamedAndTheOthersStopAfterTheirCurrentChunk() throws IOException {
        TestDatabase database = TestDatabase.SQLITE;
        String table = TABLE + "_typed";
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY, n INTEGER)");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            // SQLite keeps a text that is no number as text, even in an INTEGER column: Parquet's INT64 refuses it
            rows.add(new Object[] {id, id == 450 ? (Object) "not a number" : (Object) id});
        }
        database.insert(table, "id, n", rows);
        Path out = directory.resolve("out");
        Cli.Run failed = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--chunk-size",
                "5",
                "--parallel",
                "4",
                "--partition-strategy",
                "index-walk",
                "--format",
                "parquet",
                "--out",
                out.toString());
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertThat(failed.err())
                .startsWith("chunkwise: partition 4 of 4 (part-00003.parquet) failed: ")
                .contains("not a number")
                .endsWith("; the other partitions stopped after their current chunk.\n");
        assertThat(failed.err().lines().count()).isEqualTo(1);
        assertThat(out.resolve("manifest.json")).doesNotExist();
        assertThat(out.resolve("part-00003.parquet"))
                .as("a Parquet file without its footer is removed")
                .doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void resumableParquetWritesADirectoryOfPartsPerPartitionAndResumesIt(TestDatabase database) throws Exception {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Path out = directory.resolve("parquet");
        Path resume = directory.resolve("resume");
        String[] options = {
            "--parallel", "3", "--format", "parquet", "--out", out.toString(), "--resume-file", resume.toString()
        };
        Cli.Run interrupted = export(database, Cli.afterChunks(5), options);
        assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(130);
        assertThat(out.resolve("part-00000").resolve("part-00000.parquet"))
                .as("an interrupted partition commits its part")
                .exists();
        Cli.Run rest = export(database, options);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(resume).doesNotExist();
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        JsonNode first = manifest.get("files").get(0);
        assertThat(first.get("file").asText()).isEqualTo("part-00000");
        assertThat(first.get("parts").size()).isGreaterThanOrEqualTo(2);
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement statement = duck.createStatement();
                java.sql.ResultSet ids = statement.executeQuery("SELECT id FROM read_parquet('" + out
                        + "/*/*.parquet', filename = true) ORDER BY filename, file_row_number")) {
            long expected = 1;
            while (ids.next()) {
                assertThat(ids.getLong(1)).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(ROWS);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "SQLITE"})
    void oneProgressBarCountsTheRowsOfAllPartitions(TestDatabase database) throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        Cli.Run run = export(
                database,
                "--parallel",
                "4",
                "--partition-strategy",
                "index-walk",
                "--progress",
                "--out",
                directory.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        java.util.regex.Matcher bar = java.util.regex.Pattern.compile(
                        "(?m)^export +(\\d+)% .* ([0-9,]+)/([0-9,]+) rows")
                .matcher(run.err());
        List<String> lines = new ArrayList<>();
        while (bar.find()) {
            lines.add(bar.group(1) + " " + bar.group(2) + "/" + bar.group(3));
            assertThat(bar.group(3))
                    .as("the sum of the partitions' exact estimates")
                    .isEqualTo("500");
        }
        assertThat(lines).as(run.err()).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("100 500/500");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFilteredExportOrderedByANullableColumnDescendingSplitsWithoutLosingOrRepeatingARow(TestDatabase database)
            throws IOException {
        Fixtures.createExportTable(database, TABLE, ROWS);
        String[] scan = {"--where", "id % 3 <> 0", "--order-by", "name desc nulls first", "--reverse"};
        Path single = directory.resolve("single.csv");
        List<String> singleArgs = new ArrayList<>(List.of(scan));
        singleArgs.addAll(List.of("--out", single.toString()));
        Cli.Run whole = export(database, singleArgs.toArray(String[]::new));
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        String header =
                Files.readString(single).substring(0, Files.readString(single).indexOf('\n') + 1);
        for (String strategy : new String[] {"auto", "index-walk", "sample"}) {
            Path out = directory.resolve("out-" + strategy);
            List<String> args = new ArrayList<>(List.of(scan));
            args.addAll(List.of("--parallel", "3", "--partition-strategy", strategy, "--out", out.toString()));
            Cli.Run run = export(database, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(parts(out)).as(strategy).hasSize(3);
            assertThat(header + rowsWithoutHeaders(parts(out))).as(strategy).isEqualTo(Files.readString(single));
        }
    }
}
