package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * G4 over JPA, measured: 1,000,000 entities on PostgreSQL walked in forked JVMs with
 * {@code -Xmx64m}. chunkwise reads them all, and updates them all with the per-chunk write
 * callback, while a plain {@code getResultList()} and a plain {@code getResultStream()} of the
 * same query run out of memory (or would need many times more heap). Each run prints its peak
 * heap, sampled every millisecond.
 */
class MemoryTest {

    private static final int ROWS = 1_000_000;
    private static final Pattern RESULT = Pattern.compile(
            "RESULT mode=(\\S+) outcome=(\\S+) rows=(\\d+) peakHeapMb=(\\d+) maxContextEntities=(-?\\d+)");

    @BeforeAll
    static void loadAMillionRowsUnlessTheyAreThere() throws SQLException {
        JpaDatabase database = JpaDatabase.POSTGRESQL;
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS jpa_big_row (id BIGINT PRIMARY KEY, payload VARCHAR(200) "
                    + "NOT NULL, counter INTEGER NOT NULL)");
            long count;
            try (ResultSet result = statement.executeQuery("SELECT count(*) FROM jpa_big_row")) {
                result.next();
                count = result.getLong(1);
            }
            if (count != ROWS) {
                statement.execute("TRUNCATE jpa_big_row");
                statement.execute("INSERT INTO jpa_big_row SELECT g, repeat(md5(g::text), 3), 0 "
                        + "FROM generate_series(1, " + ROWS + ") g");
                statement.execute("ANALYZE jpa_big_row");
            }
        }
    }

    @Test
    void walksAMillionEntitiesIn64MbWhereGetResultListAndGetResultStreamRunOutOfMemory() throws Exception {
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (String mode : List.of("chunkwise", "chunkwise-write", "result-list", "result-stream")) {
            results.put(mode, fork(mode));
        }
        System.out.println("1,000,000 BigRow entities on PostgreSQL, -Xmx64m:");
        for (Map.Entry<String, Map<String, String>> result : results.entrySet()) {
            Map<String, String> line = result.getValue();
            System.out.printf(
                    "  %-16s %-4s rows read %,9d  peak heap %3s MB  max entities in context %s%n",
                    result.getKey(),
                    line.get("outcome"),
                    Long.parseLong(line.get("rows")),
                    line.get("peakHeapMb"),
                    line.get("maxContextEntities").equals("-1") ? "not measured" : line.get("maxContextEntities"));
        }
        Map<String, String> stream = results.get("result-stream");
        long streamed = Long.parseLong(stream.get("rows"));
        if (stream.get("outcome").equals("OOM") && streamed > 0) {
            long bytesPerEntity = Long.parseLong(stream.get("peakHeapMb")) * 1024 * 1024 / streamed;
            long chunkwisePeakMb = Long.parseLong(results.get("chunkwise").get("peakHeapMb"));
            System.out.printf(
                    "  getResultStream kept every entity it had read: out of memory after %,d rows, about %d"
                            + " bytes each, so about %,d MB for all %,d rows (extrapolated), %dx chunkwise's peak%n",
                    streamed,
                    bytesPerEntity,
                    bytesPerEntity * ROWS / (1024 * 1024),
                    ROWS,
                    bytesPerEntity * ROWS / (1024 * 1024) / Math.max(1, chunkwisePeakMb));
        }
        for (String chunkwise : List.of("chunkwise", "chunkwise-write")) {
            assertThat(results.get(chunkwise).get("outcome")).as(chunkwise).isEqualTo("OK");
            assertThat(Long.parseLong(results.get(chunkwise).get("rows")))
                    .as(chunkwise)
                    .isEqualTo(ROWS);
        }
        assertThat(Long.parseLong(results.get("chunkwise-write").get("maxContextEntities")))
                .as("entities in the persistence context during a chunk")
                .isLessThanOrEqualTo(1000);
        long chunkwisePeak = Math.max(
                Long.parseLong(results.get("chunkwise").get("peakHeapMb")),
                Long.parseLong(results.get("chunkwise-write").get("peakHeapMb")));
        for (String naive : List.of("result-list", "result-stream")) {
            Map<String, String> line = results.get(naive);
            boolean outOfMemory = line.get("outcome").equals("OOM");
            boolean manyTimesMore = Long.parseLong(line.get("peakHeapMb")) >= 4 * chunkwisePeak;
            assertThat(outOfMemory || manyTimesMore)
                    .as("%s ran out of memory or used at least 4x chunkwise's peak heap: %s", naive, line)
                    .isTrue();
        }
    }

    private static Map<String, String> fork(String mode) throws IOException, InterruptedException {
        Path log = Path.of("target", "memory-" + mode + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                MemoryProbe.class.getName(),
                mode));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int exit = process.waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher matcher = RESULT.matcher(output);
        assertThat(matcher.find())
                .as("result line of %s (exit %d), see %s", mode, exit, log)
                .isTrue();
        Map<String, String> result = new LinkedHashMap<>();
        result.put("outcome", matcher.group(2));
        result.put("rows", matcher.group(3));
        result.put("peakHeapMb", matcher.group(4));
        result.put("maxContextEntities", matcher.group(5));
        return result;
    }
}
