package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.jpa.entities.LooseRow;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The safety net behind G1-G3 in chunkwise-jpa: an entity whose id is not unique in its table
 * makes every way of running a scan fail loudly, for every chunk size, with a
 * {@link ChunkwiseException} saying that the order is not unique, and no row is delivered twice
 * before it does. Without the net such a scan loses the rows that share an id with the last row
 * of a chunk.
 */
@ExtendWith(ClosesFactories.class)
class NonUniqueKeyTest {

    private static final Map<JpaDatabase, EntityManagerFactory> FACTORIES = new EnumMap<>(JpaDatabase.class);

    private static synchronized EntityManagerFactory factory(JpaDatabase database) {
        return FACTORIES.computeIfAbsent(database, key -> {
            EntityManagerFactory factory = key.configuration(Map.of("hibernate.hbm2ddl.auto", "none"))
                    .managedClass(LooseRow.class)
                    .createEntityManagerFactory();
            EntityManager entityManager = factory.createEntityManager();
            try {
                entityManager.getTransaction().begin();
                entityManager
                        .createNativeQuery("DROP TABLE IF EXISTS jpa_loose_row")
                        .executeUpdate();
                entityManager
                        .createNativeQuery("CREATE TABLE jpa_loose_row (code BIGINT NOT NULL, label VARCHAR(10))")
                        .executeUpdate();
                entityManager
                        .createNativeQuery("INSERT INTO jpa_loose_row VALUES (1, 'a'), (2, 'b'), (2, 'c'),"
                                + " (3, 'd'), (3, 'e'), (3, 'f'), (4, 'g')")
                        .executeUpdate();
                entityManager.getTransaction().commit();
            } finally {
                entityManager.close();
            }
            return factory;
        });
    }

    @AfterAll
    static synchronized void closeFactories() {
        FACTORIES.values().forEach(EntityManagerFactory::close);
        FACTORIES.clear();
    }

    private static void assertFailsWithoutRepeats(String way, int chunkSize, Consumer<List<String>> run) {
        List<String> delivered = new ArrayList<>();
        assertThatThrownBy(() -> run.accept(delivered))
                .as("%s, chunk size %d", way, chunkSize)
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageContaining("is not unique");
        assertThat(delivered)
                .as("%s, chunk size %d: nothing delivered twice", way, chunkSize)
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(JpaDatabase.class)
    void anIdTheTableDoesNotEnforceFailsEveryWayOfRunningForEveryChunkSize(JpaDatabase database) {
        EntityManagerFactory factory = factory(database);
        for (int chunkSize = 1; chunkSize <= 8; chunkSize++) {
            JpaScan<LooseRow> scan =
                    JpaScan.of(factory, LooseRow.class).chunkSize(chunkSize).build();
            int size = chunkSize;
            assertFailsWithoutRepeats(
                    "forEach", size, delivered -> scan.forEach(row -> delivered.add(row.getCode() + row.getLabel())));
            assertFailsWithoutRepeats(
                    "forEachChunk",
                    size,
                    delivered -> scan.forEachChunk(
                            chunk -> chunk.rows().forEach(row -> delivered.add(row.getCode() + row.getLabel()))));
            assertFailsWithoutRepeats(
                    "forEachChunkInTransaction",
                    size,
                    delivered -> scan.forEachChunkInTransaction((chunk, entityManager) ->
                            chunk.rows().forEach(row -> delivered.add(row.getCode() + row.getLabel()))));
            assertFailsWithoutRepeats("stream", size, delivered -> {
                try (Stream<LooseRow> rows = scan.stream()) {
                    rows.forEach(row -> delivered.add(row.getCode() + row.getLabel()));
                }
            });
            assertFailsWithoutRepeats("iterator", size, delivered -> {
                try (ScanIterator<LooseRow> rows = scan.iterator()) {
                    while (rows.hasNext()) {
                        LooseRow row = rows.next();
                        delivered.add(row.getCode() + row.getLabel());
                    }
                }
            });
            assertFailsWithoutRepeats("stateless forEachChunk", size, delivered -> scan.stateless()
                    .forEachChunk(chunk -> chunk.rows().forEach(row -> delivered.add(row.getCode() + row.getLabel()))));
            assertFailsWithoutRepeats("reverse", size, delivered -> JpaScan.of(factory, LooseRow.class)
                    .reverse()
                    .chunkSize(size)
                    .build()
                    .forEach(row -> delivered.add(row.getCode() + row.getLabel())));
        }
    }
}
