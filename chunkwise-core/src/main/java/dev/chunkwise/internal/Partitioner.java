package dev.chunkwise.internal;

import dev.chunkwise.PartitionStrategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the cut positions that split a scan into partitions: key values of rows of the scan's
 * own order, each the first row of the partition after it. Whatever the strategy, a cut is only a
 * position, so the partitions {@code [cut i, cut i+1)} cover the scan and never overlap; the
 * strategy only decides how even they are. All statements run on the connection given, which the
 * caller opens and closes; read-only.
 */
public final class Partitioner {

    /** Rows a sample aims at: enough for buckets within a few percent of each other. */
    static final long SAMPLE_ROWS = 20_000;

    /** Rows sampled per partition at least. */
    static final long SAMPLE_ROWS_PER_PARTITION = 2_000;

    /** Below this many expected rows, AUTO counts exactly: an index walk costs little. */
    static final long AUTO_SAMPLE_FROM = 100_000;

    private Partitioner() {}

    /**
     * The cuts found, in scan order (one fewer than the partitions), the rows expected in each
     * partition, and the strategy that found them.
     */
    public record Cuts(List<List<Object>> cuts, List<Long> estimates, PartitionStrategy strategy) {}

    /** Where the table's statistics are looked up: schema (or null for the search path) and name. */
    public record TableName(String schema, String name, boolean view) {}

    public static Cuts cuts(
            Connection connection,
            ScanPlan plan,
            Bounds bounds,
            TableName table,
            int partitions,
            PartitionStrategy requested,
            boolean filtered)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            return choose(connection, plan, bounds, table, partitions, requested, filtered);
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    private static Cuts choose(
            Connection connection,
            ScanPlan plan,
            Bounds bounds,
            TableName table,
            int partitions,
            PartitionStrategy requested,
            boolean filtered)
            throws SQLException {
        Dialect dialect = plan.dialect();
        boolean statistics = requested == PartitionStrategy.STATISTICS
                || (requested == PartitionStrategy.AUTO && plan.keys().size() == 1 && !filtered);
        if (statistics && dialect.columnHistograms() && !table.view()) {
            Cuts cuts = fromStatistics(connection, plan, bounds, table, partitions);
            if (cuts != null) {
                return cuts;
            }
        }
        boolean sample = requested == PartitionStrategy.SAMPLE
                || requested == PartitionStrategy.STATISTICS
                || (requested == PartitionStrategy.AUTO && estimate(connection, plan, bounds) >= AUTO_SAMPLE_FROM);
        if (sample && dialect.tableSample() && !table.view()) {
            return fromSample(connection, plan, bounds, partitions);
        }
        return fromIndexWalk(connection, plan, bounds, partitions);
    }

    /** The planner's estimate of the rows within bounds, or an exact count where it has none. */
    private static long estimate(Connection connection, ScanPlan plan, Bounds bounds) throws SQLException {
        ScanPlan.Statement condition = plan.condition(bounds);
        OptionalLong planned = QueryPlans.plannedRows(
                connection,
                plan.dialect(),
                "SELECT 1 FROM " + plan.source() + " WHERE " + condition.sql(),
                condition.binds());
        if (planned.isPresent()) {
            return Math.max(0, planned.getAsLong());
        }
        return Statistics.countRows(connection, plan.source(), condition.sql(), condition.binds());
    }

    // ---- Index walk ---------------------------------------------------------------------------

