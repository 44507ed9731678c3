package dev.chunkwise.spring.batch;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Spring Batch with a JDBC job repository on the test PostgreSQL ({@link BatchDatabase}); an
 * {@code executionContextSerializer} bean, where a test registers one, replaces the default
 * serializer.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository(tablePrefix = BatchDatabase.TABLE_PREFIX)
class BatchInfrastructure {

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource() {
        return BatchDatabase.pool(12);
    }

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
