package dev.chunkwise.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the {@code chunkwise.chunk} observation and its key values; implement it (or extend
 * {@link DefaultChunkObservationConvention}) to rename or add to them, and pass it to
 * {@link MicrometerScanListener#observationConvention(ChunkObservationConvention)}. An
 * {@code ObservationRegistry}'s global convention for {@link ChunkContext} takes precedence, as
 * Micrometer's rules say.
 */
public interface ChunkObservationConvention extends ObservationConvention<ChunkContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ChunkContext;
    }
}
