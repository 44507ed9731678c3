package dev.chunkwise.internal;

import dev.chunkwise.Position;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.ScanClock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the runs of a scan behave beyond what they read, JDBC or JPA: the chunk size (fixed, or
 * adapting to a target time within bounds), pacing, retries, the clock, the checkpoint hook and the
 * listener.
 * Immutable.
 *
 * @param chunkSize rows per chunk (the first chunk's, when the size adapts)
 * @param chunkTime the target time per chunk, or {@code null} for a fixed size
 * @param minChunkSize the smallest adaptive chunk size
 * @param maxChunkSize the largest adaptive chunk size
 * @param pacing the pause between chunks, as a factor of the last chunk's time (0 for none)
 * @param pause a fixed pause between chunks, added to the pacing ({@link Duration#ZERO} for none)
 * @param retryPolicy how transient failures are retried
 * @param clock the time source for chunk timing, adaptive sizes, backoff and pacing
 * @param checkpoint receives the position after every chunk the caller has processed, or {@code null}
 * @param reporting the listener and the names its events carry
 */
public record RunSettings(
        int chunkSize,
        Duration chunkTime,
        int minChunkSize,
        int maxChunkSize,
        double pacing,
        Duration pause,
        RetryPolicy retryPolicy,
        ScanClock clock,
        Consumer<? super Position> checkpoint,
        Reporting reporting) {

    public RunSettings {
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(reporting, "reporting");
    }

    /** Settings without a listener ({@link Reporting#NONE}). */
    public RunSettings(
            int chunkSize,
            Duration chunkTime,
            int minChunkSize,
            int maxChunkSize,
            double pacing,
            Duration pause,
            RetryPolicy retryPolicy,
            ScanClock clock,
            Consumer<? super Position> checkpoint) {
        this(
                chunkSize,
                chunkTime,
                minChunkSize,
                maxChunkSize,
                pacing,
                pause,
                retryPolicy,
                clock,
                checkpoint,
                Reporting.NONE);
    }

    /** These settings with other reporting. */
    public RunSettings withReporting(Reporting other) {
        return new RunSettings(
                chunkSize, chunkTime, minChunkSize, maxChunkSize, pacing, pause, retryPolicy, clock, checkpoint, other);
    }

    /** A new sizer for one run. */
    public ChunkSizer newSizer() {
        return chunkTime == null
                ? ChunkSizer.fixed(chunkSize)
                : ChunkSizer.adaptive(chunkTime.toNanos(), minChunkSize, maxChunkSize, chunkSize);
    }

    /** The largest chunk a run may read. */
    public int largestChunk() {
        return chunkTime == null ? chunkSize : maxChunkSize;
    }

    /** Hands a position to the checkpoint hook, if there is one. */
    public void checkpoint(Position position) {
        if (checkpoint != null) {
            checkpoint.accept(position);
        }
    }
}
