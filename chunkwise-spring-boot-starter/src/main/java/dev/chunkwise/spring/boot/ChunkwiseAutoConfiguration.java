package dev.chunkwise.spring.boot;

import dev.chunkwise.Scan;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of chunkwise: a {@link ChunkwiseScans} bean over the application's
 * {@link DataSource}, with the defaults of {@code chunkwise.*} ({@link ChunkwiseProperties}). It
 * runs after {@link DataSourceAutoConfiguration}, applies when chunkwise is on the class path and
 * there is a single {@code DataSource} (or a primary one), and backs off when the application
 * defines its own {@link ChunkwiseScans}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({Scan.class, DataSource.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(ChunkwiseProperties.class)
public class ChunkwiseAutoConfiguration {

    /** Scans over the application's DataSource. */
    @Bean
    @ConditionalOnMissingBean
    public ChunkwiseScans chunkwiseScans(DataSource dataSource, ChunkwiseProperties properties) {
        return new ChunkwiseScans(dataSource, properties);
    }
}
