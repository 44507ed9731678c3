package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The type matrix of G8 for exported values, on all five set-ups: every column type, written as
 * SQL literals (edge values included: NaN and infinities, infinity dates, BC dates, TIME beyond 24
 * hours, zero dates, tinyint(1) holding 5, YEAR 0000, xml, intervals, arrays, money, FLOAT that
 * needs 8 digits), comes out of {@code chunkwise export} as exactly the stored value, in CSV and
 * in JSON Lines, after enough executions of the chunk query that pgjdbc would have switched to its
 * binary transfer; a type that cannot be exported exactly is refused before anything is written,
 * naming the column and its type.
 */
class ValueExportMatrixTest {

    private static final String TABLE = "cli_values";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The five set-ups: the MySQL driver talks to the MariaDB server. */
    enum Setup {
        POSTGRESQL(TestDatabase.POSTGRESQL),
        MARIADB(TestDatabase.MARIADB),
        MYSQL_DRIVER(TestDatabase.MARIADB),
        H2(TestDatabase.H2),
        SQLITE(TestDatabase.SQLITE);

        final TestDatabase database;

        Setup(TestDatabase database) {
            this.database = database;
        }

        /** The URL the command is given: the MySQL driver's from {@link TestDatabase#mysqlDriverUrl()}. */
        String url() {
            if (this != MYSQL_DRIVER) {
                return database.url();
            }
            return TestDatabase.mysqlDriverUrl();
        }
    }

    /** A column: its type and, per row, the SQL literal stored and the exact text expected (null: SQL NULL). */
    record Column(String name, String type, List<String[]> values) {}

    private static Column column(String name, String type, String... literalsAndExpected) {
        List<String[]> values = new ArrayList<>();
        for (int i = 0; i < literalsAndExpected.length; i += 2) {
            values.add(new String[] {literalsAndExpected[i], literalsAndExpected[i + 1]});
        }
        values.add(new String[] {"NULL", null});
        return new Column(name, type, values);
    }

