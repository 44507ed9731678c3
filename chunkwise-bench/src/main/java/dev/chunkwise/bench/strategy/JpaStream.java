package dev.chunkwise.bench.strategy;

import jakarta.persistence.EntityManager;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernateHints;

/**
 * {@code jpa-stream}: Jakarta Persistence {@code getResultStream()} over Hibernate, in a
 * transaction with a fetch size hint so that the driver streams. Every entity stays in the
 * persistence context until the EntityManager closes, so heap grows with the table.
 */
public final class JpaStream implements Strategy {

    private SessionFactory sessionFactory;

    @Override
    public void setUp(BenchContext context) {
        sessionFactory = Jpa.sessionFactory(context);
    }

    @Override
    public void scan(BenchContext context) {
        EntityManager entityManager = sessionFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            try (Stream<BenchEntry> entries = entityManager
                    .createQuery("select e from BenchEntry e order by e.id", BenchEntry.class)
                    .setHint(HibernateHints.HINT_FETCH_SIZE, context.chunkSize())
                    .getResultStream()) {
                entries.forEach(context.probe()::accept);
            }
            entityManager.getTransaction().commit();
        } finally {
            entityManager.close();
        }
    }

    @Override
    public void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }
}
