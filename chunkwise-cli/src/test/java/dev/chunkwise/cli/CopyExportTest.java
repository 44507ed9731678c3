package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * {@code export --format csv} from PostgreSQL is written by the server, a {@code COPY} per chunk:
 * the output is, byte for byte, what one {@code COPY (SELECT * FROM t ORDER BY <the total order>)
 * TO STDOUT} writes, for every chunk size, with NULL segments of the order's columns, composite
 * keys of mixed directions, a filter holding a {@code ?} in a literal and the jsonb {@code ?}
 * operator, keys of timestamps, uuids, decimals and bytes, and the CSV options mapped to COPY's.
 */
class CopyExportTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final String TABLE = "cli_copy";

    @TempDir
    Path directory;

    @BeforeEach
    void createTable() {
        DATABASE.drop(TABLE);
        DATABASE.execute(
                "CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, g INT, h TEXT, flag BOOLEAN, at TIMESTAMPTZ,"
                        + " data BYTEA, score FLOAT8, doc JSONB)",
                "INSERT INTO " + TABLE + " SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE i % 4 END,"
                        + " CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN '' ELSE 'r,\"' || (i % 6) || E'\\n?' END,"
                        + " i % 2 = 0, TIMESTAMPTZ '2024-01-01 00:00:00.000001+02' + i * INTERVAL '1 hour 1.5 second',"
                        + " CASE WHEN i % 4 = 0 THEN NULL ELSE decode(lpad(to_hex(i), 4, '0'), 'hex') END,"
                        + " i / 3.0, CASE WHEN i % 2 = 0 THEN '{\"k\": 1}' ELSE '{\"j\": 2}' END::jsonb"
                        + " FROM generate_series(1, 40) i");
    }

    /** What the server writes for these rows in one COPY. */
    private static String copy(String select, String options) throws SQLException {
        try (Connection connection = DATABASE.open()) {
            connection.createStatement().execute("SET TimeZone = 'UTC'");
            StringWriter text = new StringWriter();
            connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (" + select + ") TO STDOUT WITH (FORMAT csv" + options + ")", text);
            return text.toString();
        } catch (java.io.IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static String export(String... options) {
        String[] base = {"export", "--url", DATABASE.url(), "--table", TABLE, "--no-progress"};
        String[] args = java.util.Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        Cli.Run run = Cli.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void everyRowOnceInTheOrderWithNullSegmentsAndMixedDirectionsForEveryChunkSize() throws SQLException {
        for (String order : List.of(
                "g nulls first, id",
                "g desc nulls first, h, id desc",
                "g desc nulls last, h desc nulls first, id",
                "h nulls last, id desc")) {
            String expected = copy("SELECT * FROM " + TABLE + " ORDER BY " + order, ", HEADER true");
            for (String chunkSize : List.of("1", "2", "3", "1000")) {
                assertThat(export("--order-by", order, "--chunk-size", chunkSize))
                        .as("order by %s, chunks of %s", order, chunkSize)
                        .isEqualTo(expected);
                assertThat(export("--order-by", order, "--chunk-size", chunkSize, "--reverse"))
                        .as("reverse of %s, chunks of %s", order, chunkSize)
                        .isEqualTo(copy("SELECT * FROM " + TABLE + " ORDER BY " + reversed(order), ", HEADER true"));
            }
        }
    }

    /** The order walked backwards: every direction and NULLs placement flipped (PostgreSQL's defaults spelled out). */
    private static String reversed(String order) {
        StringBuilder flipped = new StringBuilder();
        for (String term : order.split(",\\s*")) {
            String flip = term.contains(" desc") ? term.replace(" desc", "") : term.replaceFirst("^(\\w+)", "$1 desc");
            flip = flip.contains("nulls first")
                    ? flip.replace("nulls first", "nulls last")
                    : flip.contains("nulls last")
                            ? flip.replace("nulls last", "nulls first")
                            : flip + (term.contains(" desc") ? " nulls last" : " nulls first");
            flipped.append(flipped.length() == 0 ? "" : ", ").append(flip);
        }
        return flipped.toString();
    }

    @Test
    void keysWhoseTextComesFromTheServerBoundTheChunksExactly() throws SQLException {
        DATABASE.drop("cli_copy_keys");
        DATABASE.execute(
                "CREATE TABLE cli_copy_keys (t TIMESTAMPTZ, u UUID, n NUMERIC, b BYTEA, v TEXT,"
                        + " PRIMARY KEY (t, u, n, b))",
                "INSERT INTO cli_copy_keys SELECT TIMESTAMPTZ '2020-01-01 00:00:00.5+05' + (i % 3) * INTERVAL '1 day',"
                        + " md5((i % 2)::text)::uuid, i / 7.0, decode(lpad(to_hex(i * 37), 6, '0'), 'hex'), 'v' || i"
                        + " FROM generate_series(1, 30) i");
        String order = "t desc, u, n desc, b";
        String expected = copy("SELECT v, n FROM cli_copy_keys ORDER BY " + order, ", HEADER true");
        for (String chunkSize : List.of("1", "4")) {
            Cli.Run run = Cli.run(
                    "export",
                    "--url",
                    DATABASE.url(),
                    "--table",
                    "cli_copy_keys",
                    "--order-by",
                    order,
                    "--columns",
                    "v,n",
                    "--chunk-size",
                    chunkSize);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).as("chunks of %s", chunkSize).isEqualTo(expected);
        }
    }

    @Test
    void aFilterWithAQuestionMarkInALiteralAndTheJsonbOperatorIsAppliedAsWritten() throws SQLException {
        String filter = "(h IS NULL OR h <> 'r,\"1\n?') AND doc ? 'k'";
        assertThat(export("--where", filter, "--chunk-size", "2"))
                .isEqualTo(copy("SELECT * FROM " + TABLE + " WHERE " + filter + " ORDER BY id", ", HEADER true"));
    }

    @Test
    void theCsvOptionsAreCopysOptions() throws SQLException {
        assertThat(export(
                        "--columns",
                        "h,id,flag",
                        "--null",
                        "NULL",
                        "--delimiter",
                        ";",
                        "--quote-all",
                        "--no-header",
                        "--chunk-size",
                        "7"))
                .isEqualTo(copy(
                        "SELECT h, id, flag FROM " + TABLE + " ORDER BY id",
                        ", NULL 'NULL', DELIMITER ';', FORCE_QUOTE *"));
    }

    @Test
    void theLimitStopsInsideAChunkAndAResumedExportContinuesAfterTheLastSavedChunk() throws Exception {
        assertThat(export("--limit", "5", "--chunk-size", "3"))
                .isEqualTo(copy("SELECT * FROM " + TABLE + " ORDER BY id LIMIT 5", ", HEADER true"));
        Path out = directory.resolve("rows.csv");
        Path resume = directory.resolve("rows.resume");
        String[] args = {
            "export",
            "--url",
            DATABASE.url(),
            "--table",
            TABLE,
            "--chunk-size",
            "6",
            "--out",
            out.toString(),
            "--resume-file",
            resume.toString(),
            "--compress",
            "gzip"
        };
        assertThat(Cli.run(Cli.afterChunks(3), Map.of(), args).exitCode()).isEqualTo(130);
        assertThat(resume).exists();
        assertThat(Cli.run(args).exitCode()).isZero();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(out))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(copy("SELECT * FROM " + TABLE + " ORDER BY id", ", HEADER true"));
        }
    }
}
