package dev.chunkwise.bench;

import dev.chunkwise.bench.strategy.Strategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one measurement (one database, one table size, one heap): the table of
 * strategies, the cost-growth windows, the goals, and the same as CSV, markdown and charts.
 * Ratios are to the {@code cursor} baseline measured in the same run.
 */
final class Report {

    /** The throughput goal: chunkwise at this fraction of the cursor baseline, or more. */
    static final double THROUGHPUT_GOAL = 1.00;
    /** The cost-growth goal: the end-of-table chunk time within this factor of the start's. */
    static final double GROWTH_GOAL = 1.5;

    private static final List<String> HEADER = List.of(
            "strategy",
            "heap",
            "rows",
            "wall s (median)",
            "rows/s",
            "vs cursor",
            "rows/s after 10%",
            "vs cursor after 10%",
            "client CPU s",
            "peak heap MB",
            "live heap MB",
            "peak RSS MB",
            "statements",
            "chunk p50 ms",
            "chunk p99 ms",
            "runs",
            "outcome");

    private final Database database;
    private final long rows;
    private final String heap;
    private final int chunkSize;
    private final int repeats;
    private final List<Summary> summaries;

    Report(Database database, long rows, String heap, int chunkSize, int repeats, List<Summary> summaries) {
        this.database = database;
        this.rows = rows;
        this.heap = heap;
        this.chunkSize = chunkSize;
        this.repeats = repeats;
        this.summaries = summaries;
    }

    private Optional<Summary> find(String name) {
        return summaries.stream()
                .filter(summary -> summary.entry().name().equals(name) && summary.succeeded())
                .findFirst();
    }

    private List<List<String>> cells() {
        Optional<Summary> cursor = find("cursor");
        List<List<String>> table = new ArrayList<>();
        for (Summary summary : summaries) {
            List<String> row = new ArrayList<>();
            row.add(summary.entry().name());
            row.add(summary.heap() + (summary.fellBack() ? " *" : ""));
            if (summary.succeeded()) {
                row.add(String.format(Locale.ROOT, "%,d", summary.rows()));
                row.add(String.format(Locale.ROOT, "%.2f", summary.seconds()));
                row.add(String.format(Locale.ROOT, "%,.0f", summary.rowsPerSecond()));
                row.add(cursor.map(base ->
                                String.format(Locale.ROOT, "%.2f", summary.rowsPerSecond() / base.rowsPerSecond()))
                        .orElse("-"));
                row.add(String.format(Locale.ROOT, "%,.0f", summary.steadyRowsPerSecond()));
                row.add(cursor.map(base -> String.format(
                                Locale.ROOT, "%.2f", summary.steadyRowsPerSecond() / base.steadyRowsPerSecond()))
                        .orElse("-"));
                row.add(String.format(Locale.ROOT, "%.2f", summary.median().number("cpu") / 1e9));
                row.add(megabytes(summary.max("peakHeap")));
                row.add(megabytes(summary.max("liveHeap")));
                row.add(megabytes(summary.max("rss")));
                row.add(String.format(Locale.ROOT, "%,d", summary.median().number("statements")));
                row.add(millis(summary.median().number("p50")));
                row.add(millis(summary.median().number("p99")));
            } else {
                for (int i = 0; i < 13; i++) {
                    row.add("-");
                }
            }
            row.add(Integer.toString(summary.successful().size()) + "/"
                    + summary.runs().size());
            row.add(summary.outcome());
            table.add(row);
        }
        return table;
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    String text() {
        List<List<String>> table = cells();
        int[] widths = new int[HEADER.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = HEADER.get(i).length();
            for (List<String> row : table) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%s, %,d rows, -Xmx%s, chunk/page/fetch size %d, %d runs each%n",
                database.label(),
                rows,
                heap,
                chunkSize,
                repeats));
        appendRow(text, HEADER, widths);
        for (List<String> row : table) {
            appendRow(text, row, widths);
        }
        if (summaries.stream().anyMatch(Summary::fellBack)) {
            text.append("* ran out of memory at -Xmx").append(heap).append("; measured at the larger heap shown\n");
        }
        return text.toString();
    }

