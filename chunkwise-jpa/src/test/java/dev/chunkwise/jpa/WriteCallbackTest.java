package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.jpa.entities.Book;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-chunk write callback: each chunk read, handled, flushed and committed in its own
 * transaction, the persistence context holding only that chunk; a failure rolls back only its
 * chunk and reports the last committed position, from which a resumed run finishes the job.
 */
@ExtendWith(ClosesFactories.class)
class WriteCallbackTest {

    static Stream<JpaDatabase> databases() {
        return Stream.of(JpaDatabase.values());
    }

    private static List<Object> statuses(JpaDatabase database) {
        List<Object> statuses = new ArrayList<>();
        database.inTransaction(entityManager -> statuses.addAll(entityManager
                .createQuery("SELECT b.status FROM Book b ORDER BY b.id", String.class)
                .getResultList()));
        return statuses;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void updatesEveryEntityInOneTransactionPerChunkWithOnlyThatChunkInTheContext(JpaDatabase database) {
        database.replaceAll(Fixtures.books(23));
        List<Position> checkpoints = new ArrayList<>();
        List<Long> contextSizes = new ArrayList<>();
        List<Long> chunkSizes = new ArrayList<>();
        ScanStatistics statistics = JpaScan.of(database.factory(), Book.class)
                .orderBy("rank desc")
                .chunkSize(5)
                .onCheckpoint(checkpoints::add)
                .build()
                .forEachChunkInTransaction((chunk, entityManager) -> {
                    contextSizes.add(
                            entityManager.unwrap(Session.class).getStatistics().getEntityCount() + 0L);
                    chunkSizes.add((long) chunk.size());
                    chunk.rows().forEach(book -> book.setStatus("DONE"));
                });
        assertThat(statuses(database)).hasSize(23).containsOnly("DONE");
        // the 4 NULL ranks come first (DESC puts NULLs first) as a segment of their own: 4, 5, 5, 5, 4
        assertThat(chunkSizes).containsExactly(4L, 5L, 5L, 5L, 4L);
        assertThat(contextSizes).isEqualTo(chunkSizes);
        assertThat(checkpoints).hasSize(5);
        assertThat(statistics.lastPosition()).contains(checkpoints.get(4));
        assertThat(statistics.rows()).isEqualTo(23);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rollsBackTheFailingChunkOnlyAndResumesAfterTheLastCommittedOne(JpaDatabase database) {
        database.replaceAll(Fixtures.books(23));
        JpaScan<Book> scan =
                JpaScan.of(database.factory(), Book.class).chunkSize(5).build();
        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunkInTransaction((chunk, entityManager) -> {
                    chunk.rows().forEach(book -> book.setStatus("DONE"));
                    if (chunk.number() == 3) {
                        throw new IllegalStateException("the handler fails at chunk 3");
                    }
                }));
        assertThat(failure).isNotNull();
        assertThat(failure.chunk()).isEqualTo(3);
        assertThat(failure.getCause()).hasMessage("the handler fails at chunk 3");
        assertThat(failure.lastPosition()).map(Position::values).contains(List.of(10L));
        List<Object> afterFailure = statuses(database);
        assertThat(afterFailure.subList(0, 10)).containsOnly("DONE");
        assertThat(afterFailure.subList(10, 23)).doesNotContain("DONE");

        List<Long> handled = new ArrayList<>();
        scan.startAfter(scan.parsePosition(failure.lastPosition().orElseThrow().token()))
                .forEachChunkInTransaction(
                        (chunk, entityManager) -> chunk.rows().forEach(book -> {
                            handled.add(book.getId());
                            book.setStatus("DONE");
                        }));
        assertThat(handled).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L);
        assertThat(statuses(database)).containsOnly("DONE");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void updatesEveryEntityThroughAStatelessSession(JpaDatabase database) {
        database.replaceAll(Fixtures.books(23));
        JpaScan.of(database.factory(), Book.class)
                .where("e.status = :status")
                .parameter("status", "OLD")
                .chunkSize(4)
                .build()
                .stateless()
                .forEachChunkInTransaction((chunk, session) -> chunk.rows().forEach(book -> {
                    book.setStatus("DONE");
                    session.update(book);
                }));
        assertThat(statuses(database)).containsOnly("DONE", "NEW").contains("DONE");
        assertThat(statuses(database).stream().filter("NEW"::equals).count()).isEqualTo(7);
    }
}
