package dev.chunkwise.bench.strategy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code naive}: one plain SELECT with the driver's defaults (which buffer the whole result on most drivers). */
public final class Naive implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        try (Connection connection = context.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT " + EntryRow.COLUMNS + " FROM bench_entry ORDER BY id")) {
            while (rows.next()) {
                context.probe().accept(EntryRow.map(rows));
            }
        }
    }
}
