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
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * G2 as a property on PostgreSQL: for random small tables, chunk sizes and sequences of writes
 * interleaved with the rows the consumer takes, a row is delivered twice only if its key moved,
 * and a row that was there at the start and never moved nor deleted is delivered exactly once.
 */
class LiveTablePropertyTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final String TABLE = "rel_live_property";

    enum Kind {
        INSERT,
        DELETE,
        UPDATE,
        MOVE
    }

    /** A write made after the consumer took row number {@code afterRow} (0: before the first). */
    record Operation(int afterRow, Kind kind, int target, int value) {}

    @BeforeContainer
    static void createTable() {
        DATABASE.drop(TABLE);
        DATABASE.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, k BIGINT NOT NULL UNIQUE, note TEXT)");
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> operation = Combinators.combine(
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(1, 400))
                .as(Operation::new);
        return operation.list().ofMaxSize(25);
    }

    @Property(tries = 25)
    void aRowIsDeliveredTwiceOnlyIfItsKeyMovedAndSteadyRowsExactlyOnce(
            @ForAll @IntRange(min = 1, max = 30) int rows,
            @ForAll @IntRange(min = 1, max = 6) int chunkSize,
            @ForAll("operations") List<Operation> operations) {
        DATABASE.execute("DELETE FROM " + TABLE);
        List<Long> existing = new ArrayList<>();
        Set<Long> usedKeys = new HashSet<>();
        List<Object[]> values = new ArrayList<>();
        for (long id = 1; id <= rows; id++) {
            values.add(new Object[] {id * 10, id * 10, "original"});
            existing.add(id * 10);
            usedKeys.add(id * 10);
        }
        if (!values.isEmpty()) {
            DATABASE.insert(TABLE, "id, k, note", values);
        }
        Set<Long> original = new HashSet<>(existing);
        Set<Long> deleted = new HashSet<>();
        Set<Long> moved = new HashSet<>();
        Set<Long> inserted = new HashSet<>();
        Scan<Long> scan = Scan.over(DATABASE.dataSource())
                .table(TABLE)
                .orderBy("k")
                .chunkSize(chunkSize)
                .fetchSize(2)
                .build(row -> row.getLong("id"));
        List<Long> delivered = new ArrayList<>();

        try (Session session = new Session(DATABASE)) {
            Runnable writesDue = () -> {
                for (Operation operation : operations) {
                    if (operation.afterRow() != delivered.size()) {
                        continue;
                    }
                    long value = operation.value();
                    switch (operation.kind()) {
                        case INSERT -> {
                            long id = 10_000 + value;
                            if (!inserted.contains(id) && !usedKeys.contains(value)) {
                                session.update("INSERT INTO " + TABLE + " VALUES (?, ?, 'new')", id, value);
                                inserted.add(id);
                                existing.add(id);
                                usedKeys.add(value);
                            }
                        }
                        case DELETE -> {
                            if (!existing.isEmpty()) {
                                long id = existing.remove(operation.target() % existing.size());
                                session.update("DELETE FROM " + TABLE + " WHERE id = ?", id);
                                deleted.add(id);
                            }
                        }
                        case UPDATE -> {
                            if (!existing.isEmpty()) {
                                long id = existing.get(operation.target() % existing.size());
                                session.update("UPDATE " + TABLE + " SET note = 'changed' WHERE id = ?", id);
                            }
                        }
                        case MOVE -> {
                            if (!existing.isEmpty() && !usedKeys.contains(value)) {
                                long id = existing.get(operation.target() % existing.size());
                                session.update("UPDATE " + TABLE + " SET k = ? WHERE id = ?", value, id);
                                moved.add(id);
                                usedKeys.add(value);
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            };
            writesDue.run();
            scan.forEach(id -> {
                delivered.add(id);
                writesDue.run();
            });
        }

        Map<Long, Integer> counts = new HashMap<>();
        delivered.forEach(id -> counts.merge(id, 1, Integer::sum));
        counts.forEach((id, count) -> {
            if (count > 1) {
                assertThat(moved).as("row %d was delivered %d times", id, count).contains(id);
            }
        });
        for (long id : original) {
            if (!moved.contains(id) && !deleted.contains(id)) {
                assertThat(counts.get(id)).as("steady row %d", id).isEqualTo(1);
            }
        }
        Set<Long> known = new HashSet<>(original);
        known.addAll(inserted);
        assertThat(known).containsAll(counts.keySet());
    }
}
