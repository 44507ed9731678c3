package dev.chunkwise.bench.strategy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * {@code copy} (PostgreSQL only), the reference for how fast rows can leave the server at all:
 * {@code COPY (SELECT ...) TO STDOUT} through pgjdbc's CopyManager, each text row parsed into
 * an {@link EntryRow}. Not a way to page; no chunks.
 */
public final class Copy implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        try (Connection connection = context.dataSource().getConnection()) {
            CopyOut copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (SELECT " + EntryRow.COLUMNS + " FROM bench_entry ORDER BY id) TO STDOUT");
            context.statements().increment();
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                context.probe().accept(parse(new String(line, StandardCharsets.UTF_8)));
            }
        }
    }

    private static EntryRow parse(String line) {
        String[] fields = new String[10];
        int start = 0;
        for (int i = 0; i < 10; i++) {
            int tab = line.indexOf('\t', start);
            int end = tab < 0 ? (line.endsWith("\n") ? line.length() - 1 : line.length()) : tab;
            fields[i] = line.substring(start, end);
            start = end + 1;
        }
        return new EntryRow(
                Long.parseLong(fields[0]),
                Long.parseLong(fields[1]),
                fields[2],
                fields[3],
                fields[4],
                fields[5],
                Integer.parseInt(fields[6]),
                Double.parseDouble(fields[7]),
                timestamp(fields[8]),
                timestamp(fields[9]));
    }

    private static LocalDateTime timestamp(String text) {
        return text.equals("\\N") ? null : LocalDateTime.parse(text.replace(' ', 'T'));
    }
}
