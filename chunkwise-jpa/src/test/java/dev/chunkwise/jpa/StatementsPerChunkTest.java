package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.jpa.entities.Author;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No N+1: with {@code fetch("author", "reviews")} every chunk costs two SQL statements (the chunk
 * query joining the author, and one query initializing the reviews of the whole chunk), however
 * many associations the caller touches; without it, lazy loading costs a statement per author
 * and per collection. Statements are counted by a Hibernate {@code StatementInspector}.
 */
@ExtendWith(ClosesFactories.class)
class StatementsPerChunkTest {

    private static final int BOOKS = 60;
    private static final int CHUNK = 10;

    static Stream<JpaDatabase> databases() {
        return Stream.of(JpaDatabase.POSTGRESQL, JpaDatabase.H2);
    }

    private static void loadBooksWithAuthorsAndReviews(JpaDatabase database) {
        List<Object> entities = new ArrayList<>();
        List<Author> authors = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            authors.add(new Author(id, "author" + id));
        }
        entities.addAll(authors);
        List<Book> books = new ArrayList<>();
        for (long id = 1; id <= BOOKS; id++) {
            books.add(new Book(id, (int) (id % 7), "title" + id, "NEW", authors.get((int) (id % 20))));
        }
        entities.addAll(books);
        long reviewId = 1;
        for (Book book : books) {
            for (int i = 0; i < 2; i++) {
                entities.add(new Review(reviewId++, book, "review of " + book.getId()));
            }
        }
        database.replaceAll(entities);
    }

    /** Statements between the end of one chunk's callback and the end of the next, per chunk. */
    private static List<Long> statementsPerChunk(JpaScan<Book> scan) {
        List<Long> perChunk = new ArrayList<>();
        long[] before = {JpaDatabase.statementCount()};
        scan.forEachChunk(chunk -> {
            for (Book book : chunk.rows()) {
                assertThat(book.getAuthor().getName()).startsWith("author");
                assertThat(book.getReviews()).hasSize(2);
            }
            long now = JpaDatabase.statementCount();
            perChunk.add(now - before[0]);
            before[0] = now;
        });
        return perChunk;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void fetchesAManyToOneAndACollectionWithTwoStatementsPerChunk(JpaDatabase database) {
        loadBooksWithAuthorsAndReviews(database);
        List<Long> fetched = statementsPerChunk(JpaScan.of(database.factory(), Book.class)
                .chunkSize(CHUNK)
                .fetch("author", "reviews")
                .build());
        List<Long> lazy = statementsPerChunk(
                JpaScan.of(database.factory(), Book.class).chunkSize(CHUNK).build());
        System.out.println(database + ": SQL statements per chunk of " + CHUNK + " books touching author and reviews:"
                + " with fetch(\"author\", \"reviews\") " + fetched + ", lazy loading " + lazy);
        assertThat(fetched).hasSize(BOOKS / CHUNK).containsOnly(2L);
        assertThat(lazy).hasSize(BOOKS / CHUNK).allSatisfy(count -> assertThat(count)
                .isGreaterThan(CHUNK));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void detachedChunksKeepTheirFetchedAssociations(JpaDatabase database) {
        loadBooksWithAuthorsAndReviews(database);
        List<String> reviewTexts = new ArrayList<>();
        JpaScan.of(database.factory(), Book.class)
                .chunkSize(CHUNK)
                .fetch("author", "reviews")
                .detached()
                .build()
                .forEachChunk(chunk -> chunk.rows().forEach(book -> {
                    assertThat(database.factory().getPersistenceUnitUtil().isLoaded(book, "author"))
                            .isTrue();
                    book.getReviews().forEach(review -> reviewTexts.add(review.getText()));
                }));
        assertThat(reviewTexts).hasSize(2 * BOOKS);
    }
}
