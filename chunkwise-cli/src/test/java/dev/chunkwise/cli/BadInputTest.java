package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input exits with 2, says so in one or two plain sentences on standard error (no stack
 * trace), and leaves every table and file as it was.
 */
class BadInputTest {

    private static final String TABLE = "cli_bad";

    @TempDir
    static Path directory;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String missingDirectory = "/nonexistent-chunkwise-dir/out.csv";
        for (TestDatabase database : TestDatabase.values()) {
            String url = database.url();
            cases.add(Arguments.of(database, "unknown table", List.of("export", "--url", url, "--table", "cli_nope")));
            cases.add(Arguments.of(
                    database,
                    "unknown order column",
                    List.of("export", "--url", url, "--table", TABLE, "--order-by", "nope desc")));
            cases.add(Arguments.of(
                    database,
                    "bad order spec",
                    List.of("export", "--url", url, "--table", TABLE, "--order-by", "name sideways")));
            cases.add(Arguments.of(
                    database,
                    "unknown key column",
                    List.of("export", "--url", url, "--table", TABLE, "--key", "nope")));
            cases.add(Arguments.of(
                    database,
                    "filter the database rejects",
                    List.of("export", "--url", url, "--table", TABLE, "--where", "nope > 1")));
            cases.add(Arguments.of(
                    database,
                    "out path that cannot be written",
                    List.of("export", "--url", url, "--table", TABLE, "--out", missingDirectory)));
            cases.add(Arguments.of(
                    database,
                    "out path that is a directory",
                    List.of("export", "--url", url, "--table", TABLE, "--out", directory.toString())));
            cases.add(Arguments.of(
                    database,
                    "resume file that cannot be written",
                    List.of("export", "--url", url, "--table", TABLE, "--resume-file", missingDirectory)));
            cases.add(Arguments.of(
                    database,
                    "update of an unknown column",
                    List.of("update", "--url", url, "--table", TABLE, "--set", "nope = 1")));
            cases.add(Arguments.of(
                    database,
                    "update that assigns the key",
                    List.of("update", "--url", url, "--table", TABLE, "--set", "id = id + 1")));
            cases.add(Arguments.of(
                    database,
                    "delete with a filter the database rejects",
                    List.of("delete", "--url", url, "--table", TABLE, "--where", "nope = 1")));
            cases.add(Arguments.of(
                    database, "delete of an unknown table", List.of("delete", "--url", url, "--table", "cli_nope")));
        }
        String url = TestDatabase.H2.url();
        cases.add(Arguments.of(
                TestDatabase.H2, "unknown option", List.of("export", "--url", url, "--table", TABLE, "--frobnicate")));
        cases.add(Arguments.of(TestDatabase.H2, "missing table option", List.of("export", "--url", url)));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "unknown format",
                List.of("export", "--url", url, "--table", TABLE, "--format", "xml")));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "chunk size zero",
                List.of("export", "--url", url, "--table", TABLE, "--chunk-size", "0")));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "chunk time that is not a duration",
                List.of("export", "--url", url, "--table", TABLE, "--chunk-time", "soon")));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "chunk time that is not positive",
                List.of("export", "--url", url, "--table", TABLE, "--chunk-time", "0ms")));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "negative retries",
                List.of("export", "--url", url, "--table", TABLE, "--retries", "-1")));
        cases.add(Arguments.of(TestDatabase.H2, "no command", List.of()));
        cases.add(Arguments.of(TestDatabase.H2, "unknown command", List.of("frobnicate")));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "URL no driver accepts",
                List.of("export", "--url", "jdbc:nosuch://host/db?password=hunter22", "--table", TABLE)));
        cases.add(Arguments.of(
                TestDatabase.H2,
                "password variable not set",
                List.of("export", "--url", url, "--table", TABLE, "--password-env", "CHUNKWISE_TEST_UNSET")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void exitsWithTwoAndChangesNothing(TestDatabase database, String what, List<String> args) {
        Fixtures.createExportTable(database, TABLE, 30);
        List<List<Object>> before = database.query("SELECT * FROM " + TABLE + " ORDER BY id");

        Cli.Run run = Cli.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("chunkwise: ")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("hunter22");
        assertThat(database.query("SELECT * FROM " + TABLE + " ORDER BY id")).isEqualTo(before);
        assertThat(Path.of("/nonexistent-chunkwise-dir")).doesNotExist();
    }

    @Test
    void neverPrintsThePasswordOfAFailedConnection() {
        Map<String, String> environment = Map.of("MY_DB_PASSWORD", "s3cr3t-pw");
        Cli.Run inUrl = Cli.run(
                Interruption.NEVER,
                environment,
                "export",
                "--url",
                "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter22&connectTimeout=2",
                "--table",
                TABLE,
                "--verbose");
        Cli.Run fromEnvironment = Cli.run(
                Interruption.NEVER,
                environment,
                "export",
                "--url",
                "jdbc:mariadb://root:s3cr3t-pw@127.0.0.1:1/test?connectTimeout=2000",
                "--table",
                TABLE,
                "--password-env",
                "MY_DB_PASSWORD",
                "--verbose");
        assertThat(inUrl.exitCode()).isEqualTo(1);
        assertThat(fromEnvironment.exitCode()).isEqualTo(1);
        assertThat(inUrl.err()).startsWith("chunkwise: ").doesNotContain("hunter22");
        assertThat(fromEnvironment.err()).startsWith("chunkwise: ").doesNotContain("s3cr3t-pw");
    }

    @Test
    void aFailureIsOneOrTwoSentencesWithoutAStackTrace() {
        Cli.Run run =
                Cli.run("export", "--url", "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2", "--table", TABLE);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ");
    }
}
