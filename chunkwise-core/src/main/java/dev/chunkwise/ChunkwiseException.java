package dev.chunkwise;

import java.util.Optional;

/**
 * A scan failed while running: the database or the driver reported an error, or the caller's
 * code threw a checked exception. The message names the chunk, the SQL and the last position
 * delivered, so that the run can be understood and resumed ({@code scan.startAfter(lastPosition)}).
 * The same parts are data ({@link #reason()}, {@link #sql()}, {@link #chunk()},
 * {@link #lastPosition()}), so that callers never parse the message.
 *
 * <p>Mistakes in the scan's description (unknown table or column, a non-unique order, a position
 * of another scan) are reported as {@link IllegalArgumentException} instead, before any row is
 * read (as a {@link ScanDefinitionException}, which says which part of the description is wrong,
 * when the catalog or the database refuses it).
 */
public class ChunkwiseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient Position lastPosition;
    private final String sql;
    private final long chunk;

    public ChunkwiseException(String message, Throwable cause) {
        this(message, cause, null, null, 0);
    }

    public ChunkwiseException(String message, Throwable cause, String sql, Position lastPosition, long chunk) {
        super(describe(message, sql, lastPosition, chunk), cause);
        this.reason = message;
        this.sql = sql;
        this.lastPosition = lastPosition;
        this.chunk = chunk;
    }

    private static String describe(String message, String sql, Position lastPosition, long chunk) {
        StringBuilder text = new StringBuilder(message);
        if (chunk > 0) {
            text.append(" [chunk ").append(chunk).append(']');
        }
        if (lastPosition != null) {
            text.append(" [last delivered ")
                    .append(lastPosition)
                    .append(", token ")
                    .append(lastPosition.token())
                    .append(']');
        }
        if (sql != null) {
            text.append(" [sql: ").append(sql).append(']');
        }
        return text.toString();
    }

    /** What went wrong, without the chunk, position and SQL that {@link #getMessage()} appends. */
    public String reason() {
        return reason;
    }

    /** The position after the last row delivered before the failure, if any row was delivered. */
    public Optional<Position> lastPosition() {
        return Optional.ofNullable(lastPosition);
    }

    /** The SQL that failed, if the failure came from a statement. */
    public Optional<String> sql() {
        return Optional.ofNullable(sql);
    }

    /** The number of the chunk that failed (1-based), or 0 when it failed outside a chunk. */
    public long chunk() {
        return chunk;
    }
}
