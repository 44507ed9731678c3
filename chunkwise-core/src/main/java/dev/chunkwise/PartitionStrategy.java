package dev.chunkwise;

/**
 * How {@link Scan#partitions(int, PartitionStrategy)} finds its cut positions. Whichever is used,
 * the cuts are only positions of the scan's own order, so the partitions cover the scan exactly
 * and never overlap: a strategy decides how even they are and what finding them costs, never
 * which rows a run delivers.
 *
 * <p>What each database uses:
 * <table>
 * <caption>Strategies by database</caption>
 * <tr><th>Database</th><th>{@link #STATISTICS}</th><th>{@link #SAMPLE}</th><th>{@link #AUTO} picks</th></tr>
 * <tr><td>PostgreSQL</td><td>{@code pg_stats.histogram_bounds}</td><td>{@code TABLESAMPLE BERNOULLI}</td>
 *     <td>statistics for a one-column order without filter, else a sample from 100,000 expected rows,
 *     else the index walk</td></tr>
 * <tr><td>MariaDB (either driver)</td><td>{@code mysql.column_stats} JSON_HB histograms (10.8 and later)</td>
 *     <td>the index walk</td><td>statistics for a one-column order without filter whose column has
 *     a histogram, else the index walk</td></tr>
 * <tr><td>MySQL, H2, SQLite, others</td><td>the index walk</td><td>the index walk</td>
 *     <td>the index walk</td></tr>
 * </table>
 */
public enum PartitionStrategy {
    /**
     * The cheapest good strategy for this scan, and the one used is told by
     * {@link ScanPartition#strategy()}: {@link #STATISTICS} on PostgreSQL and MariaDB when it
     * applies, the order is one column (so no value repeats) and the scan has no filter (MariaDB
     * keeps no histogram of a single-column unique key, so there a primary key falls through); else
     * {@link #SAMPLE} on PostgreSQL when the planner expects at least 100,000 matching rows; else
     * {@link #INDEX_WALK}.
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
     * The leading key column's histogram, when the table has been analysed and that column is NOT
     * NULL; each cut is the first row of the scan at or past the bound nearest an i-th of the rows,
     * one index lookup each:
     * {@code SELECT ... WHERE <condition> AND <leading> >= ? ORDER BY <keys> LIMIT 1} ({@code <=}
     * for a descending column). Stale statistics give less even partitions, never wrong ones.
     * PostgreSQL: {@code pg_stats.histogram_bounds} (equal frequency; its most common values are
     * kept apart from it, so a column with very frequent values splits less evenly). MariaDB 10.8
     * and later: {@code mysql.column_stats} when its {@code hist_type} is {@code JSON_HB}
     * ({@code SET SESSION histogram_type = 'JSON_HB'} then {@code ANALYZE TABLE t PERSISTENT FOR
     * ALL}; the binary {@code DOUBLE_PREC_HB} histograms are not read), buckets weighted by their
     * sizes, for numbers, text, UUIDs, dates and timestamps; MariaDB keeps none for a
     * single-column unique key. Where it does not apply it falls back to {@link #SAMPLE}, which on
     * MariaDB is the index walk.
     */
    STATISTICS
}
