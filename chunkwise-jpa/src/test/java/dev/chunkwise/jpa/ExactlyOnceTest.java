package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Edition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * G1 and G3 over JPA, on PostgreSQL, MariaDB and H2: every entity once, in order, for chunk sizes
 * 1, 2, 3 and 10 against row counts from 0 up to more than three chunks, and resume at every
 * chunk boundary; for a simple id, an {@code @EmbeddedId} and a nullable sort attribute, forward
 * and reverse, with Criteria and JPQL filters.
 */
@ExtendWith(ClosesFactories.class)
class ExactlyOnceTest {

    /** H2 runs the whole matrix; the servers a thinner one, to keep the suite within minutes. */
    private static int[] rowCounts(JpaDatabase database) {
        return database == JpaDatabase.H2 ? new int[] {0, 1, 2, 3, 4, 7, 10, 23} : new int[] {0, 1, 7, 23};
    }

    private static int[] chunkSizes(JpaDatabase database) {
        return database == JpaDatabase.H2 ? new int[] {1, 2, 3, 10} : new int[] {1, 3, 10};
    }

    static Stream<JpaDatabase> databases() {
        return Stream.of(JpaDatabase.values());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deliversEveryEntityWithASimpleIdOnceInIdOrderAndResumesAtEveryChunkBoundary(JpaDatabase database) {
        for (int rows : rowCounts(database)) {
            List<Book> books = Fixtures.books(rows);
            database.replaceAll(books);
            for (int chunkSize : chunkSizes(database)) {
                for (boolean reverse : new boolean[] {false, true}) {
                    JpaScan.Builder<Book> builder =
                            JpaScan.of(database.factory(), Book.class).chunkSize(chunkSize);
                    if (reverse) {
                        builder.reverse();
                    }
                    Fixtures.assertExactlyOnceAndResumable(
                            builder.build(), books, Fixtures.BOOK_ATTRIBUTES, Book::getId);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deliversEveryEntityOnceOrderedByANullableAttributeWithEveryNullsRule(JpaDatabase database) {
        // a leading nullable key is split into segments; a later one is ordered by a CASE term
        List<String> orders = List.of(
                "rank",
                "rank desc",
                "rank nulls first",
                "rank desc nulls last",
                "rank asc nulls first, title desc",
                "title, rank",
                "status desc, rank nulls first");
        for (int rows : database == JpaDatabase.H2 ? new int[] {0, 1, 4, 7, 23} : new int[] {0, 7, 23}) {
            List<Book> books = Fixtures.books(rows);
            database.replaceAll(books);
            for (int chunkSize : chunkSizes(database)) {
                for (String order : orders) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        JpaScan.Builder<Book> builder = JpaScan.of(database.factory(), Book.class)
                                .orderBy(order)
                                .chunkSize(chunkSize);
                        if (reverse) {
                            builder.reverse();
                        }
                        Fixtures.assertExactlyOnceAndResumable(
                                builder.build(), books, Fixtures.BOOK_ATTRIBUTES, Book::getId);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deliversEveryEntityWithAnEmbeddedIdOnceAndResumesAtEveryChunkBoundary(JpaDatabase database) {
        for (int rows : rowCounts(database)) {
            List<Edition> editions = Fixtures.editions(rows);
            database.replaceAll(editions);
            for (int chunkSize : chunkSizes(database)) {
                for (String order : new String[] {null, "copies desc", "copies nulls first"}) {
                    JpaScan.Builder<Edition> builder =
                            JpaScan.of(database.factory(), Edition.class).chunkSize(chunkSize);
                    if (order != null) {
                        builder.orderBy(order);
                    }
                    JpaScan<Edition> scan = builder.build();
                    if (order == null) {
                        assertThat(scan.order())
                                .extracting(key -> key.column())
                                .containsExactly("id.isbn", "id.printing");
                    }
                    Fixtures.assertExactlyOnceAndResumable(scan, editions, Fixtures.EDITION_ATTRIBUTES, Edition::getId);
                    Fixtures.assertExactlyOnceAndResumable(
                            builder.reverse().build(), editions, Fixtures.EDITION_ATTRIBUTES, Edition::getId);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void appliesCriteriaAndJpqlFiltersWithTopLevelOrsToEveryChunk(JpaDatabase database) {
        List<Book> books = Fixtures.books(23);
        database.replaceAll(books);
        List<Book> matching = new ArrayList<>();
        for (Book book : books) {
            if (book.getStatus().equals("NEW") || book.getId() < 4) {
                matching.add(book);
            }
        }
        for (int chunkSize : new int[] {1, 2, 5}) {
            JpaScan<Book> criteria = JpaScan.of(database.factory(), Book.class)
                    .where(
                            "new or first three",
                            (root, query, cb) ->
                                    cb.or(cb.equal(root.get("status"), "NEW"), cb.lessThan(root.get("id"), 4L)))
                    .orderBy("rank desc")
                    .chunkSize(chunkSize)
                    .build();
            Fixtures.assertExactlyOnceAndResumable(criteria, matching, Fixtures.BOOK_ATTRIBUTES, Book::getId);
            JpaScan<Book> jpql = JpaScan.of(database.factory(), Book.class)
                    .where("b.status = :status or b.id < :below")
                    .alias("b")
                    .parameter("status", "NEW")
                    .parameter("below", 4L)
                    .orderBy("title desc, rank")
                    .chunkSize(chunkSize)
                    .build();
            Fixtures.assertExactlyOnceAndResumable(jpql, matching, Fixtures.BOOK_ATTRIBUTES, Book::getId);
        }
    }
}
