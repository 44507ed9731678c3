package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Chunk;
import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Partitions as API: each one's token restores it and nothing else, an interrupted partition
 * resumes from its own saved position, a bounded scan's partitions keep its bounds, and the edge
 * cases (n below 1, an empty table, fewer rows than partitions) behave as documented.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class PartitionContractTest {

    private static final String TABLE = "ct_partitions";
    private static final String EMPTY = "ct_partitions_empty";
    private static final int ROWS = 40;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTables(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
        ContractTables.createNumbered(database, EMPTY, 0);
    }

    private Scan<Long> byGroup() {
        return Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp desc nulls first")
                .chunkSize(2)
                .build(ID);
    }

    private static List<Long> rows(Scan<Long> scan) {
        List<Long> rows = new ArrayList<>();
        scan.forEach(rows::add);
        return rows;
    }

    @Test
    void aPartitionsTokenRestoresThatPartition() {
        Scan<Long> scan = byGroup();
        for (ScanPartition<Long> partition : scan.partitions(5)) {
            ScanPartition<Long> restored = scan.partition(partition.token());
            assertThat(restored).isEqualTo(partition);
            assertThat(restored.index()).isEqualTo(partition.index());
            assertThat(restored.start()).isEqualTo(partition.start());
            assertThat(restored.stop()).isEqualTo(partition.stop());
            assertThat(restored.strategy()).isEqualTo(partition.strategy());
            assertThat(rows(restored.scan())).isNotEmpty().isEqualTo(rows(partition.scan()));
        }
    }

    @Test
    void anInterruptedPartitionResumesFromItsSavedPositionDeliveringEveryRowOnce() {
        Scan<Long> scan = byGroup();
        List<ScanPartition<Long>> partitions = scan.partitions(3, PartitionStrategy.INDEX_WALK);
        ScanPartition<Long> middle = partitions.get(1);
        List<Long> delivered = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        int[] chunks = {0};
        middle.scan().forEachChunkWhile((Chunk<Long> chunk) -> {
            delivered.addAll(chunk.rows());
            saved.add(chunk.last().token());
            return ++chunks[0] < 2;
        });
        String partitionToken = middle.token();
        Scan<Long> again = byGroup();
        ScanPartition<Long> restored = again.partition(partitionToken);
        restored.scan()
                .startAfter(again.parsePosition(saved.get(saved.size() - 1)))
                .forEach(delivered::add);
        assertThat(delivered).hasSize((int) middle.estimatedRows()).isEqualTo(rows(middle.scan()));
        List<Long> all = new ArrayList<>();
        partitions.forEach(partition -> all.addAll(rows(partition.scan())));
        assertThat(all).isEqualTo(rows(scan));
    }

    @Test
    void aPartitionTokenOfAnotherScanIsRefused() {
        String token = byGroup().partitions(3).get(1).token();
        Scan<Long> other = Scan.over(database.dataSource())
                .table(TABLE)
                .where("score = ?", 1)
                .orderBy("grp desc nulls first")
                .build(ID);
        assertThatThrownBy(() -> other.partition(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
    }

    @Test
    void anAlteredOrMalformedPartitionTokenIsRefused() {
        String token = byGroup().partitions(3).get(1).token();
        String altered = token.replace(".1.3.", ".2.3.");
        assertThat(altered).isNotEqualTo(token);
        assertThatThrownBy(() -> byGroup().partition(altered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("altered");
        assertThatThrownBy(() -> byGroup().partition("not a token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a partition token");
        Position position = byGroup().position(1L, 10L);
        assertThatThrownBy(() -> byGroup().partition(position.token())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBoundedScansPartitionsKeepItsBounds() {
        Scan<Long> scan = byGroup();
        Scan<Long> bounded = scan.startAfter(scan.position(3L, 70L)).stopAt(scan.position(0L, 160L));
        List<ScanPartition<Long>> partitions = bounded.partitions(4, PartitionStrategy.INDEX_WALK);
        assertThat(partitions).hasSize(4);
        List<Long> all = new ArrayList<>();
        partitions.forEach(partition -> all.addAll(rows(partition.scan())));
        assertThat(all).isNotEmpty().isEqualTo(rows(bounded)).hasSizeLessThan(ROWS);
        assertThat(rows(bounded.partition(partitions.get(0).token()).scan()))
                .isEqualTo(rows(partitions.get(0).scan()));
    }

    @Test
    void fewerThanOnePartitionIsRefused() {
        assertThatThrownBy(() -> byGroup().partitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of partitions must be at least 1, got 0");
    }

    @Test
    void anEmptyTableGivesOnePartitionWhateverTheStrategy() {
        Scan<Long> empty = Scan.over(database.dataSource()).table(EMPTY).build(ID);
        for (PartitionStrategy strategy : PartitionStrategy.values()) {
            List<ScanPartition<Long>> partitions = empty.partitions(8, strategy);
            assertThat(partitions).as("%s", strategy).hasSize(1);
            assertThat(partitions.get(0).start()).isEmpty();
            assertThat(partitions.get(0).stop()).isEmpty();
            assertThat(rows(partitions.get(0).scan())).isEmpty();
        }
    }

    @Test
    void fewerRowsThanPartitionsGiveOnePartitionPerRow() {
        Scan<Long> scan = byGroup().stopAt(byGroup().position(3L, 70L));
        List<Long> expected = rows(scan);
        assertThat(expected).hasSizeBetween(2, 63);
        List<ScanPartition<Long>> partitions = scan.partitions(64, PartitionStrategy.INDEX_WALK);
        assertThat(partitions).hasSize(expected.size());
        for (int i = 0; i < partitions.size(); i++) {
            assertThat(rows(partitions.get(i).scan())).containsExactly(expected.get(i));
            assertThat(partitions.get(i).estimatedRows()).isEqualTo(1);
        }
    }
}
