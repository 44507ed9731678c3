package dev.chunkwise;

import dev.chunkwise.internal.Catalog;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.FilterText;
import dev.chunkwise.internal.KeyColumn;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.internal.ChunkSizer;
import dev.chunkwise.internal.KeyTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
 * <p>Instances are immutable and thread-safe; each run uses its own connection and is confined
 * to the thread that consumes it.
 *
 * @param <T> the type of one mapped row
 */
public final class Scan<T> {

    private final ConnectionSource source;
    private final ScanPlan plan;
    private final RowMapper<T> mapper;
    private final Settings settings;
    private final long fingerprint;
    private final String sourceName;
    private final Catalog.Table table;
    private final List<SortKey> order;
    private final List<Object> startValues;
    private final boolean startInclusive;
    private final List<Object> stopValues;
    private final boolean stopInclusive;
    private final List<ScanColumn> columns;

    /** How runs of a scan behave: sizes, timing, retries, transactions. */
    record Settings(int chunkSize, int fetchSize, Duration chunkTime, int minChunkSize, int maxChunkSize,
            double pacing, RetryPolicy retryPolicy, boolean snapshot, ScanClock clock,
            Consumer<? super Position> checkpoint) {}

    private Scan(ConnectionSource source, ScanPlan plan, RowMapper<T> mapper, Settings settings, long fingerprint,
            Catalog.Table table, List<SortKey> order, List<ScanColumn> columns, List<Object> startValues,
            boolean startInclusive, List<Object> stopValues, boolean stopInclusive) {
        this.columns = columns;
        this.source = source;
        this.plan = plan;
        this.mapper = mapper;
        this.settings = settings;
        this.fingerprint = fingerprint;
        this.sourceName = table.displayName();
        this.table = table;
        this.order = order;
        this.startValues = startValues;
        this.startInclusive = startInclusive;
        this.stopValues = stopValues;
        this.stopInclusive = stopInclusive;
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
        return new ScanRun<>(this, false);
    }

    /**
     * Runs the scan, passing each row to {@code action}, and closes everything before returning
     * or throwing. An exception thrown by the action stops the scan and is rethrown as it is.
     *
     * @return what the run did
     */
    public ScanStatistics forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        try (ScanRun<T> run = new ScanRun<>(this, false)) {
            run.forEachRemaining(action);
            return run.statistics();
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
        try (ScanRun<T> run = new ScanRun<>(this, false)) {
            Optional<Chunk<T>> chunk = run.nextChunk();
            while (chunk.isPresent()) {
                action.accept(chunk.get());
                run.checkpoint(chunk.get().last());
                chunk = run.nextChunk();
            }
            return run.statistics();
        }
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
        if (settings.snapshot()) {
            throw new IllegalStateException("a snapshot scan holds one read-only transaction and cannot commit per "
                    + "chunk; use forEachChunk");
        }
        try (ScanRun<T> run = new ScanRun<>(this, true)) {
            Optional<Chunk<T>> chunk = run.nextChunk();
            while (chunk.isPresent()) {
                try {
                    handler.handle(chunk.get(), run.connection());
                } catch (SQLException failure) {
                    if (run.retryChunk(chunk.get(), failure)) {
                        chunk = run.nextChunk();
                        continue;
                    }
                    run.rollbackChunk(failure);
                    throw new ChunkwiseException("the chunk handler failed in scan over " + sourceName + ": "
                            + failure.getMessage(), failure, null, run.positionBeforeChunk(), chunk.get().number());
                } catch (RuntimeException | Error failure) {
                    run.rollbackChunk(failure);
                    throw failure;
                }
                if (!run.connectionAlive()) {
                    // The transaction died with its connection before the commit was sent: nothing
                    // of this chunk was committed, so it is safe to run it again.
                    SQLException lost = new SQLException("the connection was lost before the commit of chunk "
                            + chunk.get().number(), "08003");
                    if (run.retryChunk(chunk.get(), lost)) {
                        chunk = run.nextChunk();
                        continue;
                    }
                    throw new ChunkwiseException(lost.getMessage() + " in scan over " + sourceName
                            + ", and retries are exhausted; nothing of this chunk was committed", lost, null,
                            run.positionBeforeChunk(), chunk.get().number());
                }
                try {
                    run.commitChunk();
                } catch (SQLException failure) {
                    // Never retried: the server may have committed before the connection failed, and
                    // a second run of the handler would apply the chunk's writes twice.
                    run.rollbackChunk(failure);
                    throw new ChunkwiseException("the commit of chunk " + chunk.get().number() + " failed in scan over "
                            + sourceName + " and its outcome is unknown; resume from the position saved with the"
                            + " chunk's writes (CheckpointTable): " + failure.getMessage(), failure, null,
                            run.positionBeforeChunk(), chunk.get().number());
                }
                run.checkpoint(chunk.get().last());
                chunk = run.nextChunk();
            }
            return run.statistics();
        }
    }

