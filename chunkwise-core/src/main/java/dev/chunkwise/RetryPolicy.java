package dev.chunkwise;

import java.time.Duration;
import java.util.Objects;

/**
 * How a scan retries a chunk after a transient failure (a lost connection, a deadlock, a
 * serialization failure, a lock wait timeout): up to {@code maxRetries} times in a row, on a
 * fresh connection, from the last delivered position, waiting an exponentially growing,
 * jittered backoff between attempts. A chunk that succeeds resets the count.
 *
 * <p>The wait before retry {@code n} (1-based) is
 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, then scaled by a random factor in
 * {@code [1 - jitter, 1]}. Non-transient failures (syntax, permission, unknown column) are never
 * retried.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxRetries how many retries in a row before the scan fails (0: never retry)
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait
 * @param multiplier the growth of the wait from one retry to the next (at least 1)
 * @param jitter the share of the wait that is random, from 0 to 1
 */
public record RetryPolicy(
        int maxRetries, Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be at least 0, got " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
    }

    /** The default: 5 retries in a row, waiting 100 ms, 200 ms, ... up to 5 s, with 20% jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5), 2, 0.2);
    }

    /** No retries: the first failure fails the scan. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0);
    }

    /** This policy with another number of retries in a row. */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, initialBackoff, maxBackoff, multiplier, jitter);
    }

    /**
     * The wait before retry {@code retry} (1-based), given a uniform random number in [0, 1).
     */
    public Duration backoff(int retry, double random) {
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
        nanos = Math.min(nanos, maxBackoff.toNanos());
        nanos = nanos * (1 - jitter * random);
        return Duration.ofNanos((long) nanos);
    }
}
