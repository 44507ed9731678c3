package dev.chunkwise.internal;

import dev.chunkwise.Position;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanListener.Outcome;
import dev.chunkwise.ScanStatistics;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One run of a scan, row by row, over a {@link RowCursor}, for JDBC and JPA scans alike: an
 * explicit state machine in the manner of Guava's AbstractIterator, {@code NOT_READY} (must read
 * to answer), {@code READY} (a row is waiting), {@code DONE} (exhausted and closed),
 * {@code FAILED} (an exception was thrown; closed), {@code CLOSED} (closed by the caller).
 *
 * <p>The checkpoint of a chunk is taken when the caller moves past the chunk's last row, never
 * before: a crash while the caller still works on a chunk resumes at that chunk's start.
 *
 * <p>One run, one thread.
 *
 * @param <T> the type of one mapped row
 */
public final class RunIterator<T> implements ScanIterator<T> {

    private enum State {
        NOT_READY,
        READY,
        DONE,
        FAILED,
        CLOSED
    }

    private final RowCursor<T> cursor;
    private final RunSettings settings;
    private State state = State.NOT_READY;
    private T next;
    private Object[] nextKey;

    public RunIterator(RowCursor<T> cursor, RunSettings settings) {
        this.cursor = cursor;
        this.settings = settings;
    }

    @Override
    public boolean hasNext() {
        switch (state) {
            case READY:
                return true;
            case DONE:
                return false;
            case FAILED:
                throw new IllegalStateException("this scan iterator failed earlier and is closed");
            case CLOSED:
                throw new IllegalStateException("this scan iterator is closed");
            default:
                break;
        }
        try {
            while (true) {
                RowCursor.Step step = cursor.step();
                if (step == RowCursor.Step.ROW) {
                    next = cursor.row();
                    nextKey = cursor.key();
                    state = State.READY;
                    return true;
                }
                if (step == RowCursor.Step.END) {
                    ended();
                    return false;
                }
                chunkEnded();
            }
        } catch (RuntimeException | Error failure) {
            fail(failure);
            throw failure;
        }
    }

    /** The caller has moved past the chunk's last row: its checkpoint, then the pause before the next. */
    private void chunkEnded() {
        Object[] delivered = cursor.deliveredKey();
        if (delivered != null) {
            settings.checkpoint(cursor.position(delivered));
        }
        cursor.reportChunkDone();
        if (!cursor.exhausted()) {
            cursor.pace();
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the scan is exhausted");
        }
        state = State.NOT_READY;
        T row = next;
        next = null;
        cursor.delivered(1, nextKey);
        return row;
    }

    /**
     * Hands every remaining row to {@code action}: the same steps as {@code while (hasNext())
     * action.accept(next())}, but the rows of a chunk go by one tight loop that the JIT compiles
     * early as a whole, instead of through the state machine for every row. Chunk ends go through
     * {@link #hasNext()}. An exception thrown by {@code action} is rethrown as it is and leaves the
     * run as it was.
     */
    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        while (hasNext()) {
            action.accept(next());
            while (true) {
                RowCursor.Step step;
                try {
                    step = cursor.step();
                } catch (RuntimeException | Error failure) {
                    fail(failure);
                    throw failure;
                }
                if (step != RowCursor.Step.ROW) {
                    pending(step);
                    break;
                }
                T row = cursor.row();
                cursor.delivered(1, cursor.key());
                action.accept(row);
            }
        }
    }

    /** A chunk end or the end, reached by the tight loop: handled as {@link #hasNext()} would. */
    private void pending(RowCursor.Step step) {
        try {
            if (step == RowCursor.Step.END) {
                ended();
            } else {
                chunkEnded();
            }
        } catch (RuntimeException | Error failure) {
            fail(failure);
            throw failure;
        }
    }

    @Override
    public Optional<Position> position() {
        Object[] delivered = cursor.deliveredKey();
        return delivered == null ? Optional.empty() : Optional.of(cursor.position(delivered));
    }

    @Override
    public ScanStatistics statistics() {
        return cursor.statistics();
    }

    @Override
    public Stream<T> stream() {
        Spliterator<T> spliterator =
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }

    @Override
    public void close() {
        if (state == State.FAILED) {
            return;
        }
        boolean open = state != State.DONE && state != State.CLOSED;
        state = State.CLOSED;
        next = null;
        if (open) {
            try {
                cursor.close();
            } catch (RuntimeException | Error failure) {
                cursor.reportRunEnded(Outcome.FAILURE, failure);
                throw failure;
            }
            cursor.reportRunEnded(Outcome.STOPPED, null);
        }
    }

    /**
     * Closes the run after the caller's own code failed with {@code failure} while consuming it
     * ({@code forEach}'s action): as {@link #close()}, but the run is reported ended by that failure,
     * and a failure to close is added to it as suppressed. Nothing happens if the run has ended.
     */
    public void closeAfter(Throwable failure) {
        if (state == State.FAILED || state == State.DONE || state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        next = null;
        try {
            cursor.close();
        } catch (RuntimeException | Error closing) {
            failure.addSuppressed(closing);
            cursor.discardQuietly();
        }
        cursor.reportRunEnded(Outcome.FAILURE, failure);
    }

    /** The scan is exhausted: closed, and reported ended. */
    private void ended() {
        state = State.DONE;
        cursor.close();
        cursor.reportRunEnded(Outcome.SUCCESS, null);
    }

    private void fail(Throwable failure) {
        state = State.FAILED;
        next = null;
        cursor.discardQuietly();
        cursor.reportRunEnded(Outcome.FAILURE, failure);
    }
}
