package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.EditionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mistakes in a scan's description fail when it is built, with messages naming the problem. */
@ExtendWith(ClosesFactories.class)
class BadInputTest {

    private static final JpaDatabase DATABASE = JpaDatabase.H2;

    @Test
    void refusesAnUnknownSortAttributeNamingTheKnownOnes() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .orderBy("popularity")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown attribute 'popularity' of entity Book")
                .hasMessageContaining("[author, id, isbn, rank, reviews, status, title]");
    }

    @Test
    void refusesAnAssociationAsSortKey() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .orderBy("author")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sort key 'author' of entity Book is an association");
    }

    @Test
    void refusesAnOrderDeclaredUniqueThatIsNotNamingTheCandidates() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .orderBy("title")
                        .uniqueOrder()
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the order [title ASC] of entity Book is not known to be unique")
                .hasMessageContaining("candidates: [id, isbn]");
    }

    @Test
    void acceptsAUniqueOrderOnAnAttributeDeclaredUniqueWithoutAppendingTheId() {
        JpaScan<Book> scan = JpaScan.of(DATABASE.factory(), Book.class)
                .orderBy("isbn desc")
                .uniqueOrder()
                .build();
        assertThat(scan.order()).extracting(key -> key.column()).containsExactly("isbn");
    }

    @Test
    void refusesAJpqlFilterThatDoesNotCompile() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("e.nope = 1")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the filter 'e.nope = 1' of the scan over Book does not compile");
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("e.status = = 'x'")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not compile");
    }

    @Test
    void refusesACriteriaFilterThatDoesNotCompile() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("by colour", (root, query, cb) -> cb.equal(root.get("colour"), "red"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the filter 'by colour' (Criteria) of the scan over Book does not compile");
    }

    @Test
    void refusesMissingAndUnusedParameters() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("e.status = :status")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs parameters [status] that were not set");
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("e.status = :status")
                        .parameter("status", "NEW")
                        .parameter("extra", 1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extra");
    }

    @Test
    void refusesAPositionOfAnotherScan() {
        JpaScan<Book> byId = JpaScan.of(DATABASE.factory(), Book.class).build();
        JpaScan<Book> filtered = JpaScan.of(DATABASE.factory(), Book.class)
                .where("e.status = 'NEW'")
                .build();
        String token = byId.position(5L).token();
        assertThatThrownBy(() -> filtered.parsePosition(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to a different scan");
        JpaScan<Book> namedA = JpaScan.of(DATABASE.factory(), Book.class)
                .where("a", (root, query, cb) -> cb.conjunction())
                .build();
        JpaScan<Book> namedB = JpaScan.of(DATABASE.factory(), Book.class)
                .where("b", (root, query, cb) -> cb.conjunction())
                .build();
        assertThatThrownBy(() -> namedB.startAfter(namedA.position(5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to a different scan");
        assertThatThrownBy(() -> byId.position("five"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit attribute 'id' of type Long");
    }

    @Test
    void refusesAClassThatIsNotAnEntityAndAnUnnamedCriteriaFilter() {
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), EditionId.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an entity of this persistence unit");
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class).where(" ", (root, query, cb) -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a Criteria filter needs a name");
    }
}
