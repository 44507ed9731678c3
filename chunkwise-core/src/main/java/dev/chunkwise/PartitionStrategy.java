package dev.chunkwise;

/**
 * How {@link Scan#partitions(int, PartitionStrategy)} finds its cut positions. Whichever is used,
 * the cuts are only positions of the scan's own order, so the partitions cover the scan exactly
 * and never overlap: a strategy decides how even they are and what finding them costs, never
 * which rows a run delivers.
 */
public enum PartitionStrategy {
    /**
     * The cheapest good strategy for this scan, and the one used is told by
     * {@link ScanPartition#strategy()}: {@link #STATISTICS} on PostgreSQL when it applies, the
     * order is one column (so no value repeats) and the scan has no filter; else {@link #SAMPLE} on
     * PostgreSQL when the planner expects at least 100,000 matching rows; else {@link #INDEX_WALK}.
     */
    AUTO,
    /**
     * Exact: counts the matching rows ({@code SELECT COUNT(*) ... WHERE <condition>}, per NULL
     * segment of the order), then finds each cut with one statement that seeks past the previous
     * cut and skips the rest of a partition in the database:
     * {@code SELECT ... WHERE <condition> AND <key after the previous cut> ORDER BY <keys> LIMIT 1 OFFSET <step - 1>}.
     * Partitions differ by at most one row. Every database. The count and the offsets read every
     * matching row's index entry once in all, so the cost grows with the scan (it reads the table's
     * index about twice); where no index serves the order ({@link Scan#indexForOrder()}) each cut
     * sorts the matching rows.
     */
    INDEX_WALK,
    /**
     * PostgreSQL: a Bernoulli sample of about 20,000 rows (at least 2,000 per partition), split in
     * equal buckets over the whole key tuple, NULLs included:
     * {@code SELECT ntile(n) OVER (ORDER BY <keys>), ... FROM t TABLESAMPLE BERNOULLI (p) WHERE <condition>};
     * each cut is the first sampled row of a bucket. Elsewhere, and over a view, it falls back to
     * {@link #INDEX_WALK}.
     */
    SAMPLE,
    /**
     * PostgreSQL: the leading key column's {@code pg_stats.histogram_bounds}, when the table has
     * been analysed and that column is NOT NULL; each cut is the first row at or past a bound, one
     * index lookup each. Stale statistics give less even partitions, never wrong ones. Where it
     * does not apply it falls back to {@link #SAMPLE}.
     */
    STATISTICS
}
