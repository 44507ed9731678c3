package dev.chunkwise.cli;

import dev.chunkwise.ScanStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A scan's walk on a thread of its own, a few chunks ahead of the thread that writes them: while
 * a chunk is written, the database already works on the next one. The items are handed over in
 * order through a queue of {@value #AHEAD}; the writer takes them one after the other, so
 * everything it does per chunk (write, flush, save the position) happens in order on the
 * caller's thread, as without reading ahead. Heap use is that many more chunks.
 *
 * <p>A failure of the walk is thrown to the caller as it was thrown (after the chunks before it
 * are written); a failure or stop of the writer ends the walk after its current chunk.
 */
final class ReadAhead {

    /** Chunks read ahead at most. */
    static final int AHEAD = 2;

    private static final Object END = new Object();

    private ReadAhead() {}

    /** What the writer does with an item: whether the walk goes on. */
    interface Writer<T> {
        boolean write(T item) throws IOException;
    }

    /**
     * Walks with {@code walk} (given the predicate that hands each item over, it returns the walk's
     * statistics, as {@code Scan.forEachChunkWhile} does) on a second thread, and writes each item
     * with {@code writer} on this one.
     */
    static <T> ScanStatistics run(Function<Predicate<T>, ScanStatistics> walk, Writer<T> writer, String name)
            throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<ScanStatistics> statistics = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        statistics.set(walk.apply(item -> hand(queue, stop, item)));
                    } catch (Throwable thrown) {
                        failure.set(thrown);
                    }
                    hand(queue, stop, END);
                },
                name);
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Object next = queue.take();
                @SuppressWarnings("unchecked")
                T item = (T) next;
                if (next == END || !writer.write(item)) {
                    break;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedRunException("interrupted while waiting for the next chunk.");
        } catch (UncheckedIOException thrown) {
            throw thrown.getCause();
        } finally {
            stop.set(true);
            queue.clear();
            try {
                reader.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        }
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
        return statistics.get();
    }

    /** Puts an item in the queue, waiting while it is full; false once the writer has stopped. */
    private static boolean hand(BlockingQueue<Object> queue, AtomicBoolean stop, Object item) {
        try {
            while (!stop.get()) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    // the writer may have stopped and emptied the queue while this offer waited
                    return !stop.get();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
