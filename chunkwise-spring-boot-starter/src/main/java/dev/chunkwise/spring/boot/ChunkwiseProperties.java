package dev.chunkwise.spring.boot;

import dev.chunkwise.RetryPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The defaults of the scans that {@link ChunkwiseScans} starts, bound from {@code chunkwise.*}.
 * A scan's own builder calls override them.
 *
 * @param chunkSize Rows per chunk (the first chunk's size when chunk-time is set)
 * @param chunkTime Target time per chunk: the chunk size adapts between min-chunk-size and
 *     max-chunk-size; unset for a fixed chunk size
 * @param minChunkSize The smallest adaptive chunk size, with chunk-time
 * @param maxChunkSize The largest adaptive chunk size, with chunk-time
 * @param fetchSize Rows the driver fetches at a time inside a chunk; unset for chunkwise's default
 *     (the chunk size, at most 1000; at most 100 on MariaDB Connector/J)
 * @param retry How transient failures (a lost connection, a deadlock, a serialization failure, a
 *     lock wait timeout) are retried
 */
@ConfigurationProperties("chunkwise")
public record ChunkwiseProperties(
        @DefaultValue("1000") int chunkSize,
        Duration chunkTime,
        @DefaultValue("100") int minChunkSize,
        @DefaultValue("100000") int maxChunkSize,
        Integer fetchSize,
        @DefaultValue Retry retry) {

    /** Refuses values a scan would refuse, so that a bad property fails the start, naming it. */
    public ChunkwiseProperties {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkwise.chunk-size must be at least 1, got " + chunkSize);
        }
        if (chunkTime != null && (chunkTime.isZero() || chunkTime.isNegative())) {
            throw new IllegalArgumentException("chunkwise.chunk-time must be positive, got " + chunkTime);
        }
        if (minChunkSize < 1 || maxChunkSize < minChunkSize) {
            throw new IllegalArgumentException("chunkwise.min-chunk-size and chunkwise.max-chunk-size need 1 <= min"
                    + " <= max, got " + minChunkSize + " and " + maxChunkSize);
        }
        if (fetchSize != null && fetchSize < 1) {
            throw new IllegalArgumentException("chunkwise.fetch-size must be at least 1, got " + fetchSize);
        }
        java.util.Objects.requireNonNull(retry, "retry");
    }

    /**
     * How a scan retries a chunk after a transient failure: see {@link RetryPolicy}.
     *
     * @param maxRetries Retries in a row before the scan fails (0: never retry)
     * @param initialBackoff The wait before the first retry
     * @param maxBackoff The longest wait between retries
     * @param multiplier The growth of the wait from one retry to the next
     * @param jitter The share of each wait that is random, from 0 to 1
     */
    public record Retry(
            @DefaultValue("5") int maxRetries,
            @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("2") double multiplier,
            @DefaultValue("0.2") double jitter) {

        /** Refuses what {@link RetryPolicy} refuses, with chunkwise.retry.* in the message. */
        public Retry {
            try {
                new RetryPolicy(maxRetries, initialBackoff, maxBackoff, multiplier, jitter);
            } catch (IllegalArgumentException | NullPointerException invalid) {
                throw new IllegalArgumentException("chunkwise.retry.*: " + invalid.getMessage(), invalid);
            }
        }

        /** This retry setting as chunkwise's policy. */
        public RetryPolicy policy() {
            return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, multiplier, jitter);
        }
    }

    /** The defaults of a scan built without any property set. */
    public static ChunkwiseProperties defaults() {
        return new ChunkwiseProperties(
                1000, null, 100, 100_000, null, new Retry(5, Duration.ofMillis(100), Duration.ofSeconds(5), 2, 0.2));
    }
}
