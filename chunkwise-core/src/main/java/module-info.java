/**
 * chunkwise-core: keyset ("seek") chunked scans over plain JDBC.
 *
 * <p>Exports only the API package {@code dev.chunkwise}; {@code dev.chunkwise.internal} is the
 * implementation and may change in any release.
 */
module dev.chunkwise {
    requires transitive java.sql;

    exports dev.chunkwise;
}
