package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.Bounds;
import dev.chunkwise.internal.RunSettings;
import java.util.List;
import java.util.function.Function;

/**
 * Everything one run of a JPA scan needs, resolved when the scan was built and bounded by its
 * start and stop positions: the immutable description a {@link JpaRowCursor} runs. Immutable.
 *
 * @param plan the chunk queries
 * @param mapper turns the result part of a row into the caller's type
 * @param fingerprint the scan's fingerprint, carried by its positions
 * @param entityName the JPQL entity name, as messages name the scan's source
 * @param collectionFetches collection-valued associations initialized per chunk with one query each
 * @param detached whether chunks are handed out after the persistence context was cleared
 * @param singleTransaction whether one transaction spans the whole run
 * @param bounds where the run starts and stops
 * @param settings chunk sizes, retries, clock, checkpoints (chunkwise-core's, shared with JDBC scans)
 */
public record ScanDefinition<T>(
        ChunkQueryPlan plan,
        Function<Object[], T> mapper,
        long fingerprint,
        String entityName,
        List<String> collectionFetches,
        boolean detached,
        boolean singleTransaction,
        Bounds bounds,
        RunSettings settings) {

    /** This definition with other bounds. */
    public ScanDefinition<T> withBounds(Bounds other) {
        return new ScanDefinition<>(
                plan, mapper, fingerprint, entityName, collectionFetches, detached, singleTransaction, other, settings);
    }

    /** This definition with other settings. */
    public ScanDefinition<T> withSettings(RunSettings other) {
        return new ScanDefinition<>(
                plan, mapper, fingerprint, entityName, collectionFetches, detached, singleTransaction, bounds, other);
    }

    /** The key and the source, as failures name them: {@code the order [title, id] of the scan over Book}. */
    public String description() {
        return "the order " + plan.keys().stream().map(KeyAttribute::path).toList() + " of the scan over " + entityName;
    }
}
