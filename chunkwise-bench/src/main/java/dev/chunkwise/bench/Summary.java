package dev.chunkwise.bench;

import dev.chunkwise.bench.strategy.Strategies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One strategy's line of the report, summarised over its runs: the median wall time of the
 * successful runs, and from the run with that median its statements, chunk latencies and
 * latency file; peak heap, live heap and RSS are the largest over the successful runs.
 *
 * @param entry the strategy
 * @param heap the -Xmx of the runs summarised (the fallback heap when the first one ran out of memory)
 * @param fellBack whether it needed the fallback heap
 * @param runs the runs, successful or not, at {@code heap}
 * @param note why it did not run or failed, empty when it succeeded
 */
record Summary(Strategies.Entry entry, String heap, boolean fellBack, List<RunOutcome> runs, String note) {

    List<RunOutcome> successful() {
        List<RunOutcome> ok = new ArrayList<>();
        for (RunOutcome run : runs) {
            if (run.ok()) {
                ok.add(run);
            }
        }
        ok.sort(Comparator.comparingLong(RunOutcome::nanos));
        return ok;
    }

    boolean succeeded() {
        return !successful().isEmpty();
    }

    /** The run with the median wall time (the lower middle of an even count). */
    RunOutcome median() {
        List<RunOutcome> ok = successful();
        return ok.get((ok.size() - 1) / 2);
    }

    long rows() {
        return median().number("rows");
    }

    double seconds() {
        return median().nanos() / 1e9;
    }

    double rowsPerSecond() {
        return rows() / seconds();
    }

    /** Rows per second over the last 90% of the rows (after the cold JVM's first 10%), of the median run. */
    double steadyRowsPerSecond() {
        RunOutcome run = median();
        return run.number("steadyNanos") <= 0
                ? Double.NaN
                : run.number("steadyRows") / (run.number("steadyNanos") / 1e9);
    }

    long max(String key) {
        long max = -1;
        for (RunOutcome run : successful()) {
            max = Math.max(max, run.number(key));
        }
        return max;
    }

    Path latencyFile() {
        return median().latencyFile();
    }

    /** ok, or what went wrong: failed (OOM), failed (timeout), failed (error), pending. */
    String outcome() {
        if (!note.isEmpty() && runs.isEmpty()) {
            return note;
        }
        if (succeeded()) {
            return fellBack ? "ok at -Xmx" + heap + " (OOM at the test heap)" : "ok";
        }
        RunOutcome last = runs.get(runs.size() - 1);
        switch (last.status()) {
            case "oom":
                return "failed (OOM)";
            case "timeout":
                return "failed (timeout)";
            case "wrong":
                return "failed (wrong rows: " + last.message() + ")";
            default:
                return "failed (error: " + last.message() + ")";
        }
    }
}
