package dev.chunkwise.micrometer;

import dev.chunkwise.ScanListener;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of one {@code chunkwise.chunk} observation: which run and chunk it measures, and, once
 * the chunk is done, how it ended. An {@link ChunkObservationConvention} reads it. A context is
 * written by the run's thread (the chunk's start, then its end) and read by the observation
 * handlers on that thread.
 */
public final class ChunkContext extends Observation.Context {

    private final ScanListener.Run run;
    private final long chunk;
    private ScanListener.ChunkDone done;

    ChunkContext(ScanListener.Run run, long chunk) {
        this.run = Objects.requireNonNull(run, "run");
        this.chunk = chunk;
    }

    /** The run the chunk belongs to: scan name, source, partition. */
    public ScanListener.Run run() {
        return run;
    }

    /** The chunk's number, 1 for the first. */
    public long chunk() {
        return chunk;
    }

    /** How the chunk ended, empty while it runs. */
    public Optional<ScanListener.ChunkDone> done() {
        return Optional.ofNullable(done);
    }

    void done(ScanListener.ChunkDone event) {
        this.done = event;
    }
}
