package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ParallelStatistics;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanDefinitionException;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanListener.Outcome;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.CapturedLog;
import dev.chunkwise.testing.TestDatabase;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The listener and the log of a run ({@link ScanListener}, the {@code System.Logger}s
 * {@code dev.chunkwise.run} and {@code dev.chunkwise.build}): which events come, in which order,
 * with what, for each way to run a scan, its partitions, and a retry after the scan's connection
 * was killed on the server; a listener that throws does not break the run.
 */
class ScanListenerTest {

    /** Every event, in the order it came. Thread-safe. */
    static final class Recorder implements ScanListener {

        final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
        final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void chunkStarted(ChunkStarted event) {
            record(event);
        }

        @Override
        public void chunkDone(ChunkDone event) {
            record(event);
        }

        @Override
        public void retry(Retry event) {
            record(event);
        }

        @Override
        public void runFinished(RunFinished event) {
            record(event);
        }

        private void record(Object event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }

        List<Object> all() {
            return List.copyOf(events);
        }

        <E> List<E> of(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** The events as short words: {@code start 1}, {@code done 1 3 SUCCESS}, {@code retry 2}, {@code end SUCCESS}. */
        List<String> words() {
            List<String> words = new ArrayList<>();
            for (Object event : events) {
                if (event instanceof ChunkStarted started) {
                    words.add("start " + started.chunk());
                } else if (event instanceof ChunkDone done) {
                    words.add("done " + done.chunk() + " " + done.rows() + " " + done.outcome());
                } else if (event instanceof Retry retry) {
                    words.add("retry " + retry.chunk());
                } else if (event instanceof RunFinished finished) {
                    words.add("end " + finished.outcome());
                }
            }
            return words;
        }
    }

    private static Scan<Long> numbers(TestDatabase database, String table, int rows, int chunkSize) {
        ReliabilitySupport.createNumbered(database, table, rows, 20);
        return Scan.over(database.dataSource())
                .table(table)
                .orderBy("id")
                .chunkSize(chunkSize)
                .clock(new FakeClock())
                .build(row -> row.getLong("id"));
    }

    @Test
    void reportsEveryChunkOfAChunkedRunThenItsEnd() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_chunks", 10, 3)
                .named("count-numbers")
                .listener(recorder);

        ScanStatistics statistics = scan.forEachChunk(chunk -> {});

        assertThat(recorder.words())
                .containsExactly(
                        "start 1",
                        "done 1 3 SUCCESS",
                        "start 2",
                        "done 2 3 SUCCESS",
                        "start 3",
                        "done 3 3 SUCCESS",
                        "start 4",
                        "done 4 1 SUCCESS",
                        "end SUCCESS");
        ScanListener.RunFinished end =
                recorder.of(ScanListener.RunFinished.class).get(0);
        assertThat(end.statistics().rows()).isEqualTo(statistics.rows()).isEqualTo(10);
        assertThat(end.failure()).isEmpty();
        ScanListener.Run run = end.run();
        assertThat(run.scanName()).contains("count-numbers");
        assertThat(run.source()).isEqualToIgnoringCase("listen_chunks");
        assertThat(run.partition()).isEmpty();
        assertThat(recorder.of(ScanListener.ChunkDone.class))
                .allSatisfy(done -> assertThat(done.run()).isEqualTo(run))
                .extracting(done -> done.last().orElseThrow().values())
                .containsExactly(List.of(3L), List.of(6L), List.of(9L), List.of(10L));
    }

    @Test
    void reportsTheEmptyQueryThatFoundTheEndAsAChunkWithoutRows() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_even", 6, 3).listener(recorder);

        ScanStatistics statistics = scan.forEachChunk(chunk -> {});

