package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Version;
import org.junit.jupiter.api.Test;

/**
 * The suite runs twice, on Hibernate ORM 7 with Jakarta Persistence 3.2 (chunkwise-jpa itself)
 * and on Hibernate ORM 6.6 with Jakarta Persistence 3.1 (chunkwise-jpa-hibernate6, the versions
 * Spring Boot 3.5 ships); each run's pom names the versions it means in the system properties
 * {@code chunkwise.test.hibernate.version} and {@code chunkwise.test.persistence.version}. These
 * tests fail a run whose class path holds other versions than it claims.
 */
class ProviderVersionTest {

    @Test
    void runsOnTheHibernateOrmVersionItsPomNames() {
        String expected = expected("chunkwise.test.hibernate.version");
        String majorMinor = expected.substring(0, expected.indexOf('.', expected.indexOf('.') + 1) + 1);

        assertThat(Version.getVersionString()).startsWith(majorMinor).isEqualTo(expected);
    }

    @Test
    void runsOnTheJakartaPersistenceApiVersionItsPomNames() {
        String api = EntityManagerFactory.class.getPackage().getImplementationVersion();

        assertThat(api).isEqualTo(expected("chunkwise.test.persistence.version"));
    }

    private static String expected(String property) {
        String value = System.getProperty(property);
        assertThat(value)
                .as("system property %s, set by the module's surefire configuration", property)
                .isNotBlank();
        return value;
    }
}
