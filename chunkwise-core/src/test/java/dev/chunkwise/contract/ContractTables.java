package dev.chunkwise.contract;

import dev.chunkwise.Chunk;
import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables and small helpers shared by the contract suite. Every table is prefixed {@code ct_} so
 * that the suite never touches another suite's tables on the shared servers. Expected results
 * always come from the database's own {@code ORDER BY}, written here by hand, never from the
 * library's rendering.
 */
final class ContractTables {

    /** Maps a row to its {@code id} column, read by label. */
    static final RowMapper<Long> ID = row -> row.getLong("id");

    private ContractTables() {}

    /**
     * Creates {@code table(id PK, grp INTEGER NULL, score INTEGER NOT NULL, name TEXT)} with ids
     * 10, 20, ... 10 x rows; {@code grp} has duplicates and NULLs, {@code score} duplicates.
     */
    static void createNumbered(TestDatabase database, String table, int rows) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.bigint() + " PRIMARY KEY, grp "
                + database.integer() + ", score " + database.integer() + " NOT NULL, name " + database.text(40) + ")");
        List<Object[]> values = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            values.add(new Object[] {10L * i, group(i), (i * 5) % 3, "row " + i});
        }
        if (!values.isEmpty()) {
            database.insert(table, "id, grp, score, name", values);
        }
    }

    /** The grp value of row i: NULL for every fifth row, otherwise one of 0..3 (many duplicates). */
    static Integer group(int i) {
        return i % 5 == 0 ? null : (i * 7) % 4;
    }

    /** The ids of 1..rows in ascending order, as {@link #createNumbered} writes them. */
    static List<Long> numberedIds(int rows) {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            ids.add(10L * i);
        }
        return ids;
    }

    /** The first column of a query the test wrote itself, as longs. */
    static List<Long> ids(TestDatabase database, String sql, Object... parameters) {
        List<Long> ids = new ArrayList<>();
        for (Object value : database.column(sql, parameters)) {
            ids.add(((Number) value).longValue());
        }
        return ids;
    }

    /** Every row of one run, by forEach. */
    static <T> List<T> rows(Scan<T> scan) {
        List<T> rows = new ArrayList<>();
        scan.forEach(rows::add);
        return rows;
    }

    /** Every chunk of one run, by forEachChunk. */
    static <T> List<Chunk<T>> chunks(Scan<T> scan) {
        List<Chunk<T>> chunks = new ArrayList<>();
        scan.forEachChunk(chunks::add);
        return chunks;
    }

    /** The rows of chunks, flattened. */
    static <T> List<T> flatten(List<Chunk<T>> chunks) {
        List<T> rows = new ArrayList<>();
        chunks.forEach(chunk -> rows.addAll(chunk.rows()));
        return rows;
    }

    /** Drops a view if it exists. */
    static void dropView(TestDatabase database, String view) {
        database.execute("DROP VIEW IF EXISTS " + view);
    }
}
