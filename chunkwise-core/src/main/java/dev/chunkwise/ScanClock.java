package dev.chunkwise;

import java.time.Duration;

/**
 * The time source of a scan: monotonic nanoseconds for chunk timing, adaptive chunk sizes and
 * statistics, and waiting for retry backoff and pacing. {@link #system()} is the real one; a test
 * can pass its own (see {@link Scan.Builder#clock(ScanClock)}) so that timing logic runs exactly
 * and without sleeping.
 *
 * <p>Implementations must be safe to call from the threads that run scans.
 */
public interface ScanClock {

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    static ScanClock system() {
        return SystemClock.INSTANCE;
    }
}

/** The system clock. */
enum SystemClock implements ScanClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
    }
}
