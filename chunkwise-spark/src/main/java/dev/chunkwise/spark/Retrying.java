package dev.chunkwise.spark;

import dev.chunkwise.RetryPolicy;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs the database work of the driver and of a task that the core's own retries do not cover
 * (building a scan reads the catalog; finding partitions runs statements) under the same
 * {@link RetryPolicy}: a transient failure (a lost or killed connection, a deadlock, a
 * serialization failure, a lock wait timeout) is retried after the policy's backoff; anything
 * else, and the last failure when the retries are used up, is thrown as it is.
 *
 * <p>Stateless and thread-safe.
 */
final class Retrying {

    /** PostgreSQL: serialization failure, deadlock, admin shutdown (pg_terminate_backend), crash, cannot connect now, too many connections, lock not available, query canceled. */
    private static final Set<String> TRANSIENT_STATES =
            Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300", "55P03", "57014", "70100");

    /** MariaDB/MySQL: lock wait timeout, deadlock, server gone away, lost connection, connection killed, query interrupted, too many connections. */
    private static final Set<Integer> TRANSIENT_MYSQL_CODES = Set.of(1205, 1213, 2006, 2013, 1927, 1317, 1040, 1053);

    private Retrying() {}

    static <T> T call(RetryPolicy policy, Supplier<T> work) {
        return call(policy, work, new java.util.concurrent.atomic.AtomicLong());
    }

    /** As {@link #call(RetryPolicy, Supplier)}, adding each retry to {@code retries}. */
    static <T> T call(RetryPolicy policy, Supplier<T> work, java.util.concurrent.atomic.AtomicLong retries) {
        int failures = 0;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException failure) {
                if (!isTransient(failure) || failures >= policy.maxRetries()) {
                    throw failure;
                }
                failures++;
                retries.incrementAndGet();
                sleep(policy.backoff(failures, ThreadLocalRandom.current().nextDouble())
                        .toMillis());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", interrupted);
        }
    }

    /** Whether any exception in the chain of causes is a failure that a fresh connection may overcome. */
    static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable current = failure; current != null && depth < 20; current = current.getCause(), depth++) {
            if (current instanceof SQLTransientException
                    || current instanceof SQLRecoverableException
                    || current instanceof java.io.IOException) {
                return true;
            }
            if (current instanceof SQLException) {
                SQLException sql = (SQLException) current;
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (TRANSIENT_MYSQL_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }
}
