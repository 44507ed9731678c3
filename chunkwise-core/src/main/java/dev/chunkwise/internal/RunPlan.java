package dev.chunkwise.internal;

import dev.chunkwise.ConnectionSource;
import dev.chunkwise.RowMapper;
import java.util.List;

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
 * @param start the key values to start at or after, or {@code null}
 * @param startInclusive whether the row at {@code start} is included
 * @param stop the key values of the stop bound, or {@code null}
 * @param stopInclusive whether the row at {@code stop} is included
 * @param fetchSize rows the driver fetches at a time inside a chunk
 * @param snapshot whether the run is one REPEATABLE READ, read-only transaction
 * @param settings sizes, pacing, retries, clock, checkpoints
 * @param <T> the type of one mapped row
 */
public record RunPlan<T>(
        ConnectionSource source,
        ScanPlan plan,
        RowMapper<T> mapper,
        long fingerprint,
        String description,
        String sourceName,
        List<Object> start,
        boolean startInclusive,
        List<Object> stop,
        boolean stopInclusive,
        int fetchSize,
        boolean snapshot,
        RunSettings settings) {

    /** This plan, starting at or after {@code values}. */
    public RunPlan<T> withStart(List<Object> values, boolean inclusive) {
        return new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                sourceName,
                values,
                inclusive,
                stop,
                stopInclusive,
                fetchSize,
                snapshot,
                settings);
    }

    /** This plan, stopping at or before {@code values}. */
    public RunPlan<T> withStop(List<Object> values, boolean inclusive) {
        return new RunPlan<>(
                source,
                plan,
                mapper,
                fingerprint,
                description,
                sourceName,
                start,
                startInclusive,
                values,
                inclusive,
                fetchSize,
                snapshot,
                settings);
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
