package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Scan;
import dev.chunkwise.reliability.ReliabilitySupport.Session;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G2 on tables written while they are scanned. Writers insert, delete and update rows between the
 * rows the consumer takes (deterministically, from the consumer's callback, on another
 * connection, committed at once), and, in one test, from a thread of their own.
 */
class LiveTableTest {

    private static final int ORIGINAL_ROWS = 200;

    /** What the writers did, for the assertions. */
    private static final class Writes {
        final Set<Long> original = new TreeSet<>();
        final Set<Long> existing = new TreeSet<>();
        final Set<Long> inserted = new HashSet<>();
        final Set<Long> deleted = new HashSet<>();
        final Set<Long> moved = new HashSet<>();
        final Set<Long> usedKeys = new HashSet<>();
        final Map<Long, Long> keyOf = new HashMap<>();
    }

    private static String table(TestDatabase database, String what) {
        return "rel_live_" + what + "_" + database.name().toLowerCase();
    }

    /** ids 10, 20, ..., 2000 with k = id, so that new ids and keys fit in between. */
    private static Writes create(TestDatabase database, String table) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.bigint() + " PRIMARY KEY, k " + database.bigint()
                + " NOT NULL UNIQUE, payload " + database.text(40) + ", version " + database.integer() + ")");
        Writes writes = new Writes();
        List<Object[]> rows = new ArrayList<>();
        for (long id = 10; id <= ORIGINAL_ROWS * 10; id += 10) {
            rows.add(new Object[] {id, id, "original " + id, 0});
            writes.original.add(id);
            writes.existing.add(id);
            writes.usedKeys.add(id);
            writes.keyOf.put(id, id);
        }
        database.insert(table, "id, k, payload, version", rows);
        return writes;
    }

    private static long randomExisting(Random random, Writes writes) {
        List<Long> ids = new ArrayList<>(writes.existing);
        return ids.get(random.nextInt(ids.size()));
    }

    /** One random write that keeps every key where it is: insert, delete or update a non-key column. */
    private static void writeKeepingKeys(Session session, String table, Random random, Writes writes) {
        int choice = random.nextInt(3);
        if (choice == 0) {
            long id;
            do {
                id = 1 + random.nextInt(ORIGINAL_ROWS * 10 + 500);
            } while (writes.existing.contains(id) || writes.deleted.contains(id) || writes.usedKeys.contains(id));
            session.update("INSERT INTO " + table + " (id, k, payload, version) VALUES (?, ?, 'inserted', 0)", id, id);
            writes.existing.add(id);
            writes.inserted.add(id);
            writes.usedKeys.add(id);
        } else if (choice == 1 && writes.existing.size() > 20) {
            long id = randomExisting(random, writes);
            session.update("DELETE FROM " + table + " WHERE id = ?", id);
            writes.existing.remove(id);
            writes.deleted.add(id);
        } else {
            long id = randomExisting(random, writes);
            session.update("UPDATE " + table + " SET payload = 'updated', version = version + 1 WHERE id = ?", id);
        }
    }

    /** Moves a random row's key to an unused value, ahead of or behind the scan. */
    private static void moveKey(Session session, String table, Random random, Writes writes) {
        long id = randomExisting(random, writes);
        long key;
        do {
            key = 1 + random.nextInt(ORIGINAL_ROWS * 10 + 500);
        } while (writes.usedKeys.contains(key));
        session.update("UPDATE " + table + " SET k = ? WHERE id = ?", key, id);
        writes.usedKeys.add(key);
        writes.keyOf.put(id, key);
        writes.moved.add(id);
    }

    private static Map<Long, Long> counts(List<Long> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static void assertDeliveredOnceUnlessDeleted(List<Long> delivered, Writes writes) {
        assertThat(delivered).as("no row twice").doesNotHaveDuplicates();
        Set<Long> survivors = new TreeSet<>(writes.original);
        survivors.removeAll(writes.deleted);
        assertThat(delivered).as("every original row never deleted").containsAll(survivors);
        Set<Long> known = new HashSet<>(writes.original);
        known.addAll(writes.inserted);
        assertThat(known).as("only rows that existed").containsAll(delivered);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void rowsThatLiveThroughTheScanAreDeliveredOnceWhileOthersAreInsertedDeletedAndUpdated(TestDatabase database) {
        String table = table(database, "rows");
        Writes writes = create(database, table);
        Random random = new Random(20_260_001L + database.ordinal());
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .columns("id")
                .orderBy("id")
                .chunkSize(7)
                .fetchSize(3)
                .build(row -> row.getLong(1));
        List<Long> delivered = new ArrayList<>();

        try (Session session = new Session(database)) {
            scan.forEach(id -> {
                delivered.add(id);
                for (int i = random.nextInt(3); i > 0; i--) {
                    writeKeepingKeys(session, table, random, writes);
                }
            });
        }

        assertDeliveredOnceUnlessDeleted(delivered, writes);
        assertThat(delivered).as("in key order").isSorted();
        assertThat(writes.inserted).isNotEmpty();
        assertThat(writes.deleted).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void chunksSeeEveryLivingRowOnceWhileWritesHappenBetweenChunks(TestDatabase database) {
        String table = table(database, "chunks");
        Writes writes = create(database, table);
        Random random = new Random(20_260_002L + database.ordinal());
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .orderBy("k desc")
                .chunkSize(7)
                .build(row -> row.getLong("id"));
        List<Long> delivered = new ArrayList<>();

        try (Session session = new Session(database)) {
            scan.forEachChunk(chunk -> {
                delivered.addAll(chunk.rows());
                for (int i = 0; i < 5; i++) {
                    writeKeepingKeys(session, table, random, writes);
                }
            });
        }

        assertDeliveredOnceUnlessDeleted(delivered, writes);
        assertThat(delivered).as("in descending key order").isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void onlyRowsWhoseKeyMovedMayBeDeliveredTwice(TestDatabase database) {
        String table = table(database, "moves");
        Writes writes = create(database, table);
        Random random = new Random(20_260_003L + database.ordinal());
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .orderBy("k")
                .chunkSize(7)
                .fetchSize(3)
                .build(row -> row.getLong("id"));
        List<Long> delivered = new ArrayList<>();

        try (Session session = new Session(database)) {
            scan.forEach(id -> {
                delivered.add(id);
                if (random.nextInt(2) == 0) {
                    moveKey(session, table, random, writes);
                } else {
                    writeKeepingKeys(session, table, random, writes);
                }
            });
        }

        Map<Long, Long> counts = counts(delivered);
        Set<Long> twice = counts.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(writes.moved).as("rows delivered twice moved their key").containsAll(twice);
        Set<Long> steady = new TreeSet<>(writes.original);
        steady.removeAll(writes.moved);
        steady.removeAll(writes.deleted);
        assertThat(steady)
                .isNotEmpty()
                .allSatisfy(id -> assertThat(counts.get(id)).as("row %d", id).isEqualTo(1L));
        assertThat(writes.moved).hasSizeGreaterThan(20);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aConcurrentWriterThreadDoesNotMakeTheScanLoseOrRepeatRows(TestDatabase database) throws Exception {
        String table = table(database, "thread");
        Writes writes = create(database, table);
        Random random = new Random(20_260_004L + database.ordinal());
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(table)
                .columns("id")
                .orderBy("id")
                .chunkSize(7)
                .fetchSize(3)
                .build(row -> row.getLong(1));
        AtomicBoolean scanning = new AtomicBoolean(true);
        // the writer releases a permit per write; the consumer takes one every 5 rows, so that
        // writes certainly land while the scan runs, in an order the threads choose
        Semaphore written = new Semaphore(0);
        Thread writer = new Thread(
                () -> {
                    try (Session session = new Session(database)) {
                        for (int i = 0; i < 400 && scanning.get(); i++) {
                            writeKeepingKeys(session, table, random, writes);
                            written.release();
                        }
                    }
                },
                "rel-live-writer");
        List<Long> delivered = new ArrayList<>();

        writer.start();
        try {
            scan.forEach(id -> {
                delivered.add(id);
                if (delivered.size() % 5 == 0) {
                    try {
                        written.tryAcquire(10, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        } finally {
            scanning.set(false);
            writer.join();
        }

        // the writer's sets are read after join(), which orders its writes before these reads
        assertDeliveredOnceUnlessDeleted(delivered, writes);
        assertThat(delivered).isSorted();
        assertThat(writes.inserted.size() + writes.deleted.size()).isGreaterThan(10);
    }
}
