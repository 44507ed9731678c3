package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import java.io.IOException;
import java.util.List;

/**
 * Writes exported rows, as produced by {@link RowReader}, to a stream it does not own: closing
 * the stream is the caller's business, so that standard output stays open.
 *
 * <p>One thread; rows are buffered until {@link #flush()}.
 */
interface RowWriter {

    /**
     * Starts the output.
     *
     * @param columns the columns as the database describes them (labels, types)
     * @param header whether a header is written (a new output; not when appending to a resumed one)
     */
    void start(List<ScanColumn> columns, boolean header) throws IOException;

    /** Writes one row. */
    void write(Object[] row) throws IOException;

    /**
     * Pushes everything written so far to the underlying stream and flushes it: a point a resumed
     * export can continue after. (Parquet parts: closes and commits the part being written.)
     */
    void flush() throws IOException;

    /**
     * Whether {@link #flush()} is due after the chunk just written. CSV and JSON Lines flush after
     * every chunk; Parquet only when a part is full, since each flush of parts ends a file.
     */
    default boolean flushDue() {
        return true;
    }

    /** Ends the output: flushes, and writes what belongs at the end of it (Parquet's footer). */
    default void finish() throws IOException {
        flush();
    }
}
