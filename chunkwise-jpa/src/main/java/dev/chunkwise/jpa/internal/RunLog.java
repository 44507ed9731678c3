package dev.chunkwise.jpa.internal;

import dev.chunkwise.QueryLog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The bounded query log of one run: totals, the slowest few and the last few, in fixed memory. */
final class RunLog {

    private long statements;
    private long rows;
    private long nanos;
    private final ArrayDeque<QueryLog.Entry> latest = new ArrayDeque<>();
    private final List<QueryLog.Entry> slowest = new ArrayList<>();

    void record(long chunk, String text, long rowCount, long elapsedNanos) {
        statements++;
        rows += rowCount;
        nanos += elapsedNanos;
        QueryLog.Entry entry = new QueryLog.Entry(chunk, text, rowCount, Duration.ofNanos(elapsedNanos));
        latest.addLast(entry);
        if (latest.size() > QueryLog.KEPT) {
            latest.removeFirst();
        }
        slowest.add(entry);
        slowest.sort(Comparator.comparing(QueryLog.Entry::elapsed).reversed());
        if (slowest.size() > QueryLog.KEPT) {
            slowest.remove(slowest.size() - 1);
        }
    }

    QueryLog snapshot() {
        return new QueryLog(statements, rows, Duration.ofNanos(nanos), slowest, new ArrayList<>(latest));
    }
}
