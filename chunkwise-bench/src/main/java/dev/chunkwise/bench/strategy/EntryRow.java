package dev.chunkwise.bench.strategy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * One row of {@code bench_entry} as the JDBC strategies map it: every column, read by position
 * in the order of {@link #COLUMNS}. The JPA strategies read the same columns into
 * {@link BenchEntry} entities instead.
 */
public record EntryRow(
        long id,
        long authorId,
        String title,
        String slug,
        String body,
        String status,
        int views,
        double score,
        LocalDateTime createdAt,
        LocalDateTime updatedAt) {

    /** The select list every JDBC strategy uses, in mapping order. */
    public static final String COLUMNS =
            "id, author_id, title, slug, body, status, views, score, created_at, updated_at";

    /** Maps the current row of a result set selecting {@link #COLUMNS}. */
    public static EntryRow map(ResultSet row) throws SQLException {
        return new EntryRow(
                row.getLong(1),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getInt(7),
                row.getDouble(8),
                localDateTime(row.getTimestamp(9)),
                localDateTime(row.getTimestamp(10)));
    }

    private static LocalDateTime localDateTime(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }
}
