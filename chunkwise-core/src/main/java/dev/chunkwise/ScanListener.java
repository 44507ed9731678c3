package dev.chunkwise;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Told what the runs of a scan do, as they do it: each chunk's start and end, each retry with its
 * cause, and the end of the run. For metrics, traces and the caller's own logs; chunkwise-micrometer
 * implements it with Micrometer observations and counters. Attach one with
 * {@link Scan#listener(ScanListener)} (and {@code JpaScan.listener} in chunkwise-jpa); by default a
 * scan has {@link #NONE}.
 *
 * <p>Every event of a run comes in this order: {@link #chunkStarted} and one {@link #chunkDone} per
 * chunk (a retried chunk is started once and done once, its retries in between as
 * {@link #retry}), then one {@link #runFinished}. The last chunk of a run may have no rows: the
 * query that found the end of the scan, reported with 0 rows and not counted in
 * {@link ScanStatistics#chunks()}.
 *
 * <p><b>Threads.</b> A run calls its listener on the thread that consumes it, in order. A listener
 * attached to a scan that runs several times at once, or to a {@link ParallelScan} (one run per
 * partition, each on its worker thread), is called from several threads at once: it must be
 * thread-safe. {@link Run#id()} tells the runs apart.
 *
 * <p><b>Failures.</b> A listener must not slow the run down or throw. If a method throws a
 * {@link RuntimeException} all the same, the run goes on as if it had returned: the first such
 * failure of a run is logged at {@code WARNING} on the {@code System.Logger} {@code dev.chunkwise.run},
 * later ones of the same run at {@code DEBUG}.
 *
 * <p><b>Cardinality.</b> The {@link Run}'s scan name, source and partition take few values (a
 * scan's name is a constant the program gives it); chunk numbers, row counts and positions take
 * many, and positions are the caller's data (key values): keep them out of metric tags and logs.
 */
public interface ScanListener {

    /** The listener that does nothing: the default of every scan. */
    ScanListener NONE = new ScanListener() {};

    /** A chunk is about to be read. Not called again when the chunk is read again after a retry. */
    default void chunkStarted(ChunkStarted event) {}

    /** A chunk ended: handled by the caller, or cut short by the end of the run (see its {@link Outcome}). */
    default void chunkDone(ChunkDone event) {}

    /** A transient failure is being retried: the failed connection or session is thrown away, the backoff follows. */
    default void retry(Retry event) {}

    /** The run ended: it read the whole scan, the caller stopped it, or it failed. Called once per run. */
    default void runFinished(RunFinished event) {}

    /** How a chunk or a run ended. */
    enum Outcome {
        /** A chunk was handled by the caller (after its commit, in a transactional run); a run read the whole scan. */
        SUCCESS,
        /** The caller stopped early: closed the iterator or stream, or a {@code forEachChunkWhile} action returned false. */
        STOPPED,
        /** A failure ended it; the run throws it to the caller. */
        FAILURE
    }

    /**
     * Which run an event belongs to.
     *
     * @param id a number unique to the run within this JVM (many values: not for metric tags)
     * @param scanName the scan's name ({@link Scan#named(String)}), empty when it has none
     * @param source the table or view (the entity name, for a JPA scan), as messages name it
     * @param partition the partition the run reads, empty when the scan is not a partition
     */
    record Run(long id, Optional<String> scanName, String source, Optional<Partition> partition) {
        public Run {
            Objects.requireNonNull(scanName, "scanName");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(partition, "partition");
        }
    }

    /**
     * A partition of a scan ({@link Scan#partitions(int)}, {@link ParallelScan}).
     *
     * @param index its index, from 0
     * @param count how many partitions the scan was split into
     */
    record Partition(int index, int count) {
        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * A chunk is about to be read.
     *
     * @param run the run
     * @param chunk the chunk's number, 1 for the first
     */
    record ChunkStarted(Run run, long chunk) {
        public ChunkStarted {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * A chunk ended.
     *
     * @param run the run
     * @param chunk the chunk's number, 1 for the first
     * @param rows the rows of the chunk delivered to the caller
     * @param elapsed from the chunk's start to its end, the caller's handling and any retries
     *     included, on the scan's clock
     * @param readTime the time its rows took to read (as {@link Chunk#elapsed()})
     * @param last the position after its last delivered row (the caller's data: not for tags or
     *     logs), empty when it has none
     * @param outcome how it ended
     * @param failure what ended the run during the chunk, for {@link Outcome#FAILURE}
     */
    record ChunkDone(
            Run run,
            long chunk,
            int rows,
            Duration elapsed,
            Duration readTime,
            Optional<Position> last,
            Outcome outcome,
            Optional<Throwable> failure) {
        public ChunkDone {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(readTime, "readTime");
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * A transient failure of a chunk is being retried.
     *
     * @param run the run
     * @param chunk the number of the chunk that is read again
     * @param attempt which retry in a row this is, 1 for the first
     * @param maxRetries the retries in a row the policy allows
     * @param cause the failure being retried
     * @param description the cause in short, as {@link ScanStatistics#retryCauses()} words it: SQL
     *     state, vendor code and the first line of the driver's message
     */
    record Retry(Run run, long chunk, int attempt, int maxRetries, Throwable cause, String description) {
        public Retry {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * A run ended.
     *
     * @param run the run
     * @param outcome how it ended
     * @param statistics what it did
     * @param failure what it throws to the caller, for {@link Outcome#FAILURE}
     */
    record RunFinished(Run run, Outcome outcome, ScanStatistics statistics, Optional<Throwable> failure) {
        public RunFinished {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(statistics, "statistics");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
