package dev.chunkwise;

/**
 * One partition of a {@link ParallelScan} failed: which one ({@link #partition()} of
 * {@link #count()}), its {@link #partitionToken()}, and the position to resume it after
 * ({@link #lastPosition()}: after its last committed chunk for
 * {@link ParallelScan#forEachChunkInTransaction}, after its last handled chunk for
 * {@link ParallelScan#forEachChunk}, and for {@link ParallelScan#forEach} the last row handed to
 * the action, which is the row it failed on when the action threw: resume with
 * {@link Scan#startAt(Position)} to see that row again), and, when the failure came from a statement or a chunk, its {@link #sql()} and
 * {@link #chunk()}. The failure itself is the cause. A parallel run that had failures throws one
 * {@link ChunkwiseException} that summarises them, with one of these per failed partition among its
 * suppressed exceptions.
 */
public class PartitionFailedException extends ChunkwiseException {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int count;
    private final String partitionToken;

    PartitionFailedException(
            String message, Throwable cause, String sql, Position lastPosition, long chunk, ScanPartition<?> failed) {
        super(message, cause, sql, lastPosition, chunk);
        this.partition = failed.index();
        this.count = failed.count();
        this.partitionToken = failed.token();
    }

    /** The index of the partition that failed, from 0. */
    public int partition() {
        return partition;
    }

    /** How many partitions the run had. */
    public int count() {
        return count;
    }

    /** The token of the partition that failed ({@link Scan#partition(String)} restores it). */
    public String partitionToken() {
        return partitionToken;
    }
}
