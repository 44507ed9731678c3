package dev.chunkwise.cli;

import java.util.List;

/**
 * One partition of a parallel export failed: {@link Chunkwise#report} prints its cause as it
 * would alone, between the partition's name and what became of the other partitions.
 */
final class PartitionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String after;

    /**
     * @param which names the partition ({@code partition 2 of 4 (part-00001.csv) failed})
     * @param after what the other partitions did and how to continue
     * @param others the other failed partitions' failures, kept as suppressed: one may hold the
     *     cause of this one (a full heap in one partition, after which H2 closes its store under
     *     the others), which {@link Chunkwise#report} looks for there
     */
    PartitionFailedException(String which, String after, Exception cause, List<? extends Throwable> others) {
        super(which, cause);
        this.after = after;
        others.forEach(this::addSuppressed);
    }

    /** The words after the cause's message. */
    String after() {
        return after;
    }

    /** The partition's own failure. */
    Exception failure() {
        return (Exception) getCause();
    }
}
