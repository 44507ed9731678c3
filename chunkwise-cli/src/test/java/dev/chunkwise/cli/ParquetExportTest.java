package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.cli.ValueExportMatrixTest.Column;
import dev.chunkwise.cli.ValueExportMatrixTest.Setup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code export --format parquet}, read back by an independent reader, DuckDB: every type the
 * CLI admits comes back with its Parquet type and exactly its value (NULLs and empty strings
 * distinct), on PostgreSQL, MariaDB through both drivers, H2 and SQLite; a type Parquet cannot
 * hold is refused before anything is written, a value it cannot hold fails naming the column and
 * the value and leaves no file; an interrupted resumable export's parts, completed by a resume,
 * hold the table exactly once.
 */
class ParquetExportTest {

    private static final String TABLE = "cli_parquet";

    @TempDir
    Path directory;

    /** A column, the DuckDB type it is read back as, and per row the literal stored and the value expected. */
    record Typed(Column column, String duckType) {}

    private static Typed typed(String name, String type, String duckType, String... literalsAndExpected) {
        List<String[]> values = new ArrayList<>();
        for (int i = 0; i < literalsAndExpected.length; i += 2) {
            values.add(new String[] {literalsAndExpected[i], literalsAndExpected[i + 1]});
        }
        values.add(new String[] {"NULL", null});
        return new Typed(new Column(name, type, values), duckType);
    }

    private static String url(Setup setup) {
        return setup == Setup.MYSQL_DRIVER ? TestDatabase.mysqlDriverUrl() : setup.database.url();
    }

    /** The table is created through the server's own driver: MARIADB's for the MySQL driver too. */
    private static Setup creator(Setup setup) {
        return setup == Setup.MYSQL_DRIVER ? Setup.MARIADB : setup;
    }

