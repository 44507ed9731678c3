package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default holds its memory: the real jar, in a JVM of 24 MB, exports an H2 file
 * database many times larger than its heap (H2's page cache, which lives in that heap, is sized
 * from it: with H2's own default the same export ran out of memory after 33,000 rows), and a
 * run that does run out of memory ends with one sentence and exit 1, not a stack trace.
 */
class EmbeddedMemoryIT {

    private static final int ROWS = 50_000;

    @TempDir
    static Path directory;

    private static String url;

    @BeforeAll
    static void createATableLargerThanTheHeap() throws Exception {
        url = "jdbc:h2:file:" + directory.resolve("big").toAbsolutePath();
        // closed when its connection is: the forked JVM opens the file alone
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, payload VARCHAR(3000) NOT NULL)");
            statement.execute("INSERT INTO big SELECT X, REPEAT(LPAD(CAST(X AS VARCHAR), 20, 'x'), 100)"
                    + " FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }
    }

    private static List<String> run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-jar",
                Path.of(System.getProperty("chunkwise.jar", "target/chunkwise.jar"))
                        .toAbsolutePath()
                        .toString()));
        command.addAll(List.of(args));
        Path err = directory.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return List.of(String.valueOf(process.exitValue()), Files.readString(err));
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

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
