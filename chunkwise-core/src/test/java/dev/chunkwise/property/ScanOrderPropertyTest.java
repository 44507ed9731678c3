package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * G1 and G3 as properties, on each of the five database set-ups: a chunked scan delivers, row for
 * row, what the database's own single {@code ORDER BY} query returns, and a run cut after any
 * chunk and resumed from that chunk's position token delivers the rest.
 *
 * <p>The oracle query is rendered here, independently of the library: every sort key becomes
 * {@code CASE WHEN c IS NULL THEN 0 ELSE 1 END ASC|DESC, c ASC|DESC}, with a {@code DEFAULT}
 * NULLs rule resolved from this test's own table of each database's default (checked by
 * {@link #eachDatabaseSortsNullsWhereTheOracleAssumes()}), so a wrong notion of a database's
 * default NULL placement in the library shows as a difference. The expected tie-breaker (the
 * primary key columns the order lacks, unless it holds them all) is likewise derived here and
 * compared with {@link Scan#order()}. Rows are compared as the driver's {@code getString} of
 * every column, so collations never need to be modelled in Java.
 *
 * <p>Each try creates its own table and nothing carries over between tries, so the outcome
 * depends on the generated case alone: no fixed seed is set, every run explores new cases, and
 * a failure is replayed with the seed jqwik reports ({@code @Property(seed = "...")}). A failure
 * shows the table, the order, the chunk size and the SQL of the chunk and oracle queries.
 */
class ScanOrderPropertyTest {

    private static final int TRIES = 30;
    private static final Set<TestDatabase> USED = EnumSet.noneOf(TestDatabase.class);

    @Property(tries = TRIES)
    void onPostgresqlChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.POSTGRESQL, scanCase);
    }

    @Property(tries = TRIES)
    void onMariaDbChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.MARIADB, scanCase);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.MYSQL_DRIVER, scanCase);
    }

    @Property(tries = TRIES)
    void onH2ChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.H2, scanCase);
    }

    @Property(tries = TRIES)
    void onSqliteChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.SQLITE, scanCase);
    }

    @Provide
    Arbitrary<ScanCase> cases() {
        return ScanCases.cases();
    }

    /** The oracle's own table of default NULL placement, checked against each database. */
    @Example
    void eachDatabaseSortsNullsWhereTheOracleAssumes() {
        for (TestDatabase database : TestDatabase.values()) {
            String table = tableName(database) + "_nulls";
            database.drop(table);
            database.execute("CREATE TABLE " + table + " (x " + database.integer() + ")",
                    "INSERT INTO " + table + " (x) VALUES (1)", "INSERT INTO " + table + " (x) VALUES (NULL)");
            List<Object> ascending = database.column("SELECT x FROM " + table + " ORDER BY x");
            List<Object> descending = database.column("SELECT x FROM " + table + " ORDER BY x DESC");
            database.drop(table);
            assertThat(ascending.get(0) == null).as(database + ": NULL first in ORDER BY x")
                    .isEqualTo(!nullsSortHigh(database));
            assertThat(descending.get(0) == null).as(database + ": NULL first in ORDER BY x DESC")
                    .isEqualTo(nullsSortHigh(database));
        }
    }

    @AfterContainer
    static void dropTables() {
        for (TestDatabase database : USED) {
            database.drop(tableName(database));
        }
    }

    // ---- The property ------------------------------------------------------------------------

    private static void check(TestDatabase database, ScanCase scanCase) {
        USED.add(database);
        String table = tableName(database);
        scanCase.table().create(database, table);
        LeakTrackingDataSource tracked = new LeakTrackingDataSource(database.dataSource());
        Scan<List<String>> scan = build(tracked, table, scanCase, scanCase.chunkSize());

        List<SortKey> expectedOrder = expectedOrder(database, scanCase);
        String oracleSql = oracleSql(table, scanCase, expectedOrder);
        String report = "\n" + database + ": " + scanCase
                + "\n  scan.order():      " + scan.order()
                + "\n  expected order:    " + expectedOrder
                + "\n  first chunk query: " + scan.firstChunkSql()
                + "\n  next chunk query:  " + scan.nextChunkSql()
                + "\n  oracle query:      " + oracleSql + "\n";

        assertResolvedOrder(scan.order(), expectedOrder, report);
        List<List<String>> expected = oracle(database, oracleSql, scanCase.filter());

        List<Chunk<List<String>>> chunks = new ArrayList<>();
        try {
            scan.forEachChunk(chunks::add);
        } catch (RuntimeException failure) {
            throw new AssertionError("the chunked run failed" + report, failure);
        }
        List<List<String>> delivered = chunks.stream().flatMap(chunk -> chunk.rows().stream())
                .collect(Collectors.toList());
        assertThat(delivered).as("rows of the chunked run" + report).containsExactlyElementsOf(expected);
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).number()).as("number of chunk " + (i + 1) + report).isEqualTo(i + 1);
            assertThat(chunks.get(i).size()).as("size of chunk " + (i + 1) + report)
                    .isBetween(1, scanCase.chunkSize());
        }

        if (!chunks.isEmpty()) {
            int cut = 1 + (scanCase.cutAfterChunk() - 1) % chunks.size();
            String token = chunks.get(cut - 1).last().token();
            String resumeReport = report + "  cut after chunk " + cut + " of " + chunks.size() + ", token " + token
                    + " = " + Position.parse(token) + "\n";
            Scan<List<String>> resumable = build(tracked, table, scanCase, scanCase.resumeChunkSize());
            List<List<String>> resumed;
            try (Stream<List<String>> rest = resumable.startAfter(Position.parse(token)).stream()) {
                resumed = rest.collect(Collectors.toList());
            } catch (RuntimeException failure) {
                throw new AssertionError("the resumed run failed" + resumeReport, failure);
            }
            List<List<String>> concatenated = new ArrayList<>();
            chunks.subList(0, cut).forEach(chunk -> concatenated.addAll(chunk.rows()));
            concatenated.addAll(resumed);
            assertThat(concatenated).as("rows of the first " + cut + " chunks, then of the resumed run"
                    + resumeReport).containsExactlyElementsOf(expected);
        }
        assertThat(tracked.stillOpen()).as("JDBC objects left open" + report).isEmpty();
        Statistics.label("rows").collect(bucket(scanCase.table().rows().size()));
        Statistics.label("rows matching the filter").collect(bucket(expected.size()));
        Statistics.label("chunks").collect(bucket(chunks.size()));
        Statistics.label("declared keys").collect(scanCase.order().size());
        Statistics.label("leading key nullable").collect(!scanCase.order().isEmpty()
                && GeneratedTable.VALUE_COLUMNS.contains(scanCase.order().get(0).column()));
    }

    private static String bucket(int count) {
        return count == 0 ? "0" : count <= 5 ? "1-5" : count <= 20 ? "6-20" : "21+";
    }

    private static Scan<List<String>> build(DataSource dataSource, String table, ScanCase scanCase, int chunkSize) {
        List<String> columns = scanCase.table().columns();
        Scan.Builder builder = Scan.over(dataSource).table(table).columns(columns.toArray(new String[0]))
                .orderBy(scanCase.order()).chunkSize(chunkSize);
        if (scanCase.reverse()) {
            builder.reverse();
        }
        if (scanCase.filter().sql() != null) {
            builder.where(scanCase.filter().sql(), scanCase.filter().parameter());
        }
        int width = columns.size();
        return builder.build(row -> {
            List<String> values = new ArrayList<>(width);
            for (int i = 1; i <= width; i++) {
                values.add(row.getString(i));
            }
            return values;
        });
    }

    // ---- The oracle --------------------------------------------------------------------------

    /** Whether NULL sorts after every value in a plain ascending ORDER BY on this database. */
    private static boolean nullsSortHigh(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL;
    }

    /**
     * The total order the scan must walk, derived from the case alone: the declared keys with
     * {@code DEFAULT} resolved to the database's own placement for the declared direction, then
     * the primary key columns the order lacks (none if it holds them all), ascending; all of it
     * flipped, direction and NULLs, for a reverse scan.
     */
    private static List<SortKey> expectedOrder(TestDatabase database, ScanCase scanCase) {
        List<SortKey> order = new ArrayList<>();
        Set<String> ordered = new HashSet<>();
        for (SortKey declared : scanCase.order()) {
            boolean descending = declared.direction() == SortKey.Direction.DESC;
            boolean nullsFirst = declared.nulls() == SortKey.Nulls.DEFAULT
                    ? descending == nullsSortHigh(database)
                    : declared.nulls() == SortKey.Nulls.FIRST;
            order.add(resolved(declared.column(), descending, nullsFirst, scanCase.reverse()));
            ordered.add(declared.column());
        }
        List<String> primaryKey = scanCase.table().keyShape().columns();
        if (!ordered.containsAll(primaryKey)) {
            for (String column : primaryKey) {
                if (!ordered.contains(column)) {
                    order.add(resolved(column, false, !nullsSortHigh(database), scanCase.reverse()));
                }
            }
        }
        return order;
    }

    private static SortKey resolved(String column, boolean descending, boolean nullsFirst, boolean reverse) {
        boolean walkDescending = descending != reverse;
        boolean walkNullsFirst = nullsFirst != reverse;
        return new SortKey(column, walkDescending ? SortKey.Direction.DESC : SortKey.Direction.ASC,
                walkNullsFirst ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST);
    }

    /** Same columns, same directions, and same NULLs placement where the column can hold NULL. */
    private static void assertResolvedOrder(List<SortKey> actual, List<SortKey> expected, String report) {
        assertThat(actual).as("scan.order()" + report).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            SortKey want = expected.get(i);
            SortKey got = actual.get(i);
            assertThat(got.column().toLowerCase(Locale.ROOT)).as("column of key " + i + report)
                    .isEqualTo(want.column());
            assertThat(got.direction()).as("direction of key " + want.column() + report).isEqualTo(want.direction());
            if (GeneratedTable.VALUE_COLUMNS.contains(want.column())) {
                assertThat(got.nulls()).as("NULLs placement of key " + want.column() + report)
                        .isEqualTo(want.nulls());
            }
        }
    }

    private static String oracleSql(String table, ScanCase scanCase, List<SortKey> order) {
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", scanCase.table().columns()))
                .append(" FROM ").append(table);
        if (scanCase.filter().sql() != null) {
            sql.append(" WHERE (").append(scanCase.filter().sql()).append(')');
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            SortKey key = order.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append("CASE WHEN ").append(key.column()).append(" IS NULL THEN 0 ELSE 1 END ")
                    .append(key.nulls() == SortKey.Nulls.FIRST ? "ASC" : "DESC")
                    .append(", ").append(key.column()).append(' ').append(key.direction());
        }
        return sql.toString();
    }

    private static List<List<String>> oracle(TestDatabase database, String sql, ScanCase.Filter filter) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (filter.sql() != null) {
                statement.setObject(1, filter.parameter());
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException(database + ": the oracle query failed: " + sql, failure);
        }
    }

    /** One table per set-up and per JVM, so that concurrent builds on the shared servers do not collide. */
    private static String tableName(TestDatabase database) {
        return "prop_" + database.name().toLowerCase(Locale.ROOT) + "_" + ProcessHandle.current().pid();
    }
}
