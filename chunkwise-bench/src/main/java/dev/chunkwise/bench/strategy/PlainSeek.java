package dev.chunkwise.bench.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code plain-seek}, a reference: the seek method written by hand over plain JDBC, one prepared
 * statement {@code WHERE id > ? ORDER BY id LIMIT n} reused on one connection in autocommit,
 * nothing else (no positions, no retries, no NULL handling, no statement log). What a keyset
 * loop costs at least on this driver; the distance from it to {@code chunkwise} is the library's
 * own overhead.
 */
public final class PlainSeek implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        int pageSize = context.chunkSize();
        try (Connection connection = context.dataSource().getConnection();
                PreparedStatement page = connection.prepareStatement("SELECT " + EntryRow.COLUMNS
                        + " FROM bench_entry WHERE id > ? ORDER BY id LIMIT " + pageSize)) {
            page.setFetchSize(pageSize);
            long last = Long.MIN_VALUE;
            while (true) {
                page.setLong(1, last);
                int read = 0;
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        EntryRow row = EntryRow.map(rows);
                        context.probe().accept(row);
                        last = row.id();
                        read++;
                    }
                }
                if (read > 0) {
                    context.probe().chunkEnded();
                }
                if (read < pageSize) {
                    return;
                }
            }
        }
    }
}
