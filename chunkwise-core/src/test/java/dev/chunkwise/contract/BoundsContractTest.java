package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bounds: startAfter, startAt, stopAt and stopBefore, alone and combined, with positions taken
 * from a run or made by hand with {@code scan.position(values...)}, on a simple key and on an
 * order with a nullable leading column.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class BoundsContractTest {

    private static final String TABLE = "ct_bounds";
    private static final int ROWS = 20;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
    }

    private Scan<Long> byId() {
        return Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("id")
                .chunkSize(3)
                .build(ID);
    }

    private List<Long> ids(long fromInclusive, long toInclusive) {
        return ContractTables.ids(
                database,
                "SELECT id FROM " + TABLE + " WHERE id >= ? AND id <= ? ORDER BY id",
                fromInclusive,
                toInclusive);
    }

    /** The position of the last row a full run delivers, read from the run itself. */
    private static java.util.Optional<Position> lastDelivered(Scan<Long> scan) {
        return scan.forEach(id -> {}).lastPosition();
    }

    @Test
    void lastPositionIsTheLastRowARunWouldDeliverWithinTheScansFilterAndBounds() {
        Scan<Long> scan = byId();
        assertThat(scan.lastPosition())
                .isEqualTo(lastDelivered(scan))
                .map(Position::values)
                .contains(List.of(200L));
        Scan<Long> bounded = scan.startAfter(scan.position(30L)).stopBefore(scan.position(120L));
        assertThat(bounded.lastPosition()).isEqualTo(lastDelivered(bounded));
        Scan<Long> filtered = Scan.over(database.dataSource())
                .table(TABLE)
                .where("score = ?", 1)
                .orderBy("grp desc nulls last")
                .build(ID);
        assertThat(filtered.lastPosition()).isPresent().isEqualTo(lastDelivered(filtered));
        Scan<Long> nullsFirst = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp nulls first, score")
                .build(ID);
        assertThat(nullsFirst.lastPosition()).isEqualTo(lastDelivered(nullsFirst));
        Scan<Long> none = Scan.over(database.dataSource())
                .table(TABLE)
                .where("score = ?", 99)
                .build(ID);
        assertThat(none.lastPosition()).isEmpty();
    }

    @Test
    void startAfterAPositionMadeByHandDeliversOnlyTheRowsAfterIt() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.startAfter(scan.position(50L)))).containsExactlyElementsOf(ids(51, 200));
    }

    @Test
    void startAtIncludesTheRowAtThePosition() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.startAt(scan.position(50L)))).containsExactlyElementsOf(ids(50, 200));
    }

    @Test
    void stopAtIncludesTheRowAtThePosition() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.stopAt(scan.position(70L)))).containsExactlyElementsOf(ids(0, 70));
    }

    @Test
    void stopBeforeExcludesTheRowAtThePosition() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.stopBefore(scan.position(70L)))).containsExactlyElementsOf(ids(0, 69));
    }

    @Test
    void startAndStopBoundsCombineInEveryInclusiveAndExclusiveForm() {
        Scan<Long> scan = byId();
        Position from = scan.position(40L);
        Position to = scan.position(110L);
        assertThat(ContractTables.rows(scan.startAfter(from).stopAt(to))).containsExactlyElementsOf(ids(41, 110));
        assertThat(ContractTables.rows(scan.startAfter(from).stopBefore(to))).containsExactlyElementsOf(ids(41, 109));
        assertThat(ContractTables.rows(scan.startAt(from).stopAt(to))).containsExactlyElementsOf(ids(40, 110));
        assertThat(ContractTables.rows(scan.startAt(from).stopBefore(to))).containsExactlyElementsOf(ids(40, 109));
        assertThat(ContractTables.rows(scan.stopAt(to).startAt(from)))
                .as("bounds set in the other order")
                .containsExactlyElementsOf(ids(40, 110));
    }

    @Test
    void positionsBetweenRowsBoundTheScanWhereTheyFallInTheOrder() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.startAt(scan.position(45L)).stopAt(scan.position(85L))))
                .containsExactlyElementsOf(ids(50, 80));
        assertThat(ContractTables.rows(scan.startAfter(scan.position(-1L)).stopBefore(scan.position(1000L))))
                .containsExactlyElementsOf(ids(0, 1000));
    }

    @Test
    void emptyRangesDeliverNothing() {
        Scan<Long> scan = byId();
        assertThat(ContractTables.rows(scan.startAfter(scan.position(200L))))
                .as("after the last row")
                .isEmpty();
        assertThat(ContractTables.rows(scan.stopBefore(scan.position(10L))))
                .as("before the first row")
                .isEmpty();
        assertThat(ContractTables.rows(scan.startAfter(scan.position(50L)).stopBefore(scan.position(60L))))
                .as("between neighbours")
                .isEmpty();
        assertThat(ContractTables.rows(scan.startAt(scan.position(90L)).stopAt(scan.position(50L))))
                .as("stop before start")
                .isEmpty();
        assertThat(ContractTables.rows(scan.startAt(scan.position(90L)).stopAt(scan.position(90L))))
                .as("one row, both inclusive")
                .containsExactly(90L);
    }

    @Test
    void unboundedDropsBothBounds() {
        Scan<Long> scan = byId();
        Scan<Long> bounded = scan.startAfter(scan.position(50L)).stopAt(scan.position(70L));
        assertThat(ContractTables.rows(bounded.unbounded())).containsExactlyElementsOf(ids(0, 1000));
    }

    @Test
    void boundsOnANullableLeadingKeyFollowTheScanOrderAcrossTheNullRows() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp desc nulls first")
                .chunkSize(2)
                .build(ID);
        List<Chunk<Long>> single = ContractTables.chunks(Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp desc nulls first")
                .chunkSize(1)
                .build(ID));
        List<Long> all = ContractTables.flatten(single);
        assertThat(all)
                .containsExactlyElementsOf(ContractTables.ids(
                        database,
                        "SELECT id FROM " + TABLE
                                + " ORDER BY CASE WHEN grp IS NULL THEN 0 ELSE 1 END, grp DESC, id DESC"));
        int[] indexes = {0, 1, 3, 4, 5, 11, all.size() - 1};
        for (int from : indexes) {
            for (int to : indexes) {
                Position start = scan.parsePosition(single.get(from).last().token());
                Position stop = single.get(to).last();
                String context = "rows " + from + " to " + to;
                assertThat(ContractTables.rows(scan.startAfter(start).stopAt(stop)))
                        .as(context)
                        .containsExactlyElementsOf(all.subList(Math.min(from + 1, to + 1), to + 1));
                assertThat(ContractTables.rows(scan.startAt(start).stopBefore(stop)))
                        .as(context)
                        .containsExactlyElementsOf(all.subList(Math.min(from, to), to));
            }
        }
    }

    @Test
    void aPositionMadeByHandWithANullKeyValueStartsAmongTheNullRows() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp nulls first")
                .chunkSize(2)
                .build(ID);
        List<Long> all = ContractTables.ids(
                database, "SELECT id FROM " + TABLE + " ORDER BY CASE WHEN grp IS NULL THEN 0 ELSE 1 END, grp, id");
        List<Long> nullRows =
                ContractTables.ids(database, "SELECT id FROM " + TABLE + " WHERE grp IS NULL ORDER BY id");
        assertThat(nullRows).hasSizeGreaterThan(2);
        long secondNullRow = nullRows.get(1);
        assertThat(ContractTables.rows(scan.startAfter(scan.position(null, secondNullRow))))
                .containsExactlyElementsOf(all.subList(2, all.size()));
        assertThat(ContractTables.rows(scan.stopAt(scan.position(null, secondNullRow))))
                .containsExactlyElementsOf(all.subList(0, 2));
        assertThat(ContractTables.rows(scan.startAfter(scan.position(1L, 0L))))
                .containsExactlyElementsOf(
                        ContractTables.ids(database, "SELECT id FROM " + TABLE + " WHERE grp >= 1 ORDER BY grp, id"));
    }

    @Test
    void positionByHandWithTheWrongNumberOrTypeOfValuesIsRefused() {
        Scan<Long> scan =
                Scan.over(database.dataSource()).table(TABLE).orderBy("grp").build(ID);
        assertThatThrownBy(() -> scan.position(1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 key columns");
        assertThatThrownBy(() -> scan.position(1L, 2L, 3L)).isInstanceOf(IllegalArgumentException.class);
        Scan<Long> byScore =
                Scan.over(database.dataSource()).table(TABLE).orderBy("score").build(ID);
        assertThatThrownBy(() -> byScore.position(null, 10L))
                .as("score is declared NOT NULL")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("NOT NULL");
        if (database != TestDatabase.SQLITE) {
            // SQLite values keep their storage class, so any type is accepted there
            assertThatThrownBy(() -> scan.position("one", 2L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("String");
        }
    }
}
