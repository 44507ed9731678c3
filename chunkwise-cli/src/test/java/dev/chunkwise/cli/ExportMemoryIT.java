package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G4 for the export's formats, against the real jar in a 24 MB heap: 2,000,000 rows of a few typed
 * columns to Parquet (read back by DuckDB) and to gzip-compressed CSV (gunzipped and counted), on
 * PostgreSQL and MariaDB. The rows are made by the server ({@code generate_series}, MariaDB's
 * sequence engine).
 */
class ExportMemoryIT {

    private static final String TABLE = "cli_memory";
    private static final long ROWS = 2_000_000;

    @TempDir
    Path directory;

    /** The two formats whose writers buffer the most: Parquet's row groups, gzip's deflater. */
    enum Written {
        PARQUET("parquet", "x.parquet"),
        GZIP_CSV("csv", "x.csv.gz");

        final String format;
        final String file;

        Written(String format, String file) {
            this.format = format;
            this.file = file;
        }
    }

    @BeforeAll
    static void createTheTables() {
        TestDatabase.POSTGRESQL.drop(TABLE);
        TestDatabase.POSTGRESQL.execute(
                "CREATE TABLE " + TABLE + " AS SELECT g::bigint AS id, 'row ' || g AS name,"
                        + " (g % 100000) / 100.0 AS amount, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1"
                        + " second' AS created, g % 3 = 0 AS flag FROM generate_series(1, " + ROWS + ") AS g",
                "ALTER TABLE " + TABLE + " ALTER COLUMN amount TYPE numeric(10,2)",
                "ALTER TABLE " + TABLE + " ADD PRIMARY KEY (id)",
                "ANALYZE " + TABLE);
        TestDatabase.MARIADB.drop(TABLE);
        TestDatabase.MARIADB.execute(
                "CREATE TABLE " + TABLE + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                        + " amount DECIMAL(10,2) NOT NULL, created DATETIME(6) NOT NULL, flag BOOLEAN NOT NULL)"
                        + " ENGINE=InnoDB",
                "INSERT INTO " + TABLE + " SELECT seq, CONCAT('row ', seq), (seq % 100000) / 100.0,"
                        + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, seq % 3 = 0 FROM seq_1_to_"
                        + ROWS);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void twoMillionRowsToParquetAndToGzipCsvInATwentyFourMegabyteHeap(TestDatabase database) throws Exception {
        for (Written output : Written.values()) {
            Path out = directory.resolve(output.file);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx24m",
                    "-jar",
                    Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"))
                            .toAbsolutePath()
                            .toString(),
                    "export",
                    "--url",
                    database.url(),
                    "--table",
                    TABLE,
                    "--format",
                    output.format,
                    "--out",
                    out.toString()));
            Path err = directory.resolve("stderr.txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(directory.resolve("stdout.txt").toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES))
                    .as("the export finished in time")
                    .isTrue();
            assertThat(process.exitValue())
                    .as(database + " " + output + ": " + Files.readString(err))
                    .isZero();
            assertThat(Files.readString(err)).as("nothing on standard error").isEmpty();
            assertThat(output == Written.PARQUET ? parquetRows(out) : gzipCsvRows(out))
                    .as(database + " " + output)
                    .isEqualTo(ROWS);
        }
    }

    @org.junit.jupiter.api.Test
    void aResumableParquetExportKilledAfterItsFirstPartAndRunAgainHoldsEveryRowOnce() throws Exception {
        Path parts = directory.resolve("parts");
        Path resume = directory.resolve("resume");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-jar",
                Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"))
                        .toAbsolutePath()
                        .toString(),
                "export",
                "--url",
                TestDatabase.POSTGRESQL.url(),
                "--table",
                TABLE,
                "--format",
                "parquet",
                "--out",
                parts.toString(),
                "--resume-file",
                resume.toString());
        Path err = directory.resolve("stderr.txt");
        Process first = new ProcessBuilder(command)
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(err.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(resume) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.isAlive())
                .as("still exporting after its first part: " + Files.readString(err))
                .isTrue();
        first.destroyForcibly(); // SIGKILL: no footer, no commit of the part being written
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(parts.resolve("part-00000.parquet")).exists();

        Process rest = new ProcessBuilder(command)
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(rest.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(rest.exitValue()).as(Files.readString(err)).isZero();
        assertThat(resume).doesNotExist();
        assertThat(parquetRows(parts.resolve("*.parquet"))).isEqualTo(ROWS);
    }

    /** The rows DuckDB reads, once each: as many distinct keys as rows. */
    private static long parquetRows(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM read_parquet('" + file + "')")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(2)).as("distinct keys").isEqualTo(result.getLong(1));
            assertThat(result.getLong(3)).isEqualTo(1);
            assertThat(result.getLong(4)).isEqualTo(ROWS);
            return result.getLong(1);
        }
    }

    /** The data lines of the gzip stream: every line but the header (no value holds a line break). */
    private static long gzipCsvRows(Path file) throws Exception {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 64 * 1024), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("id,name,amount,created,flag");
            return lines.lines().count();
        }
    }
}
