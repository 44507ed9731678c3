package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static dev.chunkwise.contract.ContractTables.numberedIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G1 at the boundaries, Guava style: chunk sizes 1, 2 and 3 against every row count from 0 to
 * 3 x chunk size + 1, for each way of consuming a scan. Every row exactly once, in order.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ExhaustiveBoundariesContractTest {

    private static final int MAX_CHUNK = 3;
    private static final int MAX_ROWS = 3 * MAX_CHUNK + 1;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createOneTablePerRowCount(TestDatabase database) {
        SCANS.keySet().removeIf(key -> key.startsWith(database + "/"));
        for (int rows = 0; rows <= MAX_ROWS; rows++) {
            ContractTables.createNumbered(database, table(rows), rows);
        }
    }

    /** Scans are immutable and reusable: each is built once per database and run by every test. */
    private static final Map<String, Scan<Long>> SCANS = new ConcurrentHashMap<>();

    private Scan<Long> scan(int rows, String order, int chunkSize) {
        return SCANS.computeIfAbsent(
                database + "/" + rows + "/" + order + "/" + chunkSize, ignored -> Scan.over(database.dataSource())
                        .table(table(rows))
                        .orderBy(order)
                        .chunkSize(chunkSize)
                        .build(ID));
    }

    private static String table(int rows) {
        return "ct_boundary_" + rows;
    }

    /** What one consumption style delivered for one scan. */
    private interface Consumption {
        List<Long> consume(Scan<Long> scan, int chunkSize, int rows);
    }

    private void forEveryBoundary(Consumption consumption) {
        for (int chunkSize = 1; chunkSize <= MAX_CHUNK; chunkSize++) {
            for (int rows = 0; rows <= 3 * chunkSize + 1; rows++) {
                Scan<Long> scan = scan(rows, "id", chunkSize);
                assertThat(consumption.consume(scan, chunkSize, rows))
                        .as("chunk size %d, %d rows", chunkSize, rows)
                        .containsExactlyElementsOf(numberedIds(rows));
            }
        }
    }

    @Test
    void streamDeliversEveryRowExactlyOnceInOrderForEveryChunkSizeAndRowCount() {
        forEveryBoundary((scan, chunkSize, rows) -> {
            try (Stream<Long> stream = scan.stream()) {
                return stream.collect(Collectors.toList());
            }
        });
    }

    @Test
    void iteratorDeliversEveryRowExactlyOnceInOrderAndThenReportsNoMore() {
        forEveryBoundary((scan, chunkSize, rows) -> {
            List<Long> ids = new ArrayList<>();
            try (ScanIterator<Long> iterator = scan.iterator()) {
                while (iterator.hasNext()) {
                    ids.add(iterator.next());
                }
                assertThat(iterator.hasNext()).as("hasNext after exhaustion").isFalse();
                assertThat(iterator.statistics().rows()).isEqualTo(rows);
            }
            return ids;
        });
    }

    @Test
    void forEachDeliversEveryRowExactlyOnceInOrderAndCountsRowsAndChunks() {
        forEveryBoundary((scan, chunkSize, rows) -> {
            List<Long> ids = new ArrayList<>();
            ScanStatistics statistics = scan.forEach(ids::add);
            assertThat(statistics.rows()).as("rows counted").isEqualTo(rows);
            assertThat(statistics.chunks())
                    .as("chunks counted, chunk size %d, %d rows", chunkSize, rows)
                    .isEqualTo(chunkCount(rows, chunkSize));
            return ids;
        });
    }

    @Test
    void forEachChunkDeliversNumberedFullChunksWithTheirFirstAndLastPositions() {
        forEveryBoundary((scan, chunkSize, rows) -> {
            List<Chunk<Long>> chunks = ContractTables.chunks(scan);
            assertChunkShape(scan, chunks, chunkSize, rows);
            return ContractTables.flatten(chunks);
        });
    }

    @Test
    void forEachChunkInTransactionDeliversTheSameChunksEachWithAnOpenConnection() {
        forEveryBoundary((scan, chunkSize, rows) -> {
            List<Chunk<Long>> chunks = new ArrayList<>();
            ScanStatistics statistics = scan.forEachChunkInTransaction((Chunk<Long> chunk, Connection connection) -> {
                assertThat(connection.isClosed()).isFalse();
                assertThat(connection.getAutoCommit())
                        .as("inside the chunk's transaction")
                        .isFalse();
                chunks.add(chunk);
            });
            assertChunkShape(scan, chunks, chunkSize, rows);
            assertThat(statistics.chunks()).isEqualTo(chunkCount(rows, chunkSize));
            return ContractTables.flatten(chunks);
        });
    }

    @Test
    void chunksKeepTheirSizeWhenTheyCrossFromTheNullRowsOfANullableLeadingKeyToTheOthers() {
        for (int chunkSize = 1; chunkSize <= MAX_CHUNK; chunkSize++) {
            for (int rows = 0; rows <= 3 * chunkSize + 1; rows++) {
                for (String order : List.of("grp nulls first", "grp desc nulls last")) {
                    Scan<Long> scan = scan(rows, order, chunkSize);
                    List<Chunk<Long>> chunks = ContractTables.chunks(scan);
                    String nullsTerm = order.contains("first")
                            ? "CASE WHEN grp IS NULL THEN 0 ELSE 1 END, grp, id"
                            : "CASE WHEN grp IS NULL THEN 1 ELSE 0 END, grp DESC, id DESC";
                    List<Long> expected =
                            ContractTables.ids(database, "SELECT id FROM " + table(rows) + " ORDER BY " + nullsTerm);
                    assertThat(ContractTables.flatten(chunks))
                            .as("%s, chunk size %d, %d rows", order, chunkSize, rows)
                            .containsExactlyElementsOf(expected);
                    assertChunkShape(scan, chunks, chunkSize, rows);
                }
            }
        }
    }

    private static long chunkCount(int rows, int chunkSize) {
        return (rows + chunkSize - 1) / chunkSize;
    }

    private static void assertChunkShape(Scan<Long> scan, List<Chunk<Long>> chunks, int chunkSize, int rows) {
        String context = "chunk size " + chunkSize + ", " + rows + " rows";
        assertThat(chunks).as(context).hasSize((int) chunkCount(rows, chunkSize));
        for (int i = 0; i < chunks.size(); i++) {
            Chunk<Long> chunk = chunks.get(i);
            boolean lastChunk = i == chunks.size() - 1;
            int expectedSize = lastChunk && rows % chunkSize != 0 ? rows % chunkSize : chunkSize;
            assertThat(chunk.number()).as(context).isEqualTo(i + 1);
            assertThat(chunk.size()).as(context + ", chunk " + chunk.number()).isEqualTo(expectedSize);
            assertThat(chunk.first())
                    .as(context + ", first of chunk " + chunk.number())
                    .isEqualTo(positionOf(scan, chunk.rows().get(0)));
            assertThat(chunk.last())
                    .as(context + ", last of chunk " + chunk.number())
                    .isEqualTo(positionOf(scan, chunk.rows().get(chunk.size() - 1)));
        }
    }

    /** The position of the row with this id, made by hand from the scan's key columns. */
    private static Position positionOf(Scan<Long> scan, long id) {
        if (scan.order().size() == 1) {
            return scan.position(id);
        }
        int i = (int) (id / 10);
        Integer group = ContractTables.group(i);
        return scan.position(group == null ? null : group.longValue(), id);
    }
}
