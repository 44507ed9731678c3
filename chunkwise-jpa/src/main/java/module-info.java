/**
 * chunkwise-jpa: keyset ("seek") chunked scans over Jakarta Persistence.
 *
 * <p>Exports only {@code dev.chunkwise.jpa}; {@code dev.chunkwise.jpa.internal} may change in
 * any release. Hibernate ORM is needed only for {@link dev.chunkwise.jpa.StatelessScan}.
 */
module dev.chunkwise.jpa {
    requires transitive dev.chunkwise;
    requires transitive jakarta.persistence;
    requires static org.hibernate.orm.core;
    requires static java.naming;

    exports dev.chunkwise.jpa;
}
