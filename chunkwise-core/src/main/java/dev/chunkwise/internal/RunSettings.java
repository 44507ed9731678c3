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
 * @param defaultSize whether the caller chose neither a chunk size nor a target time: row consumers
 *     then get {@link #forRowConsumers time-targeted chunks} where the driver streams inside a chunk
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
        boolean defaultSize,
        Reporting reporting) {

    /** The chunk size of a scan that sets none: the first chunk's for row consumers, every chunk's otherwise. */
    public static final int DEFAULT_CHUNK_SIZE = 1000;

    /**
     * The default target time per chunk of a row consumer (stream, iterator, forEach) where such
     * chunks are time-targeted (MariaDB and MySQL): pt-online-schema-change's {@code --chunk-time}.
     * Every statement boundary there drains the server's send pipeline, so fewer boundaries read
     * faster: on a quiet machine, 0.5 s read 10M rows at 0.93 of a streaming cursor where 100 ms
     * read at 0.89 (74 statements against 357), and level at 1M rows (BENCHMARKS.md). Short enough
     * that one statement holds its read view briefly and a crash repeats at most about half a
     * second of work after the last checkpoint.
     */
    public static final Duration DEFAULT_ROW_CHUNK_TIME = Duration.ofMillis(500);

    /** The smallest default chunk of a row consumer: never smaller than the fixed default. */
    public static final int DEFAULT_ROW_MIN_CHUNK = DEFAULT_CHUNK_SIZE;

    /**
     * The largest default chunk of a row consumer: bounds the {@code LIMIT} of one statement, so
     * that one statement's work stays bounded whatever the rate estimate says (half a second of
     * MariaDB's fastest reads here is about 500,000 rows; the rows are streamed, so the heap does
     * not grow with it).
     */
    public static final int DEFAULT_ROW_MAX_CHUNK = 1_000_000;

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
            Consumer<? super Position> checkpoint,
            boolean defaultSize) {
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
                defaultSize,
                Reporting.NONE);
    }

    /** These settings with other reporting. */
    public RunSettings withReporting(Reporting other) {
        return new RunSettings(
                chunkSize,
                chunkTime,
                minChunkSize,
                maxChunkSize,
                pacing,
                pause,
                retryPolicy,
                clock,
                checkpoint,
                defaultSize,
                other);
    }

    /**
     * The settings of a run whose caller consumes rows one at a time (stream, iterator, forEach),
     * where the rows of a chunk are streamed and memory does not grow with the chunk: when the
     * caller chose no size and {@code timeTargeted}, chunks start at
     * {@value #DEFAULT_CHUNK_SIZE} rows and adapt to {@link #DEFAULT_ROW_CHUNK_TIME} within
     * {@code [}{@value #DEFAULT_ROW_MIN_CHUNK}{@code , }{@value #DEFAULT_ROW_MAX_CHUNK}{@code ]}
     * rows; otherwise these settings as they are. Chunk consumers hold a chunk and keep the row bound.
     *
     * @param timeTargeted whether the database's default for row consumers is time-targeted
     *     ({@link Dialect.Streaming#timeTargetedRowChunksByDefault})
     */
    public RunSettings forRowConsumers(boolean timeTargeted) {
        if (!defaultSize || !timeTargeted) {
            return this;
        }
        return new RunSettings(
                chunkSize,
                DEFAULT_ROW_CHUNK_TIME,
                DEFAULT_ROW_MIN_CHUNK,
                DEFAULT_ROW_MAX_CHUNK,
                pacing,
                pause,
                retryPolicy,
                clock,
                checkpoint,
                false,
                reporting);
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
