package dev.chunkwise.bench.strategy;

import java.util.Iterator;
import org.hibernate.SessionFactory;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.data.support.WindowIterator;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * {@code spring-data-scroll}: a Spring Data JPA repository's keyset-scrolled {@code Window}s,
 * walked by {@link WindowIterator} from {@link ScrollPosition#keyset()}, as Spring Data's
 * reference documentation shows. The repository uses a shared EntityManager without a
 * transaction, as in a Spring application, so each window gets a fresh persistence context.
 */
public final class SpringDataScroll implements Strategy {

    private SessionFactory sessionFactory;
    private EntryRepository repository;

    @Override
    public void setUp(BenchContext context) {
        sessionFactory = Jpa.sessionFactory(context);
        repository = new JpaRepositoryFactory(SharedEntityManagerCreator.createSharedEntityManager(sessionFactory))
                .getRepository(EntryRepository.class);
    }

    @Override
    public void scan(BenchContext context) {
        Limit limit = Limit.of(context.chunkSize());
        context.probe().clockEvery(context.chunkSize());
        Iterator<BenchEntry> entries = WindowIterator.of(position -> repository.findByOrderByIdAsc(position, limit))
                .startingAt(ScrollPosition.keyset());
        while (entries.hasNext()) {
            context.probe().accept(entries.next());
        }
    }

    @Override
    public void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }
}
