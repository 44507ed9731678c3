/**
 * chunkwise-core: keyset ("seek") chunked scans over plain JDBC.
 *
 * <p>Exports only the API package {@code dev.chunkwise}; {@code dev.chunkwise.internal} is the
 * implementation and may change in any release. It is opened to chunkwise-jpa alone (a qualified
 * export), so that the JPA scans run on the same machinery (the key conditions, the walk, the
 * retries, the chunk loops and the iterator) rather than copy it.
 */
@SuppressWarnings("module") // chunkwise-jpa is not part of this module's build
module dev.chunkwise {
    requires transitive java.sql;

    exports dev.chunkwise;
    exports dev.chunkwise.internal to
            dev.chunkwise.jpa;
}