    static List<Typed> columns(Setup setup) {
        switch (setup) {
            case POSTGRESQL:
                return List.of(
                        typed("c_smallint", "smallint", "SMALLINT", "32767", "32767", "-32768", "-32768"),
                        typed("c_int", "integer", "INTEGER", "2147483647", "2147483647"),
                        typed("c_bigint", "bigint", "BIGINT", "-9223372036854775808", "-9223372036854775808"),
                        typed(
                                "c_numeric",
                                "numeric(38,20)",
                                "DECIMAL(38,20)",
                                "0.00000000000000000001",
                                "0.00000000000000000001",
                                "1.5",
                                "1.50000000000000000000",
                                "-123456789012345678.12345678901234567890",
                                "-123456789012345678.12345678901234567890"),
                        typed(
                                "c_numeric9",
                                "numeric(9,2)",
                                "DECIMAL(9,2)",
                                "1234567.89",
                                "1234567.89",
                                "-0.01",
                                "-0.01"),
                        typed(
                                "c_numeric18",
                                "numeric(18,6)",
                                "DECIMAL(18,6)",
                                "123456789012.345678",
                                "123456789012.345678"),
                        typed(
                                "c_real",
                                "real",
                                "FLOAT",
                                "0.1",
                                "0.1",
                                "16777216",
                                "16777216",
                                "'NaN'",
                                "NaN",
                                "'-Infinity'",
                                "-Infinity",
                                "0.33333334",
                                "0.33333334",
                                "1e-45",
                                "1.4E-45"),
                        typed(
                                "c_double",
                                "double precision",
                                "DOUBLE",
                                "0.30000000000000004",
                                "0.30000000000000004",
                                "'NaN'",
                                "NaN",
                                "'Infinity'",
                                "Infinity",
                                "4.9e-324",
                                "4.9E-324"),
                        typed("c_boolean", "boolean", "BOOLEAN", "true", "true", "false", "false"),
                        typed("c_char", "char(5)", "VARCHAR", "'ab'", "ab   "),
                        typed(
                                "c_text",
                                "text",
                                "VARCHAR",
                                "'O''Brien'",
                                "O'Brien",
                                "''",
                                "",
                                "'\u00e9 \ud83d\ude00'",
                                "\u00e9 \ud83d\ude00"),
                        typed("c_bytea", "bytea", "BLOB", "'\\xdeadbeef'", "3q2+7w==", "'\\x'", ""),
                        typed("c_date", "date", "DATE", "'0044-03-15 BC'", "-0043-03-15", "'2000-02-29'", "2000-02-29"),
                        typed(
                                "c_time",
                                "time",
                                "TIME",
                                "'24:00:00'",
                                "24:00:00",
                                "'23:59:59.999999'",
                                "23:59:59.999999"),
                        typed("c_timetz", "timetz", "VARCHAR", "'10:00:00+05:30'", "10:00:00+05:30"),
                        typed(
                                "c_timestamp",
                                "timestamp",
                                "TIMESTAMP",
                                "'2000-01-01 00:00:00.123456'",
                                "2000-01-01T00:00:00.123456",
                                "'0044-03-15 12:00:00 BC'",
                                "-0043-03-15T12:00:00"),
                        typed(
                                "c_timestamptz",
                                "timestamptz",
                                "TIMESTAMP WITH TIME ZONE",
                                "'2024-03-10 12:34:56.789+02'",
                                "2024-03-10T10:34:56.789Z"),
                        typed(
                                "c_interval",
                                "interval",
                                "VARCHAR",
                                "'1 day 2 hours 3 minutes 4.5 seconds'",
                                "1 day 02:03:04.5"),
                        typed(
                                "c_uuid",
                                "uuid",
                                "UUID",
                                "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
                                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                        typed("c_json", "json", "JSON", "'{\"b\": 1,  \"a\":[1,2]}'", "{\"b\": 1,  \"a\":[1,2]}"),
                        typed(
                                "c_jsonb",
                                "jsonb",
                                "JSON",
                                "'{\"b\":{\"c\":[1,\"x\",null, 1.50]},\"a\":1}'",
                                "{\"a\": 1, \"b\": {\"c\": [1, \"x\", null, 1.50]}}"),
                        typed("c_xml", "xml", "VARCHAR", "'<a>b</a>'", "<a>b</a>"),
                        typed("c_int_array", "integer[]", "INTEGER[]", "'{1,NULL,3}'", "[1,null,3]", "'{}'", "[]"),
                        typed(
                                "c_bigint_array",
                                "bigint[]",
                                "BIGINT[]",
                                "'{9223372036854775807,-1}'",
                                "[9223372036854775807,-1]"),
                        typed(
                                "c_text_array",
                                "text[]",
                                "VARCHAR[]",
                                "'{\"a b\",NULL,\"NULL\",\"\",\"x,\\\"y\"}'",
                                "[\"a b\",null,\"NULL\",\"\",\"x,\\\"y\"]"),
                        typed("c_bool_array", "boolean[]", "BOOLEAN[]", "'{t,f,NULL}'", "[true,false,null]"),
                        typed("c_double_array", "float8[]", "DOUBLE[]", "'{1.5,-0.25}'", "[1.5,-0.25]"),
                        typed("c_numeric_array", "numeric[]", "VARCHAR", "'{1.50,2}'", "{1.50,2}"),
                        typed("c_enum", "cli_mood", "VARCHAR", "'happy'", "happy"),
                        typed("c_inet", "inet", "VARCHAR", "'192.168.0.1/24'", "192.168.0.1/24"),
                        typed("c_money", "money", "VARCHAR", "1234.56", "$1,234.56"),
                        typed("c_bit", "bit(3)", "VARCHAR", "B'101'", "101"),
                        typed("c_point", "point", "VARCHAR", "'(1.5,2)'", "(1.5,2)"));
            case MARIADB:
            case MYSQL_DRIVER: {
                List<Typed> columns = new ArrayList<>(List.of(
                        typed("c_tinyint1", "TINYINT(1)", "TINYINT", "-3", "-3", "5", "5", "127", "127", "0", "0"),
                        typed("c_boolean", "BOOLEAN", "TINYINT", "TRUE", "1", "FALSE", "0"),
                        typed("c_tinyint_u", "TINYINT UNSIGNED", "UTINYINT", "255", "255"),
                        typed("c_smallint", "SMALLINT", "SMALLINT", "-32768", "-32768"),
                        typed("c_smallint_u", "SMALLINT UNSIGNED", "USMALLINT", "65535", "65535"),
                        typed("c_mediumint", "MEDIUMINT", "INTEGER", "-8388608", "-8388608"),
                        typed("c_int", "INT", "INTEGER", "-2147483648", "-2147483648"),
                        typed("c_int_u", "INT UNSIGNED", "UINTEGER", "4294967295", "4294967295"),
                        typed("c_bigint", "BIGINT", "BIGINT", "-9223372036854775808", "-9223372036854775808"),
                        typed(
                                "c_unsigned",
                                "BIGINT UNSIGNED",
                                "DECIMAL(20,0)",
                                "18446744073709551615",
                                "18446744073709551615"),
                        typed(
                                "c_decimal",
                                "DECIMAL(20,4)",
                                "DECIMAL(20,4)",
                                "0.1",
                                "0.1000",
                                "-1234567890123456.7890",
                                "-1234567890123456.7890"),
                        typed("c_double", "DOUBLE", "DOUBLE", "0.1", "0.1", "4.9e-324", "4.9E-324"),
                        typed("c_bit1", "BIT(1)", "BOOLEAN", "b'1'", "true", "b'0'", "false"),
                        typed("c_bit8", "BIT(8)", "BLOB", "b'10100101'", "pQ=="),
                        typed("c_year", "YEAR", "SMALLINT", "0", "0", "2024", "2024", "1901", "1901"),
                        typed("c_date", "DATE", "DATE", "'2024-02-29'", "2024-02-29", "'1000-01-01'", "1000-01-01"),
                        typed(
                                "c_datetime",
                                "DATETIME(6)",
                                "TIMESTAMP",
                                "'2024-03-01 10:15:30'",
                                "2024-03-01T10:15:30",
                                "'2024-03-01 10:15:30.000001'",
                                "2024-03-01T10:15:30.000001"),
                        typed(
                                "c_time",
                                "TIME(6)",
                                "TIME",
                                "'23:59:59.999999'",
                                "23:59:59.999999",
                                "'00:00:00'",
                                "00:00:00"),
                        typed("c_varchar", "VARCHAR(40)", "VARCHAR", "'O\\'Brien'", "O'Brien", "''", "", "'b '", "b "),
                        typed("c_enum", "ENUM('b','a','c')", "VARCHAR", "'a'", "a"),
                        typed("c_set", "SET('x','y','z')", "VARCHAR", "'x,z'", "x,z", "''", ""),
                        typed(
                                "c_json",
                                "JSON",
                                // MySQL Connector/J reports MariaDB's JSON as LONGTEXT: written as its text
                                setup == Setup.MARIADB ? "JSON" : "VARCHAR",
                                "'{\"a\": [1, 2]}'",
                                "{\"a\": [1, 2]}"),
                        typed(
                                "c_timestamp",
                                "TIMESTAMP(6) NULL",
                                "TIMESTAMP",
                                "'2024-03-01 10:15:30.5'",
                                "2024-03-01T10:15:30.5"),
                        typed(
                                "c_uuid",
                                "UUID",
                                // MySQL Connector/J reports MariaDB's UUID as CHAR: written as its text
                                setup == Setup.MARIADB ? "UUID" : "VARCHAR",
                                "'123e4567-e89b-12d3-a456-426614174000'",
                                "123e4567-e89b-12d3-a456-426614174000"),
                        typed("c_inet6", "INET6", "VARCHAR", "'2001:db8::1'", "2001:db8::1"),
                        typed("c_binary", "BINARY(4)", "BLOB", "x'01'", "AQAAAA=="),
                        typed("c_text", "TEXT", "VARCHAR", "'long text'", "long text")));
                if (setup == Setup.MARIADB) {
                    // MySQL Connector/J cannot read MariaDB's FLOAT exactly: refused (ValueExportMatrixTest)
                    columns.add(typed(
                            "c_float",
                            "FLOAT",
                            "FLOAT",
                            "16777216",
                            "16777216",
                            "0.33333334",
                            "0.33333334",
                            "1e-45",
                            "1.4E-45",
                            "0.1",
                            "0.1"));
                }
                return columns;
            }
            case H2:
                return List.of(
                        typed("c_tinyint", "TINYINT", "TINYINT", "-128", "-128"),
                        typed("c_smallint", "SMALLINT", "SMALLINT", "32767", "32767"),
                        typed("c_int", "INTEGER", "INTEGER", "-2147483648", "-2147483648"),
                        typed("c_bigint", "BIGINT", "BIGINT", "9223372036854775807", "9223372036854775807"),
                        typed("c_decimal", "DECIMAL(20,4)", "DECIMAL(20,4)", "1.5", "1.5000", "-0.0001", "-0.0001"),
                        typed("c_real", "REAL", "FLOAT", "0.1", "0.1", "16777216", "16777216"),
                        typed("c_double", "DOUBLE PRECISION", "DOUBLE", "CAST('NaN' AS DOUBLE)", "NaN", "0.1", "0.1"),
                        typed("c_boolean", "BOOLEAN", "BOOLEAN", "TRUE", "true", "FALSE", "false"),
                        typed("c_char", "CHAR(5)", "VARCHAR", "'ab'", "ab   "),
                        typed("c_varchar", "VARCHAR(20)", "VARCHAR", "''", "", "'x y'", "x y"),
                        typed(
                                "c_date",
                                "DATE",
                                "DATE",
                                "DATE '-0001-12-31'",
                                "-0001-12-31",
                                "DATE '0000-01-01'",
                                "0000-01-01"),
                        typed("c_time", "TIME(6)", "TIME", "TIME '12:34:56.123456'", "12:34:56.123456"),
                        typed(
                                "c_timetz",
                                "TIME(6) WITH TIME ZONE",
                                "VARCHAR",
                                "TIME WITH TIME ZONE '12:00:00+01'",
                                "12:00:00+01:00"),
                        typed(
                                "c_timestamp",
                                "TIMESTAMP(6)",
                                "TIMESTAMP",
                                "TIMESTAMP '2024-01-15 10:20:30.123456'",
                                "2024-01-15T10:20:30.123456"),
                        typed(
                                "c_timestamptz",
                                "TIMESTAMP(6) WITH TIME ZONE",
                                "TIMESTAMP WITH TIME ZONE",
                                "TIMESTAMP WITH TIME ZONE '2024-01-15 10:20:30.123456+01'",
                                "2024-01-15T10:20:30.123456+01:00"),
                        typed(
                                "c_interval",
                                "INTERVAL DAY TO SECOND",
                                "VARCHAR",
                                "INTERVAL '1 02:03:04.5' DAY TO SECOND",
                                "INTERVAL '1 02:03:04.5' DAY TO SECOND"),
                        typed("c_enum", "ENUM('b','a','c')", "VARCHAR", "'a'", "a"),
                        typed("c_json", "JSON", "JSON", "JSON '{\"a\":[1,2]}'", "{\"a\":[1,2]}"),
                        typed("c_array", "INTEGER ARRAY", "VARCHAR", "ARRAY[1, NULL]", "[1,null]"),
                        typed("c_text_array", "VARCHAR(10) ARRAY", "VARCHAR", "ARRAY['a, b', NULL]", "[\"a, b\",null]"),
                        typed(
                                "c_uuid",
                                "UUID",
                                "UUID",
                                "'123e4567-e89b-12d3-a456-426614174000'",
                                "123e4567-e89b-12d3-a456-426614174000"),
                        typed("c_binary", "VARBINARY(8)", "BLOB", "X'FF80'", "/4A=", "X''", ""));
            default:
                return List.of(
                        typed("c_integer", "INTEGER", "BIGINT", "9223372036854775807", "9223372036854775807"),
                        typed("c_real", "REAL", "DOUBLE", "0.1", "0.1", "9007199254740993.0", "9007199254740992"),
                        typed("c_text", "TEXT", "VARCHAR", "'O''Brien'", "O'Brien", "''", ""),
                        typed("c_varchar", "VARCHAR(10)", "VARCHAR", "'abc'", "abc"),
                        typed("c_blob", "BLOB", "BLOB", "x'ff00'", "/wA=", "x''", ""));
        }
    }

    // ---- DuckDB, the independent reader -------------------------------------------------------

    private static List<List<Object>> duckdb(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet result = statement.executeQuery(sql)) {
                int width = result.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("DuckDB: " + failure.getMessage() + " in " + sql, failure);
        }
    }

