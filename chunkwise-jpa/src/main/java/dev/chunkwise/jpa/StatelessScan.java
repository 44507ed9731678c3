package dev.chunkwise.jpa;

import dev.chunkwise.Chunk;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.jpa.internal.JpaRuns;
import dev.chunkwise.jpa.internal.StatelessSessionSource;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hibernate.StatelessSession;

/**
 * A {@link JpaScan} run through Hibernate {@code StatelessSession}s: no persistence context at
 * all, so no first-level cache to clear and no dirty-checking snapshots; entities are always
 * detached. Needs Hibernate ORM as the provider (an optional dependency of chunkwise-jpa; only
 * this class touches it). Collection fetches are refused here (they need a persistence context);
 * single-valued associations can be join-fetched.
 *
 * <p>Immutable and thread-safe, like the scan it comes from; each run opens and closes its own
 * stateless session.
 *
 * @param <T> the type of one result
 */
public final class StatelessScan<T> {

    private final JpaScan<T> scan;

    StatelessScan(JpaScan<T> scan) {
        this.scan = scan;
        if (!scan.definition().collectionFetches().isEmpty()) {
            throw new IllegalArgumentException("a stateless scan cannot fetch collections "
                    + scan.definition().collectionFetches() + ": they need a persistence context");
        }
    }

    /** The scan this runs. */
    public JpaScan<T> scan() {
        return scan;
    }

    /** Runs the scan a chunk at a time, each chunk read in its own short transaction. */
    public ScanStatistics forEachChunk(Consumer<? super Chunk<T>> action) {
        Objects.requireNonNull(action, "action");
        return JpaRuns.forEachChunk(scan.definition(), () -> StatelessSessionSource.open(scan.factory()), action);
    }

    /**
     * Runs the scan a chunk at a time, each chunk in its own transaction: begin, read, call
     * {@code handler}, commit. The handler writes through the session
     * ({@code session.update(entity)}).
     *
     * @throws dev.chunkwise.ChunkwiseException when the handler or the commit fails; its
     *     {@code lastPosition()} is the end of the last committed chunk
     */
    public ScanStatistics forEachChunkInTransaction(StatelessChunkHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return JpaRuns.<T, StatelessSession>inTransaction(
                scan.definition(), () -> StatelessSessionSource.open(scan.factory()), handler::handle);
    }

    /** Runs the scan as an iterator that the caller closes. */
    public ScanIterator<T> iterator() {
        return JpaRuns.iterator(scan.definition(), () -> StatelessSessionSource.open(scan.factory()));
    }

    /** Runs the scan as a lazy stream that the caller closes. */
    public Stream<T> stream() {
        return iterator().stream();
    }
}
