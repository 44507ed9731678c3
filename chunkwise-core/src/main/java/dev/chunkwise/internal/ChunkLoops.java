package dev.chunkwise.internal;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.ScanListener.Outcome;
import dev.chunkwise.ScanStatistics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The chunk loops of a run over a {@link RowCursor}, for JDBC and JPA scans alike: chunk after
 * chunk to a callback, and chunk after chunk inside a transaction that commits the chunk's writes
 * together (exactly-once processing). Each loop closes the cursor before it returns or throws, and
 * reports each chunk done once the caller handled it (after its commit) and the run's end.
 */
public final class ChunkLoops {

    private ChunkLoops() {}

    /** The caller's handler of one chunk, with the session its writes go through. */
    @FunctionalInterface
    public interface Handler<T, S> {
        void handle(Chunk<T> chunk, S session) throws Exception;
    }

    /**
     * How the failures of a transactional chunk reach the caller: a JDBC scan lets the handler's
     * and the reading's own runtime exceptions through as they are, a JPA scan wraps every failure
     * in a {@link ChunkwiseException} that names the chunk and the position to resume after (as
     * each module's Javadoc says).
     *
     * @param source the name of the scan's source in messages
     * @param wrapsEverything whether runtime exceptions are wrapped too (JPA)
     */
    public record Failures(String source, boolean wrapsEverything) {

        /**
         * What to throw when the handler (or its flush) failed for good and its chunk was rolled back.
         *
         * @param resumeAfter the position after the last committed chunk, or null
         */
        RuntimeException handlerFailed(Throwable failure, long chunk, Position resumeAfter) {
            if (failure instanceof RuntimeException && !wrapsEverything) {
                return (RuntimeException) failure;
            }
            return new ChunkwiseException(
                    "chunk " + chunk + " of the scan over " + source + " failed in the handler or its flush and was"
                            + " rolled back: " + failure,
                    failure,
                    null,
                    resumeAfter,
                    chunk);
        }

        /** What to throw when a chunk could not be read; its transaction was rolled back. */
        RuntimeException readFailed(RuntimeException failure, long chunk, Position resumeAfter) {
            if (!wrapsEverything) {
                return failure;
            }
            return new ChunkwiseException(
                    "chunk " + chunk + " failed and was rolled back; resume after the last committed chunk: "
                            + failure.getMessage(),
                    failure,
                    null,
                    resumeAfter,
                    chunk);
        }
    }

    /**
     * Reads chunk after chunk and hands each to {@code action} once its rows are all read; the
     * checkpoint follows the action, then the pause before the next chunk.
     */
    public static <T> ScanStatistics forEachChunk(
            RowCursor<T> cursor, RunSettings settings, Consumer<? super Chunk<T>> action) {
        return forEachChunkWhile(cursor, settings, chunk -> {
            action.accept(chunk);
            return true;
        });
    }

    /**
     * As {@link #forEachChunk}, stopping after the chunk for which {@code action} returns false
     * (its checkpoint is taken; no further chunk is read).
     */
    public static <T> ScanStatistics forEachChunkWhile(
            RowCursor<T> cursor, RunSettings settings, Predicate<? super Chunk<T>> action) {
        boolean stopped = false;
        try {
            while (true) {
                Chunk<T> chunk = readChunk(cursor);
                if (chunk == null) {
                    break;
                }
                boolean more = action.test(chunk);
                cursor.chunkHandled();
                settings.checkpoint(chunk.last());
                cursor.reportChunkDone();
                if (!more) {
                    stopped = true;
                    break;
                }
                if (!cursor.exhausted()) {
                    cursor.pace();
                }
            }
            ScanStatistics statistics = cursor.statistics();
            cursor.close();
            cursor.reportRunEnded(stopped ? Outcome.STOPPED : Outcome.SUCCESS, null);
            return statistics;
        } catch (RuntimeException | Error failure) {
            cursor.discardQuietly();
            cursor.reportRunEnded(Outcome.FAILURE, failure);
            throw failure;
        }
    }

