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

    /** The cuts from the leading column's histogram, or {@code null} when there is none to use. */
    private static Cuts fromStatistics(
            Connection connection, ScanPlan plan, Bounds bounds, TableName table, int partitions) throws SQLException {
        KeyColumn leading = plan.keys().get(0);
        if (leading.nullable()) {
            return null;
        }
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
        if (values.size() < 3) {
            return null;
        }
        if (leading.descending()) {
            java.util.Collections.reverse(values);
        }
        int buckets = values.size() - 1;
        String comparison = leading.quoted() + (leading.descending() ? " <= " : " >= ") + "CAST(? AS " + type + ")";
        List<List<Object>> cuts = new ArrayList<>();
        int first = bounds.start() == null ? 0 : plan.segmentOf(bounds.start());
        for (int i = 1; i < partitions; i++) {
            int bound = (int) Math.round((double) i * buckets / partitions);
            if (bound <= 0 || bound >= buckets) {
                continue;
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
            estimates.add(rows / (cuts.size() + 1));
        }
        return new Cuts(cuts, estimates, PartitionStrategy.STATISTICS);
    }

    // ---- Statements ---------------------------------------------------------------------------

    private static PreparedStatement prepare(Connection connection, ScanPlan.Statement rendered) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(rendered.sql());
        try {
            int index = 1;
            for (Object value : rendered.binds()) {
                if (value == null) {
                    statement.setObject(index++, null);
                } else {
                    ValueKind.bind(statement, index++, value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException failure) {
            statement.close();
            throw failure;
        }
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
