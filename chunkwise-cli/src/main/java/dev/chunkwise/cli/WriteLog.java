package dev.chunkwise.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write statements of an update or delete (the UPDATE, DELETE and archiving statements each
 * chunk runs), counted as the core's query log counts the reads: totals and the slowest few, in
 * fixed memory. Only statements of committed chunks are counted. One run, one thread.
 */
final class WriteLog {

    private static final int KEPT = 5;

    /** One statement: its chunk, its SQL with {@code ?} for values, the rows it changed, its time. */
    record Entry(long chunk, String sql, long rows, long nanos) {}

    private final PriorityQueue<Entry> slowest = new PriorityQueue<>(Comparator.comparingLong(Entry::nanos));
    private final List<Entry> pending = new ArrayList<>();
    private long statements;
    private long rows;
    private long nanos;

    /** A statement of the chunk being written; it counts once the chunk commits. */
    void record(long chunk, String sql, long rowCount, long elapsedNanos) {
        pending.add(new Entry(chunk, sql, rowCount, elapsedNanos));
    }

    /** The chunk's transaction committed. */
    void committed() {
        for (Entry entry : pending) {
            statements++;
            rows += entry.rows();
            nanos += entry.nanos();
            slowest.add(entry);
            if (slowest.size() > KEPT) {
                slowest.poll();
            }
        }
        pending.clear();
    }

    /** Adds the committed statements of another log (a partition's) to this one's. */
    void addAll(WriteLog other) {
        statements += other.statements;
        rows += other.rows;
        nanos += other.nanos;
        for (Entry entry : other.slowest) {
            slowest.add(entry);
            if (slowest.size() > KEPT) {
                slowest.poll();
            }
        }
    }

    /** The chunk was rolled back (to be run again, or not at all). */
    void rolledBack() {
        pending.clear();
    }

    /** Prints the totals and the slowest statements, in the form of the read statements' report. */
    void print(java.io.PrintStream err) {
        err.printf(
                Locale.ROOT,
                "chunkwise: write statements: %,d changed %,d rows in %s%n",
                statements,
                rows,
                StatsReport.seconds(Duration.ofNanos(nanos)));
        List<Entry> ordered = new ArrayList<>(slowest);
        ordered.sort(Comparator.comparingLong(Entry::nanos).reversed());
        if (!ordered.isEmpty()) {
            err.println("chunkwise: slowest write statements:");
            for (Entry entry : ordered) {
                err.printf(
                        Locale.ROOT,
                        "  %10.3f ms  chunk %,d  %,d rows  %s%n",
                        entry.nanos() / 1e6,
                        entry.chunk(),
                        entry.rows(),
                        abbreviate(entry.sql()));
            }
        }
    }

    /** A run of placeholders or row values in a key list, shown by its first few and its length. */
    private static final Pattern LIST = Pattern.compile("(\\?|\\((?:\\?, )*\\?\\))(?:, \\1){4,}");

    /** A statement with its key list shortened: {@code IN (?, ?, ?, ... 1,000 in all)}. */
    static String abbreviate(String sql) {
        Matcher list = LIST.matcher(sql);
        StringBuilder shown = new StringBuilder();
        while (list.find()) {
            String item = list.group(1);
            int count = (list.group().length() + 2) / (item.length() + 2);
            list.appendReplacement(
                    shown,
                    Matcher.quoteReplacement(item + ", " + item + ", " + item + ", ... "
                            + String.format(Locale.ROOT, "%,d", count) + " in all"));
        }
        list.appendTail(shown);
        return shown.toString();
    }
}
