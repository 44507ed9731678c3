package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.cli.ValueExportMatrixTest.Column;
import dev.chunkwise.cli.ValueExportMatrixTest.Setup;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * G8 by the database's own loader: the value matrix's table (every admitted type, special
 * values, NULLs and empty strings) exported as CSV in the source database's conventions and
 * loaded back with PostgreSQL's {@code COPY FROM}, MariaDB's {@code LOAD DATA}, H2's
 * {@code CSVREAD} and SQLite's {@code .import}: the reloaded table equals the original, both ways.
 */
class CsvRoundTripTest {

    private static final String TABLE = "cli_rt";
    private static final String BACK = "cli_rt_back";

    @TempDir
    Path directory;

    /** The columns a loader can read back from text; what it cannot is named with the reason. */
    private static List<Column> columns(Setup setup) {
        return ValueExportMatrixTest.columns(setup).stream()
                // H2's CSVREAD has no array syntax, and H2 has no hex-to-binary function outside Oracle
                // mode (which reads an empty string as NULL): its binary goes through JSON Lines
                .filter(column -> !(setup == Setup.H2
                        && (column.type().endsWith("ARRAY") || column.type().startsWith("VARBINARY"))))
                // SQLite's .import cannot tell a blob from its text, nor keep a value's storage class
                .filter(column -> !(setup == Setup.SQLITE
                        && (column.type().equals("BLOB") || column.type().isEmpty())))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aCsvExportLoadedBackByTheDatabasesOwnLoaderEqualsTheTable(Setup setup) throws Exception {
        List<Column> columns = columns(setup);
        ValueExportMatrixTest.create(setup, columns, TABLE, true);
        ValueExportMatrixTest.create(setup, columns, BACK, false);
        Path csv = directory.resolve("rt.csv");
        List<String> args = new ArrayList<>(List.of(
                "export", "--url", setup.url(), "--table", TABLE, "--out", csv.toString(), "--chunk-size", "2"));
        if (setup == Setup.SQLITE) {
            args.addAll(List.of("--null", "\\N"));
        }
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();

        switch (setup) {
            case POSTGRESQL:
                try (Connection connection = setup.database.open();
                        Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                    new CopyManager(connection.unwrap(BaseConnection.class))
                            .copyIn("COPY " + BACK + " FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
                }
                assertSameRows(setup, "SELECT t::text FROM " + TABLE + " t", "SELECT t::text FROM " + BACK + " t");
                break;
            case MARIADB:
            case MYSQL_DRIVER:
                loadData(setup, columns, csv);
                assertSameRows(setup, selectAll(columns, TABLE), selectAll(columns, BACK));
                break;
            case H2:
                try (Connection connection = setup.database.open();
                        Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO " + BACK + " SELECT ID, "
                            + columns.stream().map(CsvRoundTripTest::fromH2Text).collect(Collectors.joining(", "))
                            + " FROM CSVREAD('" + csv + "', NULL, 'charset=UTF-8')");
                }
                assertSameRows(setup, selectAll(columns, TABLE), selectAll(columns, BACK));
                break;
            default:
                sqliteImport(setup, columns, csv);
                assertSameRows(setup, selectAll(columns, TABLE), selectAll(columns, BACK));
                break;
        }
    }

    /** H2's CSVREAD reads every field as text: JSON as JSON text. */
    private static String fromH2Text(Column column) {
        String name = column.name().toUpperCase(Locale.ROOT);
        if (column.type().equals("JSON")) {
            return name + " FORMAT JSON";
        }
        return name;
    }

    /**
     * MariaDB's LOAD DATA with the statement chunkwise's README gives: BIT columns through
     * {@code CAST(@c AS UNSIGNED)}, binary ones through {@code UNHEX(@c)}.
     */
    private static void loadData(Setup setup, List<Column> columns, Path csv) throws SQLException {
        List<String> targets = new ArrayList<>(List.of("id"));
        List<String> sets = new ArrayList<>();
        for (Column column : columns) {
            String type = column.type().toUpperCase(Locale.ROOT);
            if (type.startsWith("BIT")) {
                targets.add("@" + column.name());
                sets.add(column.name() + " = CAST(@" + column.name() + " AS UNSIGNED)");
            } else if (type.startsWith("BINARY") || type.startsWith("VARBINARY") || type.endsWith("BLOB")) {
                targets.add("@" + column.name());
                sets.add(column.name() + " = UNHEX(@" + column.name() + ")");
            } else {
                targets.add(column.name());
            }
        }
        Properties properties = new Properties();
        properties.setProperty("allowLocalInfile", "true");
        String url = setup.url();
        try (Connection connection = setup == Setup.MYSQL_DRIVER
                        ? DriverManager.getConnection(url + "&allowLoadLocalInfile=true")
                        : DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement()) {
            statement.execute("LOAD DATA LOCAL INFILE '" + csv + "' INTO TABLE " + BACK + " CHARACTER SET utf8mb4"
                    + " FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\r\\n'"
                    + " IGNORE 1 LINES (" + String.join(", ", targets) + ")"
                    + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets)));
        }
    }

    /** sqlite3's .import into the table, then the NULLs spelt \N turned back into NULLs. */
    private static void sqliteImport(Setup setup, List<Column> columns, Path csv) throws Exception {
        String file = setup.url().substring("jdbc:sqlite:".length());
        Process sqlite = new ProcessBuilder("sqlite3", file, ".import --csv --skip 1 " + csv + " " + BACK)
                .redirectErrorStream(true)
                .start();
        assertThat(sqlite.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(sqlite.exitValue())
                .as(new String(sqlite.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        List<String> nulls = new ArrayList<>();
        for (Column column : columns) {
            nulls.add("UPDATE " + BACK + " SET " + column.name() + " = NULL WHERE " + column.name() + " = '\\N'");
        }
        ValueExportMatrixTest.execute(setup, nulls);
    }

    private static String selectAll(List<Column> columns, String table) {
        return "SELECT id, " + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + " FROM " + table;
    }

    /** Both queries give the same rows, counted: every row of one is in the other, as often. */
    private static void assertSameRows(Setup setup, String original, String reloaded) throws SQLException {
        List<String> before = rows(setup, original + " ORDER BY 1");
        List<String> after = rows(setup, reloaded + " ORDER BY 1");
        assertThat(after).as(setup + ": the table loaded back from the CSV").containsExactlyElementsOf(before);
    }

    /** A value as the driver reads it, with its Java type (SQLite's storage class shows there). */
    private static String text(ResultSet result, int column) throws SQLException {
        Object value;
        try {
            value = result.getObject(column);
        } catch (SQLException unreadable) {
            value = result.getString(column); // a MariaDB zero date
        }
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[]) {
            return "bytes:" + java.util.HexFormat.of().formatHex((byte[]) value);
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    /** Every row as text, each value as the driver reads it back: null, or its string and type. */
    private static List<String> rows(Setup setup, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection =
                        setup == Setup.MYSQL_DRIVER ? DriverManager.getConnection(setup.url()) : setup.database.open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(i == 1 ? "" : " | ").append(text(result, i));
                }
                rows.add(row.toString());
            }
        }
        assertThat(rows).as(sql).isNotEmpty();
        return rows;
    }
}
