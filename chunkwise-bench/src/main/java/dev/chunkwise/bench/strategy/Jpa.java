package dev.chunkwise.bench.strategy;

import dev.chunkwise.bench.Database;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** Bootstraps Hibernate over the benchmark's pooled DataSource, as an application would once at start-up. */
final class Jpa {

    private Jpa() {}

    static SessionFactory sessionFactory(BenchContext context) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("chunkwise-bench")
                .managedClass(BenchEntry.class)
                .property(JdbcSettings.JAKARTA_NON_JTA_DATASOURCE, context.dataSource())
                .property("hibernate.show_sql", false);
        if (context.database() == Database.SQLITE) {
            configuration.property(JdbcSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
        }
        return configuration.createEntityManagerFactory();
    }
}