    /**
     * Runs chunk after chunk, each in its own transaction: the chunk is read, {@code handler}
     * writes through the session, and the transaction commits, so the chunk's writes commit
     * together or not at all. A transient failure of the handler or its flush, or a connection
     * found dead before the commit, rolls the chunk back and runs it again, handler included: nothing
     * of it was committed. A commit that fails once sent is never retried: its outcome is unknown,
     * and a second run of the handler could apply the chunk's writes twice.
     *
     * @param singleTransaction whether the whole run is one transaction, committed at its end
     *     (nothing is retried then: the transaction is gone with its connection)
     */
    public static <T, S> ScanStatistics inTransaction(
            RowCursor<T> cursor,
            ChunkTransaction<S> transaction,
            RunSettings settings,
            boolean singleTransaction,
            Failures failures,
            Handler<T, ? super S> handler) {
        Position committed = null;
        Position pending = null;
        long chunkNumber = 0;
        try {
            while (true) {
                Chunk<T> chunk;
                try {
                    chunk = readChunk(cursor);
                } catch (ChunkwiseException failure) {
                    transaction.rollback(failure);
                    throw failures.readFailed(failure, cursor.chunkNumber(), committed);
                }
                if (chunk == null) {
                    break;
                }
                chunkNumber = chunk.number();
                try {
                    handler.handle(chunk, transaction.session());
                    transaction.flush();
                } catch (Exception failure) {
                    if (!singleTransaction && cursor.retryChunk(failure, chunk.size())) {
                        continue;
                    }
                    transaction.rollback(failure);
                    throw failures.handlerFailed(
                            failure, chunkNumber, singleTransaction ? committed : transaction.positionBeforeChunk());
                }
                if (singleTransaction) {
                    pending = chunk.last();
                    cursor.reportChunkDone();
                } else {
                    if (!transaction.alive()) {
                        // the transaction died with its connection before the commit was sent: nothing of
                        // this chunk was committed, so it is safe to run it again
                        SQLException lost = new SQLException(
                                "the connection was lost before the commit of chunk " + chunkNumber, "08003");
                        if (cursor.retryChunk(lost, chunk.size())) {
                            continue;
                        }
                        throw new ChunkwiseException(
                                lost.getMessage() + " in scan over " + failures.source()
                                        + ", and retries are exhausted; nothing of this chunk was committed",
                                lost,
                                null,
                                transaction.positionBeforeChunk(),
                                chunkNumber);
                    }
                    commit(
                            transaction,
                            failures,
                            "the commit of chunk " + chunkNumber,
                            chunkNumber,
                            transaction.positionBeforeChunk());
                    cursor.committed();
                    committed = chunk.last();
                    settings.checkpoint(committed);
                    cursor.reportChunkDone();
                }
                transaction.clear();
                if (!cursor.exhausted()) {
                    cursor.pace();
                }
            }
            if (singleTransaction) {
                commit(transaction, failures, "the commit of the run's one transaction", chunkNumber, committed);
                if (pending != null) {
                    committed = pending;
                    settings.checkpoint(committed);
                }
            }
            ScanStatistics statistics = cursor.statistics();
            cursor.close();
            cursor.reportRunEnded(Outcome.SUCCESS, null);
            return statistics;
        } catch (RuntimeException | Error failure) {
            transaction.rollback(failure);
            cursor.discardQuietly();
            cursor.reportRunEnded(Outcome.FAILURE, failure);
            throw failure;
        }
    }

    /**
     * Commits, or reports a commit that failed once sent: never retried, as the server may have
     * committed before the connection failed, and the chunk's writes would be applied twice.
     */
    private static void commit(
            ChunkTransaction<?> transaction, Failures failures, String what, long chunk, Position resumeAfter) {
        try {
            transaction.commit();
        } catch (Exception failure) {
            transaction.rollback(failure);
            throw new ChunkwiseException(
                    what + " failed in scan over " + failures.source() + " and its outcome is"
                            + " unknown; resume from the position saved with the chunk's writes (CheckpointTable): "
                            + failure.getMessage(),
                    failure,
                    null,
                    resumeAfter,
                    chunk);
        }
    }

    /** Reads the next chunk that has rows, or returns null at the end of the scan. */
    private static <T> Chunk<T> readChunk(RowCursor<T> cursor) {
        List<T> rows = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        while (true) {
            RowCursor.Step step = cursor.step();
            if (step == RowCursor.Step.ROW) {
                keys.add(cursor.key());
                rows.add(cursor.row());
            } else if (step == RowCursor.Step.CHUNK_END) {
                Object[] last = keys.get(keys.size() - 1);
                cursor.delivered(rows.size(), last);
                return new Chunk<>(
                        rows,
                        cursor.chunkNumber(),
                        cursor.position(keys.get(0)),
                        cursor.position(last),
                        cursor.chunkElapsed(),
                        new PositionList(cursor.fingerprint(), keys));
            } else {
                return null;
            }
        }
    }
}
