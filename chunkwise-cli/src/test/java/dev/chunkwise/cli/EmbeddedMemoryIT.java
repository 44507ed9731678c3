package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded databases hold their memory: the real jar, in a JVM of 24 MB, exports an H2 file
 * database many times larger than its heap (H2's page cache, which lives in that heap, is sized
 * from it: with H2's own default the same export ran out of memory after 33,000 rows), updates
 * and deletes in one, runs the demo on H2 and on its default SQLite database, and a run that does
 * run out of memory, on the command's thread or on a parallel export's worker threads, ends with
 * one sentence and exit 1, not a stack trace.
 */
class EmbeddedMemoryIT {

    private static final int ROWS = 50_000;
    private static final int WRITTEN_ROWS = 20_000;

    @TempDir
    static Path directory;

    private static String url;
    private static String writtenUrl;

    @BeforeAll
    static void createTablesLargerThanTheHeap() throws Exception {
        url = createBig("big", ROWS);
        // a second one for the commands that change it: 40 MB of 2 KB rows
        writtenUrl = createBig("written", WRITTEN_ROWS);
    }

    private static String createBig(String name, int rows) throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve(name).toAbsolutePath();
        // closed when its connection is: the forked JVM opens the file alone
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, payload VARCHAR(3000) NOT NULL)");
            statement.execute("INSERT INTO big SELECT X, REPEAT(LPAD(CAST(X AS VARCHAR), 20, 'x'), 100)"
                    + " FROM SYSTEM_RANGE(1, " + rows + ")");
        }
        return url;
    }

    /** Runs the jar in -Xmx24m; returns its exit code, standard error and standard output. */
    private static List<String> run(String... args) throws Exception {
        return runIn(directory, args);
    }

    private static List<String> runIn(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-jar",
                Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"))
                        .toAbsolutePath()
                        .toString()));
        command.addAll(List.of(args));
        Path err = directory.resolve("stderr.txt");
        Path out = directory.resolve("stdout.txt");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return List.of(String.valueOf(process.exitValue()), Files.readString(err), Files.readString(out));
    }

    @Test
    void exportsAnH2DatabaseManyTimesLargerThanTheHeap() throws Exception {
        assertThat(Files.size(directory.resolve("big.mv.db"))).isGreaterThan(4 * 24L << 20);
        Path out = directory.resolve("big.csv");
        List<String> result = run("export", "--url", url, "--table", "big", "--out", out.toString());
        assertThat(result.get(0)).as(result.get(1)).isEqualTo("0");
        assertThat(lines(out)).isEqualTo(ROWS + 1);
    }

    @Test
    void theDemoCreatesAndExportsItsH2TableInTheSameSmallHeap() throws Exception {
        // 100,000 rows: one generating insert of that many rows ran out of this heap
        String demoUrl = "jdbc:h2:file:" + directory.resolve("demo").toAbsolutePath();
        Path out = directory.resolve("demo.jsonl");
        List<String> result = run("demo", "--url", demoUrl, "--rows", "100000", "--out", out.toString());
        assertThat(result.get(0)).as(result.get(1)).isEqualTo("0");
        assertThat(lines(out)).isEqualTo(100_000);
        assertThat(result.get(2)).contains("in use").doesNotContain("failed");
        assertThat(heapInUseMegabytes(result.get(2))).isLessThanOrEqualTo(24);
    }

    @Test
    void theDefaultDemoCreatesAndExportsItsSqliteTableInTheSameSmallHeap(@TempDir Path workingDirectory)
            throws Exception {
        Path out = workingDirectory.resolve("demo.jsonl");
        List<String> result = runIn(workingDirectory, "demo", "--rows", "300000", "--out", out.toString());
        assertThat(result.get(0)).as(result.get(1)).isEqualTo("0");
        assertThat(result.get(2))
                .contains("demo table entry in jdbc:sqlite:./chunkwise-demo.db: 300,000 rows, created in")
                .contains("the same export in a separate JVM limited to 24 MB of heap (-Xmx24m): 300,000 rows");
        assertThat(lines(out)).isEqualTo(300_000);
        assertThat(heapInUseMegabytes(result.get(2))).isLessThanOrEqualTo(24);
    }

    @Test
    void updatesAndDeletesInAnH2DatabaseLargerThanTheHeap() throws Exception {
        assertThat(Files.size(directory.resolve("written.mv.db"))).isGreaterThan(24L << 20);
        // every row rewritten: 40 MB of changed pages go through a 24 MB heap
        List<String> update =
                run("update", "--url", writtenUrl, "--table", "big", "--set", "payload = UPPER(payload)", "--all");
        assertThat(update.get(0)).as(update.get(1)).isEqualTo("0");
        List<String> delete = run("delete", "--url", writtenUrl, "--table", "big", "--where", "MOD(id, 2) = 0");
        assertThat(delete.get(0)).as(delete.get(1)).isEqualTo("0");
        try (Connection connection = DriverManager.getConnection(writtenUrl);
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("SELECT COUNT(*), SUM(CASE WHEN payload = UPPER(payload)"
                        + " AND MOD(id, 2) = 1 THEN 1 ELSE 0 END) FROM big")) {
            counts.next();
            assertThat(counts.getLong(1)).isEqualTo(WRITTEN_ROWS / 2);
            assertThat(counts.getLong(2)).isEqualTo(WRITTEN_ROWS / 2);
        }
    }

    @Test
    void runningOutOfMemoryEndsWithOneSentenceAndExitOne() throws Exception {
        Path out = directory.resolve("held.csv");
        // a chunk of 20,000 rows of 2 KB is held whole: more than the heap
        List<String> result =
                run("export", "--url", url, "--table", "big", "--out", out.toString(), "--chunk-size", "20000");
        assertThat(result.get(0)).isEqualTo("1");
        assertThat(result.get(1))
                .startsWith("chunkwise: ")
                .contains("out of memory")
                .doesNotContain("\tat ");
        assertThat(result.get(1).lines().count()).as(result.get(1)).isEqualTo(1);
    }

    @Test
    void runningOutOfMemoryInAPartitionsThreadEndsWithOneSentenceAndExitOne() throws Exception {
        // the same held chunks, on the two worker threads of a parallel export rather than the command's
        Path out = directory.resolve("held-parallel");
        List<String> result = run(
                "export",
                "--url",
                url,
                "--table",
                "big",
                "--parallel",
                "2",
                "--out",
                out.toString(),
                "--chunk-size",
                "20000");
        assertThat(result.get(0)).as(result.get(1)).isEqualTo("1");
        assertThat(result.get(1))
                .startsWith("chunkwise: ")
                .contains("out of memory")
                .doesNotContain("\tat ");
        assertThat(result.get(1).lines().count()).as(result.get(1)).isEqualTo(1);
    }

    /** The demo's "at most N MB in use" (heap in use during its export). */
    private static long heapInUseMegabytes(String demoOutput) {
        Matcher inUse = Pattern.compile("at most (\\d+) MB in use").matcher(demoOutput);
        assertThat(inUse.find()).as(demoOutput).isTrue();
        return Long.parseLong(inUse.group(1));
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
