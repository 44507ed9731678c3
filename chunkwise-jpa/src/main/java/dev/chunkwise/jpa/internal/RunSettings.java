package dev.chunkwise.jpa.internal;

import dev.chunkwise.RetryPolicy;
import dev.chunkwise.ScanClock;
import java.time.Duration;
import java.util.Objects;

/**
 * How runs of a JPA scan behave beyond what they read: retries, timing, adaptive chunk sizes.
 * Immutable.
 *
 * @param retryPolicy how transient failures of a chunk are retried
 * @param clock the time source for chunk timing, adaptive sizes and backoff
 * @param chunkTime the target time per chunk, or null for a fixed chunk size
 * @param minChunkSize the smallest adaptive chunk size
 * @param maxChunkSize the largest adaptive chunk size
 */
public record RunSettings(RetryPolicy retryPolicy, ScanClock clock, Duration chunkTime, int minChunkSize,
        int maxChunkSize) {

    public RunSettings {
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(clock, "clock");
    }

    public static RunSettings defaults() {
        return new RunSettings(RetryPolicy.defaults(), ScanClock.system(), null, 0, 0);
    }
}
