package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chunk size of a scan that sets neither {@code chunkSize} nor {@code chunkTime}: row
 * consumers (forEach, stream, iterator) get chunks that start at 1000 rows and adapt to 500 ms
 * within [1000, 1000000] on MariaDB (both drivers); chunk consumers, PostgreSQL and the embedded
 * databases keep 1000.
 * Exactly, with a fake clock that the row mapper advances by a chosen time per row: nothing sleeps.
 */
class DefaultChunkSizeTest {

    private static final String TABLE = "rel_default_chunk";
    private static final int ROWS = 250_000;

    private static final Set<TestDatabase> CREATED = EnumSet.noneOf(TestDatabase.class);

    /** Creates the table once per database for the whole class: its rows are only read. */
    private static synchronized void createTable(TestDatabase database) {
        if (!CREATED.add(database)) {
            return;
        }
        database.drop(TABLE);
        database.execute("CREATE TABLE " + TABLE + " (id " + database.bigint() + " PRIMARY KEY, payload "
                + database.text(20) + ")");
        if (database == TestDatabase.POSTGRESQL) {
            database.execute("INSERT INTO " + TABLE + " SELECT g, 'row ' || g FROM generate_series(1, " + ROWS + ") g");
        } else if (database.isMariaDb()) {
            database.execute("INSERT INTO " + TABLE + " SELECT seq, CONCAT('row ', seq) FROM seq_1_to_" + ROWS);
        } else {
            database.execute("INSERT INTO " + TABLE + " SELECT x, 'row ' || x FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }
    }

    /**
     * A scan with the default sizing whose mapper advances {@code clock} by {@code nanosPerRow},
     * recording the rows of each chunk as its checkpoints arrive.
     */
    private static Scan<Long> scan(TestDatabase database, FakeClock clock, long nanosPerRow, List<Integer> sizes) {
        return scan(database, ROWS, clock, nanosPerRow, sizes);
    }

    /** As {@link #scan(TestDatabase, FakeClock, long, List)}, over ids 1..{@code rows}. */
    private static Scan<Long> scan(
            TestDatabase database, int rows, FakeClock clock, long nanosPerRow, List<Integer> sizes) {
        AtomicLong rowsSeen = new AtomicLong();
        AtomicLong rowsAtLastCheckpoint = new AtomicLong();
        return Scan.over(database.dataSource())
                .table(TABLE)
                .where("id <= ?", rows)
                .orderBy("id")
                .clock(clock)
                .onCheckpoint(
                        position -> sizes.add((int) (rowsSeen.get() - rowsAtLastCheckpoint.getAndSet(rowsSeen.get()))))
                .build(row -> {
                    rowsSeen.incrementAndGet();
                    clock.advance(Duration.ofNanos(nanosPerRow));
                    return row.getLong(1);
                });
    }

    private static List<Integer> rowChunkSizes(TestDatabase database, long nanosPerRow) {
        return rowChunkSizes(database, ROWS, nanosPerRow);
    }

    /** The chunk sizes of a forEach over ids 1..{@code rows}, having checked that it read them all. */
    private static List<Integer> rowChunkSizes(TestDatabase database, int rows, long nanosPerRow) {
        createTable(database);
        List<Integer> sizes = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        scan(database, rows, new FakeClock(), nanosPerRow, sizes).forEach(ids::add);
        assertThat(ids).containsExactlyElementsOf(ReliabilitySupport.oneTo(rows));
        return sizes;
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void aFastRowConsumersChunksDoubleFrom1000PastTheOldBoundOf100000Rows(TestDatabase database) {
        // 0.5 us per row: 500 ms would be 1,000,000 rows; growth is at most doubling, and the table ends first
        List<Integer> sizes = rowChunkSizes(database, 500);

        assertThat(sizes).containsExactly(1000, 2000, 4000, 8000, 16000, 32000, 64000, 123_000);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void aRowConsumersChunksSettleAtTheRowsOf500Milliseconds(TestDatabase database) {
        // 50 us per row: 10,000 rows take 500 ms; 1000 + 2000 + 4000 + 8000 = 15,000, then 4 x 10,000 + 5000
        List<Integer> sizes = rowChunkSizes(database, 60_000, 50_000);

        List<Integer> expected = new ArrayList<>(List.of(1000, 2000, 4000, 8000));
        expected.addAll(Collections.nCopies(4, 10_000));
        expected.add(5000);
        assertThat(sizes).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void aSlowRowConsumersChunksStayAt1000Rows(TestDatabase database) {
        // 1 ms per row: 500 ms is 500 rows, below the smallest default chunk
        List<Integer> sizes = rowChunkSizes(database, 20_000, 1_000_000);

        assertThat(sizes).isEqualTo(Collections.nCopies(20, 1000));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB", "MYSQL_DRIVER"})
    void aStreamGetsTheSameTimeTargetedChunksAsForEach(TestDatabase database) {
        createTable(database);
        List<Integer> sizes = new ArrayList<>();
        try (Stream<Long> rows = scan(database, new FakeClock(), 500, sizes).stream()) {
            assertThat(rows.count()).isEqualTo(ROWS);
        }

        assertThat(sizes).containsExactly(1000, 2000, 4000, 8000, 16000, 32000, 64000, 123_000);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void forEachChunkKeeps1000RowChunksByDefault(TestDatabase database) {
        createTable(database);
        Scan<Long> scan = scan(database, 20_000, new FakeClock(), 500, new ArrayList<>());
        List<Integer> sizes = new ArrayList<>();
        scan.forEachChunk(chunk -> sizes.add(chunk.size()));

        assertThat(sizes).isEqualTo(Collections.nCopies(20, 1000));
        assertThat(scan.chunkSize()).isEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aChosenChunkSizeIsKeptByRowConsumers(TestDatabase database) {
        createTable(database);
        FakeClock clock = new FakeClock();
        List<Integer> sizes = new ArrayList<>();
        AtomicLong rows = new AtomicLong();
        AtomicLong previous = new AtomicLong();
        Scan.over(database.dataSource())
                .table(TABLE)
                .where("id <= 20000")
                .orderBy("id")
                .chunkSize(1000)
                .clock(clock)
                .onCheckpoint(position -> sizes.add((int) (rows.get() - previous.getAndSet(rows.get()))))
                .build(row -> {
                    clock.advance(Duration.ofNanos(1000));
                    return row.getLong(1);
                })
                .forEach(id -> rows.incrementAndGet());

        assertThat(sizes).isEqualTo(Collections.nCopies(20, 1000));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "H2"})
    void onPostgreSqlAndAnEmbeddedDatabaseRowConsumersKeep1000RowChunks(TestDatabase database) {
        List<Integer> sizes = rowChunkSizes(database, 20_000, 500);

        assertThat(sizes).isEqualTo(Collections.nCopies(20, 1000));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"MARIADB"})
    void aRowConsumerResumesAfterAPositionOfATimeTargetedChunk(TestDatabase database) {
        createTable(database);
        FakeClock clock = new FakeClock();
        List<Position> positions = new ArrayList<>();
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("id")
                .clock(clock)
                .onCheckpoint(positions::add)
                .build(row -> {
                    clock.advance(Duration.ofNanos(1000));
                    return row.getLong(1);
                });
        scan.forEach(id -> {});
        // the fourth checkpoint follows chunks of 1000, 2000, 4000 and 8000 rows
        List<Long> rest = new ArrayList<>();
        scan.startAfter(positions.get(3)).forEach(rest::add);

        assertThat(rest)
                .containsExactlyElementsOf(ReliabilitySupport.oneTo(ROWS).subList(15_000, ROWS));
    }
}
