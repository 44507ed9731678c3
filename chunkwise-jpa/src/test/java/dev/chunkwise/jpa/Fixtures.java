package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Position;
import dev.chunkwise.SortKey;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Edition;
import dev.chunkwise.jpa.entities.EditionId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Test data and the exactly-once checker shared by the JPA tests. */
final class Fixtures {

    private Fixtures() {}

    static final Map<String, Function<Book, Object>> BOOK_ATTRIBUTES =
            Map.of("id", Book::getId, "rank", Book::getRank, "title", Book::getTitle, "status", Book::getStatus);

    static final Map<String, Function<Edition, Object>> EDITION_ATTRIBUTES = Map.of(
            "id.isbn",
            edition -> edition.getId().getIsbn(),
            "id.printing",
            edition -> edition.getId().getPrinting(),
            "copies",
            Edition::getCopies);

    /** Books 1..count; rank is NULL for every fifth and otherwise has many duplicates. */
    static List<Book> books(int count) {
        List<Book> books = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            Integer rank = id % 5 == 0 ? null : (int) (id * 13 % 4);
            books.add(new Book(id, rank, "title" + (id % 4), id % 3 == 0 ? "NEW" : "OLD", null));
        }
        return books;
    }

    /** Editions of isbns "isbn00".."isbnNN" with printings 1..3; copies NULL for every fourth. */
    static List<Edition> editions(int count) {
        List<Edition> editions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String isbn = String.format("isbn%02d", (i * 7) % Math.max(1, (count + 2) / 3));
            int printing = i % 3 + 1;
            Integer copies = i % 4 == 0 ? null : i % 3;
            editions.add(
                    new Edition(new EditionId(isbn + "x" + (i * 7 / Math.max(1, (count + 2) / 3)), printing), copies));
        }
        return editions;
    }

    /** A comparator for the scan's resolved order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Comparator<T> comparator(List<SortKey> order, Map<String, Function<T, Object>> attributes) {
        Comparator<T> comparator = (left, right) -> 0;
        for (SortKey key : order) {
            Function<T, Object> attribute = attributes.get(key.column());
            assertThat(attribute).as("test accessor for %s", key.column()).isNotNull();
            Comparator<Comparable> values = Comparator.naturalOrder();
            if (key.direction() == SortKey.Direction.DESC) {
                values = values.reversed();
            }
            values = key.nulls() == SortKey.Nulls.FIRST ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
            Comparator<Comparable> finalValues = values;
            comparator = comparator.thenComparing(row -> (Comparable) attribute.apply(row), finalValues);
        }
        return comparator;
    }

    /**
     * Runs the scan and checks G1 and G3: every entity once, in the scan's order, chunks no larger
     * than the chunk size; then resumes from the token of every chunk boundary and checks that
     * exactly the rest is delivered.
     */
    static <T> void assertExactlyOnceAndResumable(
            JpaScan<T> scan, List<T> all, Map<String, Function<T, Object>> attributes, Function<T, Object> identity) {
        List<Object> expected = all.stream()
                .sorted(comparator(scan.order(), attributes))
                .map(identity)
                .toList();
        List<Object> seen = new ArrayList<>();
        List<Position> lasts = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>();
        scan.forEachChunk(chunk -> {
            assertThat(chunk.size()).isLessThanOrEqualTo(scan.chunkSize());
            chunk.rows().forEach(row -> seen.add(identity.apply(row)));
            lasts.add(chunk.last());
            boundaries.add(seen.size());
        });
        assertThat(seen).as("%s over %d rows", scan, all.size()).containsExactlyElementsOf(expected);
        for (int i = 0; i < lasts.size(); i++) {
            Position position = scan.parsePosition(lasts.get(i).token());
            List<Object> rest = new ArrayList<>();
            scan.startAfter(position).forEach(row -> rest.add(identity.apply(row)));
            assertThat(rest)
                    .as("%s resumed after chunk %d at %s", scan, i + 1, position)
                    .containsExactlyElementsOf(expected.subList(boundaries.get(i), expected.size()));
        }
    }
}
