package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Position;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.jpa.entities.Author;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Shipment;
import jakarta.persistence.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The result shapes and ways to run, on H2: managed, detached, projections, streams, bounds. */
@ExtendWith(ClosesFactories.class)
class ResultsTest {

    private static final JpaDatabase DATABASE = JpaDatabase.H2;

    public record BookSummary(Long id, String title, Integer rank) {}

    private static List<Book> loadBooksWithAnAuthor() {
        Author author = new Author(1L, "Ada");
        List<Book> books = new ArrayList<>();
        for (Book plain : Fixtures.books(11)) {
            books.add(new Book(plain.getId(), plain.getRank(), plain.getTitle(), plain.getStatus(), author));
        }
        List<Object> entities = new ArrayList<>();
        entities.add(author);
        entities.addAll(books);
        DATABASE.replaceAll(entities);
        return books;
    }

    @Test
    void deliversManagedEntitiesWhoseLazyAssociationsLoadInsideTheChunk() {
        loadBooksWithAnAuthor();
        List<String> names = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class)
                .chunkSize(4)
                .build()
                .forEach(book -> names.add(book.getAuthor().getName()));
        assertThat(names).hasSize(11).containsOnly("Ada");
    }

    @Test
    void deliversDetachedEntitiesWhenAsked() {
        loadBooksWithAnAuthor();
        List<Book> books = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class)
                .chunkSize(4)
                .detached()
                .build()
                .forEachChunk(chunk -> books.addAll(chunk.rows()));
        assertThat(books).hasSize(11);
        assertThatThrownBy(() -> books.get(0).getAuthor().getName()).isInstanceOf(LazyInitializationException.class);
    }

    @Test
    void projectsToRecordsAndTuples() {
        List<Book> books = loadBooksWithAnAuthor();
        List<BookSummary> summaries = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class)
                .orderBy("rank")
                .chunkSize(3)
                .select(BookSummary.class, "id", "title", "rank")
                .forEach(summaries::add);
        assertThat(summaries)
                .extracting(BookSummary::id)
                .containsExactlyElementsOf(books.stream()
                        .sorted(Fixtures.comparator(
                                JpaScan.of(DATABASE.factory(), Book.class)
                                        .orderBy("rank")
                                        .build()
                                        .order(),
                                Fixtures.BOOK_ATTRIBUTES))
                        .map(Book::getId)
                        .toList());
        assertThat(summaries.get(0).title()).startsWith("title");

        List<Tuple> tuples = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class)
                .chunkSize(5)
                .selectTuple("id", "author.name")
                .forEach(tuples::add);
        assertThat(tuples).hasSize(11);
        assertThat(tuples.get(0).get("id")).isEqualTo(1L);
        assertThat(tuples.get(0).get("author.name", String.class)).isEqualTo("Ada");
        assertThat(tuples.get(0).toArray()).containsExactly(1L, "Ada");
    }

    @Test
    void streamsDetachedEntitiesAndClosesEarly() {
        loadBooksWithAnAuthor();
        JpaScan<Book> scan =
                JpaScan.of(DATABASE.factory(), Book.class).chunkSize(3).build();
        try (Stream<Book> stream = scan.stream()) {
            assertThat(stream.map(Book::getId).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        }
        try (ScanIterator<Book> iterator = scan.iterator()) {
            assertThat(iterator.next().getId()).isEqualTo(1L);
            assertThat(iterator.next().getId()).isEqualTo(2L);
            assertThat(iterator.position()).map(Position::values).contains(List.of(2L));
            assertThat(iterator.statistics().chunks()).isEqualTo(1);
        }
        try (Stream<Book> stream = scan.stateless().stream()) {
            assertThat(stream.count()).isEqualTo(11);
        }
    }

    @Test
    void honoursStartAndStopBoundsInclusiveAndExclusive() {
        loadBooksWithAnAuthor();
        JpaScan<Book> scan =
                JpaScan.of(DATABASE.factory(), Book.class).chunkSize(2).build();
        Function<JpaScan<Book>, List<Long>> ids = bounded -> {
            List<Long> found = new ArrayList<>();
            bounded.forEach(book -> found.add(book.getId()));
            return found;
        };
        assertThat(ids.apply(scan.startAt(scan.position(3L)).stopAt(scan.position(6L))))
                .containsExactly(3L, 4L, 5L, 6L);
        assertThat(ids.apply(scan.startAfter(scan.position(3L)).stopBefore(scan.position(6L))))
                .containsExactly(4L, 5L);
        assertThat(ids.apply(scan.stopBefore(scan.position(1L)))).isEmpty();
        JpaScan<Book> byRank = JpaScan.of(DATABASE.factory(), Book.class)
                .orderBy("rank")
                .chunkSize(2)
                .build();
        assertThat(ids.apply(byRank.startAfter(byRank.position(3, 7L)).stopAt(byRank.position(null, 5L))))
                .containsExactly(11L, 5L);
    }

    @Test
    void scansAnEntityWithAnIdClassOnceInKeyOrder() {
        List<Shipment> shipments = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            shipments.add(new Shipment((long) (i % 5), i, "note" + i));
        }
        DATABASE.replaceAll(shipments);
        for (int chunkSize : new int[] {1, 2, 3, 10}) {
            JpaScan<Shipment> scan = JpaScan.of(DATABASE.factory(), Shipment.class)
                    .chunkSize(chunkSize)
                    .build();
            assertThat(scan.order()).extracting(key -> key.column()).containsExactly("line", "orderId");
            Fixtures.assertExactlyOnceAndResumable(
                    scan,
                    shipments,
                    Map.of("line", Shipment::getLine, "orderId", Shipment::getOrderId),
                    shipment -> shipment.getOrderId() + "/" + shipment.getLine());
        }
    }
}
