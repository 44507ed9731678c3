package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Filters with bind parameters select exactly the matching rows, and a filter with a top-level
 * OR stays inside its parentheses: the seek predicate binds to the whole filter, so no row is
 * repeated or let through. Streams are cut off a little after the expected count so that a
 * filter that escapes its parentheses fails the test instead of looping.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FilterContractTest {

    private static final String TABLE = "ct_filter";
    private static final int ROWS = 40;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
    }

    private List<Long> streamAtMost(Scan<Long> scan, int limit) {
        try (Stream<Long> stream = scan.stream()) {
            return stream.limit(limit).collect(Collectors.toList());
        }
    }

    @Test
    void filterWithBindParametersSelectsExactlyTheMatchingRowsInOrder() {
        List<Long> expected = ContractTables.ids(
                database, "SELECT id FROM " + TABLE + " WHERE score = ? AND name <> ? ORDER BY id", 1, "row 7");
        assertThat(expected).isNotEmpty();
        for (int chunkSize : new int[] {1, 2, 3}) {
            Scan<Long> scan = Scan.over(database.dataSource())
                    .table(TABLE)
                    .where("score = ? AND name <> ?", 1, "row 7")
                    .orderBy("id")
                    .chunkSize(chunkSize)
                    .build(ID);
            assertThat(streamAtMost(scan, expected.size() + 5))
                    .as("chunk size %d", chunkSize)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void filterWithATopLevelOrDoesNotEscapeTheSeekPredicate() {
        List<Long> expected = ContractTables.ids(
                database, "SELECT id FROM " + TABLE + " WHERE score = ? OR id < ? ORDER BY id", 2, 60L);
        for (int chunkSize : new int[] {1, 2, 3}) {
            Scan<Long> scan = Scan.over(database.dataSource())
                    .table(TABLE)
                    .where("score = ? OR id < ?", 2, 60L)
                    .orderBy("id")
                    .chunkSize(chunkSize)
                    .build(ID);
            assertThat(streamAtMost(scan, expected.size() + 5))
                    .as("chunk size %d", chunkSize)
                    .doesNotHaveDuplicates()
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void filterWithATopLevelOrOverANullableOrderStaysInsideEveryNullSegment() {
        List<Long> expected = ContractTables.ids(
                database,
                "SELECT id FROM " + TABLE
                        + " WHERE grp IS NULL OR grp = ? OR name LIKE ? ORDER BY CASE WHEN grp IS NULL THEN 0 ELSE 1 END, grp DESC, id DESC",
                1,
                "%3");
        for (int chunkSize : new int[] {1, 2, 3}) {
            Scan<Long> scan = Scan.over(database.dataSource())
                    .table(TABLE)
                    .where("grp IS NULL OR grp = ? OR name LIKE ?", 1, "%3")
                    .orderBy("grp desc nulls first")
                    .chunkSize(chunkSize)
                    .build(ID);
            assertThat(streamAtMost(scan, expected.size() + 5))
                    .as("chunk size %d", chunkSize)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void resumingAFilteredScanWithATopLevelOrDeliversOnlyTheRemainingMatchingRows() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .where("score = ? OR id < ?", 0, 100L)
                .orderBy("score desc")
                .chunkSize(3)
                .build(ID);
        List<Long> all = ContractTables.rows(scan);
        assertThat(all)
                .containsExactlyElementsOf(ContractTables.ids(
                        database,
                        "SELECT id FROM " + TABLE + " WHERE score = ? OR id < ? ORDER BY score DESC, id DESC",
                        0,
                        100L));
        int delivered = 0;
        for (Chunk<Long> chunk : ContractTables.chunks(scan)) {
            delivered += chunk.size();
            assertThat(streamAtMost(scan.startAfter(chunk.last()), all.size() + 5))
                    .as("after chunk %d", chunk.number())
                    .containsExactlyElementsOf(all.subList(delivered, all.size()));
        }
    }

    @Test
    void filterMatchingNoRowDeliversNothing() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .where("id < ?", 0L)
                .chunkSize(2)
                .build(ID);
        assertThat(ContractTables.rows(scan)).isEmpty();
        assertThat(ContractTables.chunks(scan)).isEmpty();
    }
}
