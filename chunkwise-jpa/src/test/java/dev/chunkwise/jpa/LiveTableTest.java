package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.jpa.entities.LiveRow;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G2 for JPA scans on tables written while they are scanned, on PostgreSQL and MariaDB: between
 * the entities or chunks the consumer takes, a writer on a plain JDBC connection of its own
 * (auto-commit, so every write is committed at once) inserts rows ahead of and behind the scan's
 * position, deletes rows, updates non-key attributes, and, in the last tests, moves rows' sort
 * attribute. The writes are chosen by a seeded random from the consumer's callback, so every run
 * does the same. Covered: {@code stream()}, {@code forEachChunk} (managed entities, the action
 * inside the chunk's read transaction, and detached), and {@code forEachChunkInTransaction} (whose
 * handler also writes every entity it gets, so that the database counts how often each was
 * handled), and the same through a Hibernate {@code StatelessSession}.
 */
@ExtendWith(ClosesFactories.class)
class LiveTableTest {

    private static final int ORIGINAL_ROWS = 200;
    private static final int CHUNK = 7;
    private static final String TABLE = "jpalive_row";

    private static final Map<JpaDatabase, EntityManagerFactory> FACTORIES = new EnumMap<>(JpaDatabase.class);

    private static synchronized EntityManagerFactory factory(JpaDatabase database) {
        return FACTORIES.computeIfAbsent(
                database, key -> key.configuration(Map.of("hibernate.hbm2ddl.auto", "create-drop"))
                        .managedClass(LiveRow.class)
                        .createEntityManagerFactory());
    }

    @AfterAll
    static synchronized void closeFactories() {
        FACTORIES.values().forEach(EntityManagerFactory::close);
        FACTORIES.clear();
    }

    /** An entity as the scan delivered it: its sort attribute then, and its id. */
    private record Seen(long k, long id) {}

    private static Seen seen(LiveRow row) {
        return new Seen(row.getK(), row.getId());
    }

    /** The sort attribute of row {@code id} as loaded: ids 10, 20, ..., 2000 in groups of three equal values. */
    private static long group(long id) {
        return id / 30 * 30;
    }

    /** A plain JDBC connection in auto-commit mode: every write is committed at once. */
    private static final class Sql implements AutoCloseable {

        private final Connection connection;

        Sql(JpaDatabase database) {
            try {
                connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                connection.setAutoCommit(true);
            } catch (SQLException failure) {
                throw new IllegalStateException(database + ": " + failure.getMessage(), failure);
            }
        }

