package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.Dialect;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.util.List;

/**
 * What one run needs from its session, an {@code EntityManager} or a Hibernate
 * {@code StatelessSession}: queries and transactions. Owned by one run, on one thread.
 */
public interface QuerySource extends AutoCloseable {

    CriteriaBuilder criteriaBuilder();

    <R> TypedQuery<R> createQuery(CriteriaQuery<R> query);

    <R> TypedQuery<R> createQuery(String jpql, Class<R> resultType);

    void begin();

    void commit();

    /** Rolls back the current transaction, if one is active. */
    void rollbackIfActive();

    /** Writes pending changes (no-op for a stateless session). */
    void flush();

    /** Detaches everything (no-op for a stateless session). */
    void clear();

    /** Detaches one entity read past the chunk, so that only the chunk's own stay managed (no-op when stateless). */
    void detach(Object entity);

    /**
     * Initializes a collection-valued association of every entity of a chunk with one query:
     * {@code SELECT DISTINCT e FROM Entity e LEFT JOIN FETCH e.attribute WHERE e IN :chunk}.
     */
    void fetchCollection(String entityName, String attribute, List<?> entities, boolean readOnly);

    /** Marks a query read-only where the provider supports it (Hibernate: no dirty-checking snapshots). */
    void readOnly(TypedQuery<?> query);

    /**
     * Whether the session's connection still answers (a ping), where the provider lets us ask;
     * true when it cannot tell, so that a doubt leads to the safe path (a commit whose failure is
     * reported, never a replay).
     */
    boolean connectionAlive();

    /**
     * How the session's JDBC driver streams rows (read from the connection's metadata where the
     * provider lets us reach it: Hibernate); {@link Dialect.Streaming#NONE} when it cannot tell.
     */
    Dialect.Streaming streaming();

    /**
     * Sets the JDBC fetch size of a query where the provider supports it (Hibernate's
     * {@code org.hibernate.fetchSize} hint); other providers ignore it.
     */
    void fetchSize(TypedQuery<?> query, int rows);

    /** The session itself, as the caller's handler sees it. */
    Object session();

    @Override
    void close();
}
