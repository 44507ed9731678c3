package dev.chunkwise.spring.batch;

import dev.chunkwise.jpa.JpaScan;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import org.hibernate.jpa.HibernatePersistenceProvider;

/** An entity manager factory over {@link JpaRow} on the test PostgreSQL, and the scan of its rows. */
final class JpaRows {

    private JpaRows() {}

    static EntityManagerFactory factory() {
        return new PersistenceConfiguration("chunkwise-spring-batch")
                .provider(HibernatePersistenceProvider.class.getName())
                .managedClass(JpaRow.class)
                .property(PersistenceConfiguration.JDBC_URL, BatchDatabase.url())
                .property("hibernate.connection.pool_size", "4")
                .property("hibernate.show_sql", "false")
                .createEntityManagerFactory();
    }

    /** The rows ordered as {@link Fixture#ids()} orders them: by timestamp, the id appended. */
    static JpaScan<JpaRow> scan(EntityManagerFactory factory, int chunkSize) {
        return JpaScan.of(factory, JpaRow.class)
                .orderBy("createdAt")
                .chunkSize(chunkSize)
                .build();
    }
}
