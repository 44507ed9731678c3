package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Position;
import dev.chunkwise.jpa.entities.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code LocalDateTime} sort key, read and bound back exactly (microseconds included), with
 * Hibernate's default conversion through {@code java.sql.Timestamp} and with
 * {@code hibernate.type.java_time_use_direct_jdbc}, which the README recommends: every entity
 * once, in order, and a resumed scan delivers exactly the entities after its position.
 */
@ExtendWith(ClosesFactories.class)
class TimeKeyTest {

    static Stream<Arguments> databasesAndConversions() {
        return Stream.of(JpaDatabase.values())
                .flatMap(database -> Stream.of(Arguments.of(database, false), Arguments.of(database, true)));
    }

    private static List<Event> events() {
        LocalDateTime start = LocalDateTime.of(2026, 1, 15, 10, 0, 0, 123_456_000);
        List<Event> events = new ArrayList<>();
        for (long id = 1; id <= 23; id++) {
            // ids out of time order, times a microsecond apart (a truncated value would tie them
            // all), every third time repeated so that the id breaks ties
            long step = (id * 7) % 23 / 3;
            events.add(new Event(id, start.plusNanos(step * 1_000)));
        }
        return events;
    }

    @ParameterizedTest
    @MethodSource("databasesAndConversions")
    void deliversEveryEntityOnceInTimeOrderAndResumesExactly(JpaDatabase database, boolean directJdbc) {
        EntityManagerFactory factory = database.configuration(Map.of(
                        "hibernate.hbm2ddl.auto",
                        "create",
                        "hibernate.type.java_time_use_direct_jdbc",
                        Boolean.toString(directJdbc)))
                .managedClass(Event.class)
                .createEntityManagerFactory();
        try {
            EntityManager entityManager = factory.createEntityManager();
            try {
                entityManager.getTransaction().begin();
                events().forEach(entityManager::persist);
                entityManager.getTransaction().commit();
            } finally {
                entityManager.close();
            }
            List<Long> expected = events().stream()
                    .sorted(Comparator.comparing(Event::getHappenedAt).thenComparing(Event::getId))
                    .map(Event::getId)
                    .toList();
            JpaScan<Event> scan = JpaScan.of(factory, Event.class)
                    .orderBy("happenedAt")
                    .chunkSize(4)
                    .build();
            List<Long> delivered = new ArrayList<>();
            List<Position> chunkEnds = new ArrayList<>();
            scan.forEachChunk(chunk -> {
                chunk.rows().forEach(event -> delivered.add(event.getId()));
                chunkEnds.add(chunk.last());
            });
            assertThat(delivered).isEqualTo(expected);

            Position afterSecondChunk = scan.parsePosition(chunkEnds.get(1).token());
            List<Long> resumed = new ArrayList<>();
            try (Stream<Event> rest = scan.startAfter(afterSecondChunk).stream()) {
                rest.forEach(event -> resumed.add(event.getId()));
            }
            assertThat(resumed).isEqualTo(expected.subList(8, expected.size()));
        } finally {
            factory.close();
        }
    }
}
