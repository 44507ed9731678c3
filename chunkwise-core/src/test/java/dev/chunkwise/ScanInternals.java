package dev.chunkwise;

import dev.chunkwise.internal.ScanPlan;
import java.util.List;

/**
 * Test access to what a scan renders, for tests outside this package that must look at the
 * exact statement a run sends (EXPLAIN tests): the package-private plan, read, never changed.
 */
public final class ScanInternals {

    private ScanInternals() {}

    /**
     * The chunk query a run of {@code scan} sends to continue after the row at {@code position}:
     * the segment that holds the position, seek past it, the scan's stop bound, a full chunk.
     * This is the statement {@code ScanRun} renders for every chunk after the first.
     */
    public static ScanPlan.Statement chunkQueryAfter(Scan<?> scan, Position position) {
        ScanPlan plan = scan.plan();
        List<Object> values = scan.startAfter(position).startValues();
        return plan.chunkQuery(plan.segmentOf(values), values, false, scan.stopValues(), scan.stopInclusive(),
                scan.chunkSize());
    }
}
