package dev.chunkwise.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G4, bounded memory: a scan of a million-row table finishes in a JVM whose whole heap is
 * {@value #HEAP}, while a plain {@code SELECT *} of the same table with the driver's defaults runs
 * out of memory in the same heap (so the first test is not vacuous). Both run {@link ScanProbe} in
 * a forked JVM.
 *
 * <p>The table {@code mem_entry} (six columns, a 50-character text among them) is created once with
 * {@code INSERT ... SELECT} and kept while it holds the right number of rows. To reproduce by hand:
 * {@code java -Xmx32m -cp <test class path> dev.chunkwise.memory.ScanProbe MARIADB chunkwise 1000}.
 */
class BoundedMemoryTest {

    static final String TABLE = "mem_entry";
    static final long ROWS = 1_000_000;
    private static final String HEAP = "-Xmx32m";
    private static final Pattern RESULT = Pattern.compile("rows=(\\d+) peakHeapUsed=(\\d+) heapMax=(\\d+)");

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void streamsAMillionRowsInA32MegabyteHeap(TestDatabase database) throws Exception {
        ensureTable(database);

        Probe probe = probe(database, "chunkwise");

        assertThat(probe.exitCode()).as(probe.output()).isZero();
        Matcher result = RESULT.matcher(probe.output());
        assertThat(result.find()).as(probe.output()).isTrue();
        assertThat(Long.parseLong(result.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(result.group(3))).isLessThanOrEqualTo(32L * 1024 * 1024);
        System.out.printf("%s chunkwise: %s%n", database, probe.output().strip());
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aPlainSelectWithDriverDefaultsRunsOutOfMemoryInTheSameHeap(TestDatabase database) throws Exception {
        ensureTable(database);

        Probe probe = probe(database, "naive");

        assertThat(probe.exitCode()).as(probe.output()).isEqualTo(ScanProbe.OUT_OF_MEMORY);
        assertThat(probe.output()).contains("OutOfMemoryError");
        System.out.printf("%s naive SELECT *: %s%n", database, probe.output().strip());
    }

    private record Probe(int exitCode, String output) {}

    private static Probe probe(TestDatabase database, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                HEAP,
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ScanProbe.class.getName(),
                database.name(),
                mode,
                "1000");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream stream = process.getInputStream()) {
            output = stream.readAllBytes();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish within 120 s");
        }
        return new Probe(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Creates and fills mem_entry unless it already holds exactly {@link #ROWS} rows. */
    private static void ensureTable(TestDatabase database) {
        boolean exists = !database.column(
                        database == TestDatabase.POSTGRESQL
                                ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
                                : "SELECT 1 FROM information_schema.tables WHERE table_schema = database() AND table_name = ?",
                        TABLE)
                .isEmpty();
        if (exists && ((Number) database.column("SELECT count(*) FROM " + TABLE).get(0)).longValue() == ROWS) {
            return;
        }
        database.drop(TABLE);
        database.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, blog_id BIGINT NOT NULL, pub_date "
                + database.timestamp() + ", title VARCHAR(100) NOT NULL, body VARCHAR(100), score "
                + database.doubleType() + ")");
        if (database == TestDatabase.POSTGRESQL) {
            database.execute(
                    "INSERT INTO " + TABLE + " SELECT i, i % 1000, TIMESTAMP '2000-01-01' + i * INTERVAL "
                            + "'1 minute', 'entry ' || i, md5(i::text) || repeat('x', 18), i * 0.5 "
                            + "FROM generate_series(1, " + ROWS + ") AS i",
                    "ANALYZE " + TABLE);
        } else {
            database.execute(
                    "INSERT INTO " + TABLE + " SELECT seq, seq % 1000, TIMESTAMP '2000-01-01 00:00:00' "
                            + "+ INTERVAL seq MINUTE, CONCAT('entry ', seq), CONCAT(MD5(seq), REPEAT('x', 18)), seq * 0.5 "
                            + "FROM seq_1_to_" + ROWS,
                    "ANALYZE TABLE " + TABLE);
        }
    }
}
