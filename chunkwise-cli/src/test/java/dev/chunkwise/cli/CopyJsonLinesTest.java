package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Scan;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format jsonl} from PostgreSQL is written from {@code COPY ... TO STDOUT} by
 * {@link PgCopyJsonLines}: its output is, byte for byte, what {@link RowReader} and
 * {@link JsonLinesRowWriter} write through pgjdbc (the export's other path, run here through
 * {@link Exporter} on the same table), for every type of the CLI's PostgreSQL type matrix
 * ({@link ValueExportMatrixTest}) and for the values where escaping or formatting could differ:
 * NULLs, empty strings, quotes, backslashes, every control character, non-ASCII, tabs and
 * newlines in text, {@code \N} as text, arrays with NULLs, quotes and nesting, extreme numbers,
 * BC and five-digit years, json holding newlines, an odd column label, for several chunk sizes.
 */
class CopyJsonLinesTest {

    private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;
    private static final String TABLE = "cli_copy_json";
    private static final String MOOD = "cli_copy_json_mood";

    @TempDir
    Path directory;

    /** The matrix's PostgreSQL columns and values, and more of the values that escaping and formatting meet. */
    private static List<ValueExportMatrixTest.Column> columns() {
        List<ValueExportMatrixTest.Column> columns = new ArrayList<>();
        for (ValueExportMatrixTest.Column column :
                ValueExportMatrixTest.columns(ValueExportMatrixTest.Setup.POSTGRESQL)) {
            columns.add(new ValueExportMatrixTest.Column(
                    column.name(), column.type().replace("cli_mood", MOOD), column.values()));
        }
        StringBuilder controls = new StringBuilder("E'");
        for (int c = 1; c < 0x20; c++) {
            controls.append(String.format("\\x%02x", c));
        }
        columns.add(literals(
                "\"odd \"\" label \u00e9\\\"",
                "text",
                controls.append("\\x7f'").toString(),
                "E'tab\\there, line\\nbreak\\r\\n, back\\\\slash \\\\N'",
                "'\\N'",
                "'NULL'",
                "'\"quoted\" and ''single'''",
                "'\u00e9\u4e2d\ud83d\ude00\u2028'",
                "''"));
        columns.add(literals("c_varchar", "varchar(20)", "'a\tb'", "' padded  '"));
        columns.add(literals("c_int", "integer", "2147483647", "-2147483648", "0"));
        columns.add(literals(
                "c_numeric_extreme",
                "numeric",
                "'1e-1000'",
                "'-1e1000'",
                "'0.000'",
                "'-123456789012345678901234567890.123456789'"));
        columns.add(literals(
                "c_double_extreme",
                "double precision",
                "1.7976931348623157e308",
                "-2.2250738585072014e-308",
                "1e22",
                "123456789012.5",
                "'-0'",
                "'-Infinity'"));
        columns.add(literals("c_real_extreme", "real", "3.4028235e38", "'-0'", "1e10", "'Infinity'"));
        columns.add(literals(
                "c_date_extreme", "date", "'0001-01-01'", "'4713-01-01 BC'", "'5874897-12-31'", "'10000-01-01'"));
        columns.add(literals(
                "c_timestamp_extreme",
                "timestamp",
                "'294276-12-31 23:59:59.999999'",
                "'0001-01-01 00:00:00'",
                "'1999-12-31 23:59:59.5'",
                "'4713-01-01 00:00:00.000001 BC'"));
        columns.add(literals(
                "c_timestamptz_extreme",
                "timestamptz",
                "'0001-01-01 00:00:00+00'",
                "'1900-06-01 12:00:00.000001-03:30'",
                "'0044-03-15 12:00:00+00 BC'",
                "'-infinity'",
                "'12000-06-01 10:00:00.5+00'"));
        columns.add(literals(
                "c_json_text",
                "json",
                "E'{\\n  \"a\": \"x\\\\ny \\\\u00e9\",\\t\"b\": [true, null]\\n}'",
                "'\"\\\\\"'"));
        columns.add(literals("c_int_matrix", "integer[][]", "'{{1,2},{3,NULL}}'", "'{}'"));
        columns.add(literals("c_numeric_array", "numeric[]", "'{1.50,NaN,-Infinity,1e-30}'"));
        columns.add(literals("c_double_array", "float8[]", "'{1e300,-0,Infinity,0.1}'"));
        columns.add(literals("c_bool_array", "boolean[]", "'{t,f,NULL}'"));
        columns.add(literals(
                "c_text_array_odd",
                "text[]",
                "'{\"a\\\"b\",\"c\\\\d\",NULL,\"\",\",\",\"{x}\",\" spaced \"}'",
                "ARRAY[E'tab\\tand\\nnewline', '\u00e9']"));
        columns.add(literals("c_timestamptz_array", "timestamptz[]", "'{\"2024-01-01 00:00:00+02\",infinity}'"));
        columns.add(literals("c_bytea_array", "bytea[]", "'{\"\\\\x00ff\",NULL}'"));
        columns.add(literals("c_bytea_more", "bytea", "'\\x00'", "decode(repeat('ff', 100), 'hex')"));
        columns.add(literals("c_tstzrange", "tstzrange", "'[2024-01-01 00:00+02,2024-02-01)'"));
        columns.add(literals("c_oid", "oid", "4294967295"));
        return columns;
    }

