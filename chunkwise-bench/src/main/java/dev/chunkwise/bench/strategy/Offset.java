package dev.chunkwise.bench.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code offset}: {@code LIMIT n OFFSET k} pages of the chunk size, one prepared statement reused. */
public final class Offset implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        int pageSize = context.chunkSize();
        try (Connection connection = context.dataSource().getConnection();
                PreparedStatement page = connection.prepareStatement(
                        "SELECT " + EntryRow.COLUMNS + " FROM bench_entry ORDER BY id LIMIT ? OFFSET ?")) {
            long offset = 0;
            while (true) {
                page.setInt(1, pageSize);
                page.setLong(2, offset);
                int read = 0;
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        context.probe().accept(EntryRow.map(rows));
                        read++;
                    }
                }
                if (read > 0) {
                    context.probe().chunkEnded();
                }
                if (read < pageSize) {
                    return;
                }
                offset += read;
            }
        }
    }
}