        assertThat(statistics.chunks()).isEqualTo(2);
        assertThat(recorder.words())
                .containsExactly(
                        "start 1",
                        "done 1 3 SUCCESS",
                        "start 2",
                        "done 2 3 SUCCESS",
                        "start 3",
                        "done 3 0 SUCCESS",
                        "end SUCCESS");
        assertThat(recorder.of(ScanListener.ChunkDone.class).get(2).last()).isEmpty();
    }

    @Test
    void measuresEachChunkOnTheScansClockFromItsStartToTheCallersEnd() {
        FakeClock clock = new FakeClock();
        ReliabilitySupport.createNumbered(TestDatabase.H2, "listen_clock", 4, 20);
        Recorder recorder = new Recorder();
        Scan<Long> scan = Scan.over(TestDatabase.H2.dataSource())
                .table("listen_clock")
                .orderBy("id")
                .chunkSize(2)
                .clock(clock)
                .build(row -> row.getLong("id"))
                .listener(recorder);

        scan.forEachChunk(chunk -> clock.advance(Duration.ofMillis(250)));

        assertThat(recorder.of(ScanListener.ChunkDone.class))
                .extracting(ScanListener.ChunkDone::elapsed)
                .as("two chunks of rows, then the query that found the end")
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ZERO);
    }

    @Test
    void reportsAnIteratorClosedEarlyAsStoppedWithItsOpenChunk() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_iterator", 10, 4).listener(recorder);

        try (ScanIterator<Long> rows = scan.iterator()) {
            for (int i = 0; i < 6; i++) {
                rows.next();
            }
        }

        assertThat(recorder.words())
                .containsExactly("start 1", "done 1 4 SUCCESS", "start 2", "done 2 2 STOPPED", "end STOPPED");
    }

    @Test
    void reportsAStreamReadToItsEndChunkByChunk() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_stream", 5, 2).listener(recorder);

        List<Long> read;
        try (var rows = scan.stream()) {
            read = rows.toList();
        }

        assertThat(read).containsExactlyElementsOf(oneTo(5));
        assertThat(recorder.words())
                .containsExactly(
                        "start 1",
                        "done 1 2 SUCCESS",
                        "start 2",
                        "done 2 2 SUCCESS",
                        "start 3",
                        "done 3 1 SUCCESS",
                        "end SUCCESS");
    }

    @Test
    void reportsARunThatTheCallerStopsAfterAChunkAsStopped() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_while", 10, 3).listener(recorder);

        scan.forEachChunkWhile(chunk -> chunk.number() < 2);

        assertThat(recorder.words())
                .containsExactly("start 1", "done 1 3 SUCCESS", "start 2", "done 2 3 SUCCESS", "end STOPPED");
    }

    @Test
    void reportsTheFailureThatEndsARunWithTheChunkItEndedIn() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_failure", 10, 3).listener(recorder);
        IllegalStateException broken = new IllegalStateException("the caller's action broke");

        assertThatThrownBy(() -> scan.forEachChunk(chunk -> {
                    if (chunk.number() == 2) {
                        throw broken;
                    }
                }))
                .isSameAs(broken);

        assertThat(recorder.words())
                .containsExactly("start 1", "done 1 3 SUCCESS", "start 2", "done 2 3 FAILURE", "end FAILURE");
        assertThat(recorder.of(ScanListener.ChunkDone.class).get(1).failure()).containsSame(broken);
        assertThat(recorder.of(ScanListener.RunFinished.class).get(0).failure()).containsSame(broken);
    }

    @Test
    void reportsAForEachWhoseActionThrowsAsAFailure() {
        Recorder recorder = new Recorder();
        Scan<Long> scan =
                numbers(TestDatabase.H2, "listen_foreach_failure", 10, 4).listener(recorder);
        IllegalStateException broken = new IllegalStateException("the caller's action broke");

        assertThatThrownBy(() -> scan.forEach(id -> {
                    if (id == 6L) {
                        throw broken;
                    }
                }))
                .isSameAs(broken);

        assertThat(recorder.words())
                .containsExactly("start 1", "done 1 4 SUCCESS", "start 2", "done 2 2 FAILURE", "end FAILURE");
        assertThat(recorder.of(ScanListener.RunFinished.class).get(0).failure()).containsSame(broken);
    }

    @Test
    void reportsAChunkRetriedInItsTransactionAsOneChunkWithOneRetryAndLogsTheRetryAtWarning() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_tx_retry", 6, 3)
                .named("tx-retry")
                .listener(recorder);
        AtomicBoolean failedOnce = new AtomicBoolean();

        try (CapturedLog log = CapturedLog.of("dev.chunkwise.run")) {
            scan.forEachChunkInTransaction((chunk, connection) -> {
                if (chunk.number() == 2 && failedOnce.compareAndSet(false, true)) {
                    throw new SQLTransientException("simulated lock wait timeout", "40001");
                }
            });

            List<LogRecord> warnings = log.at(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage())
                    .contains("retrying chunk 2 of the scan 'tx-retry' over")
                    .contains("retry 1 of at most " + RetryPolicy.defaults().maxRetries())
                    .contains("SQLState 40001")
                    .contains("simulated lock wait timeout");
        }
        assertThat(recorder.words())
                .containsExactly(
                        "start 1",
                        "done 1 3 SUCCESS",
                        "start 2",
                        "retry 2",
                        "done 2 3 SUCCESS",
                        "start 3",
                        "done 3 0 SUCCESS",
                        "end SUCCESS");
        ScanListener.Retry retry = recorder.of(ScanListener.Retry.class).get(0);
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.cause()).isInstanceOf(SQLTransientException.class);
        assertThat(retry.description()).contains("SQLState 40001");
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aConnectionKilledOnTheServerGivesARetryEventAndAWarningThatNamesNoKeyValue(TestDatabase database) {
        String table = "listen_kill_" + database.name().toLowerCase();
        ReliabilitySupport.createNumbered(database, table, 200, 20);
        TrackedSource source = new TrackedSource(database);
        Recorder recorder = new Recorder();
        Scan<Long> scan = Scan.over(source)
                .table(table)
                .orderBy("id")
                .chunkSize(50)
                .clock(new FakeClock())
                .build(row -> row.getLong("id"))
                .named("kill-test")
                .listener(recorder);
        List<Long> delivered = new ArrayList<>();

        try (CapturedLog log = CapturedLog.of("dev.chunkwise.run")) {
            scan.forEachChunk(chunk -> {
                delivered.addAll(chunk.rows());
                if (chunk.number() == 2) {
                    source.killCurrent();
                }
            });

            List<LogRecord> warnings = log.at(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage())
                    .startsWith("retrying chunk 3 of the scan 'kill-test' over " + table)
                    .contains("SQLState")
                    .doesNotContain(scan.position(100L).token(), "row 100");
        }
        assertThat(delivered).containsExactlyElementsOf(oneTo(200));
        assertThat(recorder.words())
                .containsExactly(
                        "start 1",
                        "done 1 50 SUCCESS",
                        "start 2",
                        "done 2 50 SUCCESS",
                        "start 3",
                        "retry 3",
                        "done 3 50 SUCCESS",
                        "start 4",
                        "done 4 50 SUCCESS",
                        "start 5",
                        "done 5 0 SUCCESS",
                        "end SUCCESS");
        assertThat(recorder.of(ScanListener.RunFinished.class)
                        .get(0)
                        .statistics()
                        .retries())
                .isEqualTo(1);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRunAndIsLoggedOnceAtWarning() {
        ScanListener throwing = new ScanListener() {
            @Override
            public void chunkDone(ChunkDone event) {
                throw new IllegalStateException("the listener broke");
            }
        };
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_throwing", 10, 3).listener(throwing);
        List<Long> delivered = new ArrayList<>();

        try (CapturedLog log = CapturedLog.of("dev.chunkwise.run")) {
            ScanStatistics statistics = scan.forEachChunk(chunk -> delivered.addAll(chunk.rows()));

            assertThat(statistics.rows()).isEqualTo(10);
            assertThat(log.at(Level.WARNING)).hasSize(1).first().satisfies(record -> {
                assertThat(record.getMessage()).contains("threw from chunkDone").contains("the run goes on");
                assertThat(record.getThrown()).hasMessage("the listener broke");
            });
            assertThat(log.at(Level.FINE))
                    .filteredOn(record -> record.getThrown() != null)
                    .hasSize(3);
        }
        assertThat(delivered).containsExactlyElementsOf(oneTo(10));
    }

    @Test
    void logsChunksAndTheRunsEndAtDebugOnly() {
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_debug", 4, 2).named("debug-log");

        try (CapturedLog log = CapturedLog.of("dev.chunkwise.run")) {
            scan.forEachChunk(chunk -> {});

            assertThat(log.records())
                    .allSatisfy(record -> assertThat(record.getLevel()).isIn(Level.FINE, Level.FINER));
            assertThat(log.at(Level.FINE))
                    .extracting(LogRecord::getMessage)
                    .anySatisfy(message -> assertThat(message).startsWith("chunk 1 of the scan 'debug-log' over"))
                    .anySatisfy(message -> assertThat(message)
                            .startsWith("run of the scan 'debug-log' over")
                            .contains("SUCCESS: 4 rows in 2 chunks"));
        }
    }

    @Test
    void partitionsOfAParallelRunReportFromTheirWorkerThreadsEachNamingItsPartition() {
        Recorder recorder = new Recorder();
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_parallel", 400, 25).listener(recorder);

        ParallelStatistics statistics = scan.parallel(4).forEachChunk(chunk -> {});

        int partitions = statistics.partitions().size();
        assertThat(partitions).isGreaterThan(1);
        List<ScanListener.RunFinished> ends = recorder.of(ScanListener.RunFinished.class);
        assertThat(ends).hasSize(partitions).allSatisfy(end -> assertThat(end.outcome())
                .isEqualTo(Outcome.SUCCESS));
        assertThat(ends)
                .extracting(end -> end.run().partition().orElseThrow())
                .extracting(ScanListener.Partition::index)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, partitions).boxed().toList());
        assertThat(ends)
                .allSatisfy(end ->
                        assertThat(end.run().partition().orElseThrow().count()).isEqualTo(partitions));
        assertThat(recorder.of(ScanListener.ChunkDone.class).stream()
                        .mapToLong(ScanListener.ChunkDone::rows)
                        .sum())
                .isEqualTo(400);
        assertThat(recorder.threads).allSatisfy(thread -> assertThat(thread).startsWith("chunkwise-parallel-"));
    }

    @Test
    void aPartitionWhoseActionThrowsIsReportedAsAFailureAndTheOthersAsSuccesses() {
        Recorder recorder = new Recorder();
        Scan<Long> scan =
                numbers(TestDatabase.H2, "listen_parallel_failure", 400, 25).listener(recorder);

        assertThatThrownBy(() -> scan.parallel(2).forEach(id -> {
                    if (id == 1L) {
                        throw new IllegalStateException("the caller's action broke on the first row");
                    }
                }))
                .isInstanceOf(dev.chunkwise.ChunkwiseException.class);

        assertThat(recorder.of(ScanListener.RunFinished.class))
                .extracting(end -> end.run().partition().orElseThrow().index() + " " + end.outcome())
                .containsExactlyInAnyOrder("0 FAILURE", "1 SUCCESS");
    }

    @Test
    void aNameIsCheckedAndLeavesPositionsValid() {
        Scan<Long> scan = numbers(TestDatabase.H2, "listen_named", 3, 2);
        Scan<Long> named = scan.named("job-1");

        assertThat(named.name()).contains("job-1");
        assertThat(scan.name()).isEmpty();
        assertThat(named.parsePosition(scan.position(2L).token())).isEqualTo(scan.position(2L));
        assertThatThrownBy(() -> scan.named(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scan.named("a\nb")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> scan.named("x".repeat(101))).hasMessageContaining("at most 100");
    }

    @Test
    void aScanRefusedWhenBuiltIsLoggedAtDebug() {
        ReliabilitySupport.createNumbered(TestDatabase.H2, "listen_refused", 1, 20);

        try (CapturedLog log = CapturedLog.of("dev.chunkwise.build")) {
            assertThatThrownBy(() -> Scan.over(TestDatabase.H2.dataSource())
                            .table("listen_refused")
                            .orderBy("no_such_column")
                            .build(row -> row.getLong(1)))
                    .isInstanceOf(ScanDefinitionException.class);

            assertThat(log.records()).hasSize(1).first().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.FINE);
                assertThat(record.getMessage())
                        .startsWith("the scan over listen_refused is refused (ScanDefinitionException)")
                        .contains("no_such_column");
            });
        }
    }
}
