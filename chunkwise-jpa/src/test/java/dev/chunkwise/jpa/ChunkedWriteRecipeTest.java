package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.Position;
import dev.chunkwise.jpa.entities.Book;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's recipe for an exactly-once chunked update over JPA: a scan of ids, one bulk JPQL
 * {@code UPDATE ... WHERE e.id IN :ids} per chunk (the filter applied again), and the position
 * saved in a {@link CheckpointTable} through the session's own connection, so that it commits with
 * the chunk. Stopped after two chunks and resumed, every matching entity changes once.
 */
@ExtendWith(ClosesFactories.class)
class ChunkedWriteRecipeTest {

    public record BookId(Long id) {}

    private static final String JOB = "retitle";
    private static final CheckpointTable CHECKPOINTS = CheckpointTable.named("jpa_checkpoint");

    static Stream<JpaDatabase> databases() {
        return Stream.of(JpaDatabase.values());
    }

    private static Optional<Position> saved(JpaDatabase database, JpaScan<BookId> scan) {
        AtomicReference<Optional<Position>> position = new AtomicReference<>();
        database.inTransaction(
                entityManager -> entityManager.unwrap(Session.class).doWork(connection -> {
                    CHECKPOINTS.createIfMissing(connection);
                    position.set(CHECKPOINTS.load(connection, JOB).map(saved -> scan.parsePosition(saved.token())));
                }));
        return position.get();
    }

    private static void run(JpaDatabase database, JpaScan<BookId> scan, long failAtChunk) {
        JpaScan<BookId> todo = saved(database, scan).map(scan::startAfter).orElse(scan);
        todo.forEachChunkInTransaction((chunk, entityManager) -> {
            if (chunk.number() == failAtChunk) {
                throw new IllegalStateException("stopped at chunk " + failAtChunk);
            }
            List<Long> ids = chunk.rows().stream().map(BookId::id).toList();
            retitle(entityManager, ids);
            entityManager.unwrap(Session.class).doWork(connection -> CHECKPOINTS.save(connection, JOB, chunk.last()));
        });
    }

    private static void retitle(EntityManager entityManager, List<Long> ids) {
        entityManager
                .createQuery("UPDATE Book b SET b.title = CONCAT(b.title, '+') WHERE MOD(b.id, 3) = 0 AND b.id IN :ids")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBulkUpdatePerChunkWithThePositionSavedInItsTransactionChangesEveryEntityOnce(JpaDatabase database) {
        database.replaceAll(Fixtures.books(40));
        database.inTransaction(
                entityManager -> entityManager.unwrap(Session.class).doWork(connection -> {
                    CHECKPOINTS.createIfMissing(connection);
                    CHECKPOINTS.remove(connection, JOB);
                }));
        JpaScan<BookId> scan = JpaScan.of(database.factory(), Book.class)
                .where("MOD(e.id, 3) = 0")
                .chunkSize(4)
                .select(BookId.class, "id");

        assertThat(catchThrowable(() -> run(database, scan, 3))).hasRootCauseMessage("stopped at chunk 3");
        assertThat(saved(database, scan)).map(Position::values).contains(List.of(24L));
        run(database, scan, -1);

        database.inTransaction(entityManager -> {
            for (Book book : entityManager
                    .createQuery("SELECT b FROM Book b ORDER BY b.id", Book.class)
                    .getResultList()) {
                String original = "title" + (book.getId() % 4);
                assertThat(book.getTitle())
                        .as("book %d", book.getId())
                        .isEqualTo(book.getId() % 3 == 0 ? original + "+" : original);
            }
        });
    }
}
