package dev.chunkwise.explain;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanInternals;
import dev.chunkwise.internal.ScanPlan;
import dev.chunkwise.internal.ValueKind;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The table the EXPLAIN tests plan against, and the scans and positions they explain.
 *
 * <p>{@code explain_entry}: {@value #ROWS} rows, {@code id} primary key, {@code blog_id NOT NULL}
 * (200 blogs), {@code pub_date} nullable (a quarter NULL, dates spread over eight years), two text
 * columns; indexes {@code explain_entry_blog_id (blog_id, id)} and
 * {@code explain_entry_pub_date (pub_date, id)}; statistics fresh (ANALYZE).
 */
final class ExplainTable {

    static final String TABLE = "explain_entry";
    static final int ROWS = 20_000;
    /** Small against the table, as in real use: a segment holds dozens of chunks. */
    static final int CHUNK = 100;

    static final String BLOG_INDEX = "explain_entry_blog_id";
    static final String PUB_DATE_INDEX = "explain_entry_pub_date";

    private ExplainTable() {}

    static void create(TestDatabase database) {
        database.drop(TABLE);
        database.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, blog_id BIGINT NOT NULL, pub_date DATE,"
                + " title VARCHAR(100) NOT NULL, body VARCHAR(400))");
        if (database == TestDatabase.POSTGRESQL) {
            database.execute("INSERT INTO " + TABLE + " SELECT i, i % 200, CASE WHEN i % 4 = 3 THEN NULL"
                    + " ELSE DATE '2000-01-01' + (i * 7919) % 3000 END, 'title ' || i, repeat('x', 100)"
                    + " FROM generate_series(1, " + ROWS + ") AS i");
        } else {
            database.execute("INSERT INTO " + TABLE + " SELECT seq, seq % 200, CASE WHEN seq % 4 = 3 THEN NULL"
                    + " ELSE DATE '2000-01-01' + INTERVAL (seq * 7919) % 3000 DAY END, CONCAT('title ', seq),"
                    + " REPEAT('x', 100) FROM seq_1_to_" + ROWS);
        }
        database.execute(
                "CREATE INDEX " + BLOG_INDEX + " ON " + TABLE + " (blog_id, id)",
                "CREATE INDEX " + PUB_DATE_INDEX + " ON " + TABLE + " (pub_date, id)",
                database == TestDatabase.POSTGRESQL ? "ANALYZE " + TABLE : "ANALYZE TABLE " + TABLE);
    }

    /** Which stretch of a scan's order a case explains. */
    enum Stretch {
        /** A scan by blog_id: one segment, the whole table. */
        WHOLE_TABLE("TRUE", ROWS),
        /** The rows of a scan by pub_date whose pub_date is set. */
        NON_NULL_PUB_DATE("pub_date IS NOT NULL", ROWS * 3 / 4),
        /** The rows of a scan by pub_date whose pub_date is NULL. */
        NULL_PUB_DATE("pub_date IS NULL", ROWS / 4);

        final String where;
        final int rows;

        Stretch(String where, int rows) {
            this.where = where;
            this.rows = rows;
        }
    }

    /** Where in a stretch a position lies. */
    enum Place {
        /** After three chunks. */
        NEAR_THE_START,
        MIDDLE,
        /** Ten chunks before the end of the stretch. */
        NEAR_THE_END;

        int offset(Stretch stretch) {
            switch (this) {
                case NEAR_THE_START:
                    return 3 * CHUNK;
                case MIDDLE:
                    return stretch.rows / 2;
                default:
                    return stretch.rows - 10 * CHUNK;
            }
        }
    }

    /**
     * One scan and one stretch of its order to explain.
     *
     * @param order the scan's order, as given to {@link Scan.Builder#orderBy(String)}
     * @param stretch which rows the positions are taken from
     * @param index the index the chunk query must range over
     */
    record Case(String order, Stretch stretch, String index) {

        boolean descending() {
            return order.contains(" desc");
        }

        boolean byBlog() {
            return stretch == Stretch.WHOLE_TABLE;
        }

        @Override
        public String toString() {
            return order + " ("
                    + stretch.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
        }
    }

    /** Every case: blog_id both ways, and pub_date's two segments under each NULLs rule and direction. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("blog_id", Stretch.WHOLE_TABLE, BLOG_INDEX));
        cases.add(new Case("blog_id desc", Stretch.WHOLE_TABLE, BLOG_INDEX));
        for (String order : List.of(
                "pub_date asc nulls last",
                "pub_date asc nulls first",
                "pub_date desc nulls first",
                "pub_date desc nulls last")) {
            cases.add(new Case(order, Stretch.NON_NULL_PUB_DATE, PUB_DATE_INDEX));
            cases.add(new Case(order, Stretch.NULL_PUB_DATE, PUB_DATE_INDEX));
        }
        return cases;
    }

    static Scan<Long> scan(TestDatabase database, Case scanCase) {
        return Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(scanCase.order())
                .chunkSize(CHUNK)
                .build(row -> row.getLong("id"));
    }

    /**
     * The chunk query the scan sends after the row at {@code place} of the case's stretch (that
     * row's real key values, read in the scan's own order), with its bind values.
     */
    static ScanPlan.Statement chunkQuery(TestDatabase database, Case scanCase, Place place) {
        Scan<Long> scan = scan(database, scanCase);
        String direction = scanCase.descending() ? " DESC" : "";
        String leading = scanCase.byBlog() ? "blog_id" : "pub_date";
        String orderBy = scanCase.stretch() == Stretch.NULL_PUB_DATE
                ? "id" + direction
                : leading + direction + ", id" + direction;
        String sql = "SELECT " + leading + ", id FROM " + TABLE + " WHERE "
                + scanCase.stretch().where.replace("TRUE", "1 = 1") + " ORDER BY " + orderBy + " LIMIT 1 OFFSET "
                + place.offset(scanCase.stretch());
        Position position = withConnection(database, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no row at " + place + " of " + scanCase);
                }
                Object leadingValue = scanCase.byBlog() ? (Object) row.getLong(1) : row.getObject(1, LocalDate.class);
                return scan.position(leadingValue, row.getLong(2));
            }
        });
        return ScanInternals.chunkQueryAfter(scan, position);
    }

    /** Runs {@code prefix + statement} with the statement's values bound as a scan run binds them. */
    static List<List<String>> explain(TestDatabase database, String prefix, ScanPlan.Statement statement) {
        return withConnection(database, connection -> {
            try (PreparedStatement explain = connection.prepareStatement(prefix + statement.sql())) {
                int index = 1;
                for (Object value : statement.binds()) {
                    ValueKind.bind(explain, index++, value);
                }
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet result = explain.executeQuery()) {
                    int width = result.getMetaData().getColumnCount();
                    List<String> header = new ArrayList<>();
                    for (int column = 1; column <= width; column++) {
                        header.add(result.getMetaData().getColumnLabel(column));
                    }
                    rows.add(header);
                    while (result.next()) {
                        List<String> row = new ArrayList<>();
                        for (int column = 1; column <= width; column++) {
                            row.add(result.getString(column));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    private interface ConnectionWork<R> {
        R apply(Connection connection) throws SQLException;
    }

    private static <R> R withConnection(TestDatabase database, ConnectionWork<R> work) {
        try (Connection connection = database.dataSource().getConnection()) {
            return work.apply(connection);
        } catch (SQLException failure) {
            throw new IllegalStateException(database + ": " + failure.getMessage(), failure);
        }
    }
}