        int update(String sql, Object... parameters) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            } catch (SQLException failure) {
                throw new IllegalStateException(failure.getMessage() + " in " + sql, failure);
            }
        }

        /** Replaces the table's rows by ids 10, 20, ..., 2000, each with k = group(id). */
        void load() {
            update("DELETE FROM " + TABLE);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (id, k, payload, edits, visits) VALUES (?, ?, ?, 0, 0)")) {
                for (long id = 10; id <= ORIGINAL_ROWS * 10; id += 10) {
                    insert.setLong(1, id);
                    insert.setLong(2, group(id));
                    insert.setString(3, "original " + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }

        /** Every row's visits, by id. */
        Map<Long, Integer> visits() {
            Map<Long, Integer> visits = new HashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id, visits FROM " + TABLE)) {
                while (rows.next()) {
                    visits.put(rows.getLong(1), rows.getInt(2));
                }
            } catch (SQLException failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return visits;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException failure) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
    }

    /**
     * The writer: what it did, for the assertions, and where each write landed relative to the
     * scan's position (the last entity delivered), for the assertion that both sides were written.
     */
    private static final class Writer {

        final Set<Long> original = new TreeSet<>();
        final Set<Long> existing = new TreeSet<>();
        final Set<Long> inserted = new HashSet<>();
        final Set<Long> deleted = new HashSet<>();
        final Set<Long> moved = new HashSet<>();
        final Set<Long> updated = new HashSet<>();
        final Set<Long> usedIds = new HashSet<>();
        final Map<Long, Long> keyOf = new HashMap<>();
        int insertedAhead;
        int insertedBehind;
        int movedAhead;
        int movedBehind;

        private final Sql sql;
        private final Random random;
        private final Comparator<Seen> order;
        private Seen position;

        Writer(Sql sql, long seed, Comparator<Seen> order) {
            this.sql = sql;
            this.random = new Random(seed);
            this.order = order;
            sql.load();
            for (long id = 10; id <= ORIGINAL_ROWS * 10; id += 10) {
                original.add(id);
                existing.add(id);
                usedIds.add(id);
                keyOf.put(id, group(id));
            }
        }

        /** The scan delivered {@code seen}: the position writes are placed against. */
        void delivered(Seen seen) {
            position = seen;
        }

        private boolean ahead(long k, long id) {
            return position == null || order.compare(new Seen(k, id), position) > 0;
        }

        private long randomExisting(Set<Long> avoid) {
            List<Long> candidates = new ArrayList<>(existing);
            candidates.removeAll(avoid);
            return candidates.get(random.nextInt(candidates.size()));
        }

        /** One write that keeps every sort value where it is: an insert, a delete or an update of a non-key attribute. */
        void keepingKeys(Set<Long> avoid) {
            int choice = random.nextInt(3);
            if (choice == 0) {
                long id;
                do {
                    id = 1 + random.nextInt(ORIGINAL_ROWS * 10 + 500);
                } while (usedIds.contains(id));
                long k = group(id);
                sql.update(
                        "INSERT INTO " + TABLE + " (id, k, payload, edits, visits) VALUES (?, ?, 'inserted', 0, 0)",
                        id,
                        k);
                if (ahead(k, id)) {
                    insertedAhead++;
                } else {
                    insertedBehind++;
                }
                existing.add(id);
                inserted.add(id);
                usedIds.add(id);
                keyOf.put(id, k);
            } else if (choice == 1 && existing.size() > 20) {
                long id = randomExisting(avoid);
                assertThat(sql.update("DELETE FROM " + TABLE + " WHERE id = ?", id))
                        .isEqualTo(1);
                existing.remove(id);
                deleted.add(id);
            } else {
                long id = randomExisting(avoid);
                assertThat(sql.update(
                                "UPDATE " + TABLE + " SET payload = 'updated', edits = edits + 1 WHERE id = ?", id))
                        .isEqualTo(1);
                updated.add(id);
            }
        }

        /** Moves a row's sort value to another one (equal values are allowed: the id breaks ties). */
        void moveKey(Set<Long> avoid) {
            long id = randomExisting(avoid);
            long k;
            do {
                k = random.nextInt(ORIGINAL_ROWS * 10 + 500);
            } while (k == keyOf.get(id));
            assertThat(sql.update("UPDATE " + TABLE + " SET k = ?, edits = edits + 1 WHERE id = ?", k, id))
                    .isEqualTo(1);
            if (ahead(k, id)) {
                movedAhead++;
            } else {
                movedBehind++;
            }
            keyOf.put(id, k);
            moved.add(id);
        }

        /** Either kind of write, half the time each. */
        void anyWrite(Set<Long> avoid) {
            if (random.nextBoolean()) {
                moveKey(avoid);
            } else {
                keepingKeys(avoid);
            }
        }
    }

    private static final Map<String, Function<Seen, Object>> SEEN_ATTRIBUTES = Map.of("id", Seen::id, "k", Seen::k);

    private static Comparator<Seen> orderOf(JpaScan<?> scan) {
        return Fixtures.comparator(scan.order(), SEEN_ATTRIBUTES);
    }

    private static JpaScan.Builder<LiveRow> scan(JpaDatabase database, String order) {
        return JpaScan.of(factory(database), LiveRow.class).orderBy(order).chunkSize(CHUNK);
    }

    private static Set<Long> ids(Chunk<LiveRow> chunk) {
        return chunk.rows().stream().map(LiveRow::getId).collect(Collectors.toSet());
    }

    private static Map<Long, Long> counts(List<Seen> seen) {
        return seen.stream().collect(Collectors.groupingBy(Seen::id, Collectors.counting()));
    }

    /** Every delivery is after the one before it in the scan's order, as the entities were read. */
    private static void assertStrictlyInOrder(List<Seen> seen, Comparator<Seen> order) {
        for (int i = 1; i < seen.size(); i++) {
            assertThat(order.compare(seen.get(i - 1), seen.get(i)))
                    .as("delivery %d %s after %s", i, seen.get(i), seen.get(i - 1))
                    .isNegative();
        }
    }

    /** G2 when no sort value moves: nothing twice, every original row never deleted once, nothing unknown. */
    private static void assertDeliveredOnceUnlessDeleted(List<Seen> seen, Writer writer) {
        List<Long> delivered = seen.stream().map(Seen::id).toList();
        assertThat(delivered).as("no entity twice").doesNotHaveDuplicates();
        Set<Long> survivors = new TreeSet<>(writer.original);
        survivors.removeAll(writer.deleted);
        assertThat(delivered).as("every original entity never deleted").containsAll(survivors);
        Set<Long> known = new HashSet<>(writer.original);
        known.addAll(writer.inserted);
        assertThat(known).as("only entities that existed").containsAll(delivered);
        for (Seen one : seen) {
            assertThat(one.k()).as("sort value of %d", one.id()).isEqualTo(group(one.id()));
        }
        // the writes really happened on both sides of the scan's position
        assertThat(writer.insertedAhead).as("inserts ahead of the position").isPositive();
        assertThat(writer.insertedBehind).as("inserts behind the position").isPositive();
        assertThat(writer.deleted)
                .as("deletes ahead of the position (never delivered)")
                .anySatisfy(id -> assertThat(delivered).doesNotContain(id));
        assertThat(writer.deleted)
                .as("deletes behind the position (delivered before)")
                .anySatisfy(id -> assertThat(delivered).contains(id));
        assertThat(writer.updated).as("updated entities delivered").anySatisfy(id -> assertThat(delivered)
                .contains(id));
        assertThat(writer.inserted).as("some inserted entities delivered").anySatisfy(id -> assertThat(delivered)
                .contains(id));
    }

    /** G2 when sort values move: only moved entities may come twice; every unmoved survivor exactly once. */
    private static Map<Long, Long> assertOnlyMovedTwice(List<Seen> seen, Writer writer) {
        Map<Long, Long> counts = counts(seen);
        Set<Long> twice = counts.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(writer.moved)
                .as("entities delivered twice moved their sort value")
                .containsAll(twice);
        Set<Long> steady = new TreeSet<>(writer.original);
        steady.removeAll(writer.moved);
        steady.removeAll(writer.deleted);
        assertThat(steady)
                .isNotEmpty()
                .allSatisfy(id -> assertThat(counts.get(id)).as("entity %d", id).isEqualTo(1L));
        Set<Long> known = new HashSet<>(writer.original);
        known.addAll(writer.inserted);
        assertThat(known).as("only entities that existed").containsAll(counts.keySet());
        assertThat(writer.moved).hasSizeGreaterThan(20);
        assertThat(writer.movedAhead).as("moves ahead of the position").isPositive();
        assertThat(writer.movedBehind).as("moves behind the position").isPositive();
        return counts;
    }

    // ---- sort values kept -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aStreamDeliversEveryLivingEntityOnceWhileOthersAreInsertedDeletedAndUpdated(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "id").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database);
                Stream<LiveRow> rows = scan.stream()) {
            writer = new Writer(sql, 20_260_101L + database.ordinal(), orderOf(scan));
            rows.forEach(row -> {
                seen.add(seen(row));
                writer.delivered(seen(row));
                for (int i = writer.random.nextInt(3); i > 0; i--) {
                    writer.keepingKeys(Set.of());
                }
            });
        }

        assertDeliveredOnceUnlessDeleted(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void managedChunksSeeEveryLivingEntityOnceWhileWritesHappenInsideTheirReadTransaction(JpaDatabase database) {
        // a non-unique descending sort attribute: the id tie-breaker follows it, descending
        JpaScan<LiveRow> scan = scan(database, "k desc").build();
        List<Seen> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database)) {
            writer = new Writer(sql, 20_260_102L + database.ordinal(), orderOf(scan));
            scan.forEachChunk(chunk -> {
                sizes.add(chunk.size());
                chunk.rows().forEach(row -> seen.add(seen(row)));
                writer.delivered(seen.get(seen.size() - 1));
                for (int i = 0; i < 5; i++) {
                    writer.keepingKeys(Set.of());
                }
            });
        }

        assertDeliveredOnceUnlessDeleted(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, CHUNK));
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aWritingScanHandlesEveryLivingEntityExactlyOnceWhileOthersAreInsertedDeletedAndUpdated(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database)) {
            writer = new Writer(sql, 20_260_103L + database.ordinal(), orderOf(scan));
            scan.forEachChunkInTransaction((chunk, entityManager) -> {
                chunk.rows().forEach(row -> {
                    seen.add(seen(row));
                    row.visit();
                });
                writer.delivered(seen.get(seen.size() - 1));
                // the chunk's own rows are the handler's to write: the other connection leaves them alone
                for (int i = 0; i < 5; i++) {
                    writer.keepingKeys(ids(chunk));
                }
            });
            Map<Long, Integer> visits = sql.visits();
            Map<Long, Long> counts = counts(seen);
            assertThat(visits)
                    .as("every row still there was handled as often as delivered")
                    .allSatisfy((id, count) -> assertThat(count.longValue())
                            .as("visits of %d", id)
                            .isEqualTo(counts.getOrDefault(id, 0L)));
            assertThat(visits.keySet())
                    .as("the table holds what the writer left")
                    .isEqualTo(writer.existing);
        }

        assertDeliveredOnceUnlessDeleted(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aStatelessWritingScanHandlesEveryLivingEntityExactlyOnceWhileOthersAreInsertedDeletedAndUpdated(
            JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k desc").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database)) {
            writer = new Writer(sql, 20_260_107L + database.ordinal(), orderOf(scan));
            scan.stateless().forEachChunkInTransaction((chunk, session) -> {
                chunk.rows().forEach(row -> seen.add(seen(row)));
                writer.delivered(seen.get(seen.size() - 1));
                for (int i = 0; i < 5; i++) {
                    writer.keepingKeys(ids(chunk));
                }
                // a stateless session writes at once; the rows' locks last until the chunk's commit
                chunk.rows().forEach(row -> {
                    row.visit();
                    session.update(row);
                });
            });
            Map<Long, Integer> visits = sql.visits();
            Map<Long, Long> counts = counts(seen);
            assertThat(visits)
                    .as("every row still there was handled as often as delivered")
                    .allSatisfy((id, count) -> assertThat(count.longValue())
                            .as("visits of %d", id)
                            .isEqualTo(counts.getOrDefault(id, 0L)));
            assertThat(visits.keySet())
                    .as("the table holds what the writer left")
                    .isEqualTo(writer.existing);
        }

        assertDeliveredOnceUnlessDeleted(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }

    // ---- sort values moved ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aStreamDeliversTwiceOnlyEntitiesWhoseSortValueMoved(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database);
                Stream<LiveRow> rows = scan.stream()) {
            writer = new Writer(sql, 20_260_104L + database.ordinal(), orderOf(scan));
            rows.forEach(row -> {
                seen.add(seen(row));
                writer.delivered(seen(row));
                writer.anyWrite(Set.of());
            });
        }

        assertOnlyMovedTwice(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void detachedChunksDeliverTwiceOnlyEntitiesWhoseSortValueMoved(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k desc").detached().build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database)) {
            writer = new Writer(sql, 20_260_105L + database.ordinal(), orderOf(scan));
            scan.forEachChunk(chunk -> {
                chunk.rows().forEach(row -> seen.add(seen(row)));
                writer.delivered(seen.get(seen.size() - 1));
                for (int i = 0; i < chunk.size(); i++) {
                    writer.anyWrite(Set.of());
                }
            });
        }

        assertOnlyMovedTwice(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aWritingScanHandlesTwiceOnlyEntitiesWhoseSortValueMoved(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        Map<Long, Integer> visits;
        try (Sql sql = new Sql(database)) {
            writer = new Writer(sql, 20_260_106L + database.ordinal(), orderOf(scan));
            scan.forEachChunkInTransaction((chunk, entityManager) -> {
                chunk.rows().forEach(row -> {
                    seen.add(seen(row));
                    row.visit();
                });
                writer.delivered(seen.get(seen.size() - 1));
                for (int i = 0; i < chunk.size(); i++) {
                    writer.anyWrite(ids(chunk));
                }
            });
            visits = sql.visits();
        }

        Map<Long, Long> counts = assertOnlyMovedTwice(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
        assertThat(visits)
                .as("every row still there was handled as often as delivered")
                .allSatisfy((id, count) ->
                        assertThat(count.longValue()).as("visits of %d", id).isEqualTo(counts.getOrDefault(id, 0L)));
        assertThat(visits).as("rows handled twice moved").allSatisfy((id, count) -> {
            if (count > 1) {
                assertThat(writer.moved).contains(id);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aStatelessStreamDeliversTwiceOnlyEntitiesWhoseSortValueMoved(JpaDatabase database) {
        JpaScan<LiveRow> scan = scan(database, "k").build();
        List<Seen> seen = new ArrayList<>();
        Writer writer;
        try (Sql sql = new Sql(database);
                Stream<LiveRow> rows = scan.stateless().stream()) {
            writer = new Writer(sql, 20_260_108L + database.ordinal(), orderOf(scan));
            rows.forEach(row -> {
                seen.add(seen(row));
                writer.delivered(seen(row));
                writer.anyWrite(Set.of());
            });
        }

        assertOnlyMovedTwice(seen, writer);
        assertStrictlyInOrder(seen, orderOf(scan));
    }
}
