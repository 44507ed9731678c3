package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.Dialect;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.util.List;

/** A run's own application-managed {@code EntityManager} with a resource-local transaction. */
public final class EntityManagerSource implements QuerySource {

    /** Hibernate's hint for entities loaded without dirty-checking snapshots; others ignore it. */
    private static final String READ_ONLY_HINT = "org.hibernate.readOnly";

    /** Hibernate's hint for a query's JDBC fetch size; others ignore it. */
    static final String FETCH_SIZE_HINT = "org.hibernate.fetchSize";

    private final EntityManager entityManager;

    public EntityManagerSource(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public CriteriaBuilder criteriaBuilder() {
        return entityManager.getCriteriaBuilder();
    }

    @Override
    public <R> TypedQuery<R> createQuery(CriteriaQuery<R> query) {
        return entityManager.createQuery(query);
    }

    @Override
    public <R> TypedQuery<R> createQuery(String jpql, Class<R> resultType) {
        return entityManager.createQuery(jpql, resultType);
    }

    @Override
    public void begin() {
        entityManager.getTransaction().begin();
    }

    @Override
    public void commit() {
        entityManager.getTransaction().commit();
    }

    @Override
    public void rollbackIfActive() {
        EntityTransaction transaction = entityManager.getTransaction();
        if (transaction.isActive()) {
            transaction.rollback();
        }
    }

    @Override
    public void flush() {
        entityManager.flush();
    }

    @Override
    public void clear() {
        entityManager.clear();
    }

    @Override
    public void detach(Object entity) {
        entityManager.detach(entity);
    }

    @Override
    public void fetchCollection(String entityName, String attribute, List<?> entities, boolean readOnly) {
        TypedQuery<?> query = entityManager.createQuery(
                "SELECT DISTINCT e FROM " + entityName + " e LEFT JOIN FETCH e." + attribute + " WHERE e IN :chunk",
                Object.class);
        query.setParameter("chunk", entities);
        if (readOnly) {
            readOnly(query);
        }
        query.getResultList();
    }

    @Override
    public void readOnly(TypedQuery<?> query) {
        query.setHint(READ_ONLY_HINT, true);
    }

    @Override
    public Dialect.Streaming streaming() {
        return HibernateConnections.streaming(entityManager);
    }

    @Override
    public void fetchSize(TypedQuery<?> query, int rows) {
        query.setHint(FETCH_SIZE_HINT, rows);
    }

    @Override
    public boolean connectionAlive() {
        return HibernateConnections.alive(entityManager);
    }

    @Override
    public Object session() {
        return entityManager;
    }

    @Override
    public void close() {
        try {
            rollbackIfActive();
        } finally {
            entityManager.close();
        }
    }
}
