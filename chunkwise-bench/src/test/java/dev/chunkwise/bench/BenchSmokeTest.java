package dev.chunkwise.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CI's smoke test of the benchmark: the runner, from the shaded jar, on a 20k-row table on
 * PostgreSQL with the baseline and chunkwise, each in forked JVMs under -Xmx32m. It checks that
 * both read every row and that results were printed and written; it asserts no timing.
 *
 * <p>Runs in the integration-test phase, after the jar is packaged. Without a PostgreSQL server
 * it is skipped, except in CI ({@code CI} set), where that fails.
 */
class BenchSmokeTest {

    private static final String URL =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-bench";

    @Test
    void runsTheBaselineAndChunkwiseInForkedJvmsAndReportsBoth(@TempDir Path results) throws Exception {
        assumeTrue(System.getenv("CI") != null || postgresAnswers(), "no PostgreSQL server at " + URL);
        Path jar = Path.of("target", "chunkwise-bench.jar");
        assertThat(jar).exists();
        // directories the runner has to make itself, before it measures
        Path csv = results.resolve("csv").resolve("results.csv");
        Path reports = results.resolve("report");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exitCode = new CommandLine(new BenchRunner(new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .execute(
                        "--db",
                        "postgresql",
                        "--rows",
                        "20000",
                        "--strategies",
                        "cursor,chunkwise",
                        "--heap",
                        "32m",
                        "--repeats",
                        "1",
                        "--warmup",
                        "0",
                        "--timeout",
                        "300",
                        "--class-path",
                        jar.toString(),
                        "--work-dir",
                        "target/smoke/work",
                        "--out",
                        csv.toString(),
                        "--report-dir",
                        reports.toString());

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(output).isZero();
        assertThat(output)
                .containsPattern("(?m)^cursor +32m +20,000 .* ok *$")
                .containsPattern("(?m)^chunkwise +32m +20,000 .* ok *$")
                .contains("Goals (postgresql");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("postgresql,20000,\"cursor\"").endsWith("\"ok\"");
        assertThat(lines.get(2)).startsWith("postgresql,20000,\"chunkwise\"").endsWith("\"ok\"");
        assertThat(reports.resolve("results-postgresql-20000.md")).content().contains("| chunkwise | 32m | 20,000 |");
        assertThat(reports.resolve("throughput-postgresql-20000.png")).isNotEmptyFile();
    }

    private static boolean postgresAnswers() {
        try (Connection ignored = DriverManager.getConnection(URL)) {
            return true;
        } catch (SQLException unreachable) {
            return false;
        }
    }
}
