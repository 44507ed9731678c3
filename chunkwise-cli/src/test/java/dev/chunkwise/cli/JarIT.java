package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code chunkwise.jar}, run with {@code java -jar} after {@code package}: the drivers
 * it ships, constant memory in a 24 MB heap, Ctrl-C, the demo in its default database, and no
 * progress bar on a standard error that is not a terminal.
 */
class JarIT {

    private static final String BIG = "cli_jar_big";
    private static final int BIG_ROWS = 200_000;

    @TempDir
    Path directory;

    /** What a process printed and returned. */
    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void createTheBigTable() {
        TestDatabase database = TestDatabase.POSTGRESQL;
        database.drop(BIG);
        database.execute(
                "CREATE TABLE " + BIG + " AS SELECT g::bigint AS id, (g % 1000)::int AS blog_id, "
                        + "'Entry ' || g AS headline, CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('body ', 1 + g % 20) END "
                        + "AS body_text, DATE '2025-01-01' - (g % 3650)::int AS pub_date, (g % 50) / 10.0 AS rating "
                        + "FROM generate_series(1, " + BIG_ROWS + ") AS g",
                "ALTER TABLE " + BIG + " ADD PRIMARY KEY (id)",
                "ANALYZE " + BIG);
    }

    private static Path jar() {
        return Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"));
    }

    private Process start(Path workingDirectory, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private Result finish(Process process) throws Exception {
        assertThat(process.waitFor(3, TimeUnit.MINUTES))
                .as("the command finished in time")
                .isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(directory.resolve("stdout.txt")),
                Files.readString(directory.resolve("stderr.txt")));
    }

    private Result java(List<String> jvmOptions, String... args) throws Exception {
        return finish(start(directory, jvmOptions, args));
    }

    @Test
    void theJarHoldsThePostgresqlMariadbMysqlH2AndSqliteDrivers() throws Exception {
        List<String> urls = List.of(
                TestDatabase.POSTGRESQL.url(),
                TestDatabase.MARIADB.url(),
                "jdbc:mysql://127.0.0.1:3306/test?user=root&password=&sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "jdbc:h2:file:" + directory.resolve("h2"),
                "jdbc:sqlite:" + directory.resolve("sqlite.db"));
        for (String url : urls) {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS cli_jar_small");
                statement.execute("CREATE TABLE cli_jar_small (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(10))");
                statement.execute("INSERT INTO cli_jar_small VALUES (1, 'one'), (2, 'two'), (3, NULL)");
            }
            Result result = java(List.of(), "export", "--url", url, "--table", "cli_jar_small", "--format", "jsonl");
            assertThat(result.exitCode()).as(url + ": " + result.err()).isZero();
            assertThat(result.out().toLowerCase(java.util.Locale.ROOT))
                    .as(url)
                    .isEqualTo("{\"id\":1,\"name\":\"one\"}\n{\"id\":2,\"name\":\"two\"}\n{\"id\":3,\"name\":null}\n");
        }
    }

    @Test
    void exportsTwoHundredThousandRowsInATwentyFourMegabyteHeap() throws Exception {
        Path out = directory.resolve("big.jsonl");
        Result result = java(
                List.of("-Xmx24m"),
                "export",
                "--url",
                TestDatabase.POSTGRESQL.url(),
                "--table",
                BIG,
                "--format",
                "jsonl",
                "--out",
                out.toString(),
                "--stats");
        assertThat(result.exitCode()).as(result.err()).isZero();
        // PostgreSQL's JSON Lines come from COPY, whose chunks hold keys only: 10,000 rows each by default
        assertThat(result.err()).contains("200,000 rows exported in 20 chunks");
        try (var lines = Files.lines(out)) {
            assertThat(lines.count()).isEqualTo(BIG_ROWS);
        }
    }

    @Test
    void ctrlCStopsAfterAFinishedChunkWithExitCode130AndTheSameCommandContinues() throws Exception {
        String url = TestDatabase.POSTGRESQL.url();
        Path whole = directory.resolve("whole.csv");
        assertThat(java(List.of(), "export", "--url", url, "--table", BIG, "--out", whole.toString())
                        .exitCode())
                .isZero();

        Path out = directory.resolve("resumed.csv");
        Path resume = directory.resolve("resume");
        String[] command = {
            "export",
            "--url",
            url,
            "--table",
            BIG,
            "--chunk-size",
            "100",
            "--out",
            out.toString(),
            "--resume-file",
            resume.toString()
        };
        Process process = start(directory, List.of(), command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(resume) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive()).as("still exporting when interrupted").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        Result interrupted = finish(process);
        assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(130);
        assertThat(interrupted.err()).contains("interrupted after").contains(resume.toString());
        assertThat(resume).exists();
        assertThat(Files.size(out)).isLessThan(Files.size(whole));

        Result rest = java(List.of(), command);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(resume).doesNotExist();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(whole, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoRunsInTheDefaultDatabaseAndOtherCommandsUseIt(@TempDir Path workingDirectory) throws Exception {
        Result demo = finish(start(workingDirectory, List.of(), "demo", "--rows", "20000"));
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("demo table entry in jdbc:sqlite:./chunkwise-demo.db: 20,000 rows")
                .contains("exported 20,000 rows in 20 chunks")
                .contains("What this showed:");
        assertThat(workingDirectory.resolve("chunkwise-demo.db")).exists();

        Result export = finish(start(
                workingDirectory, List.of(), "export", "--table", "entry", "--where", "id <= 3", "--format", "jsonl"));
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out().lines().count()).isEqualTo(3);
    }

    @Test
    void anExportWhoseReaderClosesStandardOutputStopsPromptlyAsDone() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toAbsolutePath().toString(),
                "export",
                "--url",
                TestDatabase.POSTGRESQL.url(),
                "--table",
                BIG,
                "--chunk-size",
                "100",
                "--format",
                "jsonl",
                "--resume-file",
                directory.resolve("resume").toString()));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("{\"id\":1,");
        }
        // like `| head -1`: the reader has gone; the export stops after the chunk it was writing
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("stopped after its reader went away")
                .isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(directory.resolve("stderr.txt")))
                .as("nothing on standard error")
                .isEmpty();
        assertThat(directory.resolve("resume"))
                .as("stopped before the end: the resume file of a finished export" + " is removed")
                .exists();
    }

    @Test
    void drawsAProgressBarOnlyWhenAsked() throws Exception {
        String url = TestDatabase.POSTGRESQL.url();
        Result quiet = java(
                List.of(),
                "export",
                "--url",
                url,
                "--table",
                BIG,
                "--where",
                "id <= 5000",
                "--out",
                directory.resolve("quiet.csv").toString());
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).as("standard error is not a terminal").isEmpty();

        Result forced = java(
                List.of(),
                "export",
                "--url",
                url,
                "--table",
                BIG,
                "--where",
                "id <= 5000",
                "--out",
                directory.resolve("forced.csv").toString(),
                "--progress");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.err()).contains("export").contains("rows");
    }
}