    private static Cuts fromIndexWalk(Connection connection, ScanPlan plan, Bounds bounds, int partitions)
            throws SQLException {
        int first = bounds.start() == null ? 0 : plan.segmentOf(bounds.start());
        long[] counts = new long[plan.segmentCount()];
        long total = 0;
        for (int segment = first; segment < counts.length; segment++) {
            ScanPlan.Statement count = plan.segmentCount(
                    segment,
                    segment == first ? bounds.start() : null,
                    bounds.startInclusive(),
                    bounds.stop(),
                    bounds.stopInclusive());
            try (PreparedStatement statement = prepare(connection, count);
                    ResultSet result = statement.executeQuery()) {
                result.next();
                counts[segment] = result.getLong(1);
            }
            total += counts[segment];
        }
        int parts = (int) Math.max(1, Math.min(partitions, total));
        List<List<Object>> cuts = new ArrayList<>();
        List<Long> ranks = new ArrayList<>();
        ranks.add(0L);
        int previousSegment = -1;
        long previousRank = -1;
        for (int i = 1; i < parts; i++) {
            long rank = i * total / parts;
            int segment = first;
            long base = 0;
            while (rank >= base + counts[segment]) {
                base += counts[segment];
                segment++;
            }
            ScanPlan.Statement query;
            if (segment == previousSegment) {
                query = plan.cutQuery(
                        segment,
                        cuts.get(cuts.size() - 1),
                        false,
                        bounds.stop(),
                        bounds.stopInclusive(),
                        rank - previousRank - 1,
                        null);
            } else {
                query = plan.cutQuery(
                        segment,
                        segment == first ? bounds.start() : null,
                        bounds.startInclusive(),
                        bounds.stop(),
                        bounds.stopInclusive(),
                        rank - base,
                        null);
            }
            List<Object> cut = firstRow(connection, plan, query, 0);
            if (cut == null) {
                break; // the table shrank since it was counted: fewer partitions, still exact cover
            }
            cuts.add(cut);
            ranks.add(rank);
            previousSegment = segment;
            previousRank = rank;
        }
        ranks.add(total);
        List<Long> estimates = new ArrayList<>();
        for (int i = 0; i + 1 < ranks.size(); i++) {
            estimates.add(ranks.get(i + 1) - ranks.get(i));
        }
        return new Cuts(cuts, estimates, PartitionStrategy.INDEX_WALK);
    }

    // ---- Sample -------------------------------------------------------------------------------

    private static Cuts fromSample(Connection connection, ScanPlan plan, Bounds bounds, int partitions)
            throws SQLException {
        long expected = estimate(connection, plan, bounds);
        long wanted = Math.max(SAMPLE_ROWS, SAMPLE_ROWS_PER_PARTITION * partitions);
        double percent = expected <= wanted ? 100 : Math.max(0.0001, 100.0 * wanted / expected);
        percent = Math.round(percent * 10_000) / 10_000.0;
        Sampled cuts = sample(connection, plan, bounds, partitions, percent, expected);
        if (cuts.sampled() < wanted / 4 && percent < 100) {
            // the planner expected far more rows than match: sample again, as much more as was missing
            double again = Math.min(100, percent * wanted / Math.max(1, cuts.sampled()));
            cuts = sample(connection, plan, bounds, partitions, Math.round(again * 10_000) / 10_000.0, expected);
        }
        return cuts.cuts();
    }

    /** Cuts from one sample, and how many rows it held. */
    private record Sampled(Cuts cuts, long sampled) {}

