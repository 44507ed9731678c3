package dev.chunkwise.cli;

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
     * @param labels the column labels as the database reports them
     * @param header whether a header is written (a new output; not when appending to a resumed one)
     */
    void start(List<String> labels, boolean header) throws IOException;

    /** Writes one row. */
    void write(Object[] row) throws IOException;

    /** Pushes everything written so far to the underlying stream and flushes it. */
    void flush() throws IOException;
}
