package dev.chunkwise.reliability;

import static dev.chunkwise.reliability.ReliabilitySupport.longs;
import static dev.chunkwise.reliability.ReliabilitySupport.oneTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checkpoint hook: when it is called in each way of running a scan, and that resuming from
 * the last checkpoint after a crash re-delivers only rows of the unfinished chunk.
 */
class CheckpointTest {

    private static final int ROWS = 95;

    private static String table(TestDatabase database) {
        return "rel_checkpoint_" + database.name().toLowerCase();
    }

    private static Scan<Long> scan(TestDatabase database, Consumer<Position> hook) {
        return Scan.over(database.dataSource())
                .table(table(database))
                .orderBy("id")
                .chunkSize(10)
                .fetchSize(3)
                .onCheckpoint(hook)
                .build(row -> row.getLong("id"));
    }

    private static void createTable(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 10);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void forEachChunkCheckpointsEachChunksLastPositionAfterTheActionReturned(TestDatabase database) {
        createTable(database);
        List<String> events = new ArrayList<>();
        List<Position> lasts = new ArrayList<>();
        Scan<Long> scan = scan(
                database,
                position -> events.add("checkpoint " + position.values().get(0)));

        scan.forEachChunk(chunk -> {
            events.add("action " + chunk.number());
            lasts.add(chunk.last());
        });

        List<String> expected = new ArrayList<>();
        for (int chunk = 1; chunk <= 10; chunk++) {
            expected.add("action " + chunk);
            expected.add("checkpoint " + Math.min(chunk * 10, ROWS));
        }
        assertThat(events).containsExactlyElementsOf(expected);
        assertThat(lasts).last().isEqualTo(scan.position((long) ROWS));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void forEachChunkInTransactionCheckpointsAfterTheChunksWritesAreCommitted(TestDatabase database) {
        createTable(database);
        String target = "rel_checkpoint_copy_" + database.name().toLowerCase();
        database.drop(target);
        database.execute("CREATE TABLE " + target + " (id " + database.bigint() + " PRIMARY KEY)");
        List<Long> visibleAtCheckpoint = new ArrayList<>();
        List<Position> checkpoints = new ArrayList<>();
        Scan<Long> scan = scan(database, position -> {
            checkpoints.add(position);
            // read on another connection: only committed rows are visible there
            visibleAtCheckpoint.add(
                    longs(database, "SELECT COUNT(*) FROM " + target).get(0));
        });

        scan.forEachChunkInTransaction((chunk, connection) -> {
            try (PreparedStatement copy = connection.prepareStatement("INSERT INTO " + target + " (id) VALUES (?)")) {
                for (long id : chunk.rows()) {
                    copy.setLong(1, id);
                    copy.executeUpdate();
                }
            }
        });

        assertThat(visibleAtCheckpoint).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 95L);
        assertThat(checkpoints)
                .extracting(position -> position.values().get(0))
                .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 95L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anIteratorCheckpointsWhenTheConsumerMovesPastAChunksLastRow(TestDatabase database) {
        createTable(database);
        List<String> events = new ArrayList<>();
        Scan<Long> scan = scan(
                database,
                position -> events.add("checkpoint " + position.values().get(0)));

        try (ScanIterator<Long> rows = scan.iterator()) {
            while (rows.hasNext()) {
                events.add("row " + rows.next());
            }
        }

        List<String> expected = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            expected.add("row " + id);
            if (id % 10 == 0 || id == ROWS) {
                expected.add("checkpoint " + id);
            }
        }
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void resumingFromTheLastCheckpointAfterACrashRedeliversOnlyTheUnfinishedChunk(TestDatabase database) {
        createTable(database);
        AtomicReference<Position> saved = new AtomicReference<>();
        Scan<Long> scan = scan(database, saved::set);
        List<Long> firstRun = new ArrayList<>();

        assertThatThrownBy(() -> scan.forEach(id -> {
                    if (id == 57L) {
                        throw new IllegalStateException("crash");
                    }
                    firstRun.add(id);
                }))
                .hasMessage("crash");
        assertThat(saved.get()).isEqualTo(scan.position(50L));

        Scan<Long> resumed = scan.startAfter(scan.parsePosition(saved.get().token()));
        List<Long> secondRun = new ArrayList<>();
        resumed.forEach(secondRun::add);

        List<Long> again = new ArrayList<>(firstRun);
        again.retainAll(secondRun);
        assertThat(again)
                .as("re-delivered rows: only the unfinished chunk 51..60")
                .containsExactly(51L, 52L, 53L, 54L, 55L, 56L);
        assertThat(secondRun).containsExactlyElementsOf(oneTo(ROWS).subList(50, ROWS));
        List<Long> all = new ArrayList<>(firstRun.subList(0, 50));
        all.addAll(secondRun);
        assertThat(all).containsExactlyElementsOf(oneTo(ROWS));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aChunkWhoseActionFailsIsNotCheckpointedAndIsProcessedAgainOnResume(TestDatabase database) {
        createTable(database);
        AtomicReference<Position> saved = new AtomicReference<>();
        Scan<Long> scan = scan(database, saved::set);

        assertThatThrownBy(() -> scan.forEachChunk(chunk -> {
                    if (chunk.number() == 4) {
                        throw new IllegalStateException("crash in chunk 4");
                    }
                }))
                .hasMessage("crash in chunk 4");
        assertThat(saved.get()).isEqualTo(scan.position(30L));

        List<Long> firstChunkAfterResume = new ArrayList<>();
        scan.startAfter(saved.get()).forEachChunk(chunk -> {
            if (chunk.number() == 1) {
                firstChunkAfterResume.addAll(chunk.rows());
            }
        });
        assertThat(firstChunkAfterResume).containsExactlyElementsOf(oneTo(40).subList(30, 40));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void checkpointsStayOnChunkBoundariesWhenAConnectionIsLostInsideAChunk(TestDatabase database) {
        createTable(database);
        ReliabilitySupport.TrackedSource source = new ReliabilitySupport.TrackedSource(database);
        List<Long> checkpoints = new ArrayList<>();
        Scan<Long> scan = Scan.over(source)
                .table(table(database))
                .orderBy("id")
                .chunkSize(10)
                .fetchSize(3)
                .clock(new ReliabilitySupport.FakeClock())
                .onCheckpoint(
                        position -> checkpoints.add((Long) position.values().get(0)))
                .build(row -> row.getLong("id"));
        List<Long> delivered = new ArrayList<>();

        scan.forEach(id -> {
            delivered.add(id);
            if (id == 14L || id == 38L) {
                source.killCurrent();
            }
        });

        assertThat(delivered).containsExactlyElementsOf(oneTo(ROWS));
        assertThat(checkpoints).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 95L);
        assertThat(source.backendIds()).hasSize(1 + 1 + 2);
    }
}
