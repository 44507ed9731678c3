package dev.chunkwise.internal;

import dev.chunkwise.QueryLog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Records statements in fixed memory: running totals, the {@link QueryLog#KEPT} slowest in a
 * min-heap and the {@link QueryLog#KEPT} latest in a ring. Not thread-safe: one per scan run.
 */
public final class QueryLogRecorder {

    private long statements;
    private long rows;
    private long totalNanos;
    private final PriorityQueue<QueryLog.Entry> slowest =
            new PriorityQueue<>(QueryLog.KEPT + 1, Comparator.comparing(QueryLog.Entry::elapsed));
    private final ArrayDeque<QueryLog.Entry> latest = new ArrayDeque<>(QueryLog.KEPT + 1);

    public void record(long chunk, String sql, long rowCount, long nanos) {
        statements++;
        rows += rowCount;
        totalNanos += nanos;
        QueryLog.Entry entry = new QueryLog.Entry(chunk, sql, rowCount, Duration.ofNanos(nanos));
        slowest.add(entry);
        if (slowest.size() > QueryLog.KEPT) {
            slowest.poll();
        }
        latest.addLast(entry);
        if (latest.size() > QueryLog.KEPT) {
            latest.removeFirst();
        }
    }

    public QueryLog snapshot() {
        List<QueryLog.Entry> slowestFirst = new ArrayList<>(slowest);
        slowestFirst.sort(Comparator.comparing(QueryLog.Entry::elapsed).reversed());
        return new QueryLog(statements, rows, Duration.ofNanos(totalNanos), slowestFirst, new ArrayList<>(latest));
    }
}
