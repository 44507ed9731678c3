package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G3: from the last position of every chunk (and of every row), a new run of
 * {@code scan.startAfter(position)} delivers exactly the remaining rows, also after the position
 * went through its token and back, for forward, reverse and nullable orders.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ResumeContractTest {

    private static final String TABLE = "ct_resume";
    private static final int ROWS = 23;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
    }

    private Scan<Long> scan(String order, boolean reverse, int chunkSize) {
        Scan.Builder builder =
                Scan.over(database.dataSource()).table(TABLE).orderBy(order).chunkSize(chunkSize);
        return (reverse ? builder.reverse() : builder).build(ID);
    }

    private void assertResumesAfterEveryChunk(Scan<Long> scan, boolean throughToken) {
        List<Long> all = ContractTables.rows(scan);
        assertThat(all).hasSize(ROWS).doesNotHaveDuplicates();
        int delivered = 0;
        for (Chunk<Long> chunk : ContractTables.chunks(scan)) {
            delivered += chunk.size();
            Position resumeFrom = chunk.last();
            if (throughToken) {
                String token = chunk.last().token();
                resumeFrom = Position.parse(token);
                assertThat(resumeFrom).isEqualTo(chunk.last());
                assertThat(scan.parsePosition(token)).isEqualTo(chunk.last());
            }
            assertThat(ContractTables.rows(scan.startAfter(resumeFrom)))
                    .as("%s resumed after chunk %d", scan, chunk.number())
                    .containsExactlyElementsOf(all.subList(delivered, all.size()));
        }
        assertThat(delivered).isEqualTo(ROWS);
    }

    @Test
    void resumesAfterEveryChunkBoundaryWithExactlyTheRemainingRows() {
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            assertResumesAfterEveryChunk(scan("id", false, chunkSize), false);
            assertResumesAfterEveryChunk(scan("grp desc nulls first, score", false, chunkSize), false);
        }
    }

    @Test
    void resumesFromATokenOfEveryChunkBoundaryWithExactlyTheRemainingRows() {
        for (int chunkSize = 2; chunkSize <= 4; chunkSize++) {
            assertResumesAfterEveryChunk(scan("grp nulls last, score desc", false, chunkSize), true);
        }
    }

    @Test
    void resumesAReverseScanAfterEveryChunkWithExactlyTheRemainingRows() {
        for (int chunkSize = 1; chunkSize <= 2; chunkSize++) {
            assertResumesAfterEveryChunk(scan("grp desc nulls first, score", true, chunkSize), true);
        }
    }

    @Test
    void resumesFromTheIteratorsPositionAfterAnyRow() {
        Scan<Long> scan = scan("grp nulls first", false, 4);
        List<Long> all = ContractTables.rows(scan);
        for (int taken = 1; taken <= ROWS; taken++) {
            List<Long> first = new ArrayList<>();
            Position position;
            try (ScanIterator<Long> iterator = scan.iterator()) {
                assertThat(iterator.position()).as("before the first row").isEmpty();
                while (first.size() < taken) {
                    first.add(iterator.next());
                }
                position = iterator.position().orElseThrow();
            }
            List<Long> rest = ContractTables.rows(scan.startAfter(Position.parse(position.token())));
            List<Long> joined = new ArrayList<>(first);
            joined.addAll(rest);
            assertThat(joined).as("stopped after %d rows", taken).containsExactlyElementsOf(all);
        }
    }

    @Test
    void resumingFromTheLastPositionOfAFinishedRunDeliversNothing() {
        Scan<Long> scan = scan("score desc", false, 5);
        Position end = scan.forEach(id -> {}).lastPosition().orElseThrow();
        assertThat(ContractTables.rows(scan.startAfter(end))).isEmpty();
    }

    @Test
    void aResumedRunCountsItsChunksFromOne() {
        Scan<Long> scan = scan("id", false, 5);
        Chunk<Long> second = ContractTables.chunks(scan).get(1);
        List<Chunk<Long>> resumed = ContractTables.chunks(scan.startAfter(second.last()));
        assertThat(resumed).extracting(Chunk::number).containsExactly(1L, 2L, 3L);
        assertThat(resumed.get(0).rows().get(0)).isEqualTo(110L);
    }
}
