package dev.chunkwise.micrometer;

import dev.chunkwise.ScanListener;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link ScanListener} that measures scans with Micrometer:
 *
 * <ul>
 *   <li>one observation {@code chunkwise.chunk} per chunk, from the chunk's start to its end (the
 *       caller's handling, its commit and any retries included): a timer through the registry's
 *       meter handler, a span through its tracing handler, with a {@code chunkwise.retry} event per
 *       retry and the run's failure as its error;
 *   <li>a counter {@code chunkwise.rows} of the rows delivered (tagged with the chunk's outcome);
 *   <li>a counter {@code chunkwise.retries} of the retries after transient failures.
 * </ul>
 *
 * Tags are low-cardinality only: {@code chunkwise.scan}, {@code chunkwise.table},
 * {@code chunkwise.partition}, and {@code chunkwise.outcome} for the timer and {@code chunkwise.rows}
 * ({@link DefaultChunkObservationConvention} says which values). Chunk numbers and row counts go to
 * spans as high-cardinality key values; positions go nowhere.
 *
 * <pre>{@code
 * MicrometerScanListener metrics = MicrometerScanListener.create()
 *         .observationRegistry(observationRegistry)
 *         .meterRegistry(meterRegistry);
 * scan.named("backfill-rating").listener(metrics).forEachChunkInTransaction(...);
 * }</pre>
 *
 * <p>The chunk's observation is not made current (no scope is opened): an iterator hands control
 * back to the caller between a chunk's start and end, and two runs can interleave on one thread, so
 * a thread-local scope could not be closed in order. Spans of the caller's own statements are
 * therefore not children of the chunk's span.
 *
 * <p>{@link #create()} records nothing: its observation registry is {@link ObservationRegistry#NOOP}
 * and it has no meter registry, so the counters are off until one is given. Immutable
 * configuration; thread-safe: one listener can serve many scans and a parallel scan's partitions at
 * once, the observations of each run kept apart by the run's id.
 */
public final class MicrometerScanListener implements ScanListener {

    /** The counter of rows delivered. */
    public static final String ROWS = "chunkwise.rows";

    /** The counter of retries after transient failures. */
    public static final String RETRIES = "chunkwise.retries";

    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final ChunkObservationConvention convention;
    private final ConcurrentMap<Long, Observation> open = new ConcurrentHashMap<>();

    private MicrometerScanListener(
            ObservationRegistry observations, MeterRegistry meters, ChunkObservationConvention convention) {
        this.observations = observations;
        this.meters = meters;
        this.convention = convention;
    }

    /** A listener that records nothing until it is given a registry. */
    public static MicrometerScanListener create() {
        return new MicrometerScanListener(ObservationRegistry.NOOP, null, null);
    }

    /** This listener, its chunk observations made in {@code registry}. */
    public MicrometerScanListener observationRegistry(ObservationRegistry registry) {
        return new MicrometerScanListener(Objects.requireNonNull(registry, "registry"), meters, convention);
    }

    /** This listener, its counters registered in {@code registry}. */
    public MicrometerScanListener meterRegistry(MeterRegistry registry) {
        return new MicrometerScanListener(observations, Objects.requireNonNull(registry, "registry"), convention);
    }

    /**
     * This listener, its chunk observations named by {@code custom} instead of
     * {@link DefaultChunkObservationConvention}.
     */
    public MicrometerScanListener observationConvention(ChunkObservationConvention custom) {
        return new MicrometerScanListener(observations, meters, Objects.requireNonNull(custom, "convention"));
    }

    /** Where the chunk observations go ({@link ObservationRegistry#NOOP} by default). */
    public ObservationRegistry observationRegistry() {
        return observations;
    }

    /** Where the counters go, or empty when they are off (the default). */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meters);
    }

    @Override
    public void chunkStarted(ChunkStarted event) {
        if (observations.isNoop()) {
            return;
        }
        Observation observation = Observation.createNotStarted(
                        convention,
                        DefaultChunkObservationConvention.INSTANCE,
                        () -> new ChunkContext(event.run(), event.chunk()),
                        observations)
                .start();
        Observation before = open.put(event.run().id(), observation);
        if (before != null) {
            before.stop();
        }
    }

    @Override
    public void chunkDone(ChunkDone event) {
        Observation observation = open.remove(event.run().id());
        if (observation != null) {
            if (observation.getContext() instanceof ChunkContext context) {
                context.done(event);
            }
            event.failure().ifPresent(observation::error);
            observation.stop();
        }
        if (meters != null) {
            Counter.builder(ROWS)
                    .description("rows delivered by chunkwise scans")
                    .baseUnit("rows")
                    .tags(tags(DefaultChunkObservationConvention.runKeyValues(event.run())
                            .and(ChunkwiseKeys.OUTCOME, event.outcome().name().toLowerCase(Locale.ROOT))))
                    .register(meters)
                    .increment(event.rows());
        }
    }

    @Override
    public void retry(Retry event) {
        Observation observation = open.get(event.run().id());
        if (observation != null) {
            observation.event(Observation.Event.of(
                    "chunkwise.retry",
                    "retry " + event.attempt() + " of chunk " + event.chunk() + ": " + event.description()));
        }
        if (meters != null) {
            Counter.builder(RETRIES)
                    .description("chunks of chunkwise scans retried after a transient failure")
                    .tags(tags(DefaultChunkObservationConvention.runKeyValues(event.run())))
                    .register(meters)
                    .increment();
        }
    }

    @Override
    public void runFinished(RunFinished event) {
        Observation left = open.remove(event.run().id());
        if (left != null) {
            event.failure().ifPresent(left::error);
            left.stop();
        }
    }

    private static Tags tags(KeyValues values) {
        return Tags.of(values.stream()
                .map(value -> Tag.of(value.getKey(), value.getValue()))
                .toList());
    }
}
