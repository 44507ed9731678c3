package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.KeyCondition;
import dev.chunkwise.internal.KeyConditions;
import dev.chunkwise.internal.Segment;
import dev.chunkwise.jpa.CriteriaFilter;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to build a scan's chunk queries, resolved and validated: the entity, the
 * caller's filter (Criteria or JPQL), the total order and its segments, what is selected and what
 * is join-fetched. A chunk query selects the result (the entity, or the projected attributes)
 * followed by the key attributes, so that the library reads key values itself:
 * <pre>{@code SELECT e, e.k1, e.id FROM Entity e WHERE (<filter>) AND <segment> AND <seek> AND <stop> ORDER BY e.k1, e.id}</pre>
 * with {@code setMaxResults(chunk size + 1)} (the run checks the result past the chunk and does
 * not deliver it). The seek predicate is the expanded form with a
 * redundant leading range, {@code e.k1 >= :a AND (e.k1 > :a OR (e.k1 = :a AND e.id > :b))}.
 *
 * <p>NULL placement of a nullable key that a segment does not fix is ordered by an explicit
 * {@code CASE WHEN k IS NULL THEN 1 ELSE 0 END} term, which every JPA version and database
 * understands (Jakarta Persistence 3.2's {@code Nulls} is not needed, so 3.1 providers work).
 *
 * <p>Immutable and thread-safe.
 */
public final class ChunkQueryPlan {

    /** The caller's filter: a named Criteria lambda, a JPQL condition, or none. */
    public sealed interface Filter {
        /** The text that enters the scan's fingerprint. */
        String description();
    }

    public record NoFilter() implements Filter {
        @Override
        public String description() {
            return "";
        }
    }

    public record CriteriaFilterOf(String name, CriteriaFilter<?> filter) implements Filter {
        @Override
        public String description() {
            return "criteria:" + name;
        }
    }

    public record JpqlFilter(String condition, Map<String, Object> parameters) implements Filter {
        public JpqlFilter {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public String description() {
            return "jpql:" + condition;
        }
    }

    private final Class<?> entityClass;
    private final String entityName;
    private final String alias;
    private final Filter filter;
    private final List<KeyAttribute> keys;
    private final List<Segment<KeyAttribute>> segments;
    private final List<String> projection;
    private final List<String> joinFetches;

    /**
     * @param keys the total order, in scan direction (already reversed for a reverse scan)
     * @param projection attribute paths to select, or {@code null} to select the entity
     * @param joinFetches single-valued associations to join-fetch with the entity
     */
    public ChunkQueryPlan(
            Class<?> entityClass,
            String entityName,
            String alias,
            Filter filter,
            List<KeyAttribute> keys,
            List<String> projection,
            List<String> joinFetches) {
        this.entityClass = entityClass;
        this.entityName = entityName;
        this.alias = alias;
        this.filter = filter;
        this.keys = List.copyOf(keys);
        this.segments = Segment.of(this.keys);
        this.projection = projection == null ? null : List.copyOf(projection);
        this.joinFetches = List.copyOf(joinFetches);
    }

    public List<KeyAttribute> keys() {
        return keys;
    }

    public Filter filter() {
        return filter;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Whether each row's first element is the entity (not a projection). */
    public boolean selectsEntity() {
        return projection == null;
    }

    /** How many result elements precede the key values in each row. */
    public int resultWidth() {
        return projection == null ? 1 : projection.size();
    }

    /** The index of the segment that holds a row with these key values. */
    public int segmentOf(List<?> keyValues) {
        return Segment.indexOf(segments, keyValues);
    }

    /**
     * Builds one chunk query.
     *
     * @param after the key values to seek past, or {@code null} to start at the segment's beginning
     * @param inclusive whether the row at {@code after} itself is included
     * @param stop the key values of the stop bound, or {@code null} for none
     * @param stopInclusive whether the row at {@code stop} itself is included
     * @param limit the number of rows to fetch at most
     */
    public TypedQuery<Object[]> chunkQuery(
            QuerySource source,
            int segmentIndex,
            List<?> after,
            boolean inclusive,
            List<?> stop,
            boolean stopInclusive,
            int limit) {
        Segment<KeyAttribute> segment = segments.get(segmentIndex);
        KeyCondition<KeyAttribute> where =
                KeyConditions.chunk(segment, keys, after, inclusive, stop, stopInclusive, false);
        // JPQL whenever the caller's filter allows it: Hibernate caches the translation of a JPQL
        // string (the same for every chunk of a segment, its values are parameters), while a
        // Criteria query is translated to SQL again for every chunk
        TypedQuery<Object[]> query = filter instanceof CriteriaFilterOf criteria
                ? criteriaQuery(source, segment, where, criteria)
                : jpqlQuery(source, segment, where);
        query.setMaxResults(limit);
        return query;
    }

    /** The JPQL of a chunk query, for messages and the query log; Criteria filters show as a comment. */
    public String describe(int segmentIndex, List<?> after) {
        Segment<KeyAttribute> segment = segments.get(segmentIndex);
        KeyCondition<KeyAttribute> where = KeyConditions.chunk(segment, keys, after, false, null, false, false);
        return jpql(segment, where, new LinkedHashMap<>());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private TypedQuery<Object[]> criteriaQuery(
            QuerySource source,
            Segment<KeyAttribute> segment,
            KeyCondition<KeyAttribute> where,
            CriteriaFilterOf criteria) {
        CriteriaBuilder builder = source.criteriaBuilder();
        CriteriaQuery<Object[]> query = builder.createQuery(Object[].class);
        Root root = query.from(entityClass);
        for (String fetch : joinFetches) {
            root.fetch(fetch, JoinType.LEFT);
        }
        List<Selection<?>> selections = new ArrayList<>();
        if (projection == null) {
            selections.add(root);
        } else {
            for (String attribute : projection) {
                selections.add(path(root, attribute));
            }
        }
        for (KeyAttribute key : keys) {
            selections.add(JpaConditions.path(root, key));
        }
        query.select(builder.array(selections.toArray(new Selection<?>[0])));
        Predicate callers = ((CriteriaFilter) criteria.filter()).toPredicate(root, query, builder);
        if (callers == null) {
            throw new IllegalArgumentException(
                    "the criteria filter '" + criteria.name() + "' returned null instead of a predicate");
        }
        query.where(builder.and(callers, JpaConditions.toPredicate(where, builder, root)));
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            KeyAttribute key = keys.get(i);
            Path<?> path = JpaConditions.path(root, key);
            if (key.nullable() && !segment.fixes(i)) {
                Expression<Integer> nullFlag = builder.<Integer>selectCase()
                        .when(builder.isNull(path), builder.literal(1))
                        .otherwise(builder.literal(0));
                orders.add(key.nullsFirst() ? builder.desc(nullFlag) : builder.asc(nullFlag));
            }
            orders.add(key.descending() ? builder.desc(path) : builder.asc(path));
        }
        query.orderBy(orders);
        return source.createQuery(query);
    }

    private TypedQuery<Object[]> jpqlQuery(
            QuerySource source, Segment<KeyAttribute> segment, KeyCondition<KeyAttribute> where) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String jpql = jpql(segment, where, parameters);
        TypedQuery<Object[]> query = source.createQuery(jpql, Object[].class);
        if (filter instanceof JpqlFilter jpqlFilter) {
            for (Map.Entry<String, Object> parameter : jpqlFilter.parameters().entrySet()) {
                query.setParameter(parameter.getKey(), parameter.getValue());
            }
        }
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            query.setParameter(parameter.getKey(), parameter.getValue());
        }
        return query;
    }

    private String jpql(
            Segment<KeyAttribute> segment, KeyCondition<KeyAttribute> where, Map<String, Object> parameters) {
        StringBuilder text = new StringBuilder("SELECT ");
        if (projection == null) {
            text.append(alias);
        } else {
            for (int i = 0; i < projection.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(alias).append('.').append(projection.get(i));
            }
        }
        for (KeyAttribute key : keys) {
            text.append(", ").append(alias).append('.').append(key.path());
        }
        text.append(" FROM ").append(entityName).append(' ').append(alias);
        for (String fetch : joinFetches) {
            text.append(" LEFT JOIN FETCH ").append(alias).append('.').append(fetch);
        }
        String seek = JpaConditions.toJpql(where, alias, parameters);
        if (where instanceof KeyCondition.Or) {
            seek = "(" + seek + ")";
        }
        if (filter instanceof JpqlFilter) {
            text.append(" WHERE (").append(((JpqlFilter) filter).condition()).append(')');
            if (!where.isTrue()) {
                text.append(" AND ").append(seek);
            }
        } else {
            if (filter instanceof CriteriaFilterOf) {
                text.append(" WHERE (<criteria ")
                        .append(((CriteriaFilterOf) filter).name())
                        .append(">)");
                text.append(where.isTrue() ? "" : " AND ");
            } else if (!where.isTrue()) {
                text.append(" WHERE ");
            }
            if (!where.isTrue()) {
                text.append(seek);
            }
        }
        text.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            KeyAttribute key = keys.get(i);
            String path = alias + "." + key.path();
            text.append(i == 0 ? "" : ", ");
            if (key.nullable() && !segment.fixes(i)) {
                text.append("CASE WHEN ")
                        .append(path)
                        .append(" IS NULL THEN 1 ELSE 0 END")
                        .append(key.nullsFirst() ? " DESC" : " ASC")
                        .append(", ");
            }
            text.append(path).append(key.descending() ? " DESC" : " ASC");
        }
        return text.toString();
    }

    private static Path<?> path(Root<?> root, String attributePath) {
        Path<?> path = root;
        for (String part : attributePath.split("\\.")) {
            path = path.get(part);
        }
        return path;
    }
}
