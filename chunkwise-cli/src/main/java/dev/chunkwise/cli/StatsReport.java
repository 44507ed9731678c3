package dev.chunkwise.cli;

import dev.chunkwise.QueryLog;
import dev.chunkwise.ScanStatistics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** The {@code --stats} summary, printed on standard error at the end of a run. */
final class StatsReport {

    private StatsReport() {}

    /**
     * Prints rows, chunks, time, rows per second, retries, and the bounded query log's totals and
     * slowest statements.
     *
     * @param verb what was done to the rows ("exported", "updated", ...)
     * @param rows rows the command counts as done (rows written or changed)
     * @param retries chunk retries done
     */
    static void print(PrintStream err, String verb, ScanStatistics statistics, long rows, long retries) {
        double seconds = statistics.elapsed().toNanos() / 1e9;
        err.printf(
                Locale.ROOT,
                "chunkwise: %s %s in %s, %s, %,.0f rows/s, %d retries%n",
                Counts.of(rows, "row"),
                verb,
                Counts.of(statistics.chunks(), "chunk"),
                seconds(statistics.elapsed()),
                seconds <= 0 ? 0.0 : rows / seconds,
                retries);
        QueryLog log = statistics.queryLog();
        err.printf(
                Locale.ROOT,
                "chunkwise: query log: %,d statements read %,d rows in %s%n",
                log.statements(),
                log.rows(),
                seconds(log.totalTime()));
        if (!log.slowest().isEmpty()) {
            err.println("chunkwise: slowest chunk queries:");
            for (QueryLog.Entry entry : log.slowest()) {
                err.printf(
                        Locale.ROOT,
                        "  %10.3f ms  chunk %,d  %,d rows  %s%n",
                        entry.elapsed().toNanos() / 1e6,
                        entry.chunk(),
                        entry.rows(),
                        entry.sql());
            }
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }
}
