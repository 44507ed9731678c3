package dev.chunkwise;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Turns the current row of a chunk query into the caller's type.
 *
 * <p>The result set is positioned on the row; the mapper reads it by column position (1 is the
 * first selected column) or by label, and must not move the cursor or close the result set. The
 * selected columns are those given to {@link Scan.Builder#columns(String...)} (or every column of
 * the table, in catalog order), followed by any key column that is not among them. The library
 * reads key values itself, by position, so the mapper may read the columns in any way it likes.
 *
 * <p>Called on the thread that consumes the scan.
 *
 * @param <T> the type of one mapped row
 */
@FunctionalInterface
public interface RowMapper<T> {

    /** Maps the current row; a thrown {@link SQLException} fails the scan with context. */
    T map(ResultSet row) throws SQLException;
}