    /** A column whose rows hold these SQL literals, then NULL (what is expected is the other path's output). */
    private static ValueExportMatrixTest.Column literals(String name, String type, String... literals) {
        List<String[]> values = new ArrayList<>();
        for (String literal : literals) {
            values.add(new String[] {literal, null});
        }
        values.add(new String[] {"NULL", null});
        return new ValueExportMatrixTest.Column(name, type, values);
    }

    private static List<ValueExportMatrixTest.Column> columns;

    @BeforeEach
    void createTable() {
        columns = columns();
        List<String> statements = new ArrayList<>();
        statements.add("DROP TABLE IF EXISTS " + TABLE);
        statements.add("DROP TYPE IF EXISTS " + MOOD);
        statements.add("CREATE TYPE " + MOOD + " AS ENUM ('sad', 'ok', 'happy')");
        StringBuilder definition = new StringBuilder("CREATE TABLE " + TABLE + " (id INTEGER NOT NULL PRIMARY KEY");
        columns.forEach(column ->
                definition.append(", ").append(column.name()).append(' ').append(column.type()));
        statements.add(definition.append(')').toString());
        int rows = columns.stream()
                        .mapToInt(column -> column.values().size())
                        .max()
                        .orElse(0)
                + 2;
        for (int row = 0; row < rows; row++) {
            StringBuilder insert = new StringBuilder("INSERT INTO " + TABLE + " VALUES (" + (row + 1));
            for (ValueExportMatrixTest.Column column : columns) {
                insert.append(", ")
                        .append(column.values().get(row % column.values().size())[0]);
            }
            statements.add(insert.append(')').toString());
        }
        ValueExportMatrixTest.execute(ValueExportMatrixTest.Setup.POSTGRESQL, statements);
    }

    /** The rows as the export's reader and JSON Lines writer write them, through pgjdbc. */
    private String throughTheReader(int chunkSize, long limit) throws Exception {
        return throughTheReader(TABLE, chunkSize, limit);
    }

    private String throughTheReader(String table, int chunkSize, long limit) throws Exception {
        Database database = new Database(DATABASE.url(), null, null, false);
        RowReader reader = new RowReader().readingTextAsUtf8();
        Scan<Object[]> scan =
                Scan.over(database.source()).table(table).chunkSize(chunkSize).build(reader);
        reader.configure(scan.columns(), database);
        Path file = directory.resolve(table + "-" + chunkSize + "-" + limit + ".jsonl");
        try (Output output = Output.file(file, -1);
                Progress bar = Progress.bar(
                        new PrintStream(OutputStream.nullOutputStream()), "test", OptionalLong.empty(), 0, false)) {
            new Exporter(scan, reader, Format.jsonl, null, null, Optional.empty(), bar, Interruption.NEVER)
                    .limitedTo(limit)
                    .run(output);
        }
        return Files.readString(file);
    }

    @Test
    void copysJsonLinesAreTheReadersByteForByteForEveryType() throws Exception {
        String expected = throughTheReader(1000, Long.MAX_VALUE);
        assertThat(expected.split("\n(?=\\{\"id\":)")).hasSizeGreaterThan(8);
        assertThat(throughTheReader(2, Long.MAX_VALUE)).isEqualTo(expected);
        for (String chunkSize : List.of("1", "3", "1000")) {
            Cli.Run run = Cli.run(
                    "export",
                    "--url",
                    DATABASE.url(),
                    "--table",
                    TABLE,
                    "--format",
                    "jsonl",
                    "--chunk-size",
                    chunkSize,
                    "--no-progress");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).as("chunks of %s", chunkSize).isEqualTo(expected);
        }
        Cli.Run limited = Cli.run(
                "export",
                "--url",
                DATABASE.url(),
                "--table",
                TABLE,
                "--format",
                "jsonl",
                "--limit",
                "5",
                "--no-progress");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(limited.out()).isEqualTo(throughTheReader(1000, 5));
    }

    /**
     * Keys named as the output columns of the expressions COPY selects ({@code encode(...)},
     * {@code ... AT TIME ZONE}) would be taken by ORDER BY for those: the expressions are named
     * apart, and the chunks are in key order.
     */
    @Test
    void keysNamedAsTheSelectedExpressionsStillOrderTheRows() throws Exception {
        DATABASE.drop("cli_copy_json_names");
        DATABASE.execute(
                "CREATE TABLE cli_copy_json_names (\"encode\" BYTEA, \"timezone\" TIMESTAMPTZ, v TEXT,"
                        + " PRIMARY KEY (\"encode\", \"timezone\"))",
                "INSERT INTO cli_copy_json_names SELECT decode(lpad(to_hex(i % 7 * 40), 4, '0'), 'hex'),"
                        + " TIMESTAMPTZ '2024-01-01 00:00+05' - i * INTERVAL '1 hour', 'v' || i"
                        + " FROM generate_series(1, 30) i");
        String expected = throughTheReader("cli_copy_json_names", 1000, Long.MAX_VALUE);
        for (String chunkSize : List.of("1", "4")) {
            Cli.Run run = Cli.run(
                    "export",
                    "--url",
                    DATABASE.url(),
                    "--table",
                    "cli_copy_json_names",
                    "--format",
                    "jsonl",
                    "--chunk-size",
                    chunkSize,
                    "--no-progress");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).as("chunks of %s", chunkSize).isEqualTo(expected);
        }
    }
}
