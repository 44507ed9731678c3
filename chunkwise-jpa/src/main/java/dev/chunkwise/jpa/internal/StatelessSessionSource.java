package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.Dialect;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;

/**
 * A run's own Hibernate {@code StatelessSession}: no persistence context at all, so nothing to
 * clear; entities are always detached. Loaded only when a stateless scan runs, so Hibernate is an
 * optional dependency.
 */
public final class StatelessSessionSource implements QuerySource {

    private final StatelessSession session;

    private StatelessSessionSource(StatelessSession session) {
        this.session = session;
    }

    /**
     * Opens a stateless session from a factory that must be Hibernate's.
     *
     * @throws IllegalArgumentException when the factory is not Hibernate's
     */
    public static StatelessSessionSource open(EntityManagerFactory factory) {
        SessionFactory sessionFactory;
        try {
            sessionFactory = factory.unwrap(SessionFactory.class);
        } catch (RuntimeException notHibernate) {
            throw new IllegalArgumentException(
                    "a stateless scan needs Hibernate ORM as the persistence provider, "
                            + "but the EntityManagerFactory is "
                            + factory.getClass().getName(),
                    notHibernate);
        }
        return new StatelessSessionSource(sessionFactory.openStatelessSession());
    }

    @Override
    public CriteriaBuilder criteriaBuilder() {
        return session.getCriteriaBuilder();
    }

    @Override
    public <R> TypedQuery<R> createQuery(CriteriaQuery<R> query) {
        return session.createQuery(query);
    }

    @Override
    public <R> TypedQuery<R> createQuery(String jpql, Class<R> resultType) {
        return session.createQuery(jpql, resultType);
    }

    @Override
    public void begin() {
        session.beginTransaction();
    }

    @Override
    public void commit() {
        session.getTransaction().commit();
    }

    @Override
    public void rollbackIfActive() {
        Transaction transaction = session.getTransaction();
        if (transaction.isActive()) {
            transaction.rollback();
        }
    }

    @Override
    public void flush() {
        // a stateless session writes each operation immediately
    }

    @Override
    public void clear() {
        // nothing is kept
    }

    @Override
    public void detach(Object entity) {
        // a stateless session keeps no entity
    }

    @Override
    public void fetchCollection(String entityName, String attribute, List<?> entities, boolean readOnly) {
        throw new IllegalStateException("collection fetches need a persistence context; a stateless scan "
                + "can join-fetch single-valued associations only");
    }

    @Override
    public void readOnly(TypedQuery<?> query) {
        // entities of a stateless session have no snapshots anyway
    }

    @Override
    public Dialect.Streaming streaming() {
        return HibernateConnections.streaming(session);
    }

    @Override
    public void fetchSize(TypedQuery<?> query, int rows) {
        query.setHint(EntityManagerSource.FETCH_SIZE_HINT, rows);
    }

    @Override
    public boolean connectionAlive() {
        return HibernateConnections.alive(session);
    }

    @Override
    public Object session() {
        return session;
    }

    @Override
    public void close() {
        try {
            rollbackIfActive();
        } finally {
            session.close();
        }
    }
}
