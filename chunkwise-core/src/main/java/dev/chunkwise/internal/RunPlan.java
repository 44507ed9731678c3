package dev.chunkwise.internal;

import dev.chunkwise.ConnectionSource;
import dev.chunkwise.RowMapper;

/**
 * Everything one run of a JDBC scan needs, resolved when the scan was built and bounded by its
 * start and stop positions: the immutable description a {@link JdbcRowCursor} runs. Immutable.
 *
 * @param source where connections come from
 * @param plan the chunk queries
 * @param mapper turns a row into the caller's type
 * @param fingerprint the scan's fingerprint, carried by its positions
 * @param description the key and the source, as failures name them: {@code the key [id ASC] of the scan over t}
 * @param sourceName the table or view, as messages name it
 * @param bounds where the run starts and stops
 * @param fetchSize rows the driver fetches at a time inside a chunk
 * @param snapshot whether the run is one REPEATABLE READ, read-only transaction
 * @param settings sizes, pacing, retries, clock, checkpoints
 * @param importedSnapshot the PostgreSQL snapshot every chunk transaction imports
 *     ({@code SET TRANSACTION SNAPSHOT}), or {@code null}: set for the workers of a parallel run
 *     that share one view
 * @param <T> the type of one mapped row
 */
public record RunPlan<T>(
        ConnectionSource source,
        ScanPlan plan,
        RowMapper<T> mapper,
        long fingerprint,
        String description,
        String sourceName,
        Bounds bounds,
        int fetchSize,
        boolean snapshot,
        RunSettings settings,
        String importedSnapshot) {

    /** This plan with other bounds. */
    public RunPlan<T> withBounds(Bounds other) {
        return new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                sourceName,
                other,
                fetchSize,
                snapshot,
                settings,
                importedSnapshot);
    }

    /** This plan with other settings. */
    public RunPlan<T> withSettings(RunSettings other) {
        return new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                sourceName,
                bounds,
                fetchSize,
                snapshot,
                other,
                importedSnapshot);
    }

    /**
     * This plan with every chunk in a REPEATABLE READ transaction of its own that imports
     * {@code snapshotId}, instead of one snapshot transaction for the run.
     */
    public RunPlan<T> withImportedSnapshot(String snapshotId) {
        return new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                sourceName,
                bounds,
                fetchSize,
                false,
                settings,
                snapshotId);
    }

    /**
     * This plan for a caller that consumes rows one at a time: the settings of
     * {@link RunSettings#forRowConsumers}, time-targeted chunks by default where the dialect's
     * measurements favour them ({@link Dialect.Streaming#timeTargetedRowChunksByDefault}).
     */
    public RunPlan<T> forRowConsumers() {
        RunSettings rowSettings =
                settings.forRowConsumers(plan.dialect().streaming().timeTargetedRowChunksByDefault());
        return rowSettings == settings ? this : withSettings(rowSettings);
    }

    /** Whether every chunk fits in one fetch, so that the driver never needs a cursor to stream it. */
    public boolean chunkFitsOneFetch() {
        return settings.largestChunk() <= fetchSize;
    }

    /**
     * Whether chunks are read inside a short transaction so that the driver streams them
     * (PostgreSQL). Not when a whole chunk fits in one fetch: the driver then reads it in one round
     * trip anyway, and the transaction's BEGIN and COMMIT would only add a round trip per chunk.
     */
    public boolean streamsInTransaction() {
        return plan.dialect().streaming() == Dialect.Streaming.TRANSACTION_AND_FETCH_SIZE && !chunkFitsOneFetch();
    }
}
