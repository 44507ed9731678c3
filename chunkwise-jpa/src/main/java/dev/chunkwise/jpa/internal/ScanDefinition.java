package dev.chunkwise.jpa.internal;

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
 * @param startValues the start bound's key values, or null
 * @param startInclusive whether the start bound's row is included
 * @param stopValues the stop bound's key values, or null
 * @param stopInclusive whether the stop bound's row is included
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
        List<Object> startValues,
        boolean startInclusive,
        List<Object> stopValues,
        boolean stopInclusive,
        RunSettings settings) {

    public ScanDefinition<T> withStart(List<Object> values, boolean inclusive) {
        return new ScanDefinition<>(
                plan,
                mapper,
                fingerprint,
                entityName,
                collectionFetches,
                detached,
                singleTransaction,
                values,
                inclusive,
                stopValues,
                stopInclusive,
                settings);
    }

    public ScanDefinition<T> withStop(List<Object> values, boolean inclusive) {
        return new ScanDefinition<>(
                plan,
                mapper,
                fingerprint,
                entityName,
                collectionFetches,
                detached,
                singleTransaction,
                startValues,
                startInclusive,
                values,
                inclusive,
                settings);
    }

    /** The key and the source, as failures name them: {@code the order [title, id] of the scan over Book}. */
    public String description() {
        return "the order " + plan.keys().stream().map(KeyAttribute::path).toList() + " of the scan over " + entityName;
    }
}
