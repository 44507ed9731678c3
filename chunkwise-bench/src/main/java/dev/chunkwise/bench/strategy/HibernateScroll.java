package dev.chunkwise.bench.strategy;

import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;

/**
 * {@code hibernate-scroll}: a {@link StatelessSession} (no persistence context) and a
 * forward-only {@link ScrollableResults} with a fetch size, inside a transaction, as Hibernate's
 * documentation recommends for processing large results.
 */
public final class HibernateScroll implements Strategy {

    private SessionFactory sessionFactory;

    @Override
    public void setUp(BenchContext context) {
        sessionFactory = Jpa.sessionFactory(context);
    }

    @Override
    public void scan(BenchContext context) {
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            Transaction transaction = session.beginTransaction();
            try (ScrollableResults<BenchEntry> entries = session.createSelectionQuery(
                            "from BenchEntry order by id", BenchEntry.class)
                    .setFetchSize(context.chunkSize())
                    .scroll(ScrollMode.FORWARD_ONLY)) {
                while (entries.next()) {
                    context.probe().accept(entries.get());
                }
            }
            transaction.commit();
        }
    }

    @Override
    public void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }
}
