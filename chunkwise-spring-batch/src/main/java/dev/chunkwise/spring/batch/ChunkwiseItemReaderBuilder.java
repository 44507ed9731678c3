package dev.chunkwise.spring.batch;

import dev.chunkwise.Scan;
import java.util.Objects;

/**
 * Builds a {@link ChunkwiseItemReader}, in the style of Spring Batch's own reader builders:
 *
 * <pre>{@code
 * Scan<Entry> scan = Scan.over(dataSource).table("entry").where("rating IS NULL").build(Entry::map);
 * ChunkwiseItemReader<Entry> reader = new ChunkwiseItemReaderBuilder<Entry>()
 *         .name("entries")          // the position is saved under "entries.position"
 *         .scan(scan)
 *         .build();
 * }</pre>
 *
 * <p>In a partitioned step, give the reader the partition that {@link ChunkwisePartitioner} put
 * in the step's context: {@code .partition(token)} reads {@code scan.partition(token).scan()}.
 *
 * <p>Mutable and not thread-safe; the reader it builds is independent of it.
 *
 * @param <T> the type of one mapped row
 */
public class ChunkwiseItemReaderBuilder<T> {

    private String name;
    private Scan<T> scan;
    private dev.chunkwise.jpa.JpaScan<T> jpaScan;
    private String partition;
    private boolean saveState = true;

    /**
     * The reader's name: its position is saved under {@code <name>.position}. Required when the
     * reader saves its state; two readers of one step need two names.
     */
    public ChunkwiseItemReaderBuilder<T> name(String readerName) {
        this.name = Objects.requireNonNull(readerName, "name");
        return this;
    }

    /** The scan to read (this or {@link #jpaScan} is required). */
    public ChunkwiseItemReaderBuilder<T> scan(Scan<T> rows) {
        this.scan = Objects.requireNonNull(rows, "scan");
        this.jpaScan = null;
        return this;
    }

    /**
     * A chunkwise-jpa scan to read instead of a JDBC scan (chunkwise-jpa on the class path). The
     * reader hands out detached entities or projections; a JPA scan has no partitions.
     */
    public ChunkwiseItemReaderBuilder<T> jpaScan(dev.chunkwise.jpa.JpaScan<T> results) {
        this.jpaScan = Objects.requireNonNull(results, "jpaScan");
        this.scan = null;
        return this;
    }

    /**
     * Reads one partition of the scan: the value that {@link ChunkwisePartitioner} saved under
     * {@link ChunkwisePartitioner#PARTITION_KEY} in the partition's step context (with a step-scoped
     * reader, {@code @Value("#{stepExecutionContext['chunkwise.partition']}")}); the value
     * {@link ChunkwisePartitioner#NO_ROWS} makes a reader that reads nothing.
     *
     * @throws NullPointerException when the token is null (the step context has no partition)
     */
    public ChunkwiseItemReaderBuilder<T> partition(String partitionToken) {
        this.partition = Objects.requireNonNull(
                partitionToken,
                "partition token: the step context has no '" + ChunkwisePartitioner.PARTITION_KEY
                        + "' (is the step partitioned by a ChunkwisePartitioner, and the reader step-scoped?)");
        return this;
    }

    /**
     * Whether the reader saves its position for a restart (default true). Turn it off for a
     * multi-threaded step, whose threads share the reader and have no single position.
     */
    public ChunkwiseItemReaderBuilder<T> saveState(boolean save) {
        this.saveState = save;
        return this;
    }

    /**
     * The reader.
     *
     * @throws IllegalStateException when the scan is missing, or the name is missing while the
     *     reader saves its state
     * @throws IllegalArgumentException when the partition token is malformed or of another scan
     */
    public ChunkwiseItemReader<T> build() {
        if (scan == null && jpaScan == null) {
            throw new IllegalStateException("a scan is required: call scan(...) or jpaScan(...)");
        }
        if (saveState && (name == null || name.isBlank())) {
            throw new IllegalStateException("a name is required when the reader saves its state: call name(...), "
                    + "or saveState(false) for a multi-threaded step");
        }
        if (jpaScan != null) {
            if (partition != null) {
                throw new IllegalStateException("a JPA scan has no partitions: partition(...) needs a JDBC scan(...)");
            }
            return new ChunkwiseItemReader<>(name, new ChunkSource.OfJpaScan<>(jpaScan), saveState, false);
        }
        if (partition == null) {
            return new ChunkwiseItemReader<>(name, scan, saveState, false);
        }
        if (partition.equals(ChunkwisePartitioner.NO_ROWS)) {
            return new ChunkwiseItemReader<>(name, scan, saveState, true);
        }
        return new ChunkwiseItemReader<>(name, scan.partition(partition).scan(), saveState, false);
    }
}
