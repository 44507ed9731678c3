package dev.chunkwise.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The memory sweep: the same strategies at several table sizes with one heap limit, reporting
 * peak live heap (after GC) and peak heap used at each size, and rows per second at each size.
 * Bounded memory shows as a flat line; so does a cost per row that does not grow with the table.
 */
final class MemorySweep {

    private final Database database;
    private final String heap;
    private final Map<Long, List<Summary>> bySize;

    MemorySweep(Database database, String heap, Map<Long, List<Summary>> bySize) {
        this.database = database;
        this.heap = heap;
        this.bySize = bySize;
    }

    private Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        bySize.values()
                .forEach(summaries ->
                        summaries.forEach(summary -> names.add(summary.entry().name())));
        return names;
    }

    private static String cell(Summary summary) {
        if (!summary.succeeded()) {
            return summary.outcome();
        }
        return String.format(
                Locale.ROOT, "%.1f / %.1f", summary.max("liveHeap") / 1048576.0, summary.max("peakHeap") / 1048576.0);
    }

    private Summary find(List<Summary> summaries, String name) {
        return summaries.stream()
                .filter(summary -> summary.entry().name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    String text() {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "Memory sweep, %s, -Xmx%s: peak live heap / peak heap used, MB%n",
                database.label(),
                heap));
        text.append(String.format("%-20s", "strategy"));
        for (long size : bySize.keySet()) {
            text.append(String.format(Locale.ROOT, "  %18s", String.format(Locale.ROOT, "%,d rows", size)));
        }
        text.append('\n');
        for (String name : names()) {
            text.append(String.format("%-20s", name));
            for (List<Summary> summaries : bySize.values()) {
                text.append(String.format("  %18s", cell(find(summaries, name))));
            }
            text.append('\n');
        }
        return text.toString();
    }

    String markdown(String command, String stem) {
        StringBuilder text = new StringBuilder();
        text.append("### Memory against table size, ")
                .append(database.label())
                .append(", -Xmx")
                .append(heap)
                .append("\n\n");
        text.append("Measured ")
                .append(BenchRunner.now())
                .append(" with `")
                .append(command)
                .append("`; ")
                .append(Machine.describe())
                .append("\n\n");
        text.append("Peak live heap (after GC) / peak heap used, MB:\n\n| strategy |");
        for (long size : bySize.keySet()) {
            text.append(String.format(Locale.ROOT, " %,d rows |", size));
        }
        text.append("\n|---|");
        bySize.keySet().forEach(size -> text.append("---:|"));
        text.append('\n');
        for (String name : names()) {
            text.append("| ").append(name).append(" |");
            for (List<Summary> summaries : bySize.values()) {
                text.append(' ').append(cell(find(summaries, name))).append(" |");
            }
            text.append('\n');
        }
        text.append("\n![memory](").append(stem).append(".png)\n");
        text.append("\nRows per second (median run):\n\n| strategy |");
        for (long size : bySize.keySet()) {
            text.append(String.format(Locale.ROOT, " %,d rows |", size));
        }
        text.append("\n|---|");
        bySize.keySet().forEach(size -> text.append("---:|"));
        text.append('\n');
        for (String name : names()) {
            text.append("| ").append(name).append(" |");
            for (List<Summary> summaries : bySize.values()) {
                Summary summary = find(summaries, name);
                text.append(' ')
                        .append(
                                summary.succeeded()
                                        ? String.format(Locale.ROOT, "%,.0f", summary.rowsPerSecond())
                                        : summary.outcome())
                        .append(" |");
            }
            text.append('\n');
        }
        text.append("\n![rows per second](").append(throughputStem(stem)).append(".png)\n");
        return text.toString();
    }

    /** The file stem of the rows-per-second chart beside the memory chart {@code stem}. */
    static String throughputStem(String stem) {
        return stem.replaceFirst("^memory-", "throughput-by-size-");
    }

    /** Rows per second against table size, one line per strategy. */
    void throughputChart(Path file) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String name : names()) {
            List<double[]> rates = new ArrayList<>();
            for (Map.Entry<Long, List<Summary>> size : bySize.entrySet()) {
                Summary summary = find(size.getValue(), name);
                if (summary.succeeded()) {
                    rates.add(new double[] {size.getKey(), summary.rowsPerSecond()});
                }
            }
            series.put(name, rates);
        }
        Charts.throughputBySize(
                file, "Rows per second against table size, " + database.label() + ", -Xmx" + heap, series);
    }

    void chart(Path file) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String name : names()) {
            List<double[]> live = new ArrayList<>();
            for (Map.Entry<Long, List<Summary>> size : bySize.entrySet()) {
                Summary summary = find(size.getValue(), name);
                if (summary.succeeded() && summary.max("liveHeap") >= 0) {
                    live.add(new double[] {size.getKey(), summary.max("liveHeap") / 1048576.0});
                }
            }
            series.put(name + " (live heap)", live);
        }
        Charts.memory(
                file, "Peak live heap (after GC) against table size, " + database.label() + ", -Xmx" + heap, series);
    }
}
