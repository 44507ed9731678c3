package dev.chunkwise.internal;

import dev.chunkwise.Position;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanListener.Outcome;
import dev.chunkwise.ScanStatistics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells one run's listener, and the {@code System.Logger} {@code dev.chunkwise.run}, what the run
 * does: each chunk's start and end (logged at {@code TRACE} and {@code DEBUG}), each retry (logged
 * at {@code WARNING}, with the cause's SQL state, vendor code and the first line of its message),
 * and the run's end ({@code DEBUG}). Log lines name the chunk, the scan and its source, never a
 * position: key values are the caller's data. A listener that throws is logged, not rethrown.
 *
 * <p>A chunk is reported started once (not again when it is read again after a retry) and done
 * once; a chunk still open when the run ends is reported done with the run's outcome. The run's
 * end is reported once. One run, one thread.
 */
public final class RunReporter {

    private static final System.Logger LOG = System.getLogger("dev.chunkwise.run");
    private static final AtomicLong RUNS = new AtomicLong();

    private final ScanListener listener;
    private final boolean listening;
    private final ScanListener.Run run;
    private final ScanClock clock;
    private final String name;

    private long startedThrough;
    private long openChunk;
    private long chunkStartNanos;
    private long rowsAtChunkStart;
    private boolean finished;
    private boolean listenerFailed;

    public RunReporter(Reporting reporting, String source, ScanClock clock) {
        this.listener = reporting.listener();
        this.listening = listener != ScanListener.NONE;
        this.run = new ScanListener.Run(RUNS.incrementAndGet(), reporting.scanName(), source, reporting.partition());
        this.clock = clock;
        this.name =
                reporting.scanName().map(scan -> "scan '" + scan + "' over ").orElse("scan over ")
                        + source
                        + reporting
                                .partition()
                                .map(partition -> " (partition " + partition + ")")
                                .orElse("");
    }

    /** The run's identity, as its events carry it. */
    public ScanListener.Run run() {
        return run;
    }

    /**
     * Chunk {@code chunk} begins; {@code rowsDelivered} rows were delivered before it. Nothing is
     * reported for a chunk that was reported started already (read again after a retry).
     */
    public void chunkBegins(long chunk, long rowsDelivered) {
        if (chunk <= startedThrough || finished) {
            return;
        }
        startedThrough = chunk;
        openChunk = chunk;
        chunkStartNanos = clock.nanoTime();
        rowsAtChunkStart = rowsDelivered;
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "chunk " + chunk + " of the " + name + " begins");
        }
        if (listening) {
            ScanListener.ChunkStarted event = new ScanListener.ChunkStarted(run, chunk);
            call("chunkStarted", () -> listener.chunkStarted(event));
        }
    }

    /** The open chunk was handled by the caller: {@code rowsDelivered} rows delivered so far in the run. */
    public void chunkEnds(long rowsDelivered, Duration readTime, Position last) {
        if (openChunk == 0) {
            return;
        }
        chunkDone(rowsDelivered, readTime, last, Outcome.SUCCESS, null);
    }

    private void chunkDone(long rowsDelivered, Duration readTime, Position last, Outcome outcome, Throwable failure) {
        long chunk = openChunk;
        openChunk = 0;
        int rows = (int) Math.max(0, rowsDelivered - rowsAtChunkStart);
        Duration elapsed = Duration.ofNanos(clock.nanoTime() - chunkStartNanos);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "chunk " + chunk + " of the " + name + ": " + rows + " rows in " + elapsed.toMillis() + " ms (read "
                            + readTime.toMillis() + " ms)" + (outcome == Outcome.SUCCESS ? "" : ", " + outcome));
        }
        if (listening) {
            ScanListener.ChunkDone event = new ScanListener.ChunkDone(
                    run,
                    chunk,
                    rows,
                    elapsed,
                    readTime,
                    Optional.ofNullable(last),
                    outcome,
                    Optional.ofNullable(failure));
            call("chunkDone", () -> listener.chunkDone(event));
        }
    }

    /** Retry {@code attempt} in a row of chunk {@code chunk} after {@code cause}, before its backoff. */
    public void retry(long chunk, int attempt, int maxRetries, Throwable cause) {
        String description = Failures.describe(cause);
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.log(
                    Level.WARNING,
                    "retrying chunk " + chunk + " of the " + name + " (retry " + attempt + " of at most " + maxRetries
                            + " in a row) after a transient failure: " + description);
        }
        if (listening) {
            ScanListener.Retry event = new ScanListener.Retry(run, chunk, attempt, maxRetries, cause, description);
            call("retry", () -> listener.retry(event));
        }
    }

    /**
     * The run ended with {@code outcome} ({@code failure} for {@link Outcome#FAILURE}); a chunk
     * still open ends with it. Reported once: later calls do nothing.
     *
     * @param readTime the time the open chunk's rows took to read so far
     */
    public void runEnds(Outcome outcome, ScanStatistics statistics, Duration readTime, Throwable failure) {
        if (finished) {
            return;
        }
        if (openChunk != 0) {
            chunkDone(statistics.rows(), readTime, null, outcome, failure);
        }
        finished = true;
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "run of the " + name + " ended, " + outcome + ": " + statistics.rows() + " rows in "
                            + statistics.chunks() + " chunks, " + statistics.retries() + " retries, "
                            + statistics.elapsed().toMillis() + " ms"
                            + (failure == null ? "" : "; " + failure.getClass().getName()));
        }
        if (listening) {
            ScanListener.RunFinished event =
                    new ScanListener.RunFinished(run, outcome, statistics, Optional.ofNullable(failure));
            call("runFinished", () -> listener.runFinished(event));
        }
    }

    /** Calls the listener; what it throws is logged (the first time at WARNING) and the run goes on. */
    private void call(String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException thrown) {
            Level level = listenerFailed ? Level.DEBUG : Level.WARNING;
            listenerFailed = true;
            if (LOG.isLoggable(level)) {
                LOG.log(
                        level,
                        "the listener " + listener.getClass().getName() + " threw from " + method + " in the " + name
                                + "; the run goes on",
                        thrown);
            }
        }
    }
}
