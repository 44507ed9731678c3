package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Scan;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adaptive chunk sizes and pacing, exactly, on H2 with a fake clock: the row mapper advances the
 * clock by a chosen time per row, so each chunk "takes" rows x that time and nothing sleeps.
 */
class AdaptiveChunkSizeAndPacingTest {

    private static final TestDatabase DATABASE = TestDatabase.H2;
    private static final String TABLE = "rel_adaptive";

    @BeforeAll
    static void createTable() {
        ReliabilitySupport.createNumbered(DATABASE, TABLE, 3000, 10);
    }

    /** A scan whose mapper advances {@code clock} by {@code millisPerRow.applyAsLong(id)} ms per row. */
    private static Scan.Builder builder(FakeClock clock) {
        return Scan.over(DATABASE.dataSource()).table(TABLE).orderBy("id").clock(clock);
    }

    private static Scan<Long> timed(Scan.Builder builder, FakeClock clock, LongUnaryOperator microsPerRow) {
        return builder.build(row -> {
            long id = row.getLong(1);
            clock.advance(Duration.ofNanos(microsPerRow.applyAsLong(id) * 1000));
            return id;
        });
    }

    private static List<Integer> chunkSizes(Scan<Long> scan) {
        List<Integer> sizes = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        scan.forEachChunk(chunk -> {
            sizes.add(chunk.size());
            ids.addAll(chunk.rows());
        });
        assertThat(ids).containsExactlyElementsOf(ReliabilitySupport.oneTo(3000));
        return sizes;
    }

    @Test
    void theChunkSizeGrowsAtMostByDoublingToTheTargetTimeAndStaysThere() {
        FakeClock clock = new FakeClock();
        Scan<Long> scan =
                timed(builder(clock).chunkSize(10).chunkTime(Duration.ofMillis(250), 10, 10_000), clock, id -> 1000);

        List<Integer> sizes = chunkSizes(scan);

        // 1 ms per row: 250 rows fill 250 ms; 3000 - (10+20+40+80+160) = 2690 = 10 x 250 + 190
        List<Integer> expected = new ArrayList<>(List.of(10, 20, 40, 80, 160));
        expected.addAll(Collections.nCopies(10, 250));
        expected.add(190);
        assertThat(sizes).containsExactlyElementsOf(expected);
    }

    @Test
    void theChunkSizeStaysWithinItsBounds() {
        FakeClock fastClock = new FakeClock();
        Scan<Long> fast =
                timed(builder(fastClock).chunkSize(50).chunkTime(Duration.ofMillis(250), 20, 300), fastClock, id -> 10);
        assertThat(chunkSizes(fast)).startsWith(50, 100, 200, 300, 300).allSatisfy(size -> assertThat(size)
                .isLessThanOrEqualTo(300));

        FakeClock slowClock = new FakeClock();
        Scan<Long> slow = timed(
                builder(slowClock).chunkSize(1).chunkTime(Duration.ofMillis(250), 20, 300), slowClock, id -> 100_000);
        List<Integer> slowSizes = chunkSizes(slow);
        assertThat(slowSizes.subList(0, slowSizes.size() - 1)).containsOnly(20);
    }

    @Test
    void aSuddenSlowdownShrinksTheNextChunkAtOnceToTheTargetTime() {
        FakeClock clock = new FakeClock();
        // 1 ms per row for the first 810 rows (chunks 10, 20, 40, 80, 160, 250, 250), then 10 ms
        Scan<Long> scan = timed(
                builder(clock).chunkSize(10).chunkTime(Duration.ofMillis(250), 10, 10_000),
                clock,
                id -> id <= 810 ? 1000 : 10_000);
        List<Chunk<Long>> chunks = new ArrayList<>();
        scan.forEachChunk(chunks::add);

        List<Integer> sizes = chunks.stream().map(Chunk::size).toList();
        assertThat(sizes.subList(0, 8)).containsExactly(10, 20, 40, 80, 160, 250, 250, 250);
        assertThat(chunks.get(7).elapsed()).isEqualTo(Duration.ofMillis(2500));
        assertThat(sizes.get(8)).as("the chunk after a 10x slowdown").isEqualTo(25);
        assertThat(sizes.subList(8, sizes.size() - 1)).containsOnly(25);
    }

    @Test
    void pacingPausesForTheLastChunksTimeBetweenChunksAndNotAfterTheLast() {
        FakeClock clock = new FakeClock();
        Scan<Long> scan = timed(builder(clock).chunkSize(10).pace(1.0).where("id <= 35"), clock, id -> 1000 + id);
        scan.forEachChunk(chunk -> {});
        // chunk k holds ids 10k-9 .. 10k: it takes sum(1 ms + id us)
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofMillis(10).plusNanos(55_000),
                        Duration.ofMillis(10).plusNanos(155_000),
                        Duration.ofMillis(10).plusNanos(255_000));

        FakeClock rowClock = new FakeClock();
        Scan<Long> rows = timed(builder(rowClock).chunkSize(10).pace(0.5).where("id <= 35"), rowClock, id -> 1000);
        List<Long> ids = new ArrayList<>();
        rows.forEach(ids::add);
        assertThat(ids).hasSize(35);
        assertThat(rowClock.sleeps()).containsExactly(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(5));
    }

    @Test
    void noPacingMeansNoPause() {
        FakeClock clock = new FakeClock();
        timed(builder(clock).chunkSize(10).where("id <= 35"), clock, id -> 1000).forEachChunk(chunk -> {});
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aFixedPauseIsAddedToThePacingBetweenChunksAndNotAfterTheLast() {
        FakeClock clock = new FakeClock();
        timed(
                        builder(clock)
                                .chunkSize(10)
                                .pace(0.5)
                                .pause(Duration.ofMillis(200))
                                .where("id <= 35"),
                        clock,
                        id -> 1000)
                .forEachChunk(chunk -> {});
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofMillis(205), Duration.ofMillis(205), Duration.ofMillis(205));

        FakeClock pauseOnly = new FakeClock();
        timed(builder(pauseOnly).chunkSize(10).pause(Duration.ofSeconds(1)).where("id <= 35"), pauseOnly, id -> 1000)
                .forEachChunk(chunk -> {});
        assertThat(pauseOnly.sleeps())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
