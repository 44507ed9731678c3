package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the properties compare a scan with, derived from a {@link ScanCase} independently of the
 * library: the total order the scan must walk and the database's own single {@code ORDER BY}
 * query for it. Every sort key becomes {@code CASE WHEN c IS NULL THEN 0 ELSE 1 END ASC|DESC,
 * c ASC|DESC}, with a {@code DEFAULT} NULLs rule resolved from this class's own table of each
 * database's default, so a wrong notion of that default in the library shows as a difference.
 * Rows are compared as the driver's {@code getString} of every column, so collations never need
 * to be modelled in Java.
 */
final class ScanOracle {

    private ScanOracle() {}

    /** Whether NULL sorts after every value in a plain ascending ORDER BY on this database. */
    static boolean nullsSortHigh(TestDatabase database) {
        return database == TestDatabase.POSTGRESQL;
    }

    /** One table per set-up and per JVM, so that concurrent builds on the shared servers do not collide. */
    static String tableName(TestDatabase database) {
        return "prop_" + database.name().toLowerCase(Locale.ROOT) + "_"
                + ProcessHandle.current().pid();
    }

    /** The scan of a case, mapping each row to the {@code getString} of every column. */
    static Scan<List<String>> build(DataSource dataSource, String table, ScanCase scanCase, int chunkSize) {
        List<String> columns = scanCase.table().columns();
        Scan.Builder builder = Scan.over(dataSource)
                .table(table)
                .columns(columns.toArray(new String[0]))
                .orderBy(scanCase.order())
                .chunkSize(chunkSize);
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

    /**
     * The total order the scan must walk, derived from the case alone: the declared keys with
     * {@code DEFAULT} resolved to the database's own placement for the declared direction, then
     * the primary key columns the order lacks (none if it holds them all), in the direction of the
     * last declared key (ascending when none is declared); all of it
     * flipped, direction and NULLs, for a reverse scan.
     */
    static List<SortKey> expectedOrder(TestDatabase database, ScanCase scanCase) {
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
        boolean tieDescending = !scanCase.order().isEmpty()
                && scanCase.order().get(scanCase.order().size() - 1).direction() == SortKey.Direction.DESC;
        if (!ordered.containsAll(primaryKey)) {
            for (String column : primaryKey) {
                if (!ordered.contains(column)) {
                    order.add(resolved(
                            column, tieDescending, tieDescending == nullsSortHigh(database), scanCase.reverse()));
                }
            }
        }
        return order;
    }

    private static SortKey resolved(String column, boolean descending, boolean nullsFirst, boolean reverse) {
        boolean walkDescending = descending != reverse;
        boolean walkNullsFirst = nullsFirst != reverse;
        return new SortKey(
                column,
                walkDescending ? SortKey.Direction.DESC : SortKey.Direction.ASC,
                walkNullsFirst ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST);
    }

    /** Same columns, same directions, and same NULLs placement where the column can hold NULL. */
    static void assertResolvedOrder(List<SortKey> actual, List<SortKey> expected, String report) {
        assertThat(actual).as("scan.order()" + report).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            SortKey want = expected.get(i);
            SortKey got = actual.get(i);
            assertThat(got.column().toLowerCase(Locale.ROOT))
                    .as("column of key " + i + report)
                    .isEqualTo(want.column());
            assertThat(got.direction())
                    .as("direction of key " + want.column() + report)
                    .isEqualTo(want.direction());
            if (GeneratedTable.VALUE_COLUMNS.contains(want.column())) {
                assertThat(got.nulls())
                        .as("NULLs placement of key " + want.column() + report)
                        .isEqualTo(want.nulls());
            }
        }
    }

    /**
     * {@code SELECT <every column> FROM <table> [WHERE (<filter>)] ORDER BY <order>}, or with
     * {@code condition} in place of the filter.
     */
    static String orderBySql(String table, ScanCase scanCase, List<SortKey> order, String condition) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.join(", ", scanCase.table().columns()))
                .append(" FROM ")
                .append(table);
        if (condition != null) {
            sql.append(" WHERE ").append(condition);
        } else if (scanCase.filter().sql() != null) {
            sql.append(" WHERE (").append(scanCase.filter().sql()).append(')');
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            SortKey key = order.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append("CASE WHEN ")
                    .append(key.column())
                    .append(" IS NULL THEN 0 ELSE 1 END ")
                    .append(key.nulls() == SortKey.Nulls.FIRST ? "ASC" : "DESC")
                    .append(", ")
                    .append(key.column())
                    .append(' ')
                    .append(key.direction());
        }
        return sql.toString();
    }

    /** The filter's bind values, none without a filter. */
    static List<Object> filterParameters(ScanCase scanCase) {
        return scanCase.filter().sql() == null
                ? List.of()
                : List.of(scanCase.filter().parameter());
    }

    /** Every row of a query, each as the {@code getString} of every column. */
    static List<List<String>> rows(TestDatabase database, String sql, List<Object> parameters) {
        return rows(database, sql, statement -> {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
        });
    }

    /** Binds the parameters of an oracle query. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Every row of a query, each as the {@code getString} of every column. */
    static List<List<String>> rows(TestDatabase database, String sql, Binder binder) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
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
}
