package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The partitioner's contexts, over a table of the test PostgreSQL. */
class ChunkwisePartitionerTest {

    private static HikariDataSource pool;
    private static Fixture rows;

    @BeforeAll
    static void createTable() {
        rows = Fixture.create("partitioner_rows", 400);
        pool = BatchDatabase.pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void eachContextHoldsItsPartitionsTokenAndBounds() {
        Scan<Long> scan = rows.scan(pool, 50);
        var partitions = scan.partitions(4, PartitionStrategy.INDEX_WALK);

        Map<String, ExecutionContext> contexts =
                new ChunkwisePartitioner(scan, PartitionStrategy.INDEX_WALK).partition(4);

        assertThat(contexts).containsOnlyKeys("partition0", "partition1", "partition2", "partition3");
        for (int i = 0; i < 4; i++) {
            ExecutionContext context = contexts.get("partition" + i);
            assertThat(context.getString(ChunkwisePartitioner.PARTITION_KEY))
                    .isEqualTo(partitions.get(i).token());
            assertThat(context.containsKey(ChunkwisePartitioner.START_KEY)).isEqualTo(i > 0);
            assertThat(context.containsKey(ChunkwisePartitioner.STOP_KEY)).isEqualTo(i < 3);
        }
        assertThat(contexts.get("partition1").getString(ChunkwisePartitioner.START_KEY))
                .isEqualTo(contexts.get("partition0").getString(ChunkwisePartitioner.STOP_KEY));
    }

    @Test
    void aScanWithFewerRowsThanTheGridGivesTheRestEmptyPartitions() {
        Fixture three = Fixture.create("partitioner_three", 3);

        Map<String, ExecutionContext> contexts =
                new ChunkwisePartitioner(three.scan(pool, 50), PartitionStrategy.INDEX_WALK).partition(6);

        assertThat(contexts).hasSize(6);
        assertThat(contexts.get("partition2").getString(ChunkwisePartitioner.PARTITION_KEY))
                .isNotEqualTo(ChunkwisePartitioner.NO_ROWS);
        for (int i = 3; i < 6; i++) {
            assertThat(contexts.get("partition" + i).getString(ChunkwisePartitioner.PARTITION_KEY))
                    .isEqualTo(ChunkwisePartitioner.NO_ROWS);
        }
    }

    @Test
    void theNamesDependOnTheGridSizeAlone() {
        ChunkwisePartitioner partitioner = new ChunkwisePartitioner(rows.scan(pool, 50));

        assertThat(partitioner.getPartitionNames(3)).containsExactly("partition0", "partition1", "partition2");
        assertThat(partitioner.partition(3).keySet())
                .containsExactlyInAnyOrderElementsOf(partitioner.getPartitionNames(3));
    }
}
