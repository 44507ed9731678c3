package dev.chunkwise.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The blog-like {@code bench_entry} table: created in bulk by the database itself (PostgreSQL
 * {@code generate_series}, MariaDB's sequence engine, H2 {@code SYSTEM_RANGE}, SQLite a
 * recursive CTE), or reused when it already has the wanted number of rows.
 *
 * <p>Columns: {@code id} (primary key, 1..N), {@code author_id}, {@code title}, {@code slug},
 * {@code body} (192 characters), {@code status}, {@code views}, {@code score},
 * {@code created_at}, {@code updated_at} (NULL for every fifth row): about 300 bytes a row.
 */
final class EntryTable {

    static final String NAME = "bench_entry";

    private EntryTable() {}

    /** Makes sure the table has exactly {@code rows} rows; returns true when it was (re)created. */
    static boolean ensure(Database database, String url, long rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            if (rowCount(statement) == rows) {
                return false;
            }
            statement.execute("DROP TABLE IF EXISTS " + NAME);
            statement.execute(createTable(database));
            statement.execute(fill(database, rows));
            if (database == Database.POSTGRESQL) {
                statement.execute("VACUUM ANALYZE " + NAME);
            } else if (database == Database.MARIADB) {
                statement.execute("ANALYZE TABLE " + NAME);
            } else if (database == Database.H2) {
                statement.execute("ANALYZE TABLE " + NAME);
            } else {
                statement.execute("ANALYZE");
            }
            return true;
        }
    }

    private static long rowCount(Statement statement) {
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + NAME)) {
            count.next();
            return count.getLong(1);
        } catch (SQLException missing) {
            return -1;
        }
    }

    private static String createTable(Database database) {
        String text = database == Database.SQLITE ? "TEXT" : "VARCHAR(200)";
        String body = database == Database.SQLITE ? "TEXT" : "VARCHAR(1000)";
        String bigint = database == Database.SQLITE ? "INTEGER" : "BIGINT";
        String real =
                database == Database.POSTGRESQL ? "DOUBLE PRECISION" : database == Database.SQLITE ? "REAL" : "DOUBLE";
        String timestamp =
                database == Database.MARIADB ? "DATETIME(6)" : database == Database.SQLITE ? "TEXT" : "TIMESTAMP(6)";
        return "CREATE TABLE " + NAME + " (id " + bigint + " NOT NULL PRIMARY KEY, author_id " + bigint
                + " NOT NULL, title " + text + " NOT NULL, slug " + text + " NOT NULL, body " + body
                + " NOT NULL, status " + (database == Database.SQLITE ? "TEXT" : "VARCHAR(16)")
                + " NOT NULL, views INTEGER NOT NULL, score " + real + " NOT NULL, created_at " + timestamp
                + " NOT NULL, updated_at " + timestamp + ")";
    }

    private static String fill(Database database, long rows) {
        String insert = "INSERT INTO " + NAME
                + " (id, author_id, title, slug, body, status, views, score, created_at, updated_at) ";
        switch (database) {
            case POSTGRESQL:
                return insert + "SELECT i, i % 1000, 'Entry number ' || i, 'entry-' || i, repeat(md5(i::text), 6),"
                        + " (ARRAY['draft', 'published', 'archived'])[1 + i % 3], (i::bigint * 7919) % 100000,"
                        + " (i % 1000) / 10.0, TIMESTAMP '2020-01-01' + i * INTERVAL '1 second',"
                        + " CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01' + i * INTERVAL '2 seconds' END"
                        + " FROM generate_series(1, " + rows + ") AS i";
            case MARIADB:
                return insert + "SELECT seq, seq % 1000, CONCAT('Entry number ', seq), CONCAT('entry-', seq),"
                        + " REPEAT(MD5(seq), 6), ELT(1 + seq % 3, 'draft', 'published', 'archived'),"
                        + " (seq * 7919) % 100000, (seq % 1000) / 10.0,"
                        + " TIMESTAMPADD(SECOND, seq, '2020-01-01'),"
                        + " CASE WHEN seq % 5 = 0 THEN NULL ELSE TIMESTAMPADD(SECOND, 2 * seq, '2020-01-01') END"
                        + " FROM seq_1_to_" + rows;
            case H2:
                return insert + "SELECT X, MOD(X, 1000), 'Entry number ' || X, 'entry-' || X,"
                        + " REPEAT(LPAD(CAST(X AS VARCHAR), 32, 'abcdef0123456789'), 6),"
                        + " CASE MOD(X, 3) WHEN 0 THEN 'draft' WHEN 1 THEN 'published' ELSE 'archived' END,"
                        + " MOD(X * 7919, 100000), MOD(X, 1000) / 10.0,"
                        + " DATEADD(SECOND, X, TIMESTAMP '2020-01-01 00:00:00'),"
                        + " CASE WHEN MOD(X, 5) = 0 THEN NULL ELSE DATEADD(SECOND, 2 * X, TIMESTAMP '2020-01-01 00:00:00') END"
                        + " FROM SYSTEM_RANGE(1, " + rows + ")";
            case SQLITE:
                return "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < " + rows + ") "
                        + insert + "SELECT x, x % 1000, 'Entry number ' || x, 'entry-' || x,"
                        + " substr(replace(hex(zeroblob(96)), '00', printf('%08x', x * 2654435761 % 4294967296)), 1, 192),"
                        + " CASE x % 3 WHEN 0 THEN 'draft' WHEN 1 THEN 'published' ELSE 'archived' END,"
                        + " (x * 7919) % 100000, (x % 1000) / 10.0,"
                        + " strftime('%Y-%m-%d %H:%M:%f', 1577836800 + x, 'unixepoch'),"
                        + " CASE WHEN x % 5 = 0 THEN NULL ELSE strftime('%Y-%m-%d %H:%M:%f', 1577836800 + 2 * x, 'unixepoch') END"
                        + " FROM seq";
            default:
                throw new AssertionError(database);
        }
    }
}
