package dev.chunkwise.jpa.internal;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
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
     */
    public static <T> ScanStatistics forEachChunk(ScanDefinition<T> definition, Supplier<QuerySource> sessions,
            Consumer<? super Chunk<T>> action) {
        try (ChunkRun<T> run = new ChunkRun<>(definition, sessions.get(), true)) {
            QuerySource source = run.source();
            boolean single = definition.singleTransaction();
            if (single) {
                source.begin();
            }
            Position delivered = null;
            while (true) {
                if (!single) {
                    source.begin();
                }
                Optional<Chunk<T>> chunk = run.nextChunk();
                if (chunk.isEmpty()) {
                    source.rollbackIfActive();
                    break;
                }
                if (definition.detached()) {
                    if (!single) {
                        source.rollbackIfActive();
                    }
                    source.clear();
                    action.accept(chunk.get());
                } else {
                    action.accept(chunk.get());
                    if (!single) {
                        source.rollbackIfActive();
                    }
                    source.clear();
                }
                delivered = chunk.get().last();
                definition.checkpoint(delivered);
            }
            return run.statistics(delivered);
        }
    }

    /**
     * Runs chunk after chunk, each in a transaction: begin, read the chunk, call the handler,
     * flush, commit, clear. A handler or commit failure rolls back that chunk and is reported as a
     * {@link ChunkwiseException} whose {@code lastPosition()} is the end of the last committed
     * chunk (empty if none committed), the position to resume after.
     */
    public static <T> ScanStatistics inTransaction(ScanDefinition<T> definition, Supplier<QuerySource> sessions,
            SessionHandler<T> handler) {
        try (ChunkRun<T> run = new ChunkRun<>(definition, sessions.get(), false)) {
            QuerySource source = run.source();
            boolean single = definition.singleTransaction();
            Position committed = null;
            Position pending = null;
            long chunkNumber = 0;
            if (single) {
                source.begin();
            }
            try {
                while (true) {
                    if (!single) {
                        source.begin();
                    }
                    Optional<Chunk<T>> chunk = run.nextChunk();
                    if (chunk.isEmpty()) {
                        break;
                    }
                    chunkNumber = chunk.get().number();
                    handler.handle(chunk.get(), source.session());
                    source.flush();
                    if (!single) {
                        source.commit();
                        committed = chunk.get().last();
                        definition.checkpoint(committed);
                    } else {
                        pending = chunk.get().last();
                    }
                    source.clear();
                }
                source.commit();
                if (single && pending != null) {
                    committed = pending;
                    definition.checkpoint(committed);
                }
                return run.statistics(committed);
            } catch (ChunkwiseException failure) {
                rollbackQuietly(source, failure);
                throw new ChunkwiseException("chunk " + (chunkNumber + 1) + " failed and was rolled back; resume after"
                        + " the last committed chunk", failure, null, committed, chunkNumber + 1);
            } catch (RuntimeException | Error failure) {
                rollbackQuietly(source, failure);
                throw new ChunkwiseException("chunk " + chunkNumber + " of the scan over " + definition.entityName()
                        + " failed in the handler or its commit and was rolled back: " + failure, failure, null,
                        committed, chunkNumber);
            }
        }
    }

    private static void rollbackQuietly(QuerySource source, Throwable failure) {
        try {
            source.rollbackIfActive();
            source.clear();
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
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
                    run = new ChunkRun<>(definition, sessions.get(), true);
                }
                QuerySource source = run.source();
                source.begin();
                Optional<Chunk<T>> next;
                try {
                    next = run.nextChunk();
                } finally {
                    source.rollbackIfActive();
                    source.clear();
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
