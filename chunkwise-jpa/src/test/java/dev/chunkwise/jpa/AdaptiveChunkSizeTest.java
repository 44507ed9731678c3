package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.ScanClock;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.jpa.entities.PacedRow;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code chunkTime(...)}: adaptive chunk sizes of JPA scans, exactly, on H2 with a fake
 * {@link ScanClock}. The time of a chunk is that of its query (and collection fetches), not the
 * caller's: so the clock is advanced by a chosen time per entity as Hibernate loads it
 * ({@code @PostLoad}, inside the chunk query), and nothing sleeps. The caller's own time, spent
 * in the consumer, is shown not to count.
 */
@ExtendWith(ClosesFactories.class)
class AdaptiveChunkSizeTest {

    private static final int ROWS = 3000;
    private static final Duration TARGET = Duration.ofMillis(250);

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createTable() throws SQLException {
        factory = JpaDatabase.H2
                .configuration(Map.of("hibernate.hbm2ddl.auto", "create-drop"))
                .managedClass(PacedRow.class)
                .createEntityManagerFactory();
        try (Connection connection = DriverManager.getConnection(
                        JpaDatabase.H2.url(), JpaDatabase.H2.user(), JpaDatabase.H2.password());
                Statement statement = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO jpalive_paced (id) VALUES (?)")) {
            statement.executeUpdate("DELETE FROM jpalive_paced");
            for (long id = 1; id <= ROWS; id++) {
                insert.setLong(1, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @AfterEach
    void stopTiming() {
        PacedRow.onLoad = row -> {};
    }

    /** A clock that only moves when told to; sleeping advances it and is recorded. */
    static final class FakeClock implements ScanClock {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);
        private final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            advance(duration);
        }

        void advance(Duration duration) {
            now.addAndGet(duration.toNanos());
        }
    }

    /** Loading entity {@code id} takes {@code microsPerEntity.applyAsLong(id)} microseconds of {@code clock}. */
    private static void loadingTakes(FakeClock clock, LongUnaryOperator microsPerEntity) {
        PacedRow.onLoad = row -> clock.advance(Duration.ofNanos(microsPerEntity.applyAsLong(row.getId()) * 1000));
    }

    private static JpaScan.Builder<PacedRow> scan(FakeClock clock) {
        return JpaScan.of(factory, PacedRow.class).clock(clock);
    }

    private static List<Long> all() {
        return LongStream.rangeClosed(1, ROWS).boxed().toList();
    }

    /** Runs the scan with forEachChunk, checks that it delivered every entity once in order, returns the chunk sizes. */
    private static List<Integer> chunkSizes(JpaScan<PacedRow> scan) {
        List<Integer> sizes = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        scan.forEachChunk(chunk -> {
            sizes.add(chunk.size());
            chunk.rows().forEach(row -> ids.add(row.getId()));
        });
        assertThat(ids).containsExactlyElementsOf(all());
        return sizes;
    }

    @Test
    void theChunkSizeGrowsAtMostByDoublingToTheTargetTimeAndStaysThere() {
        FakeClock clock = new FakeClock();
        loadingTakes(clock, id -> 1000);
        JpaScan<PacedRow> scan =
                scan(clock).chunkSize(10).chunkTime(TARGET, 10, 10_000).build();

        List<Integer> sizes = chunkSizes(scan);

        // 1 ms per entity: 250 entities fill 250 ms; 3000 - (10+20+40+80+160) = 2690 = 10 x 250 + 190
        List<Integer> expected = new ArrayList<>(List.of(10, 20, 40, 80, 160));
        expected.addAll(Collections.nCopies(10, 250));
        expected.add(190);
        assertThat(sizes).containsExactlyElementsOf(expected);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void everyWayToRunTheScanSizesItsChunksAlike() {
        List<Integer> expected = new ArrayList<>(List.of(10, 20, 40, 80, 160));
        expected.addAll(Collections.nCopies(10, 250));
        expected.add(190);

        FakeClock writingClock = new FakeClock();
        loadingTakes(writingClock, id -> 1000);
        List<Integer> written = new ArrayList<>();
        List<Long> handled = new ArrayList<>();
        scan(writingClock)
                .chunkSize(10)
                .chunkTime(TARGET, 10, 10_000)
                .build()
                .forEachChunkInTransaction((chunk, entityManager) -> {
                    written.add(chunk.size());
                    chunk.rows().forEach(row -> handled.add(row.getId()));
                });
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(handled).containsExactlyElementsOf(all());

        FakeClock streamClock = new FakeClock();
        loadingTakes(streamClock, id -> 1000);
        List<Long> streamed = new ArrayList<>();
        ScanStatistics statistics;
        try (ScanIterator<PacedRow> iterator = scan(streamClock)
                .chunkSize(10)
                .chunkTime(TARGET, 10, 10_000)
                .build()
                .iterator()) {
            iterator.forEachRemaining(row -> streamed.add(row.getId()));
            statistics = iterator.statistics();
        }
        assertThat(streamed).containsExactlyElementsOf(all());
        assertThat(statistics.chunks()).isEqualTo(expected.size());
        assertThat(statistics.rows()).isEqualTo(ROWS);
    }

    @Test
    void theChunkSizeStaysWithinItsBounds() {
        FakeClock fastClock = new FakeClock();
        loadingTakes(fastClock, id -> 10);
        JpaScan<PacedRow> fast =
                scan(fastClock).chunkSize(50).chunkTime(TARGET, 20, 300).build();
        // 10 us per entity would want 25,000 per chunk: doubling from 50, then held at the maximum
        List<Integer> expected = new ArrayList<>(List.of(50, 100, 200));
        expected.addAll(Collections.nCopies(8, 300));
        expected.add(250);
        assertThat(chunkSizes(fast)).containsExactlyElementsOf(expected);

        FakeClock slowClock = new FakeClock();
        loadingTakes(slowClock, id -> 100_000);
        // 100 ms per entity would want 2 or 3 per chunk; the size starts at, and stays at, the minimum
        JpaScan<PacedRow> slow =
                scan(slowClock).chunkSize(1).chunkTime(TARGET, 20, 300).build();
        assertThat(chunkSizes(slow)).hasSize(ROWS / 20).containsOnly(20);
    }

    @Test
    void aSuddenSlowdownShrinksTheNextChunkAtOnceToTheTargetTime() {
        FakeClock clock = new FakeClock();
        // 1 ms per entity for the first 811 (chunks 10, 20, 40, 80, 160, 250, 250, each query reading one
        // entity past its chunk: the 811th is read by the 7th chunk's query), then 10 ms
        loadingTakes(clock, id -> id <= 811 ? 1000 : 10_000);
        JpaScan<PacedRow> scan = scan(clock)
                .chunkSize(10)
                .chunkTime(TARGET, 10, 10_000)
                .detached()
                .build();
        List<Chunk<PacedRow>> chunks = new ArrayList<>();
        scan.forEachChunk(chunks::add);

        List<Integer> sizes = chunks.stream().map(Chunk::size).toList();
        assertThat(sizes.subList(0, 8)).containsExactly(10, 20, 40, 80, 160, 250, 250, 250);
        assertThat(chunks.get(6).elapsed()).isEqualTo(TARGET.plusMillis(1));
        assertThat(chunks.get(7).elapsed()).isEqualTo(Duration.ofMillis(2501));
        assertThat(sizes.get(8)).as("the chunk after a 10x slowdown").isEqualTo(25);
        // 3000 - 1060 = 1940 = 77 x 25 + 15
        assertThat(sizes.subList(8, sizes.size())).hasSize(78).startsWith(25).endsWith(15);
        assertThat(sizes.subList(8, sizes.size() - 1)).containsOnly(25);
        assertThat(chunks.get(8).elapsed()).isEqualTo(TARGET.plusMillis(10));
    }

    @Test
    void theCallersTimeDoesNotCountAsTheChunksTime() {
        FakeClock clock = new FakeClock();
        // loading is free; the consumer spends 1 ms of the clock per entity, which is not the chunk's
        JpaScan<PacedRow> scan =
                scan(clock).chunkSize(10).chunkTime(TARGET, 10, 10_000).build();
        List<Chunk<PacedRow>> chunks = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        scan.forEachChunk(chunk -> {
            chunks.add(chunk);
            chunk.rows().forEach(row -> {
                ids.add(row.getId());
                clock.advance(Duration.ofMillis(1));
            });
        });

        assertThat(ids).containsExactlyElementsOf(all());
        // chunks that take no time grow by doubling only: 10 .. 1280 make 2550, the rest is 450
        assertThat(chunks.stream().map(Chunk::size).toList()).containsExactly(10, 20, 40, 80, 160, 320, 640, 1280, 450);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.elapsed()).isZero());
    }

    @Test
    void aFixedChunkSizeIgnoresTheClock() {
        FakeClock clock = new FakeClock();
        loadingTakes(clock, id -> id % 2 == 0 ? 100_000 : 1);
        List<Integer> sizes = chunkSizes(scan(clock).chunkSize(128).build());
        // 3000 = 23 x 128 + 56
        assertThat(sizes).hasSize(24).endsWith(56);
        assertThat(sizes.subList(0, 23)).containsOnly(128);
    }
}
