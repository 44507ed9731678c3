package dev.chunkwise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.RetryPolicy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** When the auto-configuration applies, when it backs off, and how the properties bind. */
class ChunkwiseAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class, ChunkwiseAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabase.url());

    @Test
    void providesScansOverTheApplicationsDataSource() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ChunkwiseScans.class);
            assertThat(context.getBean(ChunkwiseScans.class).properties()).isEqualTo(ChunkwiseProperties.defaults());
        });
    }

    @Test
    void providesNothingWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChunkwiseAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ChunkwiseScans.class)
                        .doesNotHaveBean(ChunkwiseProperties.class));
    }

    @Test
    void providesNothingWithTwoDataSourcesAndNoPrimary() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChunkwiseAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChunkwiseScans.class));
    }

    @Test
    void usesThePrimaryOfSeveralDataSources() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChunkwiseAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class, PrimaryDataSource.class)
                .run(context -> assertThat(context).hasSingleBean(ChunkwiseScans.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnScans() {
        runner.withUserConfiguration(OwnScans.class).run(context -> {
            assertThat(context).hasSingleBean(ChunkwiseScans.class);
            assertThat(context.getBean(ChunkwiseScans.class)).isSameAs(OwnScans.SCANS);
        });
    }

    @Test
    void bindsTheChunkwiseProperties() {
        runner.withPropertyValues(
                        "chunkwise.chunk-size=500",
                        "chunkwise.chunk-time=250ms",
                        "chunkwise.min-chunk-size=50",
                        "chunkwise.max-chunk-size=20000",
                        "chunkwise.fetch-size=64",
                        "chunkwise.retry.max-retries=2",
                        "chunkwise.retry.initial-backoff=10ms",
                        "chunkwise.retry.max-backoff=1s",
                        "chunkwise.retry.multiplier=3",
                        "chunkwise.retry.jitter=0")
                .run(context -> {
                    ChunkwiseProperties properties = context.getBean(ChunkwiseProperties.class);
                    assertThat(properties.chunkSize()).isEqualTo(500);
                    assertThat(properties.chunkTime()).isEqualTo(Duration.ofMillis(250));
                    assertThat(properties.minChunkSize()).isEqualTo(50);
                    assertThat(properties.maxChunkSize()).isEqualTo(20_000);
                    assertThat(properties.fetchSize()).isEqualTo(64);
                    assertThat(properties.retry().policy())
                            .isEqualTo(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1), 3, 0));
                });
    }

    @Test
    void aBadPropertyFailsTheStartWithAMessageNamingIt() {
        runner.withPropertyValues("chunkwise.chunk-size=many")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("many"));
    }

    @Test
    void aChunkSizeAScanWouldRefuseFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("chunkwise.chunk-size=0").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("chunkwise.chunk-size must be at least 1, got 0"));
    }

    @Test
    void aRetryPolicyAScanWouldRefuseFailsTheStart() {
        runner.withPropertyValues("chunkwise.retry.jitter=2").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("jitter must be between 0 and 1"));
    }

    @Test
    void theConfigurationMetadataDescribesEachProperty() throws Exception {
        String metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated metadata").isNotNull();
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String property : new String[] {
            "chunkwise.chunk-size",
            "chunkwise.chunk-time",
            "chunkwise.min-chunk-size",
            "chunkwise.max-chunk-size",
            "chunkwise.fetch-size",
            "chunkwise.retry.max-retries",
            "chunkwise.retry.initial-backoff",
            "chunkwise.retry.max-backoff",
            "chunkwise.retry.multiplier",
            "chunkwise.retry.jitter"
        }) {
            assertThat(metadata).contains("\"name\": \"" + property + "\"");
        }
        assertThat(metadata).contains("\"defaultValue\": 1000").contains("Rows per chunk");
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean
        DataSource first() {
            return new HikariDataSource();
        }

        @Bean
        DataSource second() {
            return new HikariDataSource();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryDataSource {
        @Bean
        @Primary
        DataSource third() {
            return new HikariDataSource();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnScans {
        static final ChunkwiseScans SCANS = new ChunkwiseScans(new HikariDataSource(), ChunkwiseProperties.defaults());

        @Bean
        ChunkwiseScans myScans() {
            return SCANS;
        }
    }
}
