package dev.chunkwise;

import dev.chunkwise.internal.Bounds;
import dev.chunkwise.internal.Catalog;
import dev.chunkwise.internal.ChunkLoops;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.internal.GeneratedColumns;
import dev.chunkwise.internal.JdbcRowCursor;
import dev.chunkwise.internal.KeyColumn;
import dev.chunkwise.internal.Partitioner;
import dev.chunkwise.internal.QueryPlans;
import dev.chunkwise.internal.Reporting;
import dev.chunkwise.internal.Retrier;
import dev.chunkwise.internal.RowCursor;
import dev.chunkwise.internal.RunIterator;
import dev.chunkwise.internal.RunPlan;
import dev.chunkwise.internal.RunSettings;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.internal.ScanResolver;
import dev.chunkwise.internal.SetList;
import dev.chunkwise.internal.Statistics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A keyset ("seek") scan of a table or view: an immutable description of which rows to read,
 * in which total order, in chunks of which size, and how to map them. Build it once with
 * {@link #over(DataSource)}, run it as often as needed; every run queries the database again.
 *
 * <p>Each chunk is one short statement that continues after the last row read:
 * <pre>{@code SELECT <columns> FROM <table> WHERE (<filter>) AND (k1, k2) > (?, ?) ORDER BY k1, k2 LIMIT <chunk size>}</pre>
 * (or, where row values are not served by an index or directions are mixed,
 * {@code k1 >= ? AND (k1 > ? OR (k1 = ? AND k2 > ?))}). A nullable leading key column is walked
 * as two ranges, its non-NULL and its NULL rows, in the order its NULLs rule gives, each an index
 * range. The order is made total when the scan is built: if the sort columns are not known to be
 * unique, the primary key (or a unique key that makes every row unique: not partial, not over an
 * expression, on NOT NULL columns) is appended as tie-breaker, in the direction of the last sort
 * key ({@code ORDER BY pub_date DESC, id DESC}). Each key column is read and bound back as the
 * database's own type (a cast where the driver has no exact Java form for it); a column that
 * cannot be walked exactly is refused when the scan is built. A run stops with a
 * {@link ChunkwiseException} if it ever reads the same key values twice in a row.
 *
 * <p>Guarantees, on a table that nobody writes during the run: every row matching the filter is
 * delivered exactly once, in the declared order, for any chunk size. Heap use is bounded by one
 * chunk (by the driver's fetch buffer when rows are consumed one at a time). No transaction
 * lives longer than one chunk.
 *
 * <p>Ways to run it: {@link #stream()} and {@link #iterator()} (the caller closes them),
 * {@link #forEach(Consumer)}, {@link #forEachChunk(Consumer)} and
 * {@link #forEachChunkInTransaction(ChunkHandler)} (they close everything themselves, also on an
 * exception or an early return).
 *
 * <p>{@link #partitions(int)} splits a scan into key ranges that cover it exactly, to run side
 * by side; each is a bounded scan that resumes on its own ({@link #partition(String)}).
 * {@link #parallel(int)} runs them on worker threads, with checkpoints per partition and, on
 * PostgreSQL, one snapshot shared by all workers.
 *
 * <p>{@link #listener(ScanListener)} tells a listener each chunk's start and end, each retry with
 * its cause, and each run's end, and {@link #named(String)} names the scan in those events and in
 * log lines. Runs log through {@code System.Logger} (so to {@code java.util.logging}, or to SLF4J or
 * Log4j through their bridge): retries at {@code WARNING} on {@code dev.chunkwise.run}, chunks and
 * run ends at {@code DEBUG} and {@code TRACE}, scans refused when built at {@code DEBUG} on
 * {@code dev.chunkwise.build}; never a position or a key value.
 *
 * <p>Instances are immutable and thread-safe; each run uses its own connection and is confined
 * to the thread that consumes it.
 *
 * @param <T> the type of one mapped row
 */
public final class Scan<T> {

    private final RunPlan<T> run;
    private final Catalog.Table table;
    private final List<SortKey> order;
    private final List<ScanColumn> columns;

    private Scan(RunPlan<T> run, Catalog.Table table, List<SortKey> order, List<ScanColumn> columns) {
        this.run = run;
        this.table = table;
        this.order = order;
        this.columns = columns;
    }

    /** Starts describing a scan whose runs take connections from {@code dataSource}. */
    public static Builder over(DataSource dataSource) {
        return new Builder(ConnectionSource.of(dataSource));
    }

    /** Starts describing a scan whose runs take connections from {@code source}. */
    public static Builder over(ConnectionSource source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    // ---- Running -----------------------------------------------------------------------------

    /**
     * Runs the scan as a lazy, sequential stream. The caller must close the stream
     * (try-with-resources); closing it closes the statement and the connection.
     */
    public Stream<T> stream() {
        return iterator().stream();
    }

    /**
     * Runs the scan as an iterator that the caller closes (try-with-resources). It also closes
     * itself when exhausted or when it fails. No database work happens before the first
     * {@code hasNext()}.
     */
    public ScanIterator<T> iterator() {
        RunPlan<T> rows = run.forRowConsumers();
        return new RunIterator<>(new JdbcRowCursor<>(rows, false), rows.settings());
    }

    /**
     * Runs the scan, passing each row to {@code action}, and closes everything before returning
     * or throwing. An exception thrown by the action stops the scan and is rethrown as it is.
     *
     * @return what the run did
     */
    public ScanStatistics forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        RunPlan<T> plan = run.forRowConsumers();
        RunIterator<T> rows = new RunIterator<>(new JdbcRowCursor<>(plan, false), plan.settings());
        try {
            rows.forEachRemaining(action);
        } catch (RuntimeException | Error failure) {
            rows.closeAfter(failure);
            throw failure;
        }
        try (rows) {
            return rows.statistics();
        }
    }

    /**
     * Runs the scan a chunk at a time: each chunk is read completely, its statement closed (and
     * its read transaction, if any, committed) before {@code action} sees it. Heap use is one
     * chunk of mapped rows.
     *
     * @return what the run did
     */
    public ScanStatistics forEachChunk(Consumer<? super Chunk<T>> action) {
        Objects.requireNonNull(action, "action");
        return ChunkLoops.forEachChunk(new JdbcRowCursor<>(run, false), run.settings(), action);
    }

    /**
     * As {@link #forEachChunk(Consumer)}, stopping after the chunk for which {@code action}
     * returns false: that chunk's checkpoint is taken and no further chunk is read, so a caller
     * that needs only so many rows (an export's {@code --limit}) reads no more than a chunk past them.
     *
     * @return what the run did
     */
    public ScanStatistics forEachChunkWhile(Predicate<? super Chunk<T>> action) {
        Objects.requireNonNull(action, "action");
        return ChunkLoops.forEachChunkWhile(new JdbcRowCursor<>(run, false), run.settings(), action);
    }

    /**
     * Runs the scan a chunk at a time, each chunk in its own transaction on the scan's
     * connection: the chunk is read, {@code handler} runs with the chunk and that connection,
     * and the transaction commits when the handler returns. Writes the handler makes on the
     * connection (updates of the chunk's rows, the chunk's last position in a checkpoint table)
     * therefore commit together with the chunk, or not at all: if the handler throws, the
     * transaction is rolled back and the scan stops, so restarting after the last committed
     * position processes every row exactly once. A transient failure of the handler (a deadlock,
     * a lock wait timeout, a lost connection) rolls the chunk back and runs it again, handler
     * included, and so does a connection found dead before the commit is sent; a commit that fails
     * once sent is never retried, since its outcome is unknown.
     *
     * @return what the run did
     * @throws ChunkwiseException when the handler throws {@link SQLException} or the database fails
     */
    public ScanStatistics forEachChunkInTransaction(ChunkHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        if (run.snapshot()) {
            throw new IllegalStateException("a snapshot scan holds one read-only transaction and cannot commit per "
                    + "chunk; use forEachChunk");
        }
        JdbcRowCursor<T> cursor = new JdbcRowCursor<>(run, true);
        return ChunkLoops.inTransaction(
                cursor,
                cursor,
                run.settings(),
                false,
                new ChunkLoops.Failures(run.sourceName(), false),
                (chunk, connection) -> handler.handle(chunk, connection));
    }

    // ---- Listening ---------------------------------------------------------------------------

    /**
     * This scan, its runs told to {@code listener}: each chunk's start and end, each retry with its
     * cause, and each run's end ({@link ScanListener}, which says in what order and from which
     * threads). Replaces the listener this scan had ({@link ScanListener#NONE} by default); the
     * partitions of the scan, and a {@link #parallel(int)} run of it, report to it too, each event
     * naming its partition. Changes nothing else: positions of this scan stay valid.
     */
    public Scan<T> listener(ScanListener listener) {
        Objects.requireNonNull(listener, "listener");
        return withReporting(reporting().withListener(listener));
    }

    /**
     * This scan under a name, which its listener's events carry ({@link ScanListener.Run#scanName()})
     * and log lines show: the job it does, such as {@code "backfill-rating"}, a constant rather than
     * a value per run, since metrics tag their measurements with it. Not part of the scan's
     * fingerprint: positions of this scan stay valid.
     *
     * @throws IllegalArgumentException when the name is blank, longer than 100 characters or holds
     *     a control character
     */
    public Scan<T> named(String name) {
        return withReporting(reporting().withScanName(Reporting.checkName(name)));
    }

    /** The name given with {@link #named(String)}, or empty. */
    public Optional<String> name() {
        return reporting().scanName();
    }

    private Reporting reporting() {
        return run.settings().reporting();
    }

    private Scan<T> withReporting(Reporting reporting) {
        return new Scan<>(run.withSettings(run.settings().withReporting(reporting)), table, order, columns);
    }

    // ---- Bounds and positions ----------------------------------------------------------------

    /**
     * This scan, starting after {@code position} (exclusive): a run delivers exactly the rows
     * that come after it. This is how a scan resumes.
     *
     * @throws IllegalArgumentException if the position belongs to another scan
     */
    public Scan<T> startAfter(Position position) {
        return new Scan<>(
                run.withBounds(run.bounds().withStart(values(check(position)), false)), table, order, columns);
    }

    /** This scan, starting at {@code position} (inclusive). */
    public Scan<T> startAt(Position position) {
        return new Scan<>(run.withBounds(run.bounds().withStart(values(check(position)), true)), table, order, columns);
    }

    /** This scan, stopping after the row at {@code position} (inclusive). */
    public Scan<T> stopAt(Position position) {
        return new Scan<>(run.withBounds(run.bounds().withStop(values(check(position)), true)), table, order, columns);
    }

    /** This scan, stopping before the row at {@code position} (exclusive). */
    public Scan<T> stopBefore(Position position) {
        return new Scan<>(run.withBounds(run.bounds().withStop(values(check(position)), false)), table, order, columns);
    }

    /** This scan without start or stop bounds. */
    public Scan<T> unbounded() {
        return new Scan<>(run.withBounds(Bounds.NONE), table, order, columns);
    }

    /**
     * A position of this scan made from key values, one per key in {@link #order()} (use
     * {@code null} for a NULL of a nullable column), for example to start after a known id.
     *
     * @throws IllegalArgumentException when the count or a type does not fit the keys
     */
    public Position position(Object... keyValues) {
        Objects.requireNonNull(keyValues, "keyValues");
        List<KeyColumn> keys = plan().keys();
        if (keyValues.length != keys.size()) {
            throw new IllegalArgumentException("this scan's order has " + keys.size() + " key columns " + order
                    + ", got " + keyValues.length + " values");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i++) {
            values.add(coerce(keys.get(i), keyValues[i]));
        }
        return Position.of(run.fingerprint(), values);
    }

    /**
     * Reads a position token of this scan.
     *
     * @throws IllegalArgumentException when the token is malformed or belongs to another scan
     */
    public Position parsePosition(String token) {
        return check(Position.parse(token));
    }

    /**
     * The condition that selects this scan's rows within its bounds, for the caller's own
     * statement over the same table, such as {@code SELECT COUNT(*) FROM <quotedSource()> WHERE
     * <sql>}: {@code (<filter>) AND <key after the start> AND <key before the stop>}, the parts
     * without a bound left out ({@code 1 = 1} when nothing is left).
     */
    public SqlCondition condition() {
        ScanPlan.Statement condition = plan().condition(run.bounds());
        return new SqlCondition(condition.sql(), condition.binds());
    }

    /**
     * The condition that selects exactly this scan's rows from {@code first} to {@code last},
     * both inclusive, for the caller's own statement over the same table; with a chunk's
     * positions it bounds an {@code UPDATE} or {@code DELETE} to that chunk by key range:
     * <pre>{@code (<filter>) AND <key at or after first> AND <key at or before last>}</pre>
     *
     * @throws IllegalArgumentException if a position belongs to another scan
     */
    public SqlCondition range(Position first, Position last) {
        ScanPlan.Statement condition =
                plan().rangeCondition(check(first).values(), check(last).values());
        return new SqlCondition(condition.sql(), condition.binds());
    }

    /**
     * The position of the last row a run of this scan would deliver if it started now, within
     * this scan's bounds, or empty when no row matches: one query that walks the order backwards
     * ({@code ORDER BY <keys, every direction flipped> LIMIT 1}), on a connection opened and closed
     * here. A write job that captures it when it starts, saves it, and stops there
     * ({@link #stopAt(Position)}) cannot chase rows that its own statements (or a trigger) move
     * ahead of the walk.
     *
     * @throws ChunkwiseException when the query fails
     */
    public Optional<Position> lastPosition() {
        Bounds bounds = run.bounds();
        RunPlan<Boolean> backwards = new RunPlan<>(
                run.source(),
                plan().reversed(),
                row -> Boolean.TRUE,
                run.fingerprint(),
                run.description(),
                run.sourceName(),
                new Bounds(bounds.stop(), bounds.stopInclusive(), bounds.start(), bounds.startInclusive()),
                1,
                false,
                new RunSettings(
                        1,
                        null,
                        0,
                        0,
                        0,
                        Duration.ZERO,
                        run.settings().retryPolicy(),
                        run.settings().clock(),
                        null,
                        false),
                null);
        try (JdbcRowCursor<Boolean> cursor = new JdbcRowCursor<>(backwards, false)) {
            RowCursor.Step step;
            do {
                step = cursor.step();
            } while (step == RowCursor.Step.CHUNK_END);
            return step == RowCursor.Step.ROW ? Optional.of(cursor.position(cursor.key())) : Optional.empty();
        }
    }

    // ---- Partitions ----------------------------------------------------------------------------

    /**
     * Splits this scan into at most {@code n} partitions with {@link PartitionStrategy#AUTO}; see
     * {@link #partitions(int, PartitionStrategy)}.
     */
    public List<ScanPartition<T>> partitions(int n) {
        return partitions(n, PartitionStrategy.AUTO);
    }

    /**
     * Splits this scan into at most {@code n} partitions, in order: partition {@code i} is this
     * scan started at cut {@code i} (inclusive) and stopped before cut {@code i + 1}, the first
     * keeping this scan's own start bound and the last its own stop bound. A cut is a position of
     * this scan's total order (the first row of the partition after it), so on a table nobody
     * writes the partitions' rows, concatenated in order, are exactly this scan's rows and no row
     * is in two partitions, whatever the order (composite, descending, nullable keys with their
     * NULL segments, reverse) and whatever the strategy; the strategy only decides how even they
     * are. On a live table each partition keeps G2 on its own.
     *
     * <p>With {@link PartitionStrategy#INDEX_WALK} each cut is one statement that seeks past the
     * previous cut and skips the rest of a partition in the database:
     * <pre>{@code SELECT <columns> FROM <table> WHERE (<filter>) AND <key after the previous cut> ORDER BY <keys> LIMIT 1 OFFSET <step - 1>}</pre>
     *
     * <p>Fewer than {@code n} partitions come back when fewer rows match (an empty scan gives one
     * partition, the scan itself) or when the statistics have fewer distinct bounds. The SQL
     * depends on the strategy ({@link PartitionStrategy}); the strategy used is told by each
     * partition's {@link ScanPartition#strategy()}. All statements run on one connection, opened
     * and closed here (a transient failure starts them again on a new connection, under the
     * scan's retry policy); nothing is written. The result is immutable and its partitions can run
     * on any threads, each on its own connection.
     *
     * @throws IllegalArgumentException when {@code n} is less than 1
     * @throws ChunkwiseException when a statement fails
     */
    public List<ScanPartition<T>> partitions(int n, PartitionStrategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        if (n < 1) {
            throw new IllegalArgumentException("the number of partitions must be at least 1, got " + n);
        }
        Partitioner.Cuts found;
        try {
            found = Retrier.retrying(
                    run.settings().retryPolicy(), run.settings().clock(), () -> {
                        try (Connection connection = run.source().open()) {
                            return Partitioner.cuts(
                                    connection,
                                    plan(),
                                    run.bounds(),
                                    new Partitioner.TableName(
                                            table.schema(),
                                            table.name(),
                                            table.type() != null && table.type().contains("VIEW")),
                                    n,
                                    strategy,
                                    plan().hasFilter());
                        }
                    });
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot find the partitions of " + run.sourceName() + ": " + failure.getMessage(), failure);
        }
        List<List<Object>> cuts = found.cuts();
        int count = cuts.size() + 1;
        List<ScanPartition<T>> partitions = new ArrayList<>(count);
        Bounds bounds = run.bounds();
        for (int i = 0; i < count; i++) {
            Bounds partition = new Bounds(
                    i == 0 ? bounds.start() : new ArrayList<>(cuts.get(i - 1)),
                    i == 0 ? bounds.startInclusive() : true,
                    i == count - 1 ? bounds.stop() : new ArrayList<>(cuts.get(i)),
                    i == count - 1 ? bounds.stopInclusive() : false);
            partitions.add(partition(i, count, partition, found.estimates().get(i), found.strategy()));
        }
        return List.copyOf(partitions);
    }

    /**
     * Runs this scan as {@code partitions} partitions side by side, each on a worker thread with
     * its own connection: {@code scan.parallel(4).forEach(row -> ...)}. The partitions are found
     * when a run starts ({@link #partitions(int)}), or restored from the checkpoints of an earlier
     * run of the same job; see {@link ParallelScan}.
     *
     * @throws IllegalArgumentException when {@code partitions} is less than 1
     */
    public ParallelScan<T> parallel(int partitions) {
        return new ParallelScan<>(this, partitions);
    }

    /**
     * Restores a partition of this scan from its {@link ScanPartition#token()}: the same bounds,
     * index, estimate and strategy; no database work.
     *
     * @throws IllegalArgumentException when the token is malformed or belongs to another scan
     */
    public ScanPartition<T> partition(String token) {
        Objects.requireNonNull(token, "token");
        token = token.trim();
        String[] fields = token.split("\\.", -1);
        if (fields.length != 9 || !fields[0].equals(PARTITION_TOKEN_VERSION)) {
            throw new IllegalArgumentException("not a partition token of this release: '" + token + "'");
        }
        java.util.zip.CRC32 checksum = new java.util.zip.CRC32();
        checksum.update(token.substring(0, token.lastIndexOf('.')).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            if (Long.parseLong(fields[8], 16) != checksum.getValue()) {
                throw new IllegalArgumentException("the partition token is altered or truncated: '" + token + "'");
            }
            if (Long.parseUnsignedLong(fields[1], 16) != run.fingerprint()) {
                throw new IllegalArgumentException("the partition belongs to a different scan: it was made for another "
                        + "table, filter or order than this scan of " + run.sourceName() + " ordered by " + order);
            }
            int index = Integer.parseInt(fields[2]);
            int count = Integer.parseInt(fields[3]);
            PartitionStrategy strategy = PartitionStrategy.valueOf(fields[4]);
            long estimate = Long.parseLong(fields[5]);
            Bounds bounds = new Bounds(
                    bound(fields[6]), fields[6].startsWith("i"), bound(fields[7]), fields[7].startsWith("i"));
            return partition(index, count, bounds, estimate, strategy);
        } catch (NumberFormatException malformed) {
            throw new IllegalArgumentException("the partition token is malformed: '" + token + "'", malformed);
        }
    }

    private static final String PARTITION_TOKEN_VERSION = "cwp1";

    private List<Object> bound(String field) {
        if (field.equals("n")) {
            return null;
        }
        if (!field.startsWith("i") && !field.startsWith("x")) {
            throw new IllegalArgumentException("the partition token is malformed: bound '" + field + "'");
        }
        return values(parsePosition(field.substring(1)));
    }

    private String boundField(List<Object> values, boolean inclusive) {
        return values == null
                ? "n"
                : (inclusive ? "i" : "x")
                        + Position.of(run.fingerprint(), values).token();
    }

    private ScanPartition<T> partition(int index, int count, Bounds bounds, long estimate, PartitionStrategy strategy) {
        String body = String.join(
                ".",
                PARTITION_TOKEN_VERSION,
                String.format("%016x", run.fingerprint()),
                Integer.toString(index),
                Integer.toString(count),
                strategy.name(),
                Long.toString(estimate),
                boundField(bounds.start(), bounds.startInclusive()),
                boundField(bounds.stop(), bounds.stopInclusive()));
        java.util.zip.CRC32 checksum = new java.util.zip.CRC32();
        checksum.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Scan<T> bounded = new Scan<>(run.withBounds(bounds), table, order, columns)
                .withReporting(reporting().withPartition(index, count));
        return new ScanPartition<>(
                index,
                count,
                bounded,
                index == 0 ? null : Position.of(run.fingerprint(), bounds.start()),
                index == count - 1 ? null : Position.of(run.fingerprint(), bounds.stop()),
                estimate,
                strategy,
                body + "." + Long.toHexString(checksum.getValue()));
    }

    /**
     * The conditions that select exactly the rows at these positions, the filter applied again,
     * for the caller's own statement over the same table: with a chunk's
     * {@link Chunk#positions()} they bound an {@code UPDATE} or {@code DELETE} to the rows the
     * chunk read, locking those and no others (a range would lock every row between the chunk's
     * first and last key, matching or not, on MariaDB and MySQL), and leaving alone a row that no
     * longer matches the filter:
     * <pre>{@code (<filter>) AND "id" IN (?, ?, ...)}</pre>
     * or, for a key of several columns, {@code ("a" = ? AND "b" = ?) OR ...}, a NULL matched by
     * {@code IS NULL}. Each condition names at most 1000 rows; a longer list gives several, to be
     * run in the same transaction.
     *
     * @throws IllegalArgumentException if a position belongs to another scan, or the list is empty
     */
    public List<SqlCondition> rowConditions(List<Position> rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rowConditions needs at least one position");
        }
        List<List<Object>> keys = new ArrayList<>(rows.size());
        for (Position row : rows) {
            keys.add(check(row).values());
        }
        List<SqlCondition> conditions = new ArrayList<>();
        for (ScanPlan.Statement condition : plan().rowsConditions(keys)) {
            conditions.add(new SqlCondition(condition.sql(), condition.binds()));
        }
        return conditions;
    }

    /**
     * Checks the SET list of the caller's own {@code UPDATE} of this scan's table and tells the
     * columns it assigns: {@code UPDATE <quotedSource()> SET <sql> WHERE <range(first, last)>}.
     * The list is read by the database's lexical rules, as a filter is, and refused if it could
     * change the statement around it (a comment, a {@code ;}, unbalanced parentheses or quotes, a
     * {@code ?} placeholder); its targets ({@code a = 1}, {@code "b" = 2}, {@code t.c = 3},
     * {@code (d, e) = (4, 5)}) are matched against the table's columns, a quoted name exactly, a
     * plain one ignoring case. A list that assigns a column of this scan's {@link #order()}, or a
     * column a generated key column is computed from (as the catalog tells it: PostgreSQL's
     * dependencies, the generation expression on MariaDB, MySQL and H2; on SQLite, whose catalog
     * does not say from what, any column), is refused: a chunked update that moves rows along the
     * walk would meet them again, or miss them. Then the database checks it: {@code UPDATE <table> SET <list> WHERE 1 = 0}, in a
     * transaction that is rolled back, on a connection opened and closed here.
     *
     * @throws IllegalArgumentException when the list cannot be read, assigns something that is not
     *     a column of the table, assigns a key column, or is rejected by the database
     * @throws ChunkwiseException when the database cannot be reached
     */
    public SetClause setClause(String assignments) {
        Objects.requireNonNull(assignments, "assignments");
        if (assignments.isBlank()) {
            throw new IllegalArgumentException("the SET list is blank");
        }
        String what = "the SET list '" + assignments + "'";
        SetList.Checked checked =
                SetList.check(assignments, plan().dialect().syntax(), plan().tableColumns(), what, run.sourceName());
        List<String> keys = new ArrayList<>();
        order.forEach(sortKey -> keys.add(sortKey.column()));
        try (Connection connection = run.source().open()) {
            // a key column computed from other columns moves when they do: they count as keys too
            Map<String, String> keyOf = new LinkedHashMap<>();
            for (String key : keys) {
                for (String source :
                        GeneratedColumns.sources(connection, plan().dialect(), table, key, plan().tableColumns())) {
                    keyOf.putIfAbsent(source, key);
                }
            }
            List<String> assignedKeys = checked.columns().stream()
                    .filter(keyOf::containsKey)
                    .distinct()
                    .toList();
            if (!assignedKeys.isEmpty()) {
                String column = assignedKeys.get(0);
                String assigned = column.equals(keyOf.get(column))
                        ? "the key column " + String.join(", ", assignedKeys)
                        : "the column " + column + ", from which the generated key column " + keyOf.get(column)
                                + " is computed,";
                throw new IllegalArgumentException(what + " assigns " + assigned + " and the walk is ordered by " + keys
                        + ": changing it would move rows ahead of the walk");
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE " + plan().source() + " SET " + checked.sql() + " WHERE 1 = 0");
            } catch (SQLException failure) {
                if (Failures.isBadInput(plan().dialect(), failure)) {
                    throw new IllegalArgumentException(
                            what + " is rejected by the database: " + failure.getMessage(), failure);
                }
                throw failure;
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot check " + what + " on " + run.sourceName() + ": " + failure.getMessage(), failure);
        }
        return new SetClause(checked.sql(), checked.columns());
    }

    /**
     * The database's cheap estimate of the number of rows in the table (ignoring the filter):
     * PostgreSQL's {@code pg_class.reltuples}, MySQL's and MariaDB's
     * {@code information_schema.TABLES.TABLE_ROWS}, H2's {@code ROW_COUNT_ESTIMATE}, and a
     * {@code count(*)} elsewhere. Empty when the database has no estimate (a table never analysed).
     * {@link #estimatedMatchingRows()} estimates the rows this scan delivers, its filter applied.
     * Opens and closes one connection.
     */
    public OptionalLong estimatedRowCount() {
        try (Connection connection = run.source().open()) {
            return Statistics.estimateRows(connection, plan().dialect(), table);
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot estimate the row count of " + run.sourceName() + ": " + failure.getMessage(), failure);
        }
    }

    /**
     * How many rows this scan is expected to deliver: its filter and bounds (a scan started after
     * a position counts the rows after it), estimated by the database's query planner where its
     * EXPLAIN carries an estimate, counted exactly elsewhere:
     * <pre>{@code EXPLAIN (FORMAT JSON) SELECT 1 FROM <table> WHERE <condition()>}</pre>
     * (PostgreSQL, the top node's {@code "Plan Rows"}; MariaDB and MySQL: {@code EXPLAIN}, the
     * {@code rows} times {@code filtered / 100} of the table read), and
     * {@code SELECT COUNT(*) FROM <table> WHERE <condition()>} on H2, SQLite and others. The filter's
     * parameters are bound. Opens and closes one connection.
     */
    public RowEstimate estimatedMatchingRows() {
        SqlCondition matching = condition();
        try (Connection connection = run.source().open()) {
            OptionalLong planned = QueryPlans.plannedRows(
                    connection,
                    plan().dialect(),
                    "SELECT 1 FROM " + plan().source() + " WHERE " + matching.sql(),
                    matching.parameters());
            if (planned.isPresent()) {
                return new RowEstimate(Math.max(0, planned.getAsLong()), RowEstimate.Source.PLANNER);
            }
            return new RowEstimate(
                    Statistics.countRows(connection, plan().source(), matching.sql(), matching.parameters()),
                    RowEstimate.Source.COUNT);
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot estimate the matching rows of " + run.sourceName() + ": " + failure.getMessage(), failure);
        }
    }

    /**
     * The database's plan for one of this scan's queries, such as {@link #firstChunkQuery()} or
     * {@link #chunkQueryAfter(Position)}, with its parameters bound: PostgreSQL, MariaDB, MySQL and
     * H2 {@code EXPLAIN <sql>}, SQLite {@code EXPLAIN QUERY PLAN <sql>}; nothing is run. The plan
     * tells whether the query is an index range ({@link QueryPlan#indexRange()}), and if not, which
     * sort or full scan it does instead. Where this library does not read the database's plan (SQL
     * Server, Oracle), the plan is empty. Opens and closes one connection.
     *
     * @throws IllegalArgumentException when the database rejects the query
     */
    public QueryPlan explain(SqlCondition query) {
        Objects.requireNonNull(query, "query");
        try (Connection connection = run.source().open()) {
            QueryPlans.Explained explained =
                    QueryPlans.explain(connection, plan().dialect(), query.sql(), query.parameters());
            return new QueryPlan(query.sql(), explained.lines(), explained.fullScans());
        } catch (SQLException failure) {
            if (Failures.isBadInput(plan().dialect(), failure)) {
                throw new IllegalArgumentException(
                        "the database cannot EXPLAIN " + query.sql() + ": " + failure.getMessage(), failure);
            }
            throw new ChunkwiseException(
                    "cannot EXPLAIN a chunk query of " + run.sourceName() + ": " + failure.getMessage(), failure);
        }
    }

    /**
     * The index whose range every chunk query of this scan reads, as a statement to create it: the
     * order's columns, tie-breaker included, each in the direction the order needs (and its NULLs
     * placement where the database's indexes take one and it differs from the default):
     * <pre>{@code CREATE INDEX orders_customer_id_id_idx ON "orders" ("customer_id" DESC, "id" DESC)}</pre>
     * A database reads an index backwards as well, so the reverse of a scan needs the same index.
     * Nothing is run; the statement may name an index that exists (the primary key, for a scan
     * ordered by it).
     */
    public String indexForOrder() {
        Dialect dialect = plan().dialect();
        StringBuilder name = new StringBuilder(table.name());
        List<String> terms = new ArrayList<>();
        for (SortKey key : order) {
            name.append('_').append(key.column());
            StringBuilder term = new StringBuilder(dialect.quote(key.column()));
            if (key.direction() == SortKey.Direction.DESC) {
                term.append(" DESC");
            }
            boolean nullsFirst = key.nulls() == SortKey.Nulls.FIRST;
            if (dialect.indexNullsPlacement()
                    && key.nulls() != SortKey.Nulls.DEFAULT
                    && nullsFirst != dialect.defaultNullsFirst(key.direction() == SortKey.Direction.DESC)) {
                term.append(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
            }
            terms.add(term.toString());
        }
        String indexName = name.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        indexName = (indexName.length() > 59 ? indexName.substring(0, 59) : indexName) + "_idx";
        return "CREATE INDEX " + indexName + " ON " + plan().source() + " (" + String.join(", ", terms) + ")";
    }

    /**
     * The table or view as this scan's statements name it: resolved against the catalog and
     * quoted, schema-qualified when the scan was given a schema, for the caller's own statement
     * over the same table: {@code UPDATE <quotedSource()> SET ... WHERE <range(first, last)>}.
     */
    public String quotedSource() {
        return plan().source();
    }

    /**
     * The chunk query that continues after {@code after}, with its bind values in order, for
     * example to show the database's plan for it ({@code EXPLAIN <sql>}). Running it is what a
     * run of this scan does for the chunk after that position:
     * <pre>{@code SELECT <columns> FROM <table> WHERE (<filter>) AND <key after ?> ORDER BY <keys> LIMIT <chunk size>}</pre>
     *
     * @throws IllegalArgumentException if the position belongs to another scan
     */
    public SqlCondition chunkQueryAfter(Position after) {
        List<Object> values = check(after).values();
        ScanPlan.Statement query = plan().chunkQuery(
                        plan().segmentOf(values),
                        values,
                        false,
                        run.bounds().stop(),
                        run.bounds().stopInclusive(),
                        plan().statementLimit(chunkSize()));
        return new SqlCondition(query.sql(), query.binds());
    }

    /** The total order of this scan: the declared sort keys, then any tie-breaker, NULLs rules resolved. */
    public List<SortKey> order() {
        return order;
    }

    /**
     * The columns this scan selects, in the order its mapper sees them (the columns given to
     * {@code columns(...)}, or every column of the table), as the driver describes them. Rows may
     * hold more columns after these: key columns that were not selected, and expressions that read
     * a key exactly.
     */
    public List<ScanColumn> columns() {
        return columns;
    }

    /**
     * The number of rows per chunk: the first chunk's when the size adapts to a target time (with
     * {@link Builder#chunkTime}, or by default for the row consumers; see {@link Builder#chunkSize}).
     */
    public int chunkSize() {
        return run.settings().chunkSize();
    }

    /** The SQL of the first chunk query, with {@code ?} for bind values. */
    public String firstChunkSql() {
        return firstChunkQuery().sql();
    }

    /**
     * The first chunk query with its bind values in order (the filter's parameters, then the
     * start position's key values if the scan starts after one), as a run sends it:
     * <pre>{@code SELECT <columns> FROM <table> WHERE (<filter>) ORDER BY <keys> LIMIT <chunk size>}</pre>
     */
    public SqlCondition firstChunkQuery() {
        List<Object> start = run.bounds().start();
        int segment = start == null ? 0 : plan().segmentOf(start);
        ScanPlan.Statement query = plan().chunkQuery(
                        segment,
                        start,
                        run.bounds().startInclusive(),
                        run.bounds().stop(),
                        run.bounds().stopInclusive(),
                        plan().statementLimit(chunkSize()));
        return new SqlCondition(query.sql(), query.binds());
    }

    /**
     * The SQL of a following chunk query, the one almost every chunk runs, with {@code ?} for
     * bind values (for a position whose key values are all non-NULL).
     */
    public String nextChunkSql() {
        List<Object> sample = Collections.nCopies(plan().keys().size(), "?");
        return plan().chunkQuery(
                        plan().segmentOf(sample),
                        sample,
                        false,
                        run.bounds().stop(),
                        run.bounds().stopInclusive(),
                        plan().statementLimit(chunkSize()))
                .sql();
    }

    @Override
    public String toString() {
        return "Scan[" + run.sourceName() + " order by " + order + ", chunk size " + chunkSize() + "]";
    }

    /** This scan with every chunk in a REPEATABLE READ transaction that imports {@code snapshotId}. */
    Scan<T> withImportedSnapshot(String snapshotId) {
        return new Scan<>(run.withImportedSnapshot(snapshotId), table, order, columns);
    }

    /** The name of the scan's database, as its dialect gives it ({@code PostgreSQL}, {@code MariaDB}, ...). */
    String databaseName() {
        return plan().dialect().name();
    }

    /** What runs of this scan run (for ParallelScan and tests in this package). */
    RunPlan<T> run() {
        return run;
    }

    private ScanPlan plan() {
        return run.plan();
    }

    private static List<Object> values(Position position) {
        return new ArrayList<>(position.values());
    }

    private Position check(Position position) {
        Objects.requireNonNull(position, "position");
        if (position.fingerprint() != run.fingerprint()) {
            throw new IllegalArgumentException("the position belongs to a different scan: it was made for another "
                    + "table, filter or order than this scan of " + run.sourceName() + " ordered by " + order);
        }
        List<KeyColumn> keys = plan().keys();
        if (position.values().size() != keys.size()) {
            throw new IllegalArgumentException("the position has "
                    + position.values().size() + " key values but this scan's order has " + keys.size());
        }
        for (int i = 0; i < keys.size(); i++) {
            coerce(keys.get(i), position.values().get(i));
        }
        return position;
    }

    private static Object coerce(KeyColumn key, Object value) {
        if (value == null) {
            if (!key.nullable()) {
                throw new IllegalArgumentException("key column '" + key.name() + "' is NOT NULL, got a null value");
            }
            return null;
        }
        return key.kind().coerce(key.name(), value);
    }

    // ---- Builder -----------------------------------------------------------------------------

    /**
     * Describes a scan. Mutable and not thread-safe; {@link #build(RowMapper)} reads the catalog
     * once (on a connection it opens and closes) and returns an immutable {@link Scan}.
     */
    public static final class Builder {

        private final ConnectionSource source;
        private String schema;
        private String table;
        private List<String> columns = List.of();
        private boolean keyColumnsOnly;
        private String filter;
        private List<Object> filterParameters = List.of();
        private List<SortKey> sortKeys = List.of();
        private List<String> key = List.of();
        private int chunkSize = RunSettings.DEFAULT_CHUNK_SIZE;
        private boolean chunkSizeChosen;
        private Integer fetchSize;
        private boolean reverse;
        private Duration chunkTime;
        private int minChunkSize;
        private int maxChunkSize;
        private double pacing;
        private Duration pause = Duration.ZERO;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private boolean snapshot;
        private ScanClock clock = ScanClock.system();
        private Consumer<? super Position> checkpoint;

        private Builder(ConnectionSource source) {
            this.source = source;
        }

        /**
         * The table or view to scan. A name with a dot that is not itself a table is read as
         * {@code schema.table} (on MySQL and MariaDB, {@code database.table}).
         */
        public Builder table(String name) {
            Objects.requireNonNull(name, "table");
            if (name.isBlank()) {
                throw new IllegalArgumentException("table name is blank");
            }
            this.schema = null;
            this.table = name;
            return this;
        }

        /** The table or view to scan, in the given schema (on MySQL and MariaDB, database). */
        public Builder table(String schema, String name) {
            table(name);
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * The columns to select, in this order (default: every column of the table, in catalog
         * order). Key columns not listed are selected after them.
         */
        public Builder columns(String... names) {
            List<String> list = List.of(names);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("columns() needs at least one column");
            }
            this.columns = list;
            this.keyColumnsOnly = false;
            return this;
        }

        /**
         * Selects the columns of the total order only (the sort columns and the tie-breaker the
         * build appends), in that order: what a write path needs to bound its statements by key
         * ranges ({@link Scan#range}), read with the fewest bytes. Replaces {@link #columns}.
         */
        public Builder keyColumnsOnly() {
            this.keyColumnsOnly = true;
            this.columns = List.of();
            return this;
        }

        /**
         * A filter: SQL with {@code ?} bind parameters, kept as written and always parenthesised,
         * so a top-level OR stays inside it: {@code WHERE (<sql>) AND <seek>}. When the scan is
         * built, the filter is read by the database's own lexical rules (string literals, quoted
         * identifiers, comments, including MariaDB's {@code #} and backslash escapes and
         * PostgreSQL's dollar quotes and {@code E''} strings) and refused if it could leave those
         * parentheses or change the statement around it: a comment, unbalanced parentheses or
         * quotes, a {@code ;}, or a number of {@code ?} placeholders other than the parameters
         * given. On PostgreSQL a filter without parameters may use the jsonb operators {@code ?},
         * {@code ?|} and {@code ?&} as they are; with parameters, write them {@code ??} (pgjdbc).
         */
        public Builder where(String sql, Object... parameters) {
            Objects.requireNonNull(sql, "sql");
            if (sql.isBlank()) {
                throw new IllegalArgumentException("filter SQL is blank");
            }
            this.filter = sql;
            this.filterParameters = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(parameters)));
            return this;
        }

        /** The order: sort keys, most significant first. */
        public Builder orderBy(SortKey... keys) {
            return orderBy(List.of(keys));
        }

        /** The order: sort keys, most significant first. */
        public Builder orderBy(List<SortKey> keys) {
            this.sortKeys = List.copyOf(keys);
            return this;
        }

        /**
         * The order as text: comma-separated {@code column [asc|desc] [nulls first|nulls last]}.
         *
         * @throws ScanDefinitionException (part {@code ORDER}) naming a term that does not parse
         */
        public Builder orderBy(String specification) {
            List<SortKey> keys;
            try {
                keys = SortKey.parseList(specification);
            } catch (IllegalArgumentException malformed) {
                throw new ScanDefinitionException(
                        ScanDefinitionException.Part.ORDER, malformed, malformed.getMessage());
            }
            return orderBy(keys);
        }

        /**
         * The unique key to use as tie-breaker, for a view or a table without a primary key. The
         * catalog cannot confirm it, so runs check it: each chunk query reads one row past the
         * chunk ({@code LIMIT n + 1}, the extra row not delivered), and a run that meets the same
         * key values twice in a row, within a chunk or across its end, fails with a
         * {@link ChunkwiseException} naming the key and the positions instead of skipping rows.
         */
        public Builder key(String... columnNames) {
            List<String> list = List.of(columnNames);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("key() needs at least one column");
            }
            this.key = list;
            return this;
        }

        /**
         * Rows per chunk, every chunk, for every way of running the scan. Without this call and
         * without {@link #chunkTime}, the default depends on how the rows are consumed:
         * <ul>
         *   <li>{@link Scan#forEachChunk}, {@link Scan#forEachChunkWhile} and
         *       {@link Scan#forEachChunkInTransaction} hold a whole chunk in memory (and, for the
         *       last, a transaction open while the handler runs), so they keep a row bound: 1000 rows;
         *   <li>{@link Scan#stream}, {@link Scan#iterator} and {@link Scan#forEach} (and the
         *       {@link ParallelScan} runs built on them) stream the rows of a chunk, so memory does
         *       not grow with it. On MariaDB and MySQL their chunks adapt to a target time of 500 ms
         *       (pt-online-schema-change's {@code --chunk-time}), starting at 1000 rows, doubling at
         *       most per chunk, between 1000 and 1,000,000 rows
         *       ({@code chunkTime(Duration.ofMillis(500), 1000, 1_000_000)}): there every statement
         *       boundary drains the server's send pipeline, and on a quiet machine 1000-row chunks
         *       ran at 0.60-0.65 of a streaming cursor, time-targeted chunks at 0.90-0.93 (BENCHMARKS.md).
         *       On PostgreSQL they keep 1000 rows: each such chunk is one fetch, and larger chunks,
         *       fetched 1000 rows at a time through a portal, measured slower (0.86-0.93 of the
         *       cursor against 0.96-1.05). H2 and SQLite (where the library cannot tell whether the
         *       driver holds a result) and the databases not measured keep 1000 rows too.
         * </ul>
         * The checkpoint hook and the positions work the same with either; a time-targeted chunk
         * only makes the checkpoints of a row consumer rarer (one per chunk, about 500 ms of work).
         */
        public Builder chunkSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunk size must be at least 1, got " + rows);
            }
            this.chunkSize = rows;
            this.chunkSizeChosen = true;
            return this;
        }

        /**
         * Rows the driver fetches at a time inside a chunk. Default: the chunk size, at most 1000
         * (pgjdbc, where each fetch is a round trip) or at most 100 (MariaDB Connector/J, where the
         * server sends the whole chunk at once and a small fetch size lets rows be handed over
         * while the rest still arrive).
         */
        public Builder fetchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("fetch size must be at least 1, got " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * Adapts the chunk size to a target time per chunk: the size follows a smoothed
         * rows-per-second estimate, within {@code [minRows, maxRows]}, starting from
         * {@link #chunkSize(int)} (clamped to the bounds; 1000 if it is not set). Growth is at
         * most doubling per chunk; a slower chunk shrinks the next one at once. The chunk's time is
         * measured from its first statement to its last row handed over, the caller's work on its
         * rows included. Applies to every way of running the scan (see {@link #chunkSize(int)} for
         * the default without it).
         */
        public Builder chunkTime(Duration target, int minRows, int maxRows) {
            Objects.requireNonNull(target, "target");
            if (target.isZero() || target.isNegative()) {
                throw new IllegalArgumentException("target time per chunk must be positive, got " + target);
            }
            if (minRows < 1 || maxRows < minRows) {
                throw new IllegalArgumentException("need 1 <= minRows <= maxRows, got " + minRows + " and " + maxRows);
            }
            this.chunkTime = target;
            this.minChunkSize = minRows;
            this.maxChunkSize = maxRows;
            return this;
        }

        /**
         * Pauses between chunks for {@code factor} times the last chunk's time (0, the default,
         * for no pause): 1.0 leaves the database idle half the time, for gentle backfills.
         */
        public Builder pace(double factor) {
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("pacing factor must be 0 or more, got " + factor);
            }
            this.pacing = factor;
            return this;
        }

        /**
         * Pauses a fixed time between chunks (none by default), added to {@link #pace(double)}'s
         * pause: for a job that must leave a busy database alone between its transactions.
         */
        public Builder pause(Duration between) {
            Objects.requireNonNull(between, "between");
            if (between.isNegative()) {
                throw new IllegalArgumentException("pause between chunks must not be negative, got " + between);
            }
            this.pause = between;
            return this;
        }

        /** How transient failures are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retry(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Runs each scan inside one REPEATABLE READ, read-only transaction, so that it sees one
         * consistent snapshot and no concurrent write. The trade-off: that transaction lives as
         * long as the run (on PostgreSQL it holds back vacuum), and a lost connection cannot be
         * retried, because a new connection would see another snapshot. A {@link Scan#parallel(int)}
         * run of such a scan shares one snapshot between its workers on PostgreSQL, where each
         * chunk imports it and a lost connection is retried ({@link ParallelScan#snapshot()}), and is
         * refused on other databases.
         */
        public Builder snapshot() {
            this.snapshot = true;
            return this;
        }

        /** The time source for chunk timing, adaptive sizes, backoff and pacing (default: the system's). */
        public Builder clock(ScanClock scanClock) {
            this.clock = Objects.requireNonNull(scanClock, "clock");
            return this;
        }

        /**
         * A hook that receives the position after each chunk the caller has processed: in
         * {@link Scan#forEachChunk} after the action returned, in
         * {@link Scan#forEachChunkInTransaction} after the commit, and row by row when the caller
         * moves past a chunk's last row. Saving it gives at-least-once processing after a crash.
         * Called on the consuming thread.
         */
        public Builder onCheckpoint(Consumer<? super Position> hook) {
            this.checkpoint = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Walks the order backwards: every key's direction and NULLs placement flipped. Calling it
         * again changes nothing more.
         */
        public Builder reverse() {
            this.reverse = true;
            return this;
        }

        /**
         * Reads the catalog and returns the scan. The connection used is closed before returning.
         *
         * @throws IllegalArgumentException when the table or a column is unknown, the order is not
         *     total and no unique key can be appended, a key column's type cannot be a key, or the
         *     filter is rejected by the database; a {@link ScanDefinitionException}, which names the
         *     part that is wrong, for an unknown table or column, a column given twice, an order
         *     that cannot be made total, and a filter or order the database rejects
         * @throws ChunkwiseException when the catalog cannot be read
         */
        public <T> Scan<T> build(RowMapper<T> mapper) {
            Objects.requireNonNull(mapper, "mapper");
            if (table == null) {
                throw new IllegalArgumentException("no table: call table(name) before build()");
            }
            ScanResolver.ResolvedScan<T> resolved;
            try {
                resolved = ScanResolver.resolve(
                        new ScanResolver.Request(
                                source,
                                schema,
                                table,
                                columns,
                                keyColumnsOnly,
                                filter,
                                filterParameters,
                                sortKeys,
                                key,
                                chunkSize,
                                fetchSize,
                                reverse,
                                chunkTime,
                                minChunkSize,
                                maxChunkSize,
                                pacing,
                                pause,
                                retryPolicy,
                                snapshot,
                                clock,
                                checkpoint,
                                !chunkSizeChosen && chunkTime == null),
                        mapper);
            } catch (IllegalArgumentException refused) {
                Reporting.refused(table, refused);
                throw refused;
            }
            return new Scan<>(resolved.run(), resolved.table(), resolved.order(), resolved.columns());
        }
    }
}
