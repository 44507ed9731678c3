package dev.chunkwise.internal;

import dev.chunkwise.RetryPolicy;
import dev.chunkwise.ScanClock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The retries of one run, JDBC or JPA: whether a transient failure may be retried (the policy's
 * limit of retries in a row), the backoff it waits on the run's clock, with jitter from an
 * injectable source of randomness, and what the statistics report (how many, how long, the last
 * few causes). One run, one thread.
 */
public final class Retrier {

    private static final int CAUSES_KEPT = 5;

    private final RetryPolicy policy;
    private final ScanClock clock;
    private final DoubleSupplier jitter;
    private final ArrayDeque<String> causes = new ArrayDeque<>();
    private int inARow;
    private long retries;
    private long nanos;

    /** @param jitter values in {@code [0, 1)} that spread the backoff ({@code ThreadLocalRandom} in production) */
    public Retrier(RetryPolicy policy, ScanClock clock, DoubleSupplier jitter) {
        this.policy = policy;
        this.clock = clock;
        this.jitter = jitter;
    }

    /** Whether another retry in a row is allowed. */
    public boolean mayRetry() {
        return inARow < policy.maxRetries();
    }

    /**
     * Counts a retry of {@code chunk} after {@code failure}, runs {@code discard} (the failed
     * connection or session is thrown away first) and waits the backoff.
     *
     * @throws InterruptedException when the wait is interrupted (the interrupt flag is set again)
     */
    public void backOff(long chunk, Throwable failure, Runnable discard) throws InterruptedException {
        inARow++;
        retries++;
        causes.addLast("chunk " + chunk + ": " + Failures.describe(failure));
        if (causes.size() > CAUSES_KEPT) {
            causes.removeFirst();
        }
        long before = clock.nanoTime();
        try {
            discard.run();
            clock.sleep(policy.backoff(inARow, jitter.getAsDouble()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw interrupted;
        } finally {
            nanos += clock.nanoTime() - before;
        }
    }

    /** A chunk got through: the count of retries in a row starts again. */
    public void succeeded() {
        inARow = 0;
    }

    /** The retries in a row so far (0 after a success). */
    public int inARow() {
        return inARow;
    }

    public long retries() {
        return retries;
    }

    public Duration time() {
        return Duration.ofNanos(nanos);
    }

    /** The causes of the most recent retries, oldest first. */
    public List<String> causes() {
        return List.copyOf(causes);
    }

    /** Work on a connection of its own, which a retry runs again from its start. */
    @FunctionalInterface
    public interface Attempt<R> {
        R run() throws SQLException;
    }

    /**
     * Runs {@code attempt} under {@code policy} outside any run: the set-up work (the catalog read
     * of a scan's build, the statements that find partitions) that opens its own connection and
     * can start again from nothing. A transient failure ({@link Failures#isTransient}) is retried
     * after the policy's backoff, up to its limit in a row; a permanent one, and the last transient
     * one, is thrown as it came.
     *
     * @throws SQLException the failure that is not retried
     */
    public static <R> R retrying(RetryPolicy policy, ScanClock clock, Attempt<R> attempt) throws SQLException {
        Retrier retrier =
                new Retrier(policy, clock, () -> ThreadLocalRandom.current().nextDouble());
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException | RuntimeException failure) {
                if (!Failures.isTransient(failure) || !retrier.mayRetry()) {
                    throw failure;
                }
                try {
                    retrier.backOff(0, failure, () -> {});
                } catch (InterruptedException interrupted) {
                    failure.addSuppressed(interrupted);
                    throw failure;
                }
            }
        }
    }
}