    private static Sampled sample(
            Connection connection, ScanPlan plan, Bounds bounds, int partitions, double percent, long expected)
            throws SQLException {
        ScanPlan.Statement sample = plan.sampleQuery(bounds, partitions, percent);
        List<List<Object>> cuts = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        long sampled = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // pgjdbc streams a result only inside a transaction
        try (PreparedStatement statement = prepare(connection, sample)) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery()) {
                int bucket = 0;
                while (result.next()) {
                    int rowBucket = result.getInt(1);
                    if (rowBucket != bucket) {
                        if (bucket != 0) {
                            cuts.add(readKey(plan, result, 1));
                        }
                        sizes.add(0L);
                        bucket = rowBucket;
                    }
                    sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
                    sampled++;
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        if (sampled == 0) {
            return new Sampled(new Cuts(List.of(), List.of(expected), PartitionStrategy.SAMPLE), 0);
        }
        List<Long> estimates = new ArrayList<>();
        double scale = percent >= 100 ? 1 : Math.max(1, 100 / percent);
        for (long size : sizes) {
            estimates.add(Math.round(size * scale));
        }
        return new Sampled(new Cuts(cuts, estimates, PartitionStrategy.SAMPLE), sampled);
    }

    // ---- Statistics ---------------------------------------------------------------------------

    /**
     * A histogram of the leading column: its bounds in ascending order, as text the comparison
     * binds, each with the fraction of the rows below it, the table's rows, and the comparison of
     * the column with a bound ({@code ?} the bound).
     */
    private record Histogram(List<String> bounds, List<Double> below, long rows, String bound) {}

    /** The cuts from the leading column's histogram, or {@code null} when there is none to use. */
    private static Cuts fromStatistics(
            Connection connection, ScanPlan plan, Bounds bounds, TableName table, int partitions) throws SQLException {
        KeyColumn leading = plan.keys().get(0);
        if (leading.nullable()) {
            return null;
        }
        Histogram histogram = plan.dialect().tableSample()
                ? postgresHistogram(connection, plan, leading, table)
                : mariaDbHistogram(connection, leading, table);
        if (histogram == null || histogram.bounds().size() < 3) {
            return null;
        }
        List<String> values = histogram.bounds();
        int last = values.size() - 1;
        String comparison = leading.quoted() + (leading.descending() ? " <= " : " >= ") + histogram.bound();
        List<List<Object>> cuts = new ArrayList<>();
        int first = bounds.start() == null ? 0 : plan.segmentOf(bounds.start());
        for (int i = 1; i < partitions; i++) {
            // the bound whose rows before it, in the scan's order, come nearest an i-th of them; not the
            // first or last bound, which would leave an end partition (nearly) empty
            double wanted = (double) i / partitions;
            int bound = -1;
            double nearest = Double.MAX_VALUE;
            for (int b = 1; b < last; b++) {
                double before = leading.descending()
                        ? 1 - histogram.below().get(b)
                        : histogram.below().get(b);
                if (Math.abs(before - wanted) < nearest) {
                    nearest = Math.abs(before - wanted);
                    bound = b;
                }
            }
            ScanPlan.Statement extra = new ScanPlan.Statement(comparison, List.of(values.get(bound)));
            List<Object> cut = null;
            for (int segment = first; segment < plan.segmentCount() && cut == null; segment++) {
                cut = firstRow(
                        connection,
                        plan,
                        plan.cutQuery(
                                segment,
                                segment == first ? bounds.start() : null,
                                bounds.startInclusive(),
                                bounds.stop(),
                                bounds.stopInclusive(),
                                0,
                                extra),
                        0);
            }
            if (cut == null) {
                break; // past the scan's last row: the rest is one partition
            }
            if (cuts.isEmpty() || !PositionCodec.sameValues(cuts.get(cuts.size() - 1), cut)) {
                cuts.add(cut);
            }
        }
        List<Long> estimates = new ArrayList<>();
        for (int i = 0; i <= cuts.size(); i++) {
            estimates.add(histogram.rows() / (cuts.size() + 1));
        }
        return new Cuts(cuts, estimates, PartitionStrategy.STATISTICS);
    }

    /**
     * PostgreSQL's {@code pg_stats.histogram_bounds} of the column, read back as its type: equal
     * frequency, so bound {@code k} of {@code B + 1} has {@code k / B} of the rows below it.
     */
    private static Histogram postgresHistogram(Connection connection, ScanPlan plan, KeyColumn leading, TableName table)
            throws SQLException {
        String qualified = (table.schema() == null ? "" : plan.dialect().quote(table.schema()) + ".")
                + plan.dialect().quote(table.name());
        ScanPlan.Statement histogram = new ScanPlan.Statement(
                "SELECT format_type(a.atttypid, a.atttypmod), s.histogram_bounds::text, c.reltuples::bigint"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ?"
                        + " JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname"
                        + " AND s.attname = a.attname WHERE c.oid = to_regclass(?)",
                List.of(leading.name(), qualified));
        String type;
        long rows;
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, histogram);
                ResultSet result = statement.executeQuery()) {
            if (!result.next() || result.getString(2) == null) {
                return null;
            }
            type = result.getString(1);
            rows = Math.max(0, result.getLong(3));
            String histogramText = result.getString(2);
            try (PreparedStatement unnest = connection.prepareStatement(
                    "SELECT b::text FROM unnest(CAST(? AS " + type + "[])) WITH ORDINALITY AS h(b, i) ORDER BY i")) {
                unnest.setString(1, histogramText);
                try (ResultSet each = unnest.executeQuery()) {
                    while (each.next()) {
                        values.add(each.getString(1));
                    }
                }
            }
        }
        List<Double> below = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            below.add(values.size() == 1 ? 0 : (double) k / (values.size() - 1));
        }
        return new Histogram(values, below, rows, "CAST(? AS " + type + ")");
    }

    /** The kinds whose MariaDB histogram bounds, as text, compare with the column as its values do. */
    private static final java.util.Set<ValueKind> TEXT_COMPARABLE = java.util.EnumSet.of(
            ValueKind.LONG,
            ValueKind.DECIMAL,
            ValueKind.DECIMAL_OR_SPECIAL,
            ValueKind.DOUBLE,
            ValueKind.STRING,
            ValueKind.UUID_VALUE,
            ValueKind.DATE,
            ValueKind.TIMESTAMP,
            ValueKind.MYSQL_DATE_TIME);

    /**
     * MariaDB's JSON histogram of the column ({@code mysql.column_stats}, {@code hist_type =
     * 'JSON_HB'}, MariaDB 10.8 and later, filled by {@code ANALYZE TABLE t PERSISTENT FOR ...}):
     * its buckets' starts, each with the sum of the earlier buckets' sizes (fractions of the rows),
     * then the last bucket's end. None for the binary {@code DOUBLE_PREC_HB} histograms, which hold
     * positions between the column's minimum and maximum rather than values; none for a column
     * without one (MariaDB collects none for a single-column unique key), for a binary or other
     * column whose bounds do not compare as text, or on a server without the table (MySQL) or
     * without the right to read it.
     */
    private static Histogram mariaDbHistogram(Connection connection, KeyColumn leading, TableName table)
            throws SQLException {
        if (!TEXT_COMPARABLE.contains(leading.kind())) {
            return null;
        }
        String schema = table.schema();
        List<String> values = new ArrayList<>();
        List<Double> below = new ArrayList<>();
        long rows;
        try (PreparedStatement buckets = connection.prepareStatement("SELECT h.v, h.e, h.sz, t.cardinality"
                + " FROM mysql.column_stats s"
                + " JOIN mysql.table_stats t ON t.db_name = s.db_name AND t.table_name = s.table_name,"
                + " JSON_TABLE(s.histogram, '$.histogram_hb[*]' COLUMNS (i FOR ORDINALITY,"
                + " v LONGTEXT PATH '$.start', e LONGTEXT PATH '$.end', sz DOUBLE PATH '$.size')) h"
                + " WHERE s.db_name = COALESCE(?, DATABASE()) AND s.table_name = ? AND s.column_name = ?"
                + " AND s.hist_type = 'JSON_HB' ORDER BY h.i")) {
            buckets.setString(1, schema);
            buckets.setString(2, table.name());
            buckets.setString(3, leading.name());
            double sum = 0;
            String end = null;
            rows = 0;
            try (ResultSet each = buckets.executeQuery()) {
                while (each.next()) {
                    String start = each.getString(1);
                    if (start == null) {
                        return null; // a bound MariaDB writes only in hex (start_hex): not a value as text
                    }
                    values.add(start);
                    below.add(sum);
                    sum += each.getDouble(3);
                    end = each.getString(2);
                    rows = Math.max(0, each.getLong(4));
                }
            }
            if (end == null) {
                return null;
            }
            values.add(end);
            below.add(1.0);
        } catch (SQLException unreadable) {
            // MySQL has no mysql.column_stats, and a user may not read it: the fallback finds the cuts
            return null;
        }
        return new Histogram(values, below, rows, "?");
    }

    // ---- Statements ---------------------------------------------------------------------------

    private static PreparedStatement prepare(Connection connection, ScanPlan.Statement rendered) throws SQLException {
        return ValueKind.prepare(connection, rendered.sql(), rendered.binds());
    }

    /** The key of the query's one row, or {@code null} when it has none. */
    private static List<Object> firstRow(Connection connection, ScanPlan plan, ScanPlan.Statement query, int shift)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, query);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? readKey(plan, result, shift) : null;
        }
    }

    private static List<Object> readKey(ScanPlan plan, ResultSet result, int shift) throws SQLException {
        List<Object> key = new ArrayList<>();
        for (KeyColumn column : plan.keys()) {
            key.add(column.kind().read(result, column.selectIndex() + shift));
        }
        return key;
    }
}
