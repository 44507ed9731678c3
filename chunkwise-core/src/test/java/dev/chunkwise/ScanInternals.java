package dev.chunkwise;

import dev.chunkwise.internal.Bounds;
import dev.chunkwise.internal.RunPlan;
import dev.chunkwise.internal.ScanPlan;

/**
 * Test access to what a scan renders, for tests outside this package that must look at the
 * exact statement a run sends (EXPLAIN tests): the package-private plan, read, never changed.
 */
public final class ScanInternals {

    private ScanInternals() {}

    /**
     * The chunk query a run of {@code scan} sends to continue after the row at {@code position}:
     * the segment that holds the position, seek past it, the scan's stop bound, a full chunk.
     * This is the statement {@code JdbcRowCursor} renders for every chunk after the first.
     */
    public static ScanPlan.Statement chunkQueryAfter(Scan<?> scan, Position position) {
        RunPlan<?> run = scan.startAfter(position).run();
        ScanPlan plan = run.plan();
        Bounds bounds = run.bounds();
        return plan.chunkQuery(
                plan.segmentOf(bounds.start()),
                bounds.start(),
                false,
                bounds.stop(),
                bounds.stopInclusive(),
                scan.chunkSize());
    }
}
