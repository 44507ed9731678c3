package dev.chunkwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The safety net behind G1-G3: a {@code key(...)} that is not unique makes every way of running
 * the scan fail loudly, for every chunk size, with a {@link ChunkwiseException} naming the key and
 * the positions, and never delivers a row twice before it does. Without the net such a scan
 * silently loses the rows that share a key with the last row of a chunk.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class NonUniqueKeyContractTest {

    private static final String TABLE = "ct_dup_key";

    @Parameter
    TestDatabase database;

    private LeakTrackingDataSource tracked;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.execute("CREATE TABLE " + TABLE + " (a " + database.integer() + " NOT NULL, b " + database.text(5)
                + " NOT NULL)");
        List<Object[]> rows = new ArrayList<>();
        String[] letters = {"a", "b", "c", "d", "e", "f", "g"};
        int[] keys = {1, 2, 2, 3, 3, 3, 4};
        for (int i = 0; i < keys.length; i++) {
            rows.add(new Object[] {keys[i], letters[i]});
        }
        database.insert(TABLE, "a, b", rows);
    }

    @BeforeEach
    void trackConnections() {
        tracked = new LeakTrackingDataSource(database.dataSource());
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(tracked.stillOpen()).as("JDBC objects left open").isEmpty();
    }

    private Scan<String> scan(int chunkSize) {
        return Scan.over(tracked).table(TABLE).key("a").chunkSize(chunkSize).build(row -> row.getString("b"));
    }

    /** Runs one way of consuming the scan, collecting what it delivered, and returns its failure. */
    private void assertFailsWithoutRepeats(String way, int chunkSize, Consumer<List<String>> run) {
        List<String> delivered = new ArrayList<>();
        assertThatThrownBy(() -> run.accept(delivered))
                .as("%s, chunk size %d", way, chunkSize)
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageContaining("not unique")
                .message()
                .containsIgnoringCase("the key [a ");
        assertThat(delivered)
                .as("%s, chunk size %d: nothing delivered twice", way, chunkSize)
                .doesNotHaveDuplicates();
    }

    @Test
    void aNonUniqueKeyFailsEveryWayOfRunningForEveryChunkSize() {
        for (int chunkSize = 1; chunkSize <= 8; chunkSize++) {
            Scan<String> scan = scan(chunkSize);
            assertFailsWithoutRepeats("forEach", chunkSize, delivered -> scan.forEach(delivered::add));
            assertFailsWithoutRepeats(
                    "forEachChunk", chunkSize, delivered -> scan.forEachChunk(chunk -> delivered.addAll(chunk.rows())));
            assertFailsWithoutRepeats(
                    "forEachChunkInTransaction",
                    chunkSize,
                    delivered -> scan.forEachChunkInTransaction((chunk, connection) -> delivered.addAll(chunk.rows())));
            assertFailsWithoutRepeats("stream", chunkSize, delivered -> {
                try (Stream<String> rows = scan.stream()) {
                    rows.forEach(delivered::add);
                }
            });
            assertFailsWithoutRepeats("iterator", chunkSize, delivered -> {
                try (ScanIterator<String> rows = scan.iterator()) {
                    while (rows.hasNext()) {
                        delivered.add(rows.next());
                    }
                }
            });
            assertFailsWithoutRepeats("reverse", chunkSize, delivered -> Scan.over(tracked)
                    .table(TABLE)
                    .key("a")
                    .reverse()
                    .chunkSize(scan.chunkSize())
                    .build(row -> row.getString("b"))
                    .forEach(delivered::add));
        }
    }

    @Test
    void theFailureNamesTheChunkAndTheLastDeliveredPosition() {
        ChunkwiseException failure =
                (ChunkwiseException) org.assertj.core.api.Assertions.catchThrowable(() -> scan(1).forEach(row -> {}));
        assertThat(failure.chunk()).isEqualTo(2);
        assertThat(failure.lastPosition()).isPresent();
        assertThat(failure.lastPosition().get().values()).containsExactly(2L);
        assertThat(failure.getMessage()).contains("Position[2]");
    }

    @Test
    void aUniqueKeyGivenByHandWalksEveryRowOnce() {
        for (int chunkSize = 1; chunkSize <= 8; chunkSize++) {
            List<String> rows = new ArrayList<>();
            Scan.over(tracked)
                    .table(TABLE)
                    .key("a", "b")
                    .chunkSize(chunkSize)
                    .build(row -> row.getString("b"))
                    .forEach(rows::add);
            assertThat(rows).as("chunk size %d", chunkSize).containsExactly("a", "b", "c", "d", "e", "f", "g");
        }
    }
}
