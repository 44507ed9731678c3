package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Position;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.jpa.entities.Author;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Review;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The protocol of a run as the caller sees it, the same as chunkwise-core's: when checkpoints are
 * taken, what a reversed scan walks, which filters are refused before anything runs.
 */
@ExtendWith(ClosesFactories.class)
class RunProtocolTest {

    private static final JpaDatabase DATABASE = JpaDatabase.H2;

    @Test
    void anIteratorTakesAChunksCheckpointOnlyAfterTheCallerPassedItsLastRow() {
        DATABASE.replaceAll(Fixtures.books(7));
        List<Position> checkpoints = new ArrayList<>();
        JpaScan<Book> scan = JpaScan.of(DATABASE.factory(), Book.class)
                .chunkSize(3)
                .onCheckpoint(checkpoints::add)
                .build();
        try (ScanIterator<Book> iterator = scan.iterator()) {
            assertThat(iterator.next().getId()).isEqualTo(1L);
            assertThat(iterator.next().getId()).isEqualTo(2L);
            // a crash here must resume at the start of chunk 1: rows 2 and 3 are not processed yet
            assertThat(checkpoints).isEmpty();
            assertThat(iterator.next().getId()).isEqualTo(3L);
            assertThat(checkpoints).isEmpty();
            assertThat(iterator.hasNext()).isTrue();
            assertThat(checkpoints).extracting(Position::values).containsExactly(List.of(3L));
        }
    }

    @Test
    void aStreamTakesAChunksCheckpointOnlyAfterItsLastRowWasConsumed() {
        DATABASE.replaceAll(Fixtures.books(7));
        List<Position> checkpoints = new ArrayList<>();
        List<Integer> checkpointsSeenPerRow = new ArrayList<>();
        JpaScan<Book> scan = JpaScan.of(DATABASE.factory(), Book.class)
                .chunkSize(3)
                .onCheckpoint(checkpoints::add)
                .build();
        try (Stream<Book> stream = scan.stream()) {
            stream.forEach(book -> checkpointsSeenPerRow.add(checkpoints.size()));
        }
        assertThat(checkpointsSeenPerRow).containsExactly(0, 0, 0, 1, 1, 1, 2);
        assertThat(checkpoints).extracting(Position::values).containsExactly(List.of(3L), List.of(6L), List.of(7L));
    }

    @Test
    void reverseIsASettingNotAToggle() {
        DATABASE.replaceAll(Fixtures.books(5));
        List<Long> ids = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class).reverse().reverse().build().forEach(book -> ids.add(book.getId()));
        assertThat(ids).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void refusesAConditionWithACommentThatWouldHideTheClosingParenthesis() {
        for (String condition : List.of("e.rank > 1 -- )", "e.rank > 1 /* ) */", "e.title = 'a' /* x */")) {
            assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                            .where(condition)
                            .build())
                    .as(condition)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(condition)
                    .hasMessageContaining("comment");
        }
    }

    @Test
    void readsParenthesesInsideStringsAndQuotedIdentifiersAsText() {
        DATABASE.replaceAll(Fixtures.books(5));
        List<Long> ids = new ArrayList<>();
        JpaScan.of(DATABASE.factory(), Book.class)
                .where("e.title <> ')' or e.title = 'it''s ('")
                .build()
                .forEach(book -> ids.add(book.getId()));
        assertThat(ids).hasSize(5);
        assertThatThrownBy(() -> JpaScan.of(DATABASE.factory(), Book.class)
                        .where("e.title = ')''")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced");
    }

    @Test
    void namesTheRunsLastDeliveredPositionInStatisticsAfterEveryWayToRun() {
        DATABASE.replaceAll(Fixtures.books(7));
        JpaScan<Book> scan =
                JpaScan.of(DATABASE.factory(), Book.class).chunkSize(3).build();
        try (ScanIterator<Book> iterator = scan.iterator()) {
            iterator.next();
            iterator.next();
            assertThat(iterator.position()).map(Position::values).contains(List.of(2L));
            assertThat(iterator.statistics().lastPosition())
                    .map(Position::values)
                    .contains(List.of(2L));
            assertThat(iterator.statistics().rows()).isEqualTo(2);
        }
        assertThat(Objects.requireNonNull(
                                scan.forEachChunk(chunk -> {}).lastPosition().orElseThrow())
                        .values())
                .containsExactly(7L);
    }

    /**
     * A run of a scan built with {@code singleTransaction()} is one transaction however it is run,
     * an iterator too: between its chunks the session stays in its transaction, where a run of
     * short transactions has none open. Told by PostgreSQL's own view of the session.
     */
    @Test
    void anIteratorOfASingleTransactionScanKeepsItsOneTransactionBetweenChunks() throws SQLException {
        JpaDatabase database = JpaDatabase.POSTGRESQL;
        database.replaceAll(Fixtures.books(7));
        String application = "chunkwise-run-protocol";
        try (EntityManagerFactory factory = database.configuration(Map.of("hibernate.hbm2ddl.auto", "none"))
                .property(TestPersistenceUnit.JDBC_URL, database.url() + "?ApplicationName=" + application)
                .managedClass(Author.class)
                .managedClass(Book.class)
                .managedClass(Review.class)
                .createEntityManagerFactory()) {
            JpaScan.Builder<Book> builder = JpaScan.of(factory, Book.class).chunkSize(3);
            try (ScanIterator<Book> iterator = builder.build().iterator()) {
                iterator.next();
                assertThat(sessionsInATransaction(database, application)).isZero();
            }
            try (ScanIterator<Book> iterator =
                    builder.singleTransaction().build().iterator()) {
                iterator.next();
                assertThat(sessionsInATransaction(database, application)).isOne();
                List<Long> rest = new ArrayList<>();
                iterator.forEachRemaining(book -> rest.add(book.getId()));
                assertThat(rest).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
            }
            assertThat(sessionsInATransaction(database, application)).isZero();
        }
    }

    private static int sessionsInATransaction(JpaDatabase database, String application) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name"
                        + " = '" + application + "' AND state = 'idle in transaction'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
