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

    /** Pushes everything written so far to the underlying stream and flushes it. */
    void flush() throws IOException;
}
