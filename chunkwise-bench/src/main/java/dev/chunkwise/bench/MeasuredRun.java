package dev.chunkwise.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.bench.strategy.BenchContext;
import dev.chunkwise.bench.strategy.Probe;
import dev.chunkwise.bench.strategy.Strategies;
import dev.chunkwise.bench.strategy.Strategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child side of the benchmark: one strategy, one run, in a JVM of its own that the runner
 * started with the heap limit under test. It prints one line, {@link #RESULT_PREFIX} followed by
 * tab-separated {@code key=value} fields, and writes the chunk latencies to a file.
 *
 * <p>Arguments: {@code <strategy> <database> <jdbc url> <chunk size> <expected rows> <latency file or ->}.
 */
public final class MeasuredRun {

    static final String RESULT_PREFIX = "CHUNKWISE-BENCH-RESULT";

    private MeasuredRun() {}

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Map<String, String> result = new LinkedHashMap<>();
        try {
            run(args, result);
        } catch (OutOfMemoryError outOfMemory) {
            result.clear();
            result.put("status", "oom");
            result.put("message", "OutOfMemoryError: " + outOfMemory.getMessage());
        } catch (RuntimeException | java.sql.SQLException | IOException | LinkageError failure) {
            result.clear();
            result.put("status", outOfMemory(failure) ? "oom" : "error");
            result.put("message", describe(failure));
            failure.printStackTrace();
        }
        StringBuilder line = new StringBuilder(RESULT_PREFIX);
        result.forEach((key, value) -> line.append('\t')
                .append(key)
                .append('=')
                .append(value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')));
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }

    private static void run(String[] args, Map<String, String> result) throws java.sql.SQLException, IOException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: MeasuredRun <strategy> <database> <jdbc url> <chunk size> "
                    + "<expected rows> <latency file or ->");
        }
        Strategies.Entry entry = Strategies.named(args[0]);
        Database database = Database.parse(args[1]);
        CountingDataSource counting = new CountingDataSource(args[2]);
        int chunkSize = Integer.parseInt(args[3]);
        long expectedRows = Long.parseLong(args[4]);
        Path latencyFile = args[5].equals("-") ? null : Path.of(args[5]);

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(counting);
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        pool.setPoolName("bench");
        Probe probe = new Probe();
        long nanos;
        long cpuNanos;
        long steadyNanos;
        long statements;
        HeapWatch heap;
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            BenchContext context = new BenchContext(database, dataSource, chunkSize, probe, counting);
            Strategy strategy = entry.factory()
                    .orElseThrow(() -> new IllegalArgumentException(
                            entry.name() + " cannot run: " + entry.pending().orElse("not available")))
                    .get();
            try {
                strategy.setUp(context);
                System.gc();
                counting.reset();
                heap = new HeapWatch();
                probe.start();
                probe.warmUpAfter(expectedRows / 10);
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                strategy.scan(context);
                long end = System.nanoTime();
                nanos = end - start;
                steadyNanos = probe.warmedAt() == 0 ? -1 : end - probe.warmedAt();
                cpuNanos = processCpuNanos() - cpuStart;
                probe.finish();
                heap.close();
                statements = counting.statements();
            } finally {
                strategy.tearDown();
            }
        }
        long[] chunkNanos = probe.chunkNanos();
        if (latencyFile != null) {
            writeLatencies(latencyFile, probe.chunkEndRows(), chunkNanos);
        }
        boolean complete = probe.rows() == expectedRows && probe.outOfOrder() == 0;
        result.put("status", complete ? "ok" : "wrong");
        result.put("rows", Long.toString(probe.rows()));
        result.put("nanos", Long.toString(nanos));
        result.put("cpu", Long.toString(cpuNanos));
        result.put("steadyRows", Long.toString(probe.rows() - expectedRows / 10));
        result.put("steadyNanos", Long.toString(steadyNanos));
        result.put("peakHeap", Long.toString(heap.peakUsedBytes()));
        result.put("liveHeap", Long.toString(heap.peakLiveBytes()));
        result.put("rss", Long.toString(peakRssBytes()));
        result.put("statements", Long.toString(statements));
        result.put("chunks", Integer.toString(chunkNanos.length));
        result.put("p50", Long.toString(percentile(chunkNanos, 0.50)));
        result.put("p99", Long.toString(percentile(chunkNanos, 0.99)));
        result.put("checksum", Long.toString(probe.checksum()));
        if (!complete) {
            result.put(
                    "message",
                    "read " + probe.rows() + " rows of " + expectedRows + ", " + probe.outOfOrder() + " out of order");
        }
    }

    private static void writeLatencies(Path file, long[] endRows, long[] nanos) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (int i = 0; i < nanos.length; i++) {
                out.println(endRows[i] + " " + nanos[i]);
            }
        }
    }

    /** The nearest-rank percentile, or -1 without chunks. */
    static long percentile(long[] values, double fraction) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** CPU time of this JVM, all threads (JIT and GC included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** VmHWM of /proc/self/status: the peak resident set size, or -1 where there is no /proc. */
    private static long peakRssBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            return -1;
        }
        return -1;
    }

    /** An OutOfMemoryError in the causes, or H2's report of one (it turns them into SQLState 90108). */
    private static boolean outOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError
                    || cause instanceof java.sql.SQLException
                            && "90108".equals(((java.sql.SQLException) cause).getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
