package dev.chunkwise;

/**
 * How many rows a scan is expected to deliver, and where that number comes from: the database's
 * query planner, or an exact count. A planner's estimate can be off either way (statistics age,
 * correlated columns); a count is exact when it was taken.
 *
 * <p>Immutable.
 *
 * @param rows the expected number of rows, 0 or more
 * @param source where the number comes from
 */
public record RowEstimate(long rows, Source source) {

    /** Where a row estimate comes from. */
    public enum Source {
        /**
         * The query planner's estimate for the scan's own filter and bounds (PostgreSQL's
         * {@code EXPLAIN}, MariaDB's and MySQL's {@code EXPLAIN}); costs one plan, no rows read.
         */
        PLANNER,
        /** An exact {@code COUNT(*)} of the matching rows, where the planner gives no estimate (H2, SQLite). */
        COUNT
    }

    public RowEstimate {
        java.util.Objects.requireNonNull(source, "source");
        if (rows < 0) {
            throw new IllegalArgumentException("a row estimate is 0 or more, got " + rows);
        }
    }
}