    private static void appendRow(StringBuilder text, List<String> row, int[] widths) {
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            boolean left = i == 0 || i == 1 || i == row.size() - 1;
            text.append(
                    left ? String.format("%-" + widths[i] + "s", cell) : String.format("%" + widths[i] + "s", cell));
            text.append(i == row.size() - 1 ? "\n" : "  ");
        }
    }

    String csv() {
        StringBuilder text = new StringBuilder("database,table rows,");
        text.append(String.join(",", HEADER)).append('\n');
        for (List<String> row : cells()) {
            text.append(database.label()).append(',').append(rows);
            for (String cell : row) {
                text.append(',')
                        .append('"')
                        .append(cell.replace(",", "").replace("\"", "'"))
                        .append('"');
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The goals, each met or missed and by how much. */
    String goals() {
        StringBuilder text = new StringBuilder("Goals (" + database.label() + ", "
                + String.format(Locale.ROOT, "%,d", rows) + " rows, -Xmx" + heap + "):\n");
        Optional<Summary> chunkwise = summaries.stream()
                .filter(s -> s.entry().name().equals("chunkwise"))
                .findFirst();
        Optional<Summary> cursor = find("cursor");
        if (chunkwise.isEmpty()) {
            return text.append("  chunkwise was not run\n").toString();
        }
        Summary ours = chunkwise.get();
        boolean serverGoal = database == Database.POSTGRESQL || database == Database.MARIADB;
        if (!ours.succeeded() || ours.fellBack()) {
            text.append("  " + mark(false) + " chunkwise did not complete under -Xmx")
                    .append(heap)
                    .append(": ")
                    .append(ours.outcome())
                    .append('\n');
            return text.toString();
        }
        text.append("  " + mark(true) + " chunkwise completed under -Xmx")
                .append(heap)
                .append(" (peak live heap ")
                .append(megabytes(ours.max("liveHeap")))
                .append(" MB)\n");
        if (cursor.isPresent()) {
            double ratio = ours.rowsPerSecond() / cursor.get().rowsPerSecond();
            boolean met = ratio >= THROUGHPUT_GOAL;
            text.append(String.format(
                    Locale.ROOT,
                    "  %s chunkwise at %.2f of the cursor baseline's rows/s " + "(goal >= %.2f%s)%s%n",
                    mark(met),
                    ratio,
                    THROUGHPUT_GOAL,
                    serverGoal ? "" : "; informational on " + database.label(),
                    met ? "" : String.format(Locale.ROOT, ", short by %.0f%%", (THROUGHPUT_GOAL - ratio) * 100)));
            double steady = ours.steadyRowsPerSecond() / cursor.get().steadyRowsPerSecond();
            text.append(String.format(
                    Locale.ROOT,
                    "           after the first 10%% of rows (JVM warm): %.2f of the " + "cursor's rows/s%n",
                    steady));
        }
        for (Summary peer : summaries) {
            if (peer.entry().kind() != Strategies.Kind.PEER || !peer.succeeded()) {
                continue;
            }
            double ratio = ours.rowsPerSecond() / peer.rowsPerSecond();
            text.append(String.format(
                    Locale.ROOT,
                    "  %s ahead of %s: chunkwise %.2fx its rows/s%s%n",
                    mark(ratio > 1),
                    peer.entry().name(),
                    ratio,
                    peer.fellBack() ? " (it needed -Xmx" + peer.heap() + ")" : ""));
        }
        for (Summary peer : summaries) {
            if (peer.entry().kind() == Strategies.Kind.PEER && !peer.succeeded()) {
                text.append("  " + mark(true) + " ahead of ")
                        .append(peer.entry().name())
                        .append(", which ")
                        .append(peer.outcome())
                        .append('\n');
            }
        }
        growth(ours).ifPresent(latencies -> {
            // The start window includes the cold JVM's first chunks, so the end is also held to the middle.
            double toStart = latencies.endMillis() / latencies.startMillis();
            double toMiddle = latencies.endMillis() / latencies.middleMillis();
            boolean met = toStart <= GROWTH_GOAL && toMiddle <= GROWTH_GOAL;
            text.append(String.format(
                    Locale.ROOT,
                    "  %s chunk time per 1000 rows at the end of the table %.2fx the start's and "
                            + "%.2fx the middle's (medians %.2f / %.2f / %.2f ms; goal <= %.1fx)%n",
                    mark(met),
                    toStart,
                    toMiddle,
                    latencies.startMillis(),
                    latencies.middleMillis(),
                    latencies.endMillis(),
                    GROWTH_GOAL));
        });
        return text.toString();
    }

    private static String mark(boolean met) {
        return met ? "[met]   " : "[MISSED]";
    }

    private Optional<ChunkLatencies> growth(Summary summary) {
        if (!summary.succeeded() || summary.latencyFile() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChunkLatencies.read(summary.latencyFile(), summary.rows()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** Start, middle and end chunk times of every strategy that has chunks. */
    String growthTable() {
        StringBuilder text =
                new StringBuilder("| strategy | chunks | start ms/1000 | middle ms/1000 | end ms/1000 | end / start |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        for (Summary summary : summaries) {
            growth(summary)
                    .ifPresent(latencies -> text.append(String.format(
                            Locale.ROOT,
                            "| %s | %,d | %.2f | %.2f | %.2f | %.2f |%n",
                            summary.entry().name(),
                            latencies.chunks(),
                            latencies.startMillis(),
                            latencies.middleMillis(),
                            latencies.endMillis(),
                            latencies.endMillis() / latencies.startMillis())));
        }
        return text.toString();
    }

    String markdown(String command, String stem) {
        StringBuilder text = new StringBuilder();
        text.append("### ")
                .append(database.label())
                .append(String.format(Locale.ROOT, ", %,d rows, -Xmx%s%n%n", rows, heap));
        text.append("Measured ")
                .append(BenchRunner.now())
                .append(" with `")
                .append(command)
                .append("`; ")
                .append(Machine.describe())
                .append("\n\n");
        text.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        for (int i = 0; i < HEADER.size(); i++) {
            text.append(i == 0 || i == 1 || i == HEADER.size() - 1 ? "---|" : "---:|");
        }
        text.append('\n');
        for (List<String> row : cells()) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        text.append("\n`*` ran out of memory at -Xmx")
                .append(heap)
                .append(" and was measured again at the heap shown.\n\n");
        text.append(
                "Chunk time per 1000 rows by position (median of the chunks in the first 10%, 45-55% and last 10% of the table;"
                        + " for 1000-row chunks the chunk time):\n\n");
        text.append(growthTable()).append('\n');
        text.append("```\n").append(goals()).append("```\n\n");
        text.append("![throughput](throughput-").append(stem).append(".png)\n\n");
        if (!latencySeries().isEmpty()) {
            text.append("![chunk latency](latency-").append(stem).append(".png)\n");
        }
        return text.toString();
    }

    /** The chunk latencies charted: chunkwise and OFFSET, and two keyset peers for scale. */
    private Map<String, double[][]> latencySeries() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String name : List.of("chunkwise", "offset", "jooq-seek", "spring-batch-paging")) {
            find(name).flatMap(this::growth).ifPresent(latencies -> series.put(name, latencies.binned(100)));
        }
        return series;
    }

    void charts(Path directory, String stem) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (Summary summary : summaries) {
            if (summary.succeeded()) {
                names.add(summary.entry().name() + (summary.fellBack() ? " (" + summary.heap() + ")" : ""));
                rates.add(summary.rowsPerSecond());
            }
        }
        if (!names.isEmpty()) {
            Charts.throughput(
                    directory.resolve("throughput-" + stem + ".png"),
                    String.format(Locale.ROOT, "Rows per second, %s, %,d rows, -Xmx%s", database.label(), rows, heap),
                    names,
                    rates);
        }
        Map<String, double[][]> series = latencySeries();
        if (!series.isEmpty()) {
            Charts.latency(
                    directory.resolve("latency-" + stem + ".png"),
                    String.format(
                            Locale.ROOT,
                            "Chunk time per 1000 rows by position, %s, %,d rows, %d rows per fixed chunk",
                            database.label(),
                            rows,
                            chunkSize),
                    series);
        }
    }
}
