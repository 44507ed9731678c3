package dev.chunkwise.jpa.internal;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The transaction choreography of the ways to run a JPA scan, shared by the stateful and the
 * stateless variants. Every method owns the session it opens and closes it before returning or
 * throwing.
 */
public final class Runs {

    private Runs() {}

    /** Something that handles one chunk inside the library's transaction, with the session. */
    @FunctionalInterface
    public interface SessionHandler<T> {
        void handle(Chunk<T> chunk, Object session);
    }

    /**
     * Reads chunk after chunk, each in its own read transaction that is rolled back (nothing a
     * reader changes is written) unless the run is one transaction; the persistence context is
     * cleared after each chunk, before the chunk is handed out when the scan is detached.
     * Transient failures of a chunk's reading are retried on a fresh session (see {@link ChunkRun}).
     */
    public static <T> ScanStatistics forEachChunk(ScanDefinition<T> definition, Supplier<QuerySource> sessions,
            Consumer<? super Chunk<T>> action) {
        try (ChunkRun<T> run = new ChunkRun<>(definition, sessions, true)) {
            boolean single = definition.singleTransaction();
            if (single) {
                run.source().begin();
            }
            Position delivered = null;
            while (true) {
                Optional<Chunk<T>> chunk = run.nextChunk(!single);
                if (chunk.isEmpty()) {
                    run.endReadTransaction();
                    break;
                }
                if (definition.detached()) {
                    endChunk(run, single);
                    action.accept(chunk.get());
                } else {
                    action.accept(chunk.get());
                    endChunk(run, single);
                }
                delivered = chunk.get().last();
                definition.checkpoint(delivered);
            }
            return run.statistics(delivered);
        }
    }

    private static void endChunk(ChunkRun<?> run, boolean single) {
        if (single) {
            run.source().clear();
        } else {
            run.endReadTransaction();
        }
    }

    /**
     * Runs chunk after chunk, each in a transaction: begin, read the chunk, call the handler,
     * flush, commit, clear. A handler or commit failure rolls back that chunk and is reported as a
     * {@link ChunkwiseException} whose {@code lastPosition()} is the end of the last committed
     * chunk (empty if none committed), the position to resume after.
     *
     * <p>Retries (unless the run is one transaction): a transient failure before the commit (in
     * reading, in the handler, in the flush, or a connection found dead just before the commit)
     * rolls the chunk back and runs it again, handler included, on a fresh session: nothing of it
     * was committed. A commit that fails is never retried: the server may have committed before
     * the connection failed, and a second run of the handler would apply its writes twice.
     */
    public static <T> ScanStatistics inTransaction(ScanDefinition<T> definition, Supplier<QuerySource> sessions,
            SessionHandler<T> handler) {
        try (ChunkRun<T> run = new ChunkRun<>(definition, sessions, false)) {
            boolean single = definition.singleTransaction();
            Position committed = null;
            Position pending = null;
            long chunkNumber = 0;
            if (single) {
                run.source().begin();
            }
            try {
                while (true) {
                    Optional<Chunk<T>> chunk;
                    try {
                        chunk = run.nextChunk(!single);
                    } catch (ChunkwiseException failure) {
                        throw new ChunkwiseException("chunk " + (chunkNumber + 1) + " failed and was rolled back;"
                                + " resume after the last committed chunk: " + failure.getMessage(), failure, null,
                                committed, chunkNumber + 1);
                    }
                    if (chunk.isEmpty()) {
                        break;
                    }
                    chunkNumber = chunk.get().number();
                    try {
                        handler.handle(chunk.get(), run.source().session());
                        run.source().flush();
                    } catch (RuntimeException failure) {
                        if (!single && run.retryChunk(chunk.get(), failure)) {
                            chunkNumber--;
                            continue;
                        }
                        rollbackQuietly(run, failure);
                        throw new ChunkwiseException("chunk " + chunkNumber + " of the scan over "
                                + definition.entityName() + " failed in the handler or its flush and was rolled back: "
                                + failure, failure, null, committed, chunkNumber);
                    }
                    if (!single) {
                        if (!run.connectionAlive()) {
                            RuntimeException lost = new PersistenceException("the connection was lost before the"
                                    + " commit of chunk " + chunkNumber, new SQLException("connection lost", "08003"));
                            if (run.retryChunk(chunk.get(), lost)) {
                                chunkNumber--;
                                continue;
                            }
                            throw new ChunkwiseException(lost.getMessage() + " in scan over " + definition.entityName()
                                    + ", and retries are exhausted; nothing of this chunk was committed", lost, null,
                                    committed, chunkNumber);
                        }
                        try {
                            run.source().commit();
                        } catch (RuntimeException failure) {
                            rollbackQuietly(run, failure);
                            throw new ChunkwiseException("the commit of chunk " + chunkNumber + " failed in scan over "
                                    + definition.entityName() + " and its outcome is unknown; resume from the position"
                                    + " saved with the chunk's writes: " + failure.getMessage(), failure, null,
                                    committed, chunkNumber);
                        }
                        run.committed();
                        committed = chunk.get().last();
                        definition.checkpoint(committed);
                    } else {
                        pending = chunk.get().last();
                    }
                    run.source().clear();
                }
                if (single) {
                    run.source().commit();
                    if (pending != null) {
                        committed = pending;
                        definition.checkpoint(committed);
                    }
                } else {
                    run.endReadTransaction();
                }
                return run.statistics(committed);
            } catch (ChunkwiseException failure) {
                rollbackQuietly(run, failure);
                throw failure;
            } catch (RuntimeException | Error failure) {
                rollbackQuietly(run, failure);
                throw new ChunkwiseException("chunk " + chunkNumber + " of the scan over " + definition.entityName()
                        + " failed in the handler or its commit and was rolled back: " + failure, failure, null,
                        committed, chunkNumber);
            }
        }
    }

