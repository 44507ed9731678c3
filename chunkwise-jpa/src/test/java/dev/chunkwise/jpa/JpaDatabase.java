package dev.chunkwise.jpa;

import dev.chunkwise.jpa.entities.Author;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Edition;
import dev.chunkwise.jpa.entities.Review;
import dev.chunkwise.jpa.entities.Shipment;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * The three database set-ups of the JPA tests: PostgreSQL and MariaDB servers at the usual local
 * addresses (overridable by {@code CHUNKWISE_POSTGRES_URL} and {@code CHUNKWISE_MARIADB_URL},
 * as for chunkwise-core) and an in-memory H2. Each has one entity manager factory per test JVM
 * over the test entities, whose {@code jpa_} tables Hibernate creates at start-up.
 */
public enum JpaDatabase {
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "CHUNKWISE_POSTGRES_URL"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "", "CHUNKWISE_MARIADB_URL"),
    H2("jdbc:h2:mem:chunkwise_jpa;DB_CLOSE_DELAY=-1", "sa", "", null);

    /** Counts every SQL statement Hibernate prepares, in any factory of this JVM. */
    public static final class CountingInspector implements StatementInspector {
        private static final long serialVersionUID = 1L;
        static final AtomicLong STATEMENTS = new AtomicLong();

        @Override
        public String inspect(String sql) {
            STATEMENTS.incrementAndGet();
            return sql;
        }
    }

    private final String defaultUrl;
    private final String user;
    private final String password;
    private final String environmentVariable;
    private volatile EntityManagerFactory factory;

    JpaDatabase(String defaultUrl, String user, String password, String environmentVariable) {
        this.defaultUrl = defaultUrl;
        this.user = user;
        this.password = password;
        this.environmentVariable = environmentVariable;
    }

    public String url() {
        String url = environmentVariable == null ? null : System.getenv(environmentVariable);
        if (url == null || url.isBlank()) {
            return defaultUrl;
        }
        return url.contains("mariadb") || url.contains("postgresql") ? url.replaceAll("\\?.*$", "") : url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The factory over the test entities, created on first use. */
    public EntityManagerFactory factory() {
        EntityManagerFactory ready = factory;
        if (ready == null) {
            synchronized (this) {
                if (factory == null) {
                    factory = configuration(Map.of("hibernate.hbm2ddl.auto", "create-drop"))
                            .managedClass(Author.class)
                            .managedClass(Book.class)
                            .managedClass(Review.class)
                            .managedClass(Edition.class)
                            .managedClass(Shipment.class)
                            .createEntityManagerFactory();
                }
                ready = factory;
            }
        }
        return ready;
    }

    /** A persistence configuration for this database, without entities. */
    public TestPersistenceUnit configuration(Map<String, String> properties) {
        TestPersistenceUnit configuration = new TestPersistenceUnit("chunkwise-" + name().toLowerCase())
                .property(TestPersistenceUnit.JDBC_URL, url())
                .property(TestPersistenceUnit.JDBC_USER, user)
                .property(TestPersistenceUnit.JDBC_PASSWORD, password)
                .property("hibernate.session_factory.statement_inspector", CountingInspector.class.getName())
                .property("hibernate.jdbc.batch_size", "50")
                .property("hibernate.order_updates", "true")
                .property("hibernate.show_sql", "false");
        properties.forEach(configuration::property);
        return configuration;
    }

    /** Runs work in one transaction of a fresh entity manager. */
    public void inTransaction(Consumer<EntityManager> work) {
        EntityManager entityManager = factory().createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    /** Deletes every test entity, then persists {@code entities} in order. */
    public void replaceAll(List<?> entities) {
        inTransaction(entityManager -> {
            for (String entity : List.of("Review", "Book", "Author", "Edition", "Shipment")) {
                entityManager.createQuery("DELETE FROM " + entity).executeUpdate();
            }
        });
        inTransaction(entityManager -> {
            int count = 0;
            for (Object entity : entities) {
                entityManager.persist(entity);
                if (++count % 200 == 0) {
                    entityManager.flush();
                    entityManager.clear();
                }
            }
        });
    }

    /** Closes every factory opened so far. */
    public static void closeAll() {
        for (JpaDatabase database : values()) {
            synchronized (database) {
                if (database.factory != null) {
                    database.factory.close();
                    database.factory = null;
                }
            }
        }
    }

    /** The number of statements prepared so far in this JVM. */
    public static long statementCount() {
        return CountingInspector.STATEMENTS.get();
    }
}
