package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.jpa.entities.Book;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each way of running a scan does with dirty checking: a reader's entities are loaded
 * read-only (no loaded-state snapshot in the persistence context), a writer's are ordinary managed
 * entities whose changes are flushed at the chunk's commit.
 */
@ExtendWith(ClosesFactories.class)
class ReadOnlyEntitiesTest {

    static Stream<JpaDatabase> databases() {
        return Stream.of(JpaDatabase.values());
    }

    /** The factory, recording the entity managers the scan's runs open. */
    private static EntityManagerFactory recording(EntityManagerFactory factory, List<EntityManager> opened) {
        return (EntityManagerFactory) Proxy.newProxyInstance(
                ReadOnlyEntitiesTest.class.getClassLoader(),
                new Class<?>[] {EntityManagerFactory.class},
                (proxy, method, arguments) -> {
                    Object result;
                    try {
                        result = method.invoke(factory, arguments);
                    } catch (InvocationTargetException failure) {
                        throw failure.getCause();
                    }
                    if (result instanceof EntityManager entityManager) {
                        opened.add(entityManager);
                    }
                    return result;
                });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aChunkReaderSeesItsEntitiesManagedAndReadOnly(JpaDatabase database) {
        database.replaceAll(Fixtures.books(7));
        List<EntityManager> opened = new ArrayList<>();
        List<Boolean> managed = new ArrayList<>();
        List<Boolean> readOnly = new ArrayList<>();
        JpaScan.of(recording(database.factory(), opened), Book.class)
                .chunkSize(3)
                .build()
                .forEachChunk(chunk -> {
                    Session session = opened.get(opened.size() - 1).unwrap(Session.class);
                    for (Book book : chunk.rows()) {
                        managed.add(session.contains(book));
                        readOnly.add(session.isReadOnly(book));
                    }
                });
        assertThat(managed).hasSize(7).containsOnly(true);
        assertThat(readOnly).hasSize(7).containsOnly(true);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aChunkWriterSeesItsEntitiesDirtyCheckedAndTheirChangesCommitted(JpaDatabase database) {
        database.replaceAll(Fixtures.books(7));
        List<Boolean> readOnly = new ArrayList<>();
        JpaScan.of(database.factory(), Book.class)
                .chunkSize(3)
                .build()
                .forEachChunkInTransaction((chunk, entityManager) -> {
                    Session session = entityManager.unwrap(Session.class);
                    for (Book book : chunk.rows()) {
                        readOnly.add(session.isReadOnly(book));
                        book.setStatus("WRITTEN");
                    }
                });
        assertThat(readOnly).hasSize(7).containsOnly(false);
        List<String> statuses = new ArrayList<>();
        database.inTransaction(entityManager -> statuses.addAll(entityManager
                .createQuery("SELECT b.status FROM Book b", String.class)
                .getResultList()));
        assertThat(statuses).hasSize(7).containsOnly("WRITTEN");
    }
}
