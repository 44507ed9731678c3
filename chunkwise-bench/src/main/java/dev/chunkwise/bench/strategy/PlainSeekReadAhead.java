package dev.chunkwise.bench.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code plain-seek-read-ahead}, a reference for a design chunkwise does not have: the hand-written
 * keyset loop of {@code plain-seek}, but a second thread reads (and maps) chunk N+1 on the same
 * connection while the caller works on chunk N, so two chunks are in memory. It measures whether
 * reading ahead would hide the cost of a chunk boundary.
 */
public final class PlainSeekReadAhead implements Strategy {

    @Override
    public void scan(BenchContext context) throws SQLException {
        int pageSize = context.chunkSize();
        ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "read-ahead");
            thread.setDaemon(true);
            return thread;
        });
        try (Connection connection = context.dataSource().getConnection();
                PreparedStatement page = connection.prepareStatement("SELECT " + EntryRow.COLUMNS
                        + " FROM bench_entry WHERE id > ? ORDER BY id LIMIT " + pageSize)) {
            page.setFetchSize(Math.min(pageSize, 100));
            Future<List<EntryRow>> next = reader.submit(() -> read(page, Long.MIN_VALUE, pageSize));
            while (next != null) {
                List<EntryRow> rows = next.get();
                next = rows.size() < pageSize
                        ? null
                        : reader.submit(
                                () -> read(page, rows.get(rows.size() - 1).id(), pageSize));
                for (EntryRow row : rows) {
                    context.probe().accept(row);
                }
                if (!rows.isEmpty()) {
                    context.probe().chunkEnded();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", interrupted);
        } catch (ExecutionException failed) {
            throw new SQLException("the read-ahead thread failed", failed.getCause());
        } finally {
            reader.shutdownNow();
        }
    }

    private static List<EntryRow> read(PreparedStatement page, long after, int pageSize) throws SQLException {
        page.setLong(1, after);
        List<EntryRow> rows = new ArrayList<>(pageSize);
        try (ResultSet result = page.executeQuery()) {
            while (result.next()) {
                rows.add(EntryRow.map(result));
            }
        }
        return rows;
    }
}
