package dev.chunkwise.bench.strategy;

import java.sql.SQLException;

/**
 * One way of reading every row of {@code bench_entry} in id order. A new instance runs once,
 * in its own JVM: {@link #setUp} (not timed, its statements not counted: what an application
 * holds before it scans, such as an EntityManagerFactory or a built scan), then {@link #scan},
 * then {@link #tearDown}.
 *
 * <p>Every strategy reads every column of every row and hands the row to the context's
 * {@link Probe}, so that their numbers compare.
 */
public interface Strategy {

    default void setUp(BenchContext context) throws SQLException {
        // most strategies need nothing
    }

    /** Reads every row, passing each to {@code context.probe()}. */
    void scan(BenchContext context) throws SQLException;

    default void tearDown() {
        // most strategies hold nothing
    }
}