    private static void rollbackQuietly(ChunkRun<?> run, Throwable failure) {
        run.rollbackQuietly(failure);
    }

    /** A row-by-row run; each chunk is read in its own transaction and handed out detached. */
    public static <T> ScanIterator<T> iterator(ScanDefinition<T> definition, Supplier<QuerySource> sessions) {
        return new ChunkIterator<>(definition, sessions);
    }

    /** An explicit state machine: NOT_READY, READY, DONE, FAILED (Guava's AbstractIterator). */
    private static final class ChunkIterator<T> implements ScanIterator<T> {

        private enum State { NOT_READY, READY, DONE, FAILED, CLOSED }

        private final ScanDefinition<T> definition;
        private final Supplier<QuerySource> sessions;
        private ChunkRun<T> run;
        private State state = State.NOT_READY;
        private Chunk<T> chunk;
        private int index;
        private Position position;
        private ScanStatistics finalStatistics;

        ChunkIterator(ScanDefinition<T> definition, Supplier<QuerySource> sessions) {
            this.definition = definition;
            this.sessions = sessions;
        }

        @Override
        public boolean hasNext() {
            switch (state) {
                case READY:
                    return true;
                case DONE:
                    return false;
                case FAILED:
                case CLOSED:
                    throw new IllegalStateException("the scan iterator is " + state.name().toLowerCase(java.util.Locale.ROOT));
                default:
                    break;
            }
            if (chunk != null && index < chunk.size()) {
                state = State.READY;
                return true;
            }
            try {
                if (run == null) {
                    run = new ChunkRun<>(definition, sessions, true);
                }
                Optional<Chunk<T>> next;
                try {
                    next = run.nextChunk(true);
                } finally {
                    run.endReadTransaction();
                }
                if (next.isEmpty()) {
                    state = State.DONE;
                    releaseRun();
                    return false;
                }
                chunk = next.get();
                index = 0;
                definition.checkpoint(chunk.last());
                state = State.READY;
                return true;
            } catch (RuntimeException | Error failure) {
                state = State.FAILED;
                releaseRun();
                throw failure;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            state = State.NOT_READY;
            T row = chunk.rows().get(index);
            position = index == chunk.size() - 1 ? chunk.last() : run.positionInLastChunk(index);
            index++;
            return row;
        }

        @Override
        public Optional<Position> position() {
            return Optional.ofNullable(position);
        }

        @Override
        public ScanStatistics statistics() {
            if (run != null) {
                return run.statistics(position);
            }
            return finalStatistics == null ? emptyStatistics() : finalStatistics;
        }

        private static ScanStatistics emptyStatistics() {
            return new ScanStatistics(0, 0, java.time.Duration.ZERO, Optional.empty(),
                    new dev.chunkwise.QueryLog(0, 0, java.time.Duration.ZERO, List.of(), List.of()), 0,
                    java.time.Duration.ZERO, List.of());
        }

        @Override
        public Stream<T> stream() {
            Iterator<T> self = this;
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(self, Spliterator.ORDERED | Spliterator.NONNULL),
                    false).onClose(this::close);
        }

        private void releaseRun() {
            if (run != null) {
                ChunkRun<T> closing = run;
                finalStatistics = closing.statistics(position);
                run = null;
                closing.close();
            }
        }

        @Override
        public void close() {
            if (state != State.FAILED && state != State.DONE) {
                state = State.CLOSED;
            }
            releaseRun();
        }
    }
}
