package dev.chunkwise.jpa.internal;

import dev.chunkwise.Position;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything a run of a JPA scan needs, resolved when the scan was built. Immutable.
 *
 * @param plan the chunk queries
 * @param mapper turns the result part of a row into the caller's type
 * @param fingerprint the scan's fingerprint, carried by its positions
 * @param entityName the JPQL entity name
 * @param chunkSize rows per chunk
 * @param collectionFetches collection-valued associations initialized per chunk with one query each
 * @param detached whether chunks are handed out after the persistence context was cleared
 * @param singleTransaction whether one transaction spans the whole run
 * @param checkpoint called with the last position of every completed (committed) chunk, or null
 * @param startValues the start bound's key values, or null
 * @param startInclusive whether the start bound's row is included
 * @param stopValues the stop bound's key values, or null
 * @param stopInclusive whether the stop bound's row is included
 * @param settings retries, clock and adaptive chunk sizes
 */
public record ScanDefinition<T>(ChunkQueryPlan plan, Function<Object[], T> mapper, long fingerprint,
        String entityName, int chunkSize, List<String> collectionFetches, boolean detached,
        boolean singleTransaction, Consumer<? super Position> checkpoint, List<Object> startValues,
        boolean startInclusive, List<Object> stopValues, boolean stopInclusive, RunSettings settings) {

    public ScanDefinition<T> withStart(List<Object> values, boolean inclusive) {
        return new ScanDefinition<>(plan, mapper, fingerprint, entityName, chunkSize, collectionFetches, detached,
                singleTransaction, checkpoint, values, inclusive, stopValues, stopInclusive, settings);
    }

    public ScanDefinition<T> withStop(List<Object> values, boolean inclusive) {
        return new ScanDefinition<>(plan, mapper, fingerprint, entityName, chunkSize, collectionFetches, detached,
                singleTransaction, checkpoint, startValues, startInclusive, values, inclusive, settings);
    }

    public void checkpoint(Position position) {
        if (checkpoint != null) {
            checkpoint.accept(position);
        }
    }
}