    // ---- Bounds and positions ----------------------------------------------------------------

    /**
     * This scan, starting after {@code position} (exclusive): a run delivers exactly the rows
     * that come after it. This is how a scan resumes.
     *
     * @throws IllegalArgumentException if the position belongs to another scan
     */
    public Scan<T> startAfter(Position position) {
        return withStart(check(position), false);
    }

    /** This scan, starting at {@code position} (inclusive). */
    public Scan<T> startAt(Position position) {
        return withStart(check(position), true);
    }

    /** This scan, stopping after the row at {@code position} (inclusive). */
    public Scan<T> stopAt(Position position) {
        return withStop(check(position), true);
    }

    /** This scan, stopping before the row at {@code position} (exclusive). */
    public Scan<T> stopBefore(Position position) {
        return withStop(check(position), false);
    }

    /** This scan without start or stop bounds. */
    public Scan<T> unbounded() {
        return new Scan<>(source, plan, mapper, settings, fingerprint, table, order, columns, null, false,
                null, false);
    }

    /**
     * A position of this scan made from key values, one per key in {@link #order()} (use
     * {@code null} for a NULL of a nullable column), for example to start after a known id.
     *
     * @throws IllegalArgumentException when the count or a type does not fit the keys
     */
    public Position position(Object... keyValues) {
        Objects.requireNonNull(keyValues, "keyValues");
        List<KeyColumn> keys = plan.keys();
        if (keyValues.length != keys.size()) {
            throw new IllegalArgumentException("this scan's order has " + keys.size() + " key columns " + order
                    + ", got " + keyValues.length + " values");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i++) {
            values.add(coerce(keys.get(i), keyValues[i]));
        }
        return new Position(fingerprint, values);
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
     * The condition that selects exactly this scan's rows from {@code first} to {@code last},
     * both inclusive, for the caller's own statement over the same table; with a chunk's
     * positions it bounds an {@code UPDATE} or {@code DELETE} to that chunk by key range:
     * <pre>{@code (<filter>) AND <key at or after first> AND <key at or before last>}</pre>
     *
     * @throws IllegalArgumentException if a position belongs to another scan
     */
    public SqlCondition range(Position first, Position last) {
        ScanPlan.Statement condition = plan.rangeCondition(check(first).values(), check(last).values());
        return new SqlCondition(condition.sql(), condition.binds());
    }

    /**
     * Checks the SET list of the caller's own {@code UPDATE} of this scan's table and tells the
     * columns it assigns: {@code UPDATE <quotedSource()> SET <sql> WHERE <range(first, last)>}.
     * The list is read by the database's lexical rules, as a filter is, and refused if it could
     * change the statement around it (a comment, a {@code ;}, unbalanced parentheses or quotes, a
     * {@code ?} placeholder); its targets ({@code a = 1}, {@code "b" = 2}, {@code t.c = 3},
     * {@code (d, e) = (4, 5)}) are matched against the table's columns, a quoted name exactly, a
     * plain one ignoring case. A caller that must not move rows along the walk compares
     * {@link SetClause#columns()} with {@link #order()}.
     *
     * @throws IllegalArgumentException when the list cannot be read or assigns something that is
     *     not a column of the table
     */
    public SetClause setClause(String assignments) {
        Objects.requireNonNull(assignments, "assignments");
        if (assignments.isBlank()) {
            throw new IllegalArgumentException("the SET list is blank");
        }
        dev.chunkwise.internal.SetList.Checked checked = dev.chunkwise.internal.SetList.check(assignments,
                plan.dialect().syntax(), plan.tableColumns(), "the SET list '" + assignments + "'", sourceName);
        return new SetClause(checked.sql(), checked.columns());
    }

    /**
     * The database's cheap estimate of the number of rows in the table (ignoring the filter):
     * PostgreSQL's {@code pg_class.reltuples}, MySQL's and MariaDB's
     * {@code information_schema.TABLES.TABLE_ROWS}, H2's {@code ROW_COUNT_ESTIMATE}, and a
     * {@code count(*)} elsewhere. Empty when the database has no estimate (a table never analysed).
     * Opens and closes one connection.
     */
    public java.util.OptionalLong estimatedRowCount() {
        try (Connection connection = source.open()) {
            return dev.chunkwise.internal.Statistics.estimateRows(connection, plan.dialect(), table);
        } catch (SQLException failure) {
            throw new ChunkwiseException("cannot estimate the row count of " + sourceName + ": "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * The table or view as this scan's statements name it: resolved against the catalog and
     * quoted, schema-qualified when the scan was given a schema, for the caller's own statement
     * over the same table: {@code UPDATE <quotedSource()> SET ... WHERE <range(first, last)>}.
     */
    public String quotedSource() {
        return plan.source();
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
        ScanPlan.Statement query = plan.chunkQuery(plan.segmentOf(values), values, false, stopValues, stopInclusive,
                plan.statementLimit(settings.chunkSize()));
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

    /** The number of rows per chunk (the first chunk's, when the size adapts to a target time). */
    public int chunkSize() {
        return settings.chunkSize();
    }

    /** The SQL of the first chunk query, with {@code ?} for bind values. */
    public String firstChunkSql() {
        List<Object> start = startValues;
        int segment = start == null ? 0 : plan.segmentOf(start);
        return plan.chunkQuery(segment, start, startInclusive, stopValues, stopInclusive,
                plan.statementLimit(settings.chunkSize())).sql();
    }

    /**
     * The SQL of a following chunk query, the one almost every chunk runs, with {@code ?} for
     * bind values (for a position whose key values are all non-NULL).
     */
    public String nextChunkSql() {
        List<Object> sample = Collections.nCopies(plan.keys().size(), "?");
        return plan.chunkQuery(plan.segmentOf(sample), sample, false, stopValues, stopInclusive,
                plan.statementLimit(settings.chunkSize())).sql();
    }

    @Override
    public String toString() {
        return "Scan[" + sourceName + " order by " + order + ", chunk size " + settings.chunkSize() + "]";
    }

    // ---- Package-private access for ScanRun ---------------------------------------------------

    ConnectionSource source() {
        return source;
    }

    ScanPlan plan() {
        return plan;
    }

    RowMapper<T> mapper() {
        return mapper;
    }

    int fetchSize() {
        return settings.fetchSize();
    }

    ScanClock clock() {
        return settings.clock();
    }

    /** Whether every chunk fits in one fetch, so that the driver never needs a cursor to stream it. */
    boolean chunkFitsOneFetch() {
        int largestChunk = settings.chunkTime() == null ? settings.chunkSize() : settings.maxChunkSize();
        return largestChunk <= settings.fetchSize();
    }

    RetryPolicy retryPolicy() {
        return settings.retryPolicy();
    }

    boolean snapshot() {
        return settings.snapshot();
    }

    double pacing() {
        return settings.pacing();
    }

    ChunkSizer newSizer() {
        if (settings.chunkTime() == null) {
            return ChunkSizer.fixed(settings.chunkSize());
        }
        return ChunkSizer.adaptive(settings.chunkTime().toNanos(), settings.minChunkSize(), settings.maxChunkSize(),
                settings.chunkSize());
    }

    void checkpoint(Position position) {
        if (settings.checkpoint() != null) {
            settings.checkpoint().accept(position);
        }
    }

    String sourceName() {
        return sourceName;
    }

    List<Object> startValues() {
        return startValues;
    }

    boolean startInclusive() {
        return startInclusive;
    }

    List<Object> stopValues() {
        return stopValues;
    }

    boolean stopInclusive() {
        return stopInclusive;
    }

    Position newPosition(Object[] keyValues) {
        return new Position(fingerprint, Arrays.asList(keyValues));
    }

    private Position check(Position position) {
        Objects.requireNonNull(position, "position");
        if (position.fingerprint() != fingerprint) {
            throw new IllegalArgumentException("the position belongs to a different scan: it was made for another "
                    + "table, filter or order than this scan of " + sourceName + " ordered by " + order);
        }
        if (position.values().size() != plan.keys().size()) {
            throw new IllegalArgumentException("the position has " + position.values().size()
                    + " key values but this scan's order has " + plan.keys().size());
        }
        for (int i = 0; i < plan.keys().size(); i++) {
            coerce(plan.keys().get(i), position.values().get(i));
        }
        return position;
    }

    private Scan<T> withStart(Position position, boolean inclusive) {
        return new Scan<>(source, plan, mapper, settings, fingerprint, table, order, columns,
                new ArrayList<>(position.values()), inclusive, stopValues, stopInclusive);
    }

    private Scan<T> withStop(Position position, boolean inclusive) {
        return new Scan<>(source, plan, mapper, settings, fingerprint, table, order, columns, startValues,
                startInclusive, new ArrayList<>(position.values()), inclusive);
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
        private String filter;
        private List<Object> filterParameters = List.of();
        private List<SortKey> sortKeys = List.of();
        private List<String> key = List.of();
        private int chunkSize = 1000;
        private Integer fetchSize;
        private boolean reverse;
        private Duration chunkTime;
        private int minChunkSize;
        private int maxChunkSize;
        private double pacing;
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
         * @throws IllegalArgumentException naming a term that does not parse
         */
        public Builder orderBy(String specification) {
            return orderBy(SortKey.parseList(specification));
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

        /** Rows per chunk (default 1000). */
        public Builder chunkSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunk size must be at least 1, got " + rows);
            }
            this.chunkSize = rows;
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
         * {@link #chunkSize(int)} (clamped to the bounds). Growth is at most doubling per chunk.
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

        /** How transient failures are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retry(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Runs each scan inside one REPEATABLE READ, read-only transaction, so that it sees one
         * consistent snapshot and no concurrent write. The trade-off: that transaction lives as
         * long as the run (on PostgreSQL it holds back vacuum), and a lost connection cannot be
         * retried, because a new connection would see another snapshot.
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

        /** Walks the order backwards: every key's direction and NULLs placement flipped. */
        public Builder reverse() {
            this.reverse = !reverse;
            return this;
        }

        /**
         * Reads the catalog and returns the scan. The connection used is closed before returning.
         *
         * @throws IllegalArgumentException when the table or a column is unknown, the order is not
         *     total and no unique key can be appended, a key column's type cannot be a key, or the
         *     filter is rejected by the database
         * @throws ChunkwiseException when the catalog cannot be read
         */
        public <T> Scan<T> build(RowMapper<T> mapper) {
            Objects.requireNonNull(mapper, "mapper");
            if (table == null) {
                throw new IllegalArgumentException("no table: call table(name) before build()");
            }
            try (Connection connection = source.open()) {
                return resolve(connection, mapper);
            } catch (SQLException failure) {
                throw new ChunkwiseException("cannot read the catalog for table '" + table + "': "
                        + failure.getMessage(), failure);
            }
        }

        private <T> Scan<T> resolve(Connection connection, RowMapper<T> mapper) throws SQLException {
            DatabaseMetaData metaData = connection.getMetaData();
            Dialect dialect = Dialect.detect(metaData).forSession(connection);
            String renderedFilter = filter == null ? null
                    : FilterText.checked(filter, dialect.syntax(), filterParameters.size(), "the filter '" + filter + "'");
            Catalog catalog = new Catalog(metaData, dialect, connection.getCatalog(), currentSchema(connection));
            Catalog.Table found = findTable(catalog);
            List<Catalog.Column> tableColumns = catalog.columns(found);
            List<Catalog.UniqueKey> uniqueKeys = catalog.uniqueKeys(found, tableColumns);
            Map<String, Catalog.Column> byName = new HashMap<>();
            for (Catalog.Column column : tableColumns) {
                byName.put(column.name(), column);
            }
            String where = " in " + found.displayName();

            List<String> selected = new ArrayList<>();
            if (columns.isEmpty()) {
                tableColumns.forEach(column -> selected.add(column.name()));
            } else {
                for (String column : columns) {
                    String name = Catalog.match(column, byName.keySet(), "column", where);
                    if (selected.contains(name)) {
                        throw new IllegalArgumentException("column '" + name + "' is selected twice");
                    }
                    selected.add(name);
                }
            }

            List<SortKey> resolvedOrder = new ArrayList<>();
            Set<String> ordered = new LinkedHashSet<>();
            for (SortKey sortKey : sortKeys) {
                String name = Catalog.match(sortKey.column(), byName.keySet(), "column", where);
                if (!ordered.add(name)) {
                    throw new IllegalArgumentException("column '" + name + "' appears twice in the order");
                }
                resolvedOrder.add(new SortKey(name, sortKey.direction(), sortKey.nulls()));
            }
            // the tie-breaker runs in the direction of the last sort key, so that an index on
            // (sort columns, key) serves a descending order by a backward scan, without a sort
            SortKey.Direction tieDirection = resolvedOrder.isEmpty() ? SortKey.Direction.ASC
                    : resolvedOrder.get(resolvedOrder.size() - 1).direction();
            for (String name : tieBreaker(uniqueKeys, found, byName, ordered)) {
                if (ordered.add(name)) {
                    resolvedOrder.add(new SortKey(name, tieDirection, SortKey.Nulls.DEFAULT));
                }
            }

            List<KeyColumn> keys = new ArrayList<>();
            List<SortKey> finalOrder = new ArrayList<>();
            List<String> selectList = new ArrayList<>();
            selected.forEach(name -> selectList.add(dialect.quote(name)));
            List<String> readExpressions = new ArrayList<>();
            long maxSortLength = catalog.maxSortLength();
            for (SortKey sortKey : resolvedOrder) {
                Catalog.Column column = byName.get(sortKey.column());
                String quoted = dialect.quote(column.name());
                boolean descending = sortKey.direction() == SortKey.Direction.DESC;
                boolean nullsFirst = sortKey.nulls() == SortKey.Nulls.DEFAULT
                        ? dialect.defaultNullsFirst(descending)
                        : sortKey.nulls() == SortKey.Nulls.FIRST;
                KeyTypes.KeyType type = KeyTypes.of(dialect, column, quoted, maxSortLength);
                if (!selectList.contains(quoted)) {
                    selectList.add(quoted);
                }
                int selectIndex = selectList.indexOf(quoted) + 1;
                if (type.readExpression() != null) {
                    // aliased, so that ORDER BY "k" does not find two output columns named k
                    readExpressions.add(type.readExpression() + " AS "
                            + dialect.quote("chunkwise_key_" + (readExpressions.size() + 1)));
                    selectIndex = -readExpressions.size();
                }
                KeyColumn keyColumn = new KeyColumn(column.name(), quoted, descending, nullsFirst, column.nullable(),
                        type.kind(), selectIndex, type.bindMarker());
                keys.add(reverse ? keyColumn.reversed() : keyColumn);
            }
            // expressions that read a key exactly come last, after every column
            for (int i = 0; i < keys.size(); i++) {
                KeyColumn keyColumn = keys.get(i);
                if (keyColumn.selectIndex() < 0) {
                    keys.set(i, new KeyColumn(keyColumn.name(), keyColumn.quoted(), keyColumn.descending(),
                            keyColumn.nullsFirst(), keyColumn.nullable(), keyColumn.kind(),
                            selectList.size() - keyColumn.selectIndex(), keyColumn.bindMarker()));
                }
            }
            selectList.addAll(readExpressions);
            for (KeyColumn keyColumn : keys) {
                finalOrder.add(new SortKey(keyColumn.name(),
                        keyColumn.descending() ? SortKey.Direction.DESC : SortKey.Direction.ASC,
                        keyColumn.nullsFirst() ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST));
            }

            String quotedSource = quotedSource(dialect, found);
            String selectSql = String.join(", ", selectList);
            ScanPlan plan = new ScanPlan(dialect, quotedSource, selectSql, renderedFilter, filterParameters, keys,
                    !key.isEmpty(), tableColumns.stream().map(Catalog.Column::name).collect(Collectors.toList()));
            String keyColumns = resolvedOrder.stream().map(sortKey -> "'" + sortKey.column() + "' ("
                    + byName.get(sortKey.column()).nativeType().declared() + ")").collect(Collectors.joining(", "));
            List<ScanColumn> described = probe(connection, dialect, plan, found, selected.size(), keyColumns);
            int fetch = fetchSize != null ? fetchSize : dialect.streaming().defaultFetchSize(chunkSize);
            long fingerprint = fingerprint(found, finalOrder);
            int firstSize = chunkTime == null ? chunkSize : Math.max(minChunkSize, Math.min(maxChunkSize, chunkSize));
            Settings settings = new Settings(firstSize, fetch, chunkTime, minChunkSize, maxChunkSize, pacing,
                    retryPolicy, snapshot, clock, checkpoint);
            return new Scan<>(source, plan, mapper, settings, fingerprint, found, List.copyOf(finalOrder), described,
                    null, false, null, false);
        }

        private Catalog.Table findTable(Catalog catalog) throws SQLException {
            if (schema != null) {
                return catalog.table(schema, table);
            }
            try {
                return catalog.table(null, table);
            } catch (IllegalArgumentException notFound) {
                int dot = table.indexOf('.');
                if (dot > 0 && dot < table.length() - 1) {
                    try {
                        return catalog.table(table.substring(0, dot), table.substring(dot + 1));
                    } catch (IllegalArgumentException alsoNotFound) {
                        throw notFound;
                    }
                }
                throw notFound;
            }
        }

        private static String currentSchema(Connection connection) {
            try {
                return connection.getSchema();
            } catch (SQLException | AbstractMethodError unsupported) {
                return null;
            }
        }

        private List<String> tieBreaker(List<Catalog.UniqueKey> uniqueKeys, Catalog.Table found,
                Map<String, Catalog.Column> byName, Set<String> ordered) {
            String where = " in " + found.displayName();
            if (!key.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (String column : key) {
                    String name = Catalog.match(column, byName.keySet(), "column", where);
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("column '" + name + "' appears twice in the key");
                    }
                    names.add(name);
                }
                return names;
            }
            for (Catalog.UniqueKey unique : uniqueKeys) {
                if (unique.usable() && !ordered.isEmpty() && ordered.containsAll(unique.columns())) {
                    return List.of();
                }
            }
            for (Catalog.UniqueKey unique : uniqueKeys) {
                if (unique.usable()) {
                    return unique.columns();
                }
            }
            String orderText = ordered.isEmpty() ? "no order was given" : "the order " + ordered
                    + " is not known to be unique";
            String candidates = uniqueKeys.isEmpty() ? "it has no primary key or unique index"
                    : "none of its unique keys makes every row unique: " + uniqueKeys.stream()
                            .map(Catalog.UniqueKey::describe).collect(Collectors.joining("; "));
            throw new IllegalArgumentException(orderText + ", and " + found.displayName()
                    + " has no primary key or unique key on NOT NULL columns to append as tie-breaker ("
                    + candidates + "); name a unique key with key(...), for example one of " + candidateColumns(byName));
        }

        private static String candidateColumns(Map<String, Catalog.Column> byName) {
            List<String> notNull = byName.values().stream().filter(column -> !column.nullable())
                    .map(Catalog.Column::name).sorted().limit(5).collect(Collectors.toList());
            return notNull.isEmpty() ? "its columns " + byName.keySet().stream().sorted().limit(5)
                    .collect(Collectors.toList()) : "the NOT NULL columns " + notNull;
        }

        private static String quotedSource(Dialect dialect, Catalog.Table found) {
            if (!found.schemaGiven()) {
                return dialect.quote(found.name());
            }
            String prefix = dialect.catalogsAsSchemas() ? found.catalog() : found.schema();
            return prefix == null ? dialect.quote(found.name()) : dialect.quote(prefix) + "." + dialect.quote(found.name());
        }

        /**
         * Runs the first chunk query and the seek of a following one with a zero limit, so that a
         * bad filter, or a key the database cannot order or compare as bound, fails now, naming
         * itself; returns the columns of the rows a run will hand out, as the driver describes them.
         */
        private List<ScanColumn> probe(Connection connection, Dialect dialect, ScanPlan plan, Catalog.Table found,
                int selectedColumns, String keyColumns) throws SQLException {
            List<ScanColumn> described = new ArrayList<>();
            try {
                ScanPlan.Statement first = plan.chunkQuery(0, null, false, null, false, 0);
                try (PreparedStatement prepared = connection.prepareStatement(first.sql())) {
                    bindProbe(prepared, first.binds());
                    try (ResultSet probed = prepared.executeQuery()) {
                        java.sql.ResultSetMetaData columns = probed.getMetaData();
                        for (int i = 1; i <= Math.min(selectedColumns, columns.getColumnCount()); i++) {
                            described.add(new ScanColumn(columns.getColumnLabel(i), columns.getColumnType(i),
                                    columns.getColumnTypeName(i), columns.getPrecision(i), columns.getScale(i)));
                        }
                        probed.next();
                    }
                } catch (SQLException failure) {
                    if (isBadInput(dialect, failure)) {
                        String what = filter == null ? "the scan query" : "the filter '" + filter + "'";
                        throw new IllegalArgumentException(what + " is rejected by the database for "
                                + found.displayName() + ": " + failure.getMessage(), failure);
                    }
                    throw failure;
                }
                ScanPlan.Statement seek = plan.seekProbe();
                try (PreparedStatement prepared = connection.prepareStatement(seek.sql())) {
                    bindProbe(prepared, seek.binds());
                    try (ResultSet probed = prepared.executeQuery()) {
                        probed.next();
                    }
                } catch (SQLException failure) {
                    if (isBadInput(dialect, failure)) {
                        throw new IllegalArgumentException("the order by " + keyColumns + " of " + found.displayName()
                                + " cannot be walked: the database rejects the comparison that continues after a"
                                + " position (" + failure.getMessage() + ")", failure);
                    }
                    throw failure;
                }
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            }
            return List.copyOf(described);
        }

        private static void bindProbe(PreparedStatement prepared, List<Object> binds) throws SQLException {
            int index = 1;
            for (Object value : binds) {
                prepared.setObject(index++, value);
            }
        }

        private static boolean isBadInput(Dialect dialect, SQLException failure) {
            String state = failure.getSQLState();
            if (state == null) {
                return dialect == Dialect.SQLITE;
            }
            return state.startsWith("42") || state.startsWith("22") || state.startsWith("07")
                    || state.startsWith("37") || state.equals("HY000") && dialect == Dialect.SQLITE;
        }

        private long fingerprint(Catalog.Table found, List<SortKey> finalOrder) {
            StringBuilder text = new StringBuilder("chunkwise-scan\n");
            text.append(found.displayName()).append('\n');
            text.append(filter == null ? "" : filter).append('\n');
            for (SortKey sortKey : finalOrder) {
                text.append(sortKey.column()).append(' ').append(sortKey.direction()).append(' ')
                        .append(sortKey.nulls()).append('\n');
            }
            return Position.fingerprintOf(text.toString());
        }
    }
}