    static List<Column> columns(Setup setup) {
        switch (setup) {
            case POSTGRESQL:
                return List.of(
                        column("c_smallint", "smallint", "32767", "32767", "-32768", "-32768"),
                        column("c_bigint", "bigint", "-9223372036854775808", "-9223372036854775808"),
                        column(
                                "c_numeric",
                                "numeric",
                                "'NaN'",
                                "NaN",
                                "'-Infinity'",
                                "-Infinity",
                                "'Infinity'",
                                "Infinity",
                                "0.00000000000000000001",
                                "0.00000000000000000001",
                                "1.50",
                                "1.50"),
                        column(
                                "c_real",
                                "real",
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
                        column(
                                "c_double",
                                "double precision",
                                "0.30000000000000004",
                                "0.30000000000000004",
                                "'NaN'",
                                "NaN",
                                "'Infinity'",
                                "Infinity",
                                "4.9e-324",
                                "4.9E-324"),
                        column("c_boolean", "boolean", "true", "true", "false", "false"),
                        column("c_char", "char(5)", "'ab'", "ab   "),
                        column(
                                "c_text",
                                "text",
                                "'O''Brien'",
                                "O'Brien",
                                "''",
                                "",
                                "'\u00e9 \ud83d\ude00'",
                                "\u00e9 \ud83d\ude00"),
                        column("c_bytea", "bytea", "'\\xdeadbeef'", "3q2+7w==", "'\\x'", ""),
                        column(
                                "c_date",
                                "date",
                                "'infinity'",
                                "infinity",
                                "'-infinity'",
                                "-infinity",
                                "'0044-03-15 BC'",
                                "-0043-03-15",
                                "'2000-02-29'",
                                "2000-02-29"),
                        column("c_time", "time", "'24:00:00'", "24:00:00", "'23:59:59.999999'", "23:59:59.999999"),
                        column(
                                "c_timetz",
                                "timetz",
                                "'10:00:00+05:30'",
                                "10:00:00+05:30",
                                "'24:00:00-15:59'",
                                "24:00:00-15:59"),
                        column(
                                "c_timestamp",
                                "timestamp",
                                "'infinity'",
                                "infinity",
                                "'-infinity'",
                                "-infinity",
                                "'2000-01-01 00:00:00.123456'",
                                "2000-01-01T00:00:00.123456",
                                "'0044-03-15 12:00:00 BC'",
                                "-0043-03-15T12:00:00"),
                        column(
                                "c_timestamptz",
                                "timestamptz",
                                "'infinity'",
                                "infinity",
                                "'2024-03-10 12:34:56.789+02'",
                                "2024-03-10T10:34:56.789Z"),
                        column(
                                "c_interval",
                                "interval",
                                "'1 day 2 hours 3 minutes 4.5 seconds'",
                                "1 day 02:03:04.5",
                                "'-1 year 2 mons'",
                                "-10 mons"),
                        column(
                                "c_uuid",
                                "uuid",
                                "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
                                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                        column("c_json", "json", "'{\"b\": 1,  \"a\":[1,2]}'", "{\"b\": 1,  \"a\":[1,2]}"),
                        column(
                                "c_jsonb",
                                "jsonb",
                                "'{\"b\":{\"c\":[1,\"x\",null, 1.50]},\"a\":1}'",
                                "{\"a\": 1, \"b\": {\"c\": [1, \"x\", null, 1.50]}}"),
                        column("c_xml", "xml", "'<a>b</a>'", "<a>b</a>"),
                        column(
                                "c_int_array",
                                "integer[]",
                                "'{1,NULL,3}'",
                                "{1,NULL,3}",
                                "'[0:1]={1,2}'",
                                "[0:1]={1,2}"),
                        column("c_text_array", "text[]", "'{\"a b\",NULL,\"NULL\"}'", "{\"a b\",NULL,\"NULL\"}"),
                        column("c_enum", "cli_mood", "'happy'", "happy"),
                        column("c_inet", "inet", "'192.168.0.1/24'", "192.168.0.1/24"),
                        column("c_money", "money", "1234.56", "$1,234.56", "-0.01", "-$0.01"),
                        column("c_bit", "bit(3)", "B'101'", "101"),
                        column("c_point", "point", "'(1.5,2)'", "(1.5,2)"));
            case MARIADB:
            case MYSQL_DRIVER: {
                List<Column> columns = new ArrayList<>(List.of(
                        column("c_tinyint1", "TINYINT(1)", "-3", "-3", "5", "5", "127", "127", "0", "0"),
                        column("c_boolean", "BOOLEAN", "TRUE", "1", "FALSE", "0"),
                        column("c_unsigned", "BIGINT UNSIGNED", "18446744073709551615", "18446744073709551615"),
                        column(
                                "c_decimal",
                                "DECIMAL(20,4)",
                                "0.1",
                                "0.1000",
                                "-1234567890123456.7890",
                                "-1234567890123456.7890"),
                        column("c_double", "DOUBLE", "0.1", "0.1", "4.9e-324", "4.9E-324"),
                        column("c_bit1", "BIT(1)", "b'1'", "true", "b'0'", "false"),
                        column("c_bit8", "BIT(8)", "b'10100101'", "pQ=="),
                        column("c_year", "YEAR", "0", "0000", "2024", "2024", "1901", "1901"),
                        column("c_date", "DATE", "'0000-00-00'", "0000-00-00", "'2024-02-29'", "2024-02-29"),
                        column(
                                "c_datetime",
                                "DATETIME(6)",
                                "'0000-00-00 00:00:00'",
                                "0000-00-00 00:00:00",
                                "'2024-03-01 10:15:30'",
                                "2024-03-01T10:15:30",
                                "'2024-03-01 10:15:30.000001'",
                                "2024-03-01T10:15:30.000001"),
                        column(
                                "c_time",
                                "TIME(6)",
                                "'-838:59:59'",
                                "-838:59:59.000000",
                                "'-00:00:01'",
                                "-00:00:01.000000",
                                "'25:00:00.5'",
                                "25:00:00.500000"),
                        column("c_varchar", "VARCHAR(40)", "'O\\'Brien'", "O'Brien", "''", "", "'b '", "b "),
                        column("c_enum", "ENUM('b','a','c')", "'a'", "a"),
                        column("c_set", "SET('x','y','z')", "'x,z'", "x,z", "''", ""),
                        column("c_json", "JSON", "'{\"a\": [1, 2]}'", "{\"a\": [1, 2]}"),
                        column(
                                "c_uuid",
                                "UUID",
                                "'123e4567-e89b-12d3-a456-426614174000'",
                                "123e4567-e89b-12d3-a456-426614174000"),
                        column("c_inet6", "INET6", "'2001:db8::1'", "2001:db8::1"),
                        column("c_binary", "BINARY(4)", "x'01'", "AQAAAA=="),
                        column("c_text", "TEXT", "'long text'", "long text")));
                if (setup == Setup.MARIADB) {
                    columns.add(column(
                            "c_float",
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
                        column(
                                "c_decfloat",
                                "DECFLOAT",
                                "CAST('NaN' AS DECFLOAT)",
                                "NaN",
                                "100",
                                "100",
                                "CAST('-Infinity' AS DECFLOAT)",
                                "-Infinity"),
                        column("c_real", "REAL", "0.1", "0.1", "16777216", "16777216"),
                        column("c_double", "DOUBLE PRECISION", "CAST('NaN' AS DOUBLE)", "NaN", "0.1", "0.1"),
                        column("c_char", "CHAR(5)", "'ab'", "ab   "),
                        column(
                                "c_date",
                                "DATE",
                                "DATE '-0001-12-31'",
                                "-0001-12-31",
                                "DATE '0000-01-01'",
                                "0000-01-01"),
                        column("c_time", "TIME(6)", "TIME '12:34:56.123456'", "12:34:56.123456"),
                        column(
                                "c_timetz",
                                "TIME(6) WITH TIME ZONE",
                                "TIME WITH TIME ZONE '12:00:00+01'",
                                "12:00:00+01:00"),
                        column(
                                "c_timestamptz",
                                "TIMESTAMP(6) WITH TIME ZONE",
                                "TIMESTAMP WITH TIME ZONE '2024-01-15 10:20:30.123456+01'",
                                "2024-01-15T10:20:30.123456+01:00"),
                        column(
                                "c_interval",
                                "INTERVAL DAY TO SECOND",
                                "INTERVAL '1 02:03:04.5' DAY TO SECOND",
                                "INTERVAL '1 02:03:04.5' DAY TO SECOND"),
                        column("c_enum", "ENUM('b','a','c')", "'a'", "a"),
                        column("c_json", "JSON", "JSON '{\"a\":[1,2]}'", "{\"a\":[1,2]}"),
                        // H2's own text of an array cannot tell 'a, b' from two elements: the JSON text is written
                        column("c_array", "INTEGER ARRAY", "ARRAY[1, NULL]", "[1,null]"),
                        column(
                                "c_text_array",
                                "VARCHAR(10) ARRAY",
                                "ARRAY['a, b', NULL, '', 'null', 'it''s \"q\"']",
                                "[\"a, b\",null,\"\",\"null\",\"it's \\\"q\\\"\"]"),
                        column(
                                "c_nested_array",
                                "DECIMAL(5, 2) ARRAY ARRAY",
                                "ARRAY[ARRAY[1.50, NULL], ARRAY[]]",
                                "[[1.50,null],[]]"),
                        column(
                                "c_uuid",
                                "UUID",
                                "'123e4567-e89b-12d3-a456-426614174000'",
                                "123e4567-e89b-12d3-a456-426614174000"),
                        column("c_binary", "VARBINARY(8)", "X'FF80'", "/4A="));
            default:
                return List.of(
                        column("c_integer", "INTEGER", "9223372036854775807", "9223372036854775807"),
                        column("c_real", "REAL", "0.1", "0.1", "9007199254740993.0", "9007199254740992"),
                        column("c_text", "TEXT", "'O''Brien'", "O'Brien", "''", ""),
                        column("c_blob", "BLOB", "x'ff00'", "/wA="),
                        column("c_mixed", "", "1", "1", "'abc'", "abc", "2.5", "2.5", "x'01'", "AQ=="));
        }
    }

    static void execute(Setup setup, List<String> statements) {
        try (Connection connection =
                        setup == Setup.MYSQL_DRIVER ? DriverManager.getConnection(setup.url()) : setup.database.open();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException(setup + ": " + failure.getMessage(), failure);
        }
    }

    /** Creates the table: one column per type, row i holding each column's i-th literal, or NULL. */
    private static int create(Setup setup, List<Column> columns) {
        return create(setup, columns, TABLE, true);
    }

    /**
     * Creates {@code table}: one column per type and, when {@code filled}, row i holding each
     * column's i-th literal, or NULL.
     *
     * @return the rows it holds, or would hold
     */
    static int create(Setup setup, List<Column> columns, String table, boolean filled) {
        List<String> statements = new ArrayList<>();
        statements.add("DROP TABLE IF EXISTS " + table);
        if (setup == Setup.POSTGRESQL && filled) {
            statements.add("DROP TABLE IF EXISTS " + table + "_back");
            statements.add("DROP TYPE IF EXISTS cli_mood CASCADE");
            statements.add("CREATE TYPE cli_mood AS ENUM ('sad', 'ok', 'happy')");
        }
        StringBuilder definition = new StringBuilder("CREATE TABLE " + table + " (id INTEGER NOT NULL PRIMARY KEY");
        columns.forEach(column -> definition
                .append(", ")
                .append(column.name())
                .append(' ')
                .append(column.type())
                .append(setup.database == TestDatabase.MARIADB ? " NULL" : ""));
        statements.add(definition.append(')').toString());
        // enough rows that the chunk query runs more than five times with one row per chunk
        int rows = Math.max(
                7,
                columns.stream()
                        .mapToInt(column -> column.values().size())
                        .max()
                        .orElse(0));
        for (int row = 0; filled && row < rows; row++) {
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES (" + (row + 1));
            for (Column column : columns) {
                insert.append(", ")
                        .append(column.values().get(row % column.values().size())[0]);
            }
            statements.add(insert.append(')').toString());
        }
        execute(setup, statements);
        return rows;
    }

    private static String expected(Column column, int row) {
        return column.values().get(row % column.values().size())[1];
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyTypeIsExportedAsExactlyTheStoredValueInCsvAndJsonLines(Setup setup) {
        List<Column> columns = columns(setup);
        int rows = create(setup, columns);
        Cli.Run jsonl =
                Cli.run("export", "--url", setup.url(), "--table", TABLE, "--format", "jsonl", "--chunk-size", "1");
        assertThat(jsonl.exitCode()).as(jsonl.err()).isZero();
        List<String> lines = jsonl.out().lines().toList();
        assertThat(lines).hasSize(rows);
        for (int row = 0; row < rows; row++) {
            JsonNode node = parse(lines.get(row));
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            node.fields()
                    .forEachRemaining(
                            field -> byName.put(field.getKey().toLowerCase(java.util.Locale.ROOT), field.getValue()));
            for (Column column : columns) {
                String want = expected(column, row);
                JsonNode got = byName.get(column.name());
                String where = setup + " " + column.type() + " row " + (row + 1) + ": " + lines.get(row);
                if (want == null) {
                    assertThat(got.isNull()).as(where).isTrue();
                } else if (got.isNumber()) {
                    assertThat(got.decimalValue()).as(where).isEqualByComparingTo(new BigDecimal(want));
                } else if (got.isBoolean()) {
                    assertThat(got.asText()).as(where).isEqualTo(want);
                } else if (got.isArray() && (want.startsWith("{") || want.matches("(?s)\\[-?\\d+:-?\\d+\\].*"))) {
                    // a PostgreSQL array as a JSON array of its elements
                    assertThat(got).as(where).isEqualTo(arrayOf(want));
                } else if (column.type().endsWith("ARRAY")) {
                    // an H2 array as a JSON array of its elements
                    assertThat(got.isArray()).as(where).isTrue();
                    assertThat(got).as(where).isEqualTo(parse(want));
                } else if (got.isContainerNode()) {
                    // a JSON column nested as the value it holds
                    assertThat(got).as(where).isEqualTo(parse(want));
                } else {
                    assertThat(got.isTextual()).as(where).isTrue();
                    assertThat(got.textValue()).as(where).isEqualTo(want);
                }
            }
        }
        // the values as text: each loader's conventions are the round trip's business (CsvRoundTripTest)
        Cli.Run csv = Cli.run(
                "export",
                "--url",
                setup.url(),
                "--table",
                TABLE,
                "--format",
                "csv",
                "--chunk-size",
                "1",
                "--csv-for",
                "generic",
                "--binary",
                "base64");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<CSVRecord> records = parseCsv(csv.out());
        assertThat(records).hasSize(rows + 1);
        for (int row = 0; row < rows; row++) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < records.get(0).size(); i++) {
                fields.put(
                        records.get(0).get(i).toLowerCase(java.util.Locale.ROOT),
                        records.get(row + 1).get(i));
            }
            for (Column column : columns) {
                String want = expected(column, row);
                String got = fields.get(column.name());
                String where = setup + " " + column.type() + " row " + (row + 1) + " (CSV)";
                if (want == null) {
                    assertThat(got).as(where).isNull();
                } else if (got == null) {
                    assertThat(got).as(where).isEqualTo(want);
                } else if (!got.equals(want) && isNumber(got) && isNumber(want)) {
                    assertThat(new BigDecimal(got)).as(where).isEqualByComparingTo(new BigDecimal(want));
                } else {
                    assertThat(got).as(where).isEqualTo(want);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = "MYSQL_DRIVER")
    void aFloatThatTheTextProtocolRoundsIsRefusedBeforeAnythingIsWritten(Setup setup, @TempDir Path directory) {
        execute(
                setup,
                List.of(
                        "DROP TABLE IF EXISTS cli_values_float",
                        "CREATE TABLE cli_values_float (id INTEGER" + " NOT NULL PRIMARY KEY, f FLOAT)",
                        "INSERT INTO cli_values_float VALUES (1, 16777216)"));
        Path out = directory.resolve("float.csv");
        Cli.Run run = Cli.run("export", "--url", setup.url(), "--table", "cli_values_float", "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("column 'f' of type FLOAT cannot be exported exactly");
        assertThat(out).doesNotExist();
        assertThat(Files.exists(out)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = "H2")
    void anH2ArrayWhoseElementsH2DoesNotHandOverExactlyIsRefused(Setup setup, @TempDir Path directory) {
        execute(
                setup,
                List.of(
                        "DROP TABLE IF EXISTS cli_values_dates",
                        "CREATE TABLE cli_values_dates (id INTEGER NOT NULL PRIMARY KEY, d DATE ARRAY)",
                        "INSERT INTO cli_values_dates VALUES (1, ARRAY[DATE '1500-01-01'])"));
        Path out = directory.resolve("dates.jsonl");
        Cli.Run run = Cli.run(
                "export", "--url", setup.url(), "--table", "cli_values_dates", "--format", "jsonl", "--out", "" + out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("column 'D' of type DATE ARRAY cannot be exported exactly")
                .contains("CAST(D AS VARCHAR ARRAY)");
        assertThat(out).doesNotExist();
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** A PostgreSQL array's text as the JSON array the export writes: numbers and booleans as such. */
    private static JsonNode arrayOf(String text) {
        return arrayOf(PgArrayText.parse(text));
    }

    private static JsonNode arrayOf(List<Object> elements) {
        com.fasterxml.jackson.databind.node.ArrayNode array = JSON.createArrayNode();
        for (Object element : elements) {
            if (element == null) {
                array.addNull();
            } else if (element instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> nested = (List<Object>) element;
                array.add(arrayOf(nested));
            } else if (isNumber((String) element)) {
                array.add(parse((String) element));
            } else if (element.equals("t") || element.equals("f")) {
                array.add(element.equals("t"));
            } else {
                array.add((String) element);
            }
        }
        return array;
    }

    private static List<CSVRecord> parseCsv(String csv) {
        try {
            return CSVFormat.RFC4180
                    .builder()
                    .setNullString("")
                    .setQuoteMode(org.apache.commons.csv.QuoteMode.NON_NUMERIC)
                    .get()
                    .parse(new StringReader(csv))
                    .getRecords();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
