package dev.chunkwise.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Scan;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanListener;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The observations and counters of real scans, on H2 and PostgreSQL, read from Micrometer's own
 * test registry ({@link TestObservationRegistry}, which also checks that every observation is
 * started once and stopped once) and a {@link SimpleMeterRegistry} fed by Micrometer's meter handler.
 */
class MicrometerScanListenerTest {

    private static final Set<String> LOW_CARDINALITY =
            Set.of("chunkwise.scan", "chunkwise.table", "chunkwise.partition", "chunkwise.outcome");

    private TestObservationRegistry observations;
    private SimpleMeterRegistry meters;
    private MicrometerScanListener listener;
    /** The names of the events each observation got, by chunk number. */
    private final ConcurrentLinkedQueue<String> observationEvents = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void registries() {
        observations = TestObservationRegistry.create();
        meters = new SimpleMeterRegistry();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(new ObservationHandler<ChunkContext>() {
            @Override
            public void onEvent(Observation.Event event, ChunkContext context) {
                observationEvents.add("chunk " + context.chunk() + ": " + event.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ChunkContext;
            }
        });
        listener = MicrometerScanListener.create()
                .observationRegistry(observations)
                .meterRegistry(meters);
    }

    private static Scan<Long> numbers(Databases database, String table, int rows, int chunkSize) {
        database.createNumbered(table, rows);
        return Scan.over(database.source())
                .table(table)
                .orderBy("id")
                .chunkSize(chunkSize)
                .build(row -> row.getLong("id"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void observesEveryChunkWithTheScansLowCardinalityKeyValuesOnly(Databases database) {
        Scan<Long> scan = numbers(database, "mm_chunks", 10, 4).named("export-numbers");

        scan.listener(listener).forEachChunk(chunk -> {});

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("chunkwise.chunk", 3)
                .forAllObservationsWithNameEqualTo("chunkwise.chunk", observation -> observation
                        .hasContextualNameEqualToIgnoringCase("chunk mm_chunks")
                        .hasLowCardinalityKeyValue("chunkwise.scan", "export-numbers")
                        .hasLowCardinalityKeyValue("chunkwise.partition", "none")
                        .hasLowCardinalityKeyValue("chunkwise.outcome", "success")
                        .doesNotHaveError())
                .hasHandledContextsThatSatisfy(contexts -> {
                    assertThat(contexts).hasSize(3);
                    for (Observation.Context context : contexts) {
                        assertThat(keys(context.getLowCardinalityKeyValues()))
                                .containsExactlyInAnyOrderElementsOf(LOW_CARDINALITY);
                        assertThat(context.getLowCardinalityKeyValue("chunkwise.table")
                                        .getValue())
                                .isEqualToIgnoringCase("mm_chunks");
                        assertThat(keys(context.getHighCardinalityKeyValues()))
                                .containsExactlyInAnyOrder("chunkwise.chunk", "chunkwise.rows");
                    }
                    assertThat(contexts)
                            .extracting(context -> context.getHighCardinalityKeyValue("chunkwise.rows")
                                    .getValue())
                            .containsExactly("4", "4", "2");
                });
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void timesTheChunksAndCountsTheRowsUnderLowCardinalityTagsOnly(Databases database) {
        Scan<Long> scan = numbers(database, "mm_meters", 10, 4).named("export-numbers");

        scan.listener(listener).forEach(row -> {});

        Timer timer = meters.get("chunkwise.chunk").timer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(meters.get("chunkwise.rows")
                        .tag("chunkwise.scan", "export-numbers")
                        .tag("chunkwise.outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(10);
        assertThat(meters.find("chunkwise.retries").counters()).isEmpty();
        for (Meter meter : meters.getMeters()) {
            assertThat(meter.getId().getTags())
                    .as(meter.getId().getName())
                    .extracting(Tag::getKey)
                    .isSubsetOf(union(LOW_CARDINALITY, "error"));
        }
        assertThat(timer.getId().getTag("error"))
                .as("Micrometer's own error tag")
                .isEqualTo("none");
    }

    @Test
    void aConnectionKilledOnTheServerIsCountedAsARetryAnEventOfItsChunkAndAWarning() {
        Databases.POSTGRESQL.createNumbered("mm_kill", 200);
        Databases.KillableSource source = new Databases.KillableSource();
        List<ScanListener.Retry> retries = new ArrayList<>();
        ScanListener both = new ScanListener() {
            @Override
            public void chunkStarted(ChunkStarted event) {
                listener.chunkStarted(event);
            }

            @Override
            public void chunkDone(ChunkDone event) {
                listener.chunkDone(event);
            }

            @Override
            public void retry(Retry event) {
                retries.add(event);
                listener.retry(event);
            }

            @Override
            public void runFinished(RunFinished event) {
                listener.runFinished(event);
            }
        };
        Scan<Long> scan = Scan.over(source)
                .table("mm_kill")
                .orderBy("id")
                .chunkSize(50)
                .clock(new NoSleepClock())
                .build(row -> row.getLong("id"))
                .named("kill-test")
                .listener(both);
        List<Long> delivered = new ArrayList<>();

        List<LogRecord> warnings;
        try (Capture log = new Capture("dev.chunkwise.run")) {
            scan.forEachChunk(chunk -> {
                delivered.addAll(chunk.rows());
                if (chunk.number() == 2) {
                    source.killCurrent();
                }
            });
            warnings = log.warnings();
        }

        assertThat(delivered).hasSize(200).doesNotHaveDuplicates();
        assertThat(meters.get("chunkwise.retries")
                        .tags(
                                "chunkwise.scan",
                                "kill-test",
                                "chunkwise.table",
                                "mm_kill",
                                "chunkwise.partition",
                                "none")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(observationEvents).containsExactly("chunk 3: chunkwise.retry");
        assertThat(retries).singleElement().satisfies(retry -> {
            assertThat(retry.chunk()).isEqualTo(3);
            assertThat(retry.attempt()).isEqualTo(1);
            assertThat(retry.description()).contains("SQLState");
        });
        assertThat(warnings)
                .singleElement()
                .extracting(LogRecord::getMessage)
                .asString()
                .startsWith("retrying chunk 3 of the scan 'kill-test' over mm_kill");
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("chunkwise.chunk", 5)
                .forAllObservationsWithNameEqualTo(
                        "chunkwise.chunk",
                        observation -> observation.hasLowCardinalityKeyValue("chunkwise.outcome", "success"));
    }

    @Test
    void aFailedRunEndsItsChunksObservationWithTheFailureAndOutcomeFailure() {
        Scan<Long> scan = numbers(Databases.H2, "mm_failure", 10, 4).listener(listener);
        IllegalStateException broken = new IllegalStateException("the caller's action broke");

        assertThatThrownBy(() -> scan.forEachChunk(chunk -> {
                    if (chunk.number() == 2) {
                        throw broken;
                    }
                }))
                .isSameAs(broken);

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("chunkwise.chunk", 2)
                .hasAnObservation(observation -> observation
                        .hasLowCardinalityKeyValue("chunkwise.outcome", "failure")
                        .hasError(broken));
        assertThat(meters.get("chunkwise.chunk")
                        .tag("chunkwise.outcome", "failure")
                        .tag("error", "IllegalStateException")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void partitionsOfAParallelRunAreTaggedWithTheirPartition() {
        Scan<Long> scan = numbers(Databases.H2, "mm_parallel", 400, 50).named("parallel-export");

        int partitions = scan.listener(listener)
                .parallel(2)
                .forEachChunk(chunk -> {})
                .partitions()
                .size();

        assertThat(partitions).isGreaterThan(1);
        Set<String> tagged = meters.find("chunkwise.rows").counters().stream()
                .map(counter -> counter.getId().getTag("chunkwise.partition"))
                .collect(Collectors.toSet());
        assertThat(tagged)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, partitions)
                        .mapToObj(index -> index + "/" + partitions)
                        .toList());
        assertThat(meters.find("chunkwise.rows").counters().stream()
                        .mapToDouble(counter -> counter.count())
                        .sum())
                .isEqualTo(400);
    }

    @Test
    void aConventionRenamesTheObservationAndAddsToItsKeyValues() {
        ChunkObservationConvention custom = new DefaultChunkObservationConvention() {
            @Override
            public String getName() {
                return "app.batch.chunk";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(ChunkContext context) {
                return super.getLowCardinalityKeyValues(context).and("app.team", "billing");
            }
        };
        Scan<Long> scan = numbers(Databases.H2, "mm_convention", 3, 5);

        scan.listener(listener.observationConvention(custom)).forEachChunk(chunk -> {});

        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("app.batch.chunk", 1)
                .hasAnObservationWithAKeyValue("app.team", "billing");
        assertThat(meters.get("app.batch.chunk").timer().count()).isEqualTo(1);
    }

    @Test
    void recordsNothingByDefault() {
        MicrometerScanListener quiet = MicrometerScanListener.create();
        Scan<Long> scan = numbers(Databases.H2, "mm_noop", 5, 2);

        long rows = scan.listener(quiet).forEachChunk(chunk -> {}).rows();

        assertThat(rows).isEqualTo(5);
        assertThat(quiet.observationRegistry().isNoop()).isTrue();
        assertThat(quiet.meterRegistry()).isEmpty();
    }

    private static List<String> keys(KeyValues values) {
        return values.stream().map(KeyValue::getKey).toList();
    }

    private static Set<String> union(Set<String> set, String more) {
        Set<String> all = new java.util.HashSet<>(set);
        all.add(more);
        return all;
    }

    /** The system's time, without the backoff's sleeps. */
    private static final class NoSleepClock implements ScanClock {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {}
    }

    /**
     * What chunkwise logs to a {@code System.Logger}: without an application's bridge it is backed
     * by the {@code java.util.logging} logger of the same name, which this captures while open.
     */
    private static final class Capture extends Handler implements AutoCloseable {

        private final Logger logger;
        private final Level before;
        private final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();

        Capture(String name) {
            logger = Logger.getLogger(name);
            before = logger.getLevel();
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }

        List<LogRecord> warnings() {
            return records.stream()
                    .filter(record -> record.getLevel() == Level.WARNING)
                    .toList();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(before);
        }
    }
}