    /** How DuckDB shows a value of this type for comparison: exact text, or epoch days and microseconds. */
    private static String probe(String duckType, String column) {
        String quoted = '"' + column + '"';
        if (duckType.endsWith("[]")) {
            return "CAST(to_json(" + quoted + ") AS VARCHAR)";
        }
        switch (duckType) {
            case "FLOAT":
            case "DOUBLE":
                return quoted;
            case "DATE":
                return "CAST(date_diff('day', DATE '1970-01-01', " + quoted + ") AS VARCHAR)";
            case "TIMESTAMP":
            case "TIMESTAMP WITH TIME ZONE":
                return "CAST(epoch_us(" + quoted + ") AS VARCHAR)";
            case "BLOB":
                return "to_base64(" + quoted + ")";
            default:
                return "CAST(" + quoted + " AS VARCHAR)";
        }
    }

    /** The expected value in the form {@link #probe} shows it. */
    private static Object expectedProbe(String duckType, String expected) {
        switch (duckType) {
            case "FLOAT":
                return Float.parseFloat(expected);
            case "DOUBLE":
                return Double.parseDouble(expected);
            case "DATE":
                return Long.toString(LocalDate.parse(expected).toEpochDay());
            case "TIMESTAMP":
                return Long.toString(micros(LocalDateTime.parse(expected).toInstant(ZoneOffset.UTC)));
            case "TIMESTAMP WITH TIME ZONE":
                return Long.toString(micros(OffsetDateTime.parse(expected).toInstant()));
            default:
                return expected;
        }
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private Cli.Run export(Setup setup, String table, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "export", "--url", url(setup), "--table", table, "--format", "parquet", "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    // ---- the tests ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyAdmittedTypeComesBackFromDuckDbWithItsParquetTypeAndExactlyItsValue(Setup setup) {
        List<Typed> typed = columns(setup);
        List<Column> columns = typed.stream().map(Typed::column).toList();
        int rows = ValueExportMatrixTest.create(creator(setup), columns, TABLE, true);
        Path out = directory.resolve(setup + ".parquet");
        // one row per chunk: pgjdbc switches to its binary transfer after five executions
        Cli.Run run = export(setup, TABLE, out, "--chunk-size", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();

        List<List<Object>> ids = duckdb("SELECT id FROM read_parquet('" + out + "') ORDER BY id");
        assertThat(ids).hasSize(rows);
        for (Typed column : typed) {
            String name = column.column().name();
            List<List<Object>> got = duckdb("SELECT typeof(\"" + name + "\"), " + probe(column.duckType(), name)
                    + " FROM read_parquet('" + out + "') ORDER BY id");
            for (int row = 0; row < rows; row++) {
                String want = column.column()
                        .values()
                        .get(row % column.column().values().size())[1];
                String where = setup + " " + column.column().type() + " row " + (row + 1);
                assertThat(got.get(row).get(0)).as(where + ": DuckDB's type").isEqualTo(column.duckType());
                Object value = got.get(row).get(1);
                if (want == null) {
                    assertThat(value).as(where).isNull();
                } else {
                    assertThat(value).as(where).isEqualTo(expectedProbe(column.duckType(), want));
                }
            }
        }
    }

    static Stream<Arguments> valuesParquetCannotHold() {
        return Stream.of(
                Arguments.of(Setup.POSTGRESQL, "date", "'infinity'", "'infinity'"),
                Arguments.of(Setup.POSTGRESQL, "timestamptz", "'-infinity'", "'-infinity'"),
                Arguments.of(Setup.POSTGRESQL, "numeric(10,2)", "'NaN'", "'NaN'"),
                Arguments.of(Setup.POSTGRESQL, "integer[]", "'{{1,2},{3,4}}'", "'{{1,2},{3,4}}'"),
                Arguments.of(Setup.POSTGRESQL, "integer[]", "'[0:1]={1,2}'", "'[0:1]={1,2}'"),
                Arguments.of(Setup.MARIADB, "DATE", "'0000-00-00'", "'0000-00-00'"),
                Arguments.of(Setup.MARIADB, "DATETIME", "'0000-00-00 00:00:00'", "'0000-00-00 00:00:00'"),
                Arguments.of(Setup.MARIADB, "TIME", "'25:00:00'", "'25:00:00'"),
                Arguments.of(Setup.MARIADB, "TIME", "'-00:00:01'", "'-00:00:01'"),
                Arguments.of(Setup.SQLITE, "INTEGER", "'not a number'", "'not a number'"));
    }

    @ParameterizedTest
    @MethodSource("valuesParquetCannotHold")
    void aValueItsParquetTypeCannotHoldFailsNamingTheColumnAndTheValueAndLeavesNoFile(
            Setup setup, String type, String literal, String shown) {
        String table = TABLE + "_bad";
        ValueExportMatrixTest.execute(
                setup,
                List.of(
                        "DROP TABLE IF EXISTS " + table,
                        "CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY, v " + type + ")",
                        "INSERT INTO " + table + " VALUES (1, NULL)",
                        "INSERT INTO " + table + " VALUES (2, " + literal + ")"));
        Path out = directory.resolve("bad.parquet");
        Cli.Run run = export(setup, table, out, "--chunk-size", "1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("column 'v' holds " + shown).contains("cannot hold exactly");
        assertThat(out)
                .as("a Parquet file without its footer is not left behind")
                .doesNotExist();

        Path parts = directory.resolve("bad-parts");
        Path resume = directory.resolve("bad-resume");
        Cli.Run resumable = export(setup, table, parts, "--chunk-size", "1", "--resume-file", resume.toString());
        assertThat(resumable.exitCode()).as(resumable.err()).isEqualTo(2);
        assertThat(resumable.err()).contains("column 'v' holds " + shown);
        assertThat(parts)
                .as("no part was committed: the directory it created is removed")
                .doesNotExist();
    }

    static Stream<Arguments> typesParquetCannotHold() {
        return Stream.of(
                Arguments.of(Setup.POSTGRESQL, "numeric", "no declared precision and scale"),
                Arguments.of(Setup.POSTGRESQL, "numeric(50,10)", "more digits than Parquet readers hold"),
                Arguments.of(Setup.H2, "DECFLOAT", "no fixed scale"),
                Arguments.of(Setup.SQLITE, "", "may be of any storage class"),
                Arguments.of(Setup.SQLITE, "NUMERIC", "may be of any storage class"));
    }

    @ParameterizedTest
    @MethodSource("typesParquetCannotHold")
    void aTypeParquetCannotHoldIsRefusedNamingTheColumnBeforeAnythingIsWritten(
            Setup setup, String type, String reason) {
        String table = TABLE + "_refused";
        ValueExportMatrixTest.execute(
                setup,
                List.of(
                        "DROP TABLE IF EXISTS " + table,
                        "CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY, v " + type + ")",
                        "INSERT INTO " + table + " VALUES (1, 1)"));
        Path out = directory.resolve("refused.parquet");
        Cli.Run run = export(setup, table, out);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .containsIgnoringCase("column 'v'")
                .contains(reason)
                .contains("--columns");
        assertThat(out).doesNotExist();

        Cli.Run without = export(setup, table, out, "--columns", "id");
        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + out + "')")).isEqualTo(List.of(List.of(1L)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anInterruptedResumableExportsPartsCompletedByAResumeHoldTheTableExactlyOnce(TestDatabase database)
            throws IOException {
        String table = TABLE + "_resume";
        Fixtures.createExportTable(database, table, 500);
        // SQLite's NUMERIC affinity holds integers and reals alike: no one Parquet type, so left out
        String columns = database == TestDatabase.SQLITE
                ? "id,name,big,score,created,flag,data"
                : Fixtures.COLUMNS.replace(" ", "");
        Path whole = directory.resolve("whole.parquet");
        Cli.Run one = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--columns",
                columns,
                "--format",
                "parquet",
                "--out",
                whole.toString());
        assertThat(one.exitCode()).as(one.err()).isZero();

        Path parts = directory.resolve("parts");
        Path resume = directory.resolve("resume");
        String[] command = {
            "export",
            "--url",
            database.url(),
            "--table",
            table,
            "--columns",
            columns,
            "--format",
            "parquet",
            "--chunk-size",
            "40",
            "--out",
            parts.toString(),
            "--resume-file",
            resume.toString()
        };
        Cli.Run first = Cli.run(Cli.afterChunks(3), Map.of(), command);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(130);
        assertThat(resume).exists();
        assertThat(parts.resolve("part-00000.parquet")).exists();
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + parts + "/*.parquet')"))
                .as("the committed part holds the chunks written before the interruption")
                .isEqualTo(List.of(List.of(120L)));

        // what a run killed while writing leaves: a part in progress, and a part no resume file recorded
        Files.writeString(parts.resolve(".part-00001.parquet.inprogress"), "half a part");
        Files.copy(parts.resolve("part-00000.parquet"), parts.resolve("part-00001.parquet"));

        Cli.Run rest = Cli.run(command);
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(resume).as("a finished export removes its resume file").doesNotExist();
        try (Stream<Path> files = Files.list(parts)) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted())
                    .containsExactly("part-00000.parquet", "part-00001.parquet");
        }
        String partsGlob = "read_parquet('" + parts + "/*.parquet')";
        String wholeFile = "read_parquet('" + whole + "')";
        assertThat(duckdb("SELECT count(*), count(DISTINCT id) FROM " + partsGlob))
                .isEqualTo(List.of(List.of(500L, 500L)));
        assertThat(duckdb("SELECT count(*) FROM (SELECT * FROM " + partsGlob + " EXCEPT ALL SELECT * FROM " + wholeFile
                        + ")"))
                .isEqualTo(List.of(List.of(0L)));
        assertThat(duckdb("SELECT count(*) FROM (SELECT * FROM " + wholeFile + " EXCEPT ALL SELECT * FROM " + partsGlob
                        + ")"))
                .isEqualTo(List.of(List.of(0L)));
        assertThat(duckdb("SELECT count(*) FROM " + wholeFile)).isEqualTo(List.of(List.of(500L)));
    }

    @Test
    void anInterruptedExportWithoutAResumeFileLeavesAParquetFileOfTheRowsWrittenSoFar() {
        TestDatabase database = TestDatabase.H2;
        String table = TABLE + "_stopped";
        Fixtures.createExportTable(database, table, 100);
        Path out = directory.resolve("stopped.parquet");
        Cli.Run run = Cli.run(
                Cli.afterChunks(2),
                Map.of(),
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--format",
                "parquet",
                "--chunk-size",
                "10",
                "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        assertThat(duckdb("SELECT count(*), min(id), max(id) FROM read_parquet('" + out + "')"))
                .as("the footer is written when the run stops")
                .isEqualTo(List.of(List.of(20L, 1L, 20L)));
    }

    @Test
    void anEmptyTableIsAParquetFileOfNoRowsWithTheTablesColumns() {
        TestDatabase database = TestDatabase.POSTGRESQL;
        String table = TABLE + "_empty";
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, amount numeric(12,2), at timestamptz)");
        Path file = directory.resolve("empty.parquet");
        Path parts = directory.resolve("empty-parts");
        assertThat(export(Setup.POSTGRESQL, table, file).exitCode()).isZero();
        assertThat(export(
                                Setup.POSTGRESQL,
                                table,
                                parts,
                                "--resume-file",
                                directory.resolve("r").toString())
                        .exitCode())
                .isZero();
        for (String source : List.of(file.toString(), parts + "/*.parquet")) {
            assertThat(duckdb("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + source
                            + "'))"))
                    .isEqualTo(List.of(
                            List.of("id", "BIGINT"),
                            List.of("amount", "DECIMAL(12,2)"),
                            List.of("at", "TIMESTAMP WITH TIME ZONE")));
            assertThat(duckdb("SELECT count(*) FROM read_parquet('" + source + "')"))
                    .isEqualTo(List.of(List.of(0L)));
        }
    }

    @ParameterizedTest
    @EnumSource(ParquetRowWriter.Compression.class)
    void everyPageCompressionIsReadBackByDuckDb(ParquetRowWriter.Compression compression) {
        TestDatabase database = TestDatabase.POSTGRESQL;
        String table = TABLE + "_codec";
        Fixtures.createExportTable(database, table, 3000);
        Path out = directory.resolve(compression + ".parquet");
        Cli.Run run = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--format",
                "parquet",
                "--parquet-compression",
                compression.name(),
                "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String codec = compression == ParquetRowWriter.Compression.none ? "UNCOMPRESSED" : compression.codec.name();
        assertThat(duckdb("SELECT DISTINCT compression FROM parquet_metadata('" + out + "')"))
                .isEqualTo(List.of(List.of(codec)));
        assertThat(duckdb("SELECT count(*), sum(id), count(name), count(data) FROM read_parquet('" + out + "')"))
                .isEqualTo(duckdbExpected(database, table));
    }

    private static List<List<Object>> duckdbExpected(TestDatabase database, String table) {
        List<List<Object>> rows = database.query("SELECT count(*), sum(id), count(name), count(data) FROM " + table);
        List<Object> row = new ArrayList<>();
        for (Object value : rows.get(0)) {
            row.add(value instanceof Number ? (Object) new java.math.BigInteger(value.toString()) : value);
        }
        // DuckDB's count is a BIGINT, its sum of a BIGINT a HUGEINT
        return List.of(List.of(
                ((java.math.BigInteger) row.get(0)).longValue(),
                row.get(1),
                ((java.math.BigInteger) row.get(2)).longValue(),
                ((java.math.BigInteger) row.get(3)).longValue()));
    }

    @Test
    void streamCompressionAndParquetCompressionOutsideParquetAreRefusedAndCreateNothing() {
        TestDatabase database = TestDatabase.H2;
        Fixtures.createExportTable(database, TABLE + "_options", 10);
        String table = TABLE + "_options";
        Path gz = directory.resolve("x.parquet.gz");
        Cli.Run byName = export(Setup.H2, table, gz);
        assertThat(byName.exitCode()).isEqualTo(2);
        assertThat(byName.err()).contains("Parquet compresses its pages itself").contains("--parquet-compression");
        assertThat(gz).doesNotExist();

        Path plain = directory.resolve("x.parquet");
        Cli.Run byOption = export(Setup.H2, table, plain, "--compress", "zstd");
        assertThat(byOption.exitCode()).isEqualTo(2);
        assertThat(byOption.err()).contains("--format parquet is not compressed as a stream");
        assertThat(plain).doesNotExist();

        Cli.Run csv = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--parquet-compression",
                "zstd",
                "--out",
                directory.resolve("x.csv").toString());
        assertThat(csv.exitCode()).isEqualTo(2);
        assertThat(csv.err()).contains("--parquet-compression applies to --format parquet");
        assertThat(directory.resolve("x.csv")).doesNotExist();

        Cli.Run toStandardOutput = Cli.run(
                "export",
                "--url",
                database.url(),
                "--table",
                table,
                "--format",
                "parquet",
                "--resume-file",
                directory.resolve("resume").toString());
        assertThat(toStandardOutput.exitCode()).isEqualTo(2);
        assertThat(toStandardOutput.err()).contains("writes a directory of parts: give it with --out DIR");
        assertThat(directory.resolve("resume")).doesNotExist();
    }

    @Test
    void anExistingParquetFileOrPartDirectoryIsReplacedOnlyWithForce() throws IOException {
        TestDatabase database = TestDatabase.H2;
        String table = TABLE + "_force";
        Fixtures.createExportTable(database, table, 10);
        Path file = directory.resolve("t.parquet");
        Files.writeString(file, "keep me");
        Cli.Run refused = export(Setup.H2, table, file);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("exists; give --force");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(export(Setup.H2, table, file, "--force").exitCode()).isZero();
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + file + "')")).isEqualTo(List.of(List.of(10L)));

        Path parts = directory.resolve("parts");
        Path resume = directory.resolve("resume");
        assertThat(export(Setup.H2, table, parts, "--resume-file", resume.toString())
                        .exitCode())
                .isZero();
        Cli.Run again = export(Setup.H2, table, parts, "--resume-file", resume.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists and is not empty; give --force");
        assertThat(export(Setup.H2, table, parts, "--resume-file", resume.toString(), "--force")
                        .exitCode())
                .isZero();
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + parts + "/*.parquet')"))
                .isEqualTo(List.of(List.of(10L)));

        Files.writeString(parts.resolve("notes.txt"), "mine");
        Cli.Run foreign = export(Setup.H2, table, parts, "--resume-file", resume.toString(), "--force");
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(foreign.err())
                .contains("--force replaces only Parquet parts")
                .contains("notes.txt");
        assertThat(parts.resolve("part-00000.parquet")).exists();

        Cli.Run aFile = export(Setup.H2, table, file, "--resume-file", resume.toString(), "--force");
        assertThat(aFile.exitCode()).isEqualTo(2);
        assertThat(aFile.err()).contains("is a file: a resumable Parquet export");
    }

    @Test
    void anArchiveCannotBeParquet() {
        TestDatabase database = TestDatabase.H2;
        String table = TABLE + "_archive";
        Fixtures.createExportTable(database, table, 10);
        Path archive = directory.resolve("archive.parquet");
        Cli.Run run = Cli.run(
                "delete",
                "--url",
                database.url(),
                "--table",
                table,
                "--where",
                "id < 5",
                "--archive",
                archive.toString(),
                "--format",
                "parquet");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--archive writes csv or jsonl");
        assertThat(archive).doesNotExist();
        assertThat(database.count("SELECT count(*) FROM " + table)).isEqualTo(10);
    }
}
