package dev.chunkwise.spring.batch;

import dev.chunkwise.Scan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One test's tables in {@link BatchDatabase#SCHEMA}: {@code <name>} with {@code rows} rows, ordered
 * by a timestamp that repeats (so that positions hold a timestamp and the id appended as
 * tie-breaker), and {@code <name>_done}, where the writer counts each id it wrote. The writer joins
 * the step's transaction (JdbcTemplate over the step's DataSource), so a chunk's counts commit with
 * the chunk and its saved position, or not at all.
 */
final class Fixture {

    final String name;
    final int rows;

    /** The id whose processing throws once, or 0 for none. */
    final AtomicLong failAt = new AtomicLong();

    private Fixture(String name, int rows) {
        this.name = name;
        this.rows = rows;
    }

    static Fixture create(String name, int rows) {
        BatchDatabase.prepare();
        String table = BatchDatabase.SCHEMA + "." + name;
        BatchDatabase.execute(
                "DROP TABLE IF EXISTS " + table,
                "DROP TABLE IF EXISTS " + table + "_done",
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, created_at timestamp NOT NULL, amount int)",
                "CREATE INDEX ON " + table + " (created_at, id)",
                "INSERT INTO " + table + " SELECT g, timestamp '2024-01-01 00:00:00' + (g % 97) * interval '1 hour', g"
                        + " FROM generate_series(1, " + rows + ") g",
                "ANALYZE " + table,
                "CREATE TABLE " + table + "_done (id bigint PRIMARY KEY, times int NOT NULL, step text NOT NULL)");
        return new Fixture(name, rows);
    }

    String table() {
        return BatchDatabase.SCHEMA + "." + name;
    }

    Scan<Long> scan(DataSource dataSource, int chunkSize) {
        return Scan.over(dataSource)
                .table(BatchDatabase.SCHEMA, name)
                .orderBy("created_at")
                .chunkSize(chunkSize)
                .build(row -> row.getLong("id"));
    }

    ItemProcessor<Long, Long> processor() {
        return id -> {
            if (failAt.compareAndSet(id, 0)) {
                throw new IllegalStateException("failure injected at id " + id);
            }
            return id;
        };
    }

    /** Counts each id in {@code <name>_done}, with the name of the step that wrote it. */
    ItemWriter<Long> writer(DataSource dataSource, String step) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return chunk -> {
            List<Object[]> batch = new ArrayList<>();
            for (Long id : chunk) {
                batch.add(new Object[] {id, step});
            }
            jdbc.batchUpdate(
                    "INSERT INTO " + table() + "_done AS done (id, times, step) VALUES (?, 1, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET times = done.times + 1, step = EXCLUDED.step",
                    batch);
        };
    }

    /** How many times each id was written. */
    Map<Long, Integer> done() {
        Map<Long, Integer> times = new TreeMap<>();
        try (var connection = java.sql.DriverManager.getConnection(BatchDatabase.url());
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT id, times FROM " + table() + "_done")) {
            while (result.next()) {
                times.put(result.getLong(1), result.getInt(2));
            }
        } catch (java.sql.SQLException failure) {
            throw new IllegalStateException(failure);
        }
        return times;
    }

    /** The ids of the table, in the scan's order. */
    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        try (var connection = java.sql.DriverManager.getConnection(BatchDatabase.url());
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT id FROM " + table() + " ORDER BY created_at, id")) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        } catch (java.sql.SQLException failure) {
            throw new IllegalStateException(failure);
        }
        return ids;
    }
}
