package dev.chunkwise.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one {@link MeasuredRun} in a JVM of its own ({@code java -Xmx<heap> -cp <class path>
 * dev.chunkwise.bench.MeasuredRun ...}) and reads its result. The child's output goes to log
 * files in the work directory; a child that runs past the timeout is killed.
 */
final class Fork {

    private final String classPath;
    private final Path workDirectory;
    private final long timeoutSeconds;
    private int sequence;

    Fork(String classPath, Path workDirectory, long timeoutSeconds) {
        this.classPath = classPath;
        this.workDirectory = workDirectory;
        this.timeoutSeconds = timeoutSeconds;
    }

    RunOutcome run(String strategy, Database database, String url, int chunkSize, long rows, String heap)
            throws IOException, InterruptedException {
        int number = ++sequence;
        String stem = String.format("%03d-%s-%s", number, strategy, heap);
        Path stdout = workDirectory.resolve(stem + ".out");
        Path stderr = workDirectory.resolve(stem + ".err");
        Path latencies = workDirectory.resolve(stem + ".latency");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx" + heap,
                "-cp",
                classPath,
                MeasuredRun.class.getName(),
                strategy,
                database.label(),
                url,
                Integer.toString(chunkSize),
                Long.toString(rows),
                latencies.toString()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return new RunOutcome(
                    strategy, heap, "timeout", Map.of("message", "killed after " + timeoutSeconds + " s"), null);
        }
        Map<String, String> fields = resultLine(stdout);
        if (fields == null) {
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            String status = errors.contains("OutOfMemoryError") ? "oom" : "error";
            return new RunOutcome(
                    strategy,
                    heap,
                    status,
                    Map.of("message", "no result (exit code " + process.exitValue() + "); see " + stderr),
                    null);
        }
        String status = fields.getOrDefault("status", "error");
        Path latencyFile = Files.exists(latencies) && Files.size(latencies) > 0 ? latencies : null;
        return new RunOutcome(strategy, heap, status, fields, latencyFile);
    }

    private static Map<String, String> resultLine(Path stdout) throws IOException {
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith(MeasuredRun.RESULT_PREFIX)) {
                Map<String, String> fields = new LinkedHashMap<>();
                String[] parts = line.split("\t");
                for (int i = 1; i < parts.length; i++) {
                    int equals = parts[i].indexOf('=');
                    if (equals > 0) {
                        fields.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
                    }
                }
                return fields;
            }
        }
        return null;
    }
}
