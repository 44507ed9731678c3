package dev.chunkwise.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * A persistence unit of the tests, built in code and bootstrapped the way containers (and
 * Spring's {@code LocalContainerEntityManagerFactoryBean}) do it: a {@link PersistenceUnitInfo}
 * handed to Hibernate's provider. Jakarta Persistence 3.2's {@code PersistenceConfiguration}
 * would be shorter, but the suite also runs on Hibernate 6.6 with Jakarta Persistence 3.1
 * (chunkwise-jpa-hibernate6), where it does not exist; this path exists in both.
 *
 * <p>Mutable, for one thread: collect the properties and classes, then create the factory.
 */
public final class TestPersistenceUnit {

    public static final String JDBC_URL = "jakarta.persistence.jdbc.url";
    public static final String JDBC_USER = "jakarta.persistence.jdbc.user";
    public static final String JDBC_PASSWORD = "jakarta.persistence.jdbc.password";

    private final String name;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> managedClasses = new ArrayList<>();

    public TestPersistenceUnit(String name) {
        this.name = name;
    }

    /** Sets a property; a later value for the same name wins. */
    public TestPersistenceUnit property(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    /** Adds an entity (or embeddable) class. */
    public TestPersistenceUnit managedClass(Class<?> type) {
        managedClasses.add(type.getName());
        return this;
    }

    /** A new factory over the classes added so far; the caller closes it. */
    public EntityManagerFactory createEntityManagerFactory() {
        return new HibernatePersistenceProvider()
                .createContainerEntityManagerFactory(
                        new Info(name, List.copyOf(managedClasses)), Map.copyOf(properties));
    }

    /**
     * The unit's description. Its properties are empty: they go to the provider as the
     * integration map, which is where a property whose value is an object (a data source) may go.
     * {@code getScopeAnnotationName} and {@code getQualifierAnnotationNames} are Jakarta
     * Persistence 3.2's; on 3.1 they are extra methods nobody calls.
     */
    private record Info(String name, List<String> managedClasses) implements PersistenceUnitInfo {

        @Override
        public String getPersistenceUnitName() {
            return name;
        }

        @Override
        public String getPersistenceProviderClassName() {
            return HibernatePersistenceProvider.class.getName();
        }

        @Override
        public String getScopeAnnotationName() {
            return null;
        }

        @Override
        public List<String> getQualifierAnnotationNames() {
            return List.of();
        }

        @Override
        @SuppressWarnings("deprecation") // Jakarta Persistence 3.2 moved the enum; 3.1 has only this one
        public PersistenceUnitTransactionType getTransactionType() {
            return PersistenceUnitTransactionType.RESOURCE_LOCAL;
        }

        @Override
        public DataSource getJtaDataSource() {
            return null;
        }

        @Override
        public DataSource getNonJtaDataSource() {
            return null;
        }

        @Override
        public List<String> getMappingFileNames() {
            return List.of();
        }

        @Override
        public List<URL> getJarFileUrls() {
            return List.of();
        }

        @Override
        public URL getPersistenceUnitRootUrl() {
            return null;
        }

        @Override
        public List<String> getManagedClassNames() {
            return managedClasses;
        }

        @Override
        public boolean excludeUnlistedClasses() {
            return true;
        }

        @Override
        public SharedCacheMode getSharedCacheMode() {
            return SharedCacheMode.UNSPECIFIED;
        }

        @Override
        public ValidationMode getValidationMode() {
            return ValidationMode.AUTO;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String getPersistenceXMLSchemaVersion() {
            return "3.0";
        }

        @Override
        public ClassLoader getClassLoader() {
            return TestPersistenceUnit.class.getClassLoader();
        }

        @Override
        public void addTransformer(ClassTransformer transformer) {
            // no bytecode enhancement in the tests
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return getClassLoader();
        }
    }
}
