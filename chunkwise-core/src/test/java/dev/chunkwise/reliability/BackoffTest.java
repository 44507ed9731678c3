package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import dev.chunkwise.testing.UrlDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retry backoff, with a fake clock that records the waits: after a real lost connection
 * (PostgreSQL backend terminated) every later attempt to connect is refused by a real closed
 * port, so the scan retries until its policy gives up.
 */
class BackoffTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final String TABLE = "rel_backoff";
    /** A PostgreSQL URL where nothing listens: the driver's connect fails at once with SQLState 08001. */
    private static final UrlDataSource UNREACHABLE =
            new UrlDataSource("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2", new Properties());

    @BeforeAll
    static void createTable() {
        ReliabilitySupport.createNumbered(DATABASE, TABLE, 50, 10);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void waitsGrowExponentiallyUpToTheBoundAndTheScanFailsWithTheLastPositionAfterMaxRetries() {
        FakeClock clock = new FakeClock();
        TrackedSource source = new TrackedSource(DATABASE);
        Scan<Long> scan = Scan.over(source)
                .table(TABLE)
                .orderBy("id")
                .chunkSize(10)
                .clock(clock)
                .retry(new RetryPolicy(4, ms(100), ms(500), 2, 0))
                .build(row -> row.getLong("id"));
        int openedByBuild = source.opened();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    source.replaceWith(UNREACHABLE);
                    source.killCurrent();
                }));

        assertThat(failure).isNotNull();
        assertThat(clock.sleeps()).containsExactly(ms(100), ms(200), ms(400), ms(500));
        assertThat(failure.lastPosition()).contains(scan.position(10L));
        assertThat(scan.startAfter(failure.lastPosition().orElseThrow()).firstChunkSql())
                .isNotBlank();
        assertThat(failure.chunk()).isEqualTo(2);
        assertThat(failure.getMessage())
                .contains("after 4 retries")
                .contains(failure.lastPosition().get().token());
        assertThat(Failures.isTransient(failure.getCause())).isTrue();
        assertThat(source.opened() - openedByBuild)
                .as("the run's connection and one attempt per retry")
                .isEqualTo(5);
        assertThat(source.connectionsStillOpen()).isEmpty();
    }

    @Test
    void jitterScalesEachWaitWithinItsRange() {
        FakeClock clock = new FakeClock();
        TrackedSource source = new TrackedSource(DATABASE);
        Scan<Long> scan = Scan.over(source)
                .table(TABLE)
                .orderBy("id")
                .chunkSize(10)
                .clock(clock)
                .retry(new RetryPolicy(6, ms(100), ms(1000), 3, 0.5))
                .build(row -> row.getLong("id"));

        catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    source.replaceWith(UNREACHABLE);
                    source.killCurrent();
                }));

        List<Long> bases = List.of(100L, 300L, 900L, 1000L, 1000L, 1000L);
        List<Duration> sleeps = clock.sleeps();
        assertThat(sleeps).hasSize(bases.size());
        for (int i = 0; i < bases.size(); i++) {
            assertThat(sleeps.get(i))
                    .as("wait before retry %d", i + 1)
                    .isBetween(ms(bases.get(i) / 2), ms(bases.get(i)));
        }
    }

    @Test
    void aChunkThatSucceedsResetsTheRetriesInARow() {
        FakeClock clock = new FakeClock();
        TrackedSource source = new TrackedSource(DATABASE);
        Scan<Long> scan = Scan.over(source)
                .table(TABLE)
                .orderBy("id")
                .chunkSize(10)
                .clock(clock)
                .retry(new RetryPolicy(1, ms(100), ms(500), 2, 0))
                .build(row -> row.getLong("id"));

        ScanStatistics statistics = scan.forEachChunk(chunk -> {
            if (chunk.number() <= 3) {
                source.killCurrent();
            }
        });

        assertThat(statistics.rows()).isEqualTo(50);
        assertThat(statistics.retries()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(ms(100), ms(100), ms(100));
        assertThat(statistics.retryTime()).isEqualTo(ms(300));
        assertThat(statistics.retryCauses()).hasSize(3);
    }

    @Test
    void noRetriesFailsAtTheFirstLostConnectionWithoutWaiting() {
        FakeClock clock = new FakeClock();
        TrackedSource source = new TrackedSource(DATABASE);
        Scan<Long> scan = Scan.over(source)
                .table(TABLE)
                .orderBy("id")
                .chunkSize(10)
                .clock(clock)
                .retry(RetryPolicy.none())
                .build(row -> row.getLong("id"));

        ChunkwiseException failure =
                catchThrowableOfType(ChunkwiseException.class, () -> scan.forEachChunk(chunk -> source.killCurrent()));

        assertThat(failure).isNotNull();
        assertThat(failure.lastPosition()).contains(scan.position(10L));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void backoffIsExponentialBoundedAndJitteredDownwards() {
        RetryPolicy policy = new RetryPolicy(10, ms(100), ms(5000), 2, 0.2);
        assertThat(policy.backoff(1, 0)).isEqualTo(ms(100));
        assertThat(policy.backoff(2, 0)).isEqualTo(ms(200));
        assertThat(policy.backoff(6, 0)).isEqualTo(ms(3200));
        assertThat(policy.backoff(7, 0)).isEqualTo(ms(5000));
        assertThat(policy.backoff(30, 0)).isEqualTo(ms(5000));
        assertThat(policy.backoff(1, 0.5)).isEqualTo(ms(90));
        assertThat(policy.backoff(7, 0.999_999)).isBetween(ms(4000), ms(4001));
        assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(5, ms(100), ms(5000), 2, 0.2));
    }
}
