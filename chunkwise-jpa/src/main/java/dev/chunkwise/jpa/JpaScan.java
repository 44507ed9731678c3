package dev.chunkwise.jpa;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.SortKey;
import dev.chunkwise.internal.Bounds;
import dev.chunkwise.internal.FilterText;
import dev.chunkwise.internal.Fingerprints;
import dev.chunkwise.internal.Reporting;
import dev.chunkwise.internal.RunSettings;
import dev.chunkwise.internal.SqlSyntax;
import dev.chunkwise.jpa.internal.ChunkQueryPlan;
import dev.chunkwise.jpa.internal.EntityManagerSource;
import dev.chunkwise.jpa.internal.EntityModel;
import dev.chunkwise.jpa.internal.JpaRuns;
import dev.chunkwise.jpa.internal.KeyAttribute;
import dev.chunkwise.jpa.internal.Mappers;
import dev.chunkwise.jpa.internal.QuerySource;
import dev.chunkwise.jpa.internal.ScanDefinition;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Parameter;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A keyset ("seek") scan of an entity type over Jakarta Persistence: an immutable description of
 * which entities to read, in which total order, in chunks of which size, and what to deliver
 * (managed or detached entities, or projections). Build it once with
 * {@link #of(EntityManagerFactory, Class)}, run it as often as needed.
 *
 * <p>Each chunk is one short query that continues after the last entity read:
 * <pre>{@code SELECT e, e.title, e.id FROM Book e WHERE (<filter>) AND e.title >= :t AND (e.title > :t OR (e.title = :t AND e.id > :id)) ORDER BY e.title, e.id}</pre>
 * with {@code setMaxResults(chunkSize + 1)}: the one result past the chunk is not delivered, but
 * checked: if it has the chunk's last key values, the id is not unique in the table (an entity
 * over a view or a table that does not enforce it) and the run fails with a
 * {@link dev.chunkwise.ChunkwiseException} instead of losing the rows a chunk boundary would skip;
 * two results in a row with one key fail the same way. The order is made total when the scan is built: the id
 * ({@code @Id}, every {@code @IdClass} part or every {@code @EmbeddedId} part, by name) is
 * appended as tie-breaker unless the order already contains it. A nullable leading key is walked
 * as two ranges, its non-NULL and its NULL entities; NULLs of other nullable keys are placed by a
 * {@code CASE WHEN k IS NULL} order term.
 *
 * <p>Memory: every run uses its own {@code EntityManager} (or, through {@link #stateless()}, a
 * Hibernate {@code StatelessSession}) and clears it after every chunk, so the persistence context
 * never holds more than one chunk. Transactions: every chunk runs in its own short
 * resource-local transaction, never one for the whole walk, unless the scan was built with
 * {@link Builder#singleTransaction()}.
 *
 * <p>Positions are chunkwise-core's {@link Position} tokens; their fingerprint covers the entity
 * name, the filter (the JPQL text, or the name given to a Criteria filter) and the order, not
 * the filter's parameter values. Instances are immutable and thread-safe; each run is confined
 * to the thread that consumes it.
 *
 * @param <T> the type of one result: the entity, a DTO or a {@link Tuple}
 */
public final class JpaScan<T> {

    private final EntityManagerFactory factory;
    private final ScanDefinition<T> definition;
    private final List<SortKey> order;

    private JpaScan(EntityManagerFactory factory, ScanDefinition<T> definition, List<SortKey> order) {
        this.factory = factory;
        this.definition = definition;
        this.order = order;
    }

    /**
     * Starts describing a scan of {@code entityClass} whose runs take entity managers from
     * {@code factory} (resource-local transactions).
     *
     * @throws IllegalArgumentException when the class is not an entity of the factory's unit
     */
    public static <E> Builder<E> of(EntityManagerFactory factory, Class<E> entityClass) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(entityClass, "entityClass");
        return new Builder<>(factory, entityClass);
    }

    // ---- Running -----------------------------------------------------------------------------

    /**
     * Runs the scan a chunk at a time. Each chunk is read in its own transaction; {@code action}
     * sees the chunk's entities managed (lazy associations load inside the chunk's transaction),
     * then the transaction is rolled back (a reader writes nothing: use
     * {@link #forEachChunkInTransaction(JpaChunkHandler)} to write) and the persistence context
     * cleared. With {@link Builder#detached()} the context is cleared before {@code action} runs.
     * The chunk query loads its entities read-only (Hibernate's {@code org.hibernate.readOnly}
     * hint): the persistence context keeps no loaded-state snapshot of them for dirty checking, and
     * a change made to one is not flushed (nor would it commit: the transaction is rolled back).
     * The hint is the chunk query's: what {@code action} loads by queries of its own is loaded as
     * Hibernate loads it by default.
     * Closes everything before returning or throwing.
     *
     * @return what the run did
     * @throws dev.chunkwise.ChunkwiseException when a query fails
     */
    public ScanStatistics forEachChunk(Consumer<? super Chunk<T>> action) {
        Objects.requireNonNull(action, "action");
        return JpaRuns.forEachChunk(definition, this::openSession, action);
    }

    /** Runs the scan, passing each result to {@code action}; see {@link #forEachChunk(Consumer)}. */
    public ScanStatistics forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return forEachChunk(chunk -> chunk.rows().forEach(action));
    }

    /**
     * Runs the scan a chunk at a time, each chunk in its own transaction: begin, read the chunk,
     * call {@code handler} with the chunk's managed entities and the entity manager, flush,
     * commit, clear. The chunk's entities are ordinary managed entities, dirty-checked: a change
     * to one is written by the flush before the commit, without a call to {@code merge}. A program
     * can so update every entity of a large table with bounded memory and short transactions. If
     * the handler or the commit fails, that chunk is rolled back and the run stops with a
     * {@link dev.chunkwise.ChunkwiseException} whose {@code lastPosition()} is the end of the last
     * committed chunk: resume with {@code scan.startAfter(lastPosition)}. The same position is passed to
     * {@link Builder#onCheckpoint(Consumer)} after every commit, and is the
     * {@code lastPosition()} of the returned statistics.
     *
     * @return what the run did
     */
    public ScanStatistics forEachChunkInTransaction(JpaChunkHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return JpaRuns.<T, EntityManager>inTransaction(definition, this::openSession, handler::handle);
    }

    /**
     * Runs the scan as an iterator that the caller closes (try-with-resources); it also closes
     * itself when exhausted or failed. Each chunk is read in its own short transaction and the
     * persistence context is cleared before its results are handed out, so entities are
     * detached (and were loaded read-only, as in {@link #forEachChunk(Consumer)}): fetch what the
     * caller needs with {@link Builder#fetch(String...)}.
     */
    public ScanIterator<T> iterator() {
        return JpaRuns.iterator(definition, this::openSession);
    }

    /** Runs the scan as a lazy stream of detached results; the caller closes it. See {@link #iterator()}. */
    public Stream<T> stream() {
        return iterator().stream();
    }

    /**
     * This scan run through Hibernate {@code StatelessSession}s instead of entity managers.
     *
     * @throws IllegalArgumentException when the scan fetches collections
     */
    public StatelessScan<T> stateless() {
        return new StatelessScan<>(this);
    }

    private QuerySource openSession() {
        return new EntityManagerSource(factory.createEntityManager());
    }

    // ---- Listening ---------------------------------------------------------------------------

    /**
     * This scan, its runs told to {@code listener} (chunkwise-core's {@link ScanListener}: each
     * chunk's start and end, each retry with its cause, each run's end), stateless runs included.
     * Replaces the listener this scan had ({@link ScanListener#NONE} by default). Positions of this
     * scan stay valid.
     */
    public JpaScan<T> listener(ScanListener listener) {
        Objects.requireNonNull(listener, "listener");
        return withReporting(definition.settings().reporting().withListener(listener));
    }

    /**
     * This scan under a name, which its listener's events carry and log lines show: a constant
     * naming the job, since metrics tag their measurements with it. Not part of the fingerprint.
     *
     * @throws IllegalArgumentException when the name is blank, longer than 100 characters or holds
     *     a control character
     */
    public JpaScan<T> named(String name) {
        return withReporting(definition.settings().reporting().withScanName(Reporting.checkName(name)));
    }

    /** The name given with {@link #named(String)}, or empty. */
    public Optional<String> name() {
        return definition.settings().reporting().scanName();
    }

    private JpaScan<T> withReporting(Reporting reporting) {
        return new JpaScan<>(
                factory, definition.withSettings(definition.settings().withReporting(reporting)), order);
    }

    // ---- Bounds and positions ----------------------------------------------------------------

    /** This scan, starting after {@code position} (exclusive): how a scan resumes. */
    public JpaScan<T> startAfter(Position position) {
        return new JpaScan<>(
                factory, definition.withBounds(definition.bounds().withStart(check(position), false)), order);
    }

    /** This scan, starting at {@code position} (inclusive). */
    public JpaScan<T> startAt(Position position) {
        return new JpaScan<>(
                factory, definition.withBounds(definition.bounds().withStart(check(position), true)), order);
    }

    /** This scan, stopping after the entity at {@code position} (inclusive). */
    public JpaScan<T> stopAt(Position position) {
        return new JpaScan<>(
                factory, definition.withBounds(definition.bounds().withStop(check(position), true)), order);
    }

    /** This scan, stopping before the entity at {@code position} (exclusive). */
    public JpaScan<T> stopBefore(Position position) {
        return new JpaScan<>(
                factory, definition.withBounds(definition.bounds().withStop(check(position), false)), order);
    }

    /** This scan without start or stop bounds. */
    public JpaScan<T> unbounded() {
        return new JpaScan<>(factory, definition.withBounds(Bounds.NONE), order);
    }

    /**
     * A position of this scan from key values, one per key of {@link #order()} ({@code null} for
     * a NULL of a nullable attribute), for example to start after a known id.
     *
     * @throws IllegalArgumentException when the count or a type does not fit the keys
     */
    public Position position(Object... keyValues) {
        Objects.requireNonNull(keyValues, "keyValues");
        return Position.of(definition.fingerprint(), coerce(Arrays.asList(keyValues)));
    }

    /**
     * Reads a position token of this scan.
     *
     * @throws IllegalArgumentException when the token is malformed or belongs to another scan
     */
    public Position parsePosition(String token) {
        Position position = Position.parse(token);
        check(position);
        return position;
    }

    /** The total order: the declared keys (attribute paths), then the id tie-breaker, NULLs rules resolved. */
    public List<SortKey> order() {
        return order;
    }

    /** The number of results per chunk. */
    public int chunkSize() {
        return definition.settings().chunkSize();
    }

    /** The JPQL of a following chunk query (the one almost every chunk runs), for logs and reviews. */
    public String nextChunkJpql() {
        List<Object> sample = new ArrayList<>();
        for (KeyAttribute key : definition.plan().keys()) {
            sample.add(key.path());
        }
        return definition.plan().describe(0, sample);
    }

    @Override
    public String toString() {
        return "JpaScan[" + definition.entityName() + " order by " + order + ", chunk size " + chunkSize() + "]";
    }

    ScanDefinition<T> definition() {
        return definition;
    }

    EntityManagerFactory factory() {
        return factory;
    }

    private List<Object> check(Position position) {
        Objects.requireNonNull(position, "position");
        if (position.fingerprint() != definition.fingerprint()) {
            throw new IllegalArgumentException("the position belongs to a different scan: it was made for another "
                    + "entity, filter or order than this scan of " + definition.entityName() + " ordered by " + order);
        }
        return coerce(position.values());
    }

    private List<Object> coerce(List<?> values) {
        List<KeyAttribute> keys = definition.plan().keys();
        if (values.size() != keys.size()) {
            throw new IllegalArgumentException(
                    "this scan's order has " + keys.size() + " keys " + order + ", got " + values.size() + " values");
        }
        List<Object> coerced = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            coerced.add(keys.get(i).coerce(values.get(i)));
        }
        return coerced;
    }

    /**
     * Describes a {@link JpaScan}. Not thread-safe; the scans it builds are.
     *
     * @param <E> the entity type
     */
    public static final class Builder<E> {

        private final EntityManagerFactory factory;
        private final Class<E> entityClass;
        private final EntityModel model;
        private ChunkQueryPlan.Filter filter = new ChunkQueryPlan.NoFilter();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private String alias = "e";
        private List<SortKey> order = List.of();
        private boolean uniqueOrder;
        private int chunkSize = 1000;
        private boolean reverse;
        private final List<String> fetches = new ArrayList<>();
        private boolean detached;
        private boolean singleTransaction;
        private Consumer<? super Position> checkpoint;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private ScanClock clock = ScanClock.system();
        private Duration chunkTime;
        private int minChunkSize;
        private int maxChunkSize;

        private Builder(EntityManagerFactory factory, Class<E> entityClass) {
            this.factory = factory;
            this.entityClass = entityClass;
            this.model = EntityModel.of(factory.getMetamodel(), entityClass);
        }

        /**
         * Filters with a JPQL condition over the entity alias ({@code e} unless changed with
         * {@link #alias(String)}), with named parameters set by {@link #parameter(String, Object)},
         * for example {@code where("e.status = :status and e.price > :min")}. Always
         * parenthesised; its text enters the scan's fingerprint. Read by HQL's lexical rules, a
         * condition is refused when it could end the parentheses early or hide what follows it:
         * a comment, a {@code ;}, parentheses that do not balance, or a string or quoted
         * identifier left open.
         */
        public Builder<E> where(String jpqlCondition) {
            Objects.requireNonNull(jpqlCondition, "jpqlCondition");
            if (jpqlCondition.isBlank()) {
                throw new IllegalArgumentException("empty JPQL condition");
            }
            FilterText.condition(jpqlCondition, SqlSyntax.JPQL, "the JPQL condition '" + jpqlCondition + "'");
            this.filter = new ChunkQueryPlan.JpqlFilter(jpqlCondition, Map.of());
            return this;
        }

        /**
         * Filters with a Criteria predicate. A lambda has no text, so {@code name} stands for it
         * in the scan's fingerprint: positions of a scan are accepted by another scan only when
         * the names are equal. Give a new name when the filter's meaning changes.
         */
        public Builder<E> where(String name, CriteriaFilter<E> criteria) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(criteria, "criteria");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a Criteria filter needs a name: it stands for the filter in the "
                        + "fingerprint of the scan's positions");
            }
            this.filter = new ChunkQueryPlan.CriteriaFilterOf(name, criteria);
            return this;
        }

        /** Sets a named parameter of the JPQL condition. */
        public Builder<E> parameter(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.startsWith("chunkwise_")) {
                throw new IllegalArgumentException("parameter names starting with chunkwise_ are reserved");
            }
            parameters.put(name, value);
            return this;
        }

        /** The entity alias used in the JPQL condition (default {@code e}). */
        public Builder<E> alias(String entityAlias) {
            Objects.requireNonNull(entityAlias, "entityAlias");
            if (!entityAlias.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("bad entity alias '" + entityAlias + "'");
            }
            this.alias = entityAlias;
            return this;
        }

        /**
         * The order: sort keys over attribute paths (basic attributes, through embeddables),
         * most significant first. The id is appended as tie-breaker. {@link SortKey.Nulls#DEFAULT}
         * means NULLs after every value in ascending order and before them in descending order.
         */
        public Builder<E> orderBy(SortKey... keys) {
            this.order = List.of(keys);
            return this;
        }

        /** The order from a specification, for example {@code "title, published desc nulls last"}. */
        public Builder<E> orderBy(String specification) {
            this.order = SortKey.parseList(specification);
            return this;
        }

        /**
         * Declares that the order is unique by itself: the id is not appended. Checked when the
         * scan is built: the order must contain every id attribute or a non-null attribute
         * declared {@code @Column(unique = true)}; otherwise the build fails naming the candidates.
         */
        public Builder<E> uniqueOrder() {
            this.uniqueOrder = true;
            return this;
        }

        /** Results per chunk (default 1000). */
        public Builder<E> chunkSize(int results) {
            if (results < 1) {
                throw new IllegalArgumentException("chunk size must be at least 1, got " + results);
            }
            this.chunkSize = results;
            return this;
        }

        /**
         * Adapts the chunk size to a target time per chunk: the size follows a smoothed
         * results-per-second estimate, within {@code [minResults, maxResults]}, starting from
         * {@link #chunkSize(int)} (clamped to the bounds). Growth is at most doubling per chunk.
         * The time of a chunk is that of its query and its collection fetches, not the caller's.
         */
        public Builder<E> chunkTime(Duration target, int minResults, int maxResults) {
            Objects.requireNonNull(target, "target");
            if (target.isZero() || target.isNegative()) {
                throw new IllegalArgumentException("target time per chunk must be positive, got " + target);
            }
            if (minResults < 1 || maxResults < minResults) {
                throw new IllegalArgumentException(
                        "need 1 <= minResults <= maxResults, got " + minResults + " and " + maxResults);
            }
            this.chunkTime = target;
            this.minChunkSize = minResults;
            this.maxChunkSize = maxResults;
            return this;
        }

        /**
         * How transient failures (a lost connection, a deadlock, a serialization failure, a lock
         * wait timeout, found anywhere in the provider's chain of causes) are retried: the chunk is
         * read again on a fresh entity manager from the last position read, after a backoff
         * (default {@link RetryPolicy#defaults()}). In {@link #forEachChunkInTransaction} a chunk is
         * run again, handler included, only when it failed before its commit; a failed commit is
         * never retried. A {@link #singleTransaction()} run is never retried.
         */
        public Builder<E> retry(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The time source for chunk timing, adaptive sizes and retry backoff (default: the system's). */
        public Builder<E> clock(ScanClock scanClock) {
            this.clock = Objects.requireNonNull(scanClock, "clock");
            return this;
        }

        /** Walks the order backwards: every key's direction and NULLs placement flipped. */
        public Builder<E> reverse() {
            this.reverse = true;
            return this;
        }

        /**
         * Fetches associations with every chunk, without N+1 queries: a single-valued association
         * ({@code @ManyToOne}, {@code @OneToOne}) is join-fetched in the chunk query; a collection
         * is initialized for the whole chunk by one more query per chunk,
         * {@code SELECT DISTINCT e FROM Entity e LEFT JOIN FETCH e.items WHERE e IN :chunk}
         * (a collection join-fetched in a limited query would be paginated in memory).
         */
        public Builder<E> fetch(String... associations) {
            for (String association : associations) {
                Objects.requireNonNull(association, "association");
                model.isCollectionAssociation(association);
                fetches.add(association);
            }
            return this;
        }

        /** Hands out each chunk after the persistence context was cleared: its entities are detached. */
        public Builder<E> detached() {
            this.detached = true;
            return this;
        }

        /**
         * Runs the whole walk in one transaction instead of one transaction per chunk, whichever
         * way it is run (iterators and streams too): all-or-nothing writes, and a consistent
         * snapshot where the connection's isolation level gives one (REPEATABLE READ; not
         * PostgreSQL's default READ COMMITTED). The persistence context is still flushed and
         * cleared per chunk; the transaction, and its locks, last for the whole run, which is
         * never retried on a new connection.
         */
        public Builder<E> singleTransaction() {
            this.singleTransaction = true;
            return this;
        }

        /**
         * Called with the last position of every chunk the caller is done with: after the
         * callback of {@code forEachChunk}, after the commit of {@code forEachChunkInTransaction},
         * and, for an iterator or stream, when the caller moves past the chunk's last row.
         */
        public Builder<E> onCheckpoint(Consumer<? super Position> hook) {
            this.checkpoint = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Builds the scan of entities.
         *
         * @throws IllegalArgumentException naming the problem: an unknown attribute, an order that
         *     is not unique, a filter that does not compile, a parameter the filter lacks
         */
        public JpaScan<E> build() {
            return build(null, Mappers.entity(entityClass));
        }

        /**
         * Builds a scan of DTOs made from attribute paths by their constructor (a record's
         * canonical constructor, or the one public constructor with that many parameters). Paths
         * may go through embeddables and single-valued associations (an inner join).
         */
        public <R> JpaScan<R> select(Class<R> type, String... attributes) {
            Objects.requireNonNull(type, "type");
            List<String> projection = projection(attributes);
            return build(projection, Mappers.constructor(type, projection));
        }

        /** Builds a scan of tuples of attribute paths, each element aliased by its path. */
        public JpaScan<Tuple> selectTuple(String... attributes) {
            List<String> projection = projection(attributes);
            return build(projection, Mappers.tuple(projection));
        }

        private List<String> projection(String... attributes) {
            if (attributes.length == 0) {
                throw new IllegalArgumentException("a projection needs at least one attribute");
            }
            if (!fetches.isEmpty()) {
                throw new IllegalArgumentException("fetch " + fetches + " applies to entities, not to projections");
            }
            for (String attribute : attributes) {
                model.checkProjection(attribute);
            }
            return List.of(attributes);
        }

        /** Builds the scan; a refusal is logged at DEBUG (chunkwise-core's {@code dev.chunkwise.build}) and thrown. */
        private <T> JpaScan<T> build(List<String> projection, Function<Object[], T> mapper) {
            try {
                return resolve(projection, mapper);
            } catch (IllegalArgumentException refused) {
                Reporting.refused(model.name(), refused);
                throw refused;
            }
        }

        private <T> JpaScan<T> resolve(List<String> projection, Function<Object[], T> mapper) {
            if (!parameters.isEmpty()) {
                if (!(filter instanceof ChunkQueryPlan.JpqlFilter)) {
                    throw new IllegalArgumentException(
                            "parameters " + parameters.keySet() + " are set but the scan" + " has no JPQL condition");
                }
                filter = new ChunkQueryPlan.JpqlFilter(((ChunkQueryPlan.JpqlFilter) filter).condition(), parameters);
            }
            List<KeyAttribute> keys = new ArrayList<>();
            List<SortKey> finalOrder = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            boolean unique = false;
            for (SortKey sortKey : order) {
                EntityModel.Resolved resolved = model.resolve(sortKey.column(), "sort key");
                if (!seen.add(resolved.path())) {
                    throw new IllegalArgumentException("sort key '" + resolved.path() + "' is listed twice");
                }
                add(keys, finalOrder, resolved, sortKey.direction(), sortKey.nulls());
                unique |= resolved.declaredUnique() && !resolved.nullable();
            }
            List<EntityModel.Resolved> ids = model.idPaths();
            boolean hasId = seen.containsAll(
                    ids.stream().map(EntityModel.Resolved::path).toList());
            if (uniqueOrder) {
                if (!hasId && !unique) {
                    throw new IllegalArgumentException("the order " + order + " of entity " + model.name()
                            + " is not known to be unique: it contains neither every id attribute nor a non-null"
                            + " attribute declared @Column(unique = true); candidates: " + model.uniqueCandidates()
                            + " (or drop uniqueOrder() to append the id as tie-breaker)");
                }
            } else {
                // the id follows the direction of the last sort key, as in core: an index on
                // (sort attributes, id) then serves a descending order by a backward range scan
                SortKey.Direction tieDirection = finalOrder.isEmpty()
                        ? SortKey.Direction.ASC
                        : finalOrder.get(finalOrder.size() - 1).direction();
                for (EntityModel.Resolved id : ids) {
                    if (seen.add(id.path())) {
                        add(keys, finalOrder, id, tieDirection, SortKey.Nulls.DEFAULT);
                    }
                }
            }
            if (reverse) {
                List<KeyAttribute> reversed = new ArrayList<>();
                List<SortKey> reversedOrder = new ArrayList<>();
                for (KeyAttribute key : keys) {
                    KeyAttribute flipped = key.reversed();
                    reversed.add(flipped);
                    reversedOrder.add(sortKeyOf(flipped));
                }
                keys = reversed;
                finalOrder = reversedOrder;
            }
            List<String> joinFetches = new ArrayList<>();
            List<String> collectionFetches = new ArrayList<>();
            for (String fetch : fetches) {
                (model.isCollectionAssociation(fetch) ? collectionFetches : joinFetches).add(fetch);
            }
            ChunkQueryPlan plan =
                    new ChunkQueryPlan(entityClass, model.name(), alias, filter, keys, projection, joinFetches);
            check(plan);
            long fingerprint = fingerprint(plan, finalOrder);
            RunSettings settings = new RunSettings(
                    chunkSize,
                    chunkTime,
                    minChunkSize,
                    maxChunkSize,
                    0,
                    Duration.ZERO,
                    retryPolicy,
                    clock,
                    checkpoint,
                    false);
            ScanDefinition<T> definition = new ScanDefinition<>(
                    plan,
                    mapper,
                    fingerprint,
                    model.name(),
                    List.copyOf(collectionFetches),
                    detached,
                    singleTransaction,
                    Bounds.NONE,
                    settings);
            return new JpaScan<>(factory, definition, List.copyOf(finalOrder));
        }

        private static void add(
                List<KeyAttribute> keys,
                List<SortKey> finalOrder,
                EntityModel.Resolved resolved,
                SortKey.Direction direction,
                SortKey.Nulls nulls) {
            boolean descending = direction == SortKey.Direction.DESC;
            boolean nullsFirst = nulls == SortKey.Nulls.DEFAULT ? descending : nulls == SortKey.Nulls.FIRST;
            KeyAttribute key =
                    new KeyAttribute(resolved.path(), resolved.javaType(), resolved.nullable(), descending, nullsFirst);
            keys.add(key);
            finalOrder.add(sortKeyOf(key));
        }

        private static SortKey sortKeyOf(KeyAttribute key) {
            return new SortKey(
                    key.path(),
                    key.descending() ? SortKey.Direction.DESC : SortKey.Direction.ASC,
                    key.nullsFirst() ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST);
        }

        /** Creates (without running) the first chunk query, so that a bad filter fails now, naming itself. */
        private void check(ChunkQueryPlan plan) {
            EntityManager entityManager = factory.createEntityManager();
            try {
                TypedQuery<Object[]> query;
                try {
                    query = plan.chunkQuery(
                            new EntityManagerSource(entityManager), 0, null, false, null, false, chunkSize);
                } catch (IllegalArgumentException | PersistenceException broken) {
                    throw new IllegalArgumentException(
                            "the filter " + describe(plan.filter()) + " of the scan over " + model.name()
                                    + " does not compile: " + broken.getMessage(),
                            broken);
                }
                if (plan.filter() instanceof ChunkQueryPlan.JpqlFilter) {
                    Set<String> needed = new TreeSet<>();
                    for (Parameter<?> parameter : query.getParameters()) {
                        if (parameter.getName() == null) {
                            throw new IllegalArgumentException("the filter " + describe(plan.filter()) + " uses a "
                                    + "positional parameter; use named parameters (:name)");
                        }
                        needed.add(parameter.getName());
                    }
                    Set<String> missing = new TreeSet<>(needed);
                    missing.removeAll(parameters.keySet());
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("the filter " + describe(plan.filter())
                                + " needs parameters " + missing + " that were not set");
                    }
                }
            } finally {
                entityManager.close();
            }
        }

        private static String describe(ChunkQueryPlan.Filter filter) {
            if (filter instanceof ChunkQueryPlan.JpqlFilter) {
                return "'" + ((ChunkQueryPlan.JpqlFilter) filter).condition() + "'";
            }
            if (filter instanceof ChunkQueryPlan.CriteriaFilterOf) {
                return "'" + ((ChunkQueryPlan.CriteriaFilterOf) filter).name() + "' (Criteria)";
            }
            return "(none)";
        }

        private long fingerprint(ChunkQueryPlan plan, List<SortKey> finalOrder) {
            return Fingerprints.of(Fingerprints.JPA, model.name(), plan.filter().description(), finalOrder);
        }
    }
}
