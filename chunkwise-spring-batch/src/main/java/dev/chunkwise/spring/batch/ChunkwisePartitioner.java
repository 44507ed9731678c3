package dev.chunkwise.spring.batch;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A Spring Batch {@link Partitioner} that splits a scan with {@link Scan#partitions(int,
 * PartitionStrategy)}: key ranges that cover the scan exactly and never overlap, balanced from
 * statistics, a sample or an index walk. Each partition's context holds strings only:
 *
 * <ul>
 *   <li>{@value #PARTITION_KEY}: the partition's token ({@link ScanPartition#token()}), from which
 *       {@link ChunkwiseItemReaderBuilder#partition(String)} makes the partition's reader;
 *   <li>{@value #START_KEY} and {@value #STOP_KEY}: the position tokens of its bounds (the first
 *       partition has no start, the last no stop), for people reading the job repository.
 * </ul>
 *
 * <p>The partitions are named {@code partition0} to {@code partition<gridSize - 1>}, always
 * {@code gridSize} of them: when the scan gives fewer (fewer rows than partitions), the rest hold
 * {@value #NO_ROWS} and their readers read nothing. The names depend on the grid size alone
 * ({@link PartitionNameProvider}), so that a restarted step does not split the table again: Spring
 * Batch restarts each partition that did not complete from its own saved context, with the bounds
 * planned by the first run (the data and the statistics may have changed since), and the
 * position its reader saved.
 *
 * <p>{@link #partition(int)} runs the statements of {@link Scan#partitions(int, PartitionStrategy)}
 * on a connection of the scan's source. Immutable and thread-safe.
 */
public class ChunkwisePartitioner implements Partitioner, PartitionNameProvider {

    /** The context key of a partition's token. */
    public static final String PARTITION_KEY = "chunkwise.partition";

    /** The context key of the position token a partition starts at (inclusive). */
    public static final String START_KEY = "chunkwise.partition.start";

    /** The context key of the position token a partition stops before. */
    public static final String STOP_KEY = "chunkwise.partition.stop";

    /** The value of {@value #PARTITION_KEY} for a partition that holds no rows. */
    public static final String NO_ROWS = "no-rows";

    private static final String NAME_PREFIX = "partition";

    private final Scan<?> scan;
    private final PartitionStrategy strategy;

    /** Partitions {@code scan} with {@link PartitionStrategy#AUTO}. */
    public ChunkwisePartitioner(Scan<?> scan) {
        this(scan, PartitionStrategy.AUTO);
    }

    /** Partitions {@code scan} with {@code strategy}. */
    public ChunkwisePartitioner(Scan<?> scan, PartitionStrategy strategy) {
        this.scan = Objects.requireNonNull(scan, "scan");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * Splits the scan into {@code gridSize} partitions (fewer with rows, the rest empty).
     *
     * @throws IllegalArgumentException when {@code gridSize} is less than 1
     * @throws dev.chunkwise.ChunkwiseException when a statement that finds the cuts fails
     */
    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<? extends ScanPartition<?>> partitions = scan.partitions(gridSize, strategy);
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int index = 0; index < gridSize; index++) {
            ExecutionContext context = new ExecutionContext();
            if (index < partitions.size()) {
                ScanPartition<?> partition = partitions.get(index);
                context.putString(PARTITION_KEY, partition.token());
                partition.start().map(Position::token).ifPresent(token -> context.putString(START_KEY, token));
                partition.stop().map(Position::token).ifPresent(token -> context.putString(STOP_KEY, token));
            } else {
                context.putString(PARTITION_KEY, NO_ROWS);
            }
            contexts.put(NAME_PREFIX + index, context);
        }
        return contexts;
    }

    /** {@code partition0} to {@code partition<gridSize - 1>}: the names {@link #partition(int)} gives. */
    @Override
    public Collection<String> getPartitionNames(int gridSize) {
        List<String> names = new ArrayList<>(gridSize);
        for (int index = 0; index < gridSize; index++) {
            names.add(NAME_PREFIX + index);
        }
        return names;
    }
}
