package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The table the export tests read, and how to compare an export with the database's own ordered
 * query: every value is normalised the same way from the database (getObject) and from the
 * output (JSON node or CSV field), numbers compared exactly as decimals.
 */
final class Fixtures {

    static final String COLUMNS = "id, name, amount, big, score, created, flag, data";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final String[] NAMES = {
        "plain", "comma, inside", "quote \" inside", "new\nline", "ünïcödé €", "tab\there", "Zeta", "alpha"
    };

    private Fixtures() {}

    /** Creates {@code table} with {@code rows} rows of every kind of value, NULLs included. */
    static void createExportTable(TestDatabase database, String table, int rows) {
        database.drop(table);
        database.execute("CREATE TABLE " + table + " (id " + database.bigint() + " NOT NULL PRIMARY KEY, name "
                + database.text(40) + ", amount " + database.decimal() + ", big " + database.bigint() + " NOT NULL, "
                + "score " + database.doubleType() + ", created " + database.timestamp() + ", flag " + database.bool()
                + " NOT NULL, data " + database.binary() + ")");
        List<Object[]> values = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            String name = i % 11 == 0 ? null : i % 13 == 0 ? "" : NAMES[i % NAMES.length] + " " + (i % 17);
            BigDecimal amount = i % 5 == 0
                    ? null
                    : new BigDecimal(
                            database == TestDatabase.SQLITE ? "1234." + (i % 100) : "12345678901234." + i % 10000);
            LocalDateTime created =
                    LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 3607L).plusNanos(i * 1000L);
            Object createdValue = i % 9 == 0
                    ? null
                    : database == TestDatabase.SQLITE ? created.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) : created;
            Object flag = database == TestDatabase.SQLITE ? (Object) (i % 2) : (Object) (i % 2 == 0);
            byte[] data = i % 7 == 0 ? null : new byte[] {(byte) i, (byte) (i >> 8), 0, -1};
            values.add(new Object[] {(long) i, name, amount, Long.MAX_VALUE - i, i / 3.0, createdValue, flag, data});
        }
        database.insert(table, COLUMNS, values);
    }

    /** The rows of a query, each value normalised for comparison with the export. */
    static List<List<Object>> expected(TestDatabase database, String sql) {
        try (Connection connection = database.open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    row.add(normalise(result.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static Object normalise(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof byte[]) {
            return new Bytes((byte[]) value);
        }
        if (value instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) value).toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        return value.toString();
    }

    /** A binary value expected: base64 in JSON Lines, hex in CSV ({@code \x} hex for PostgreSQL). */
    record Bytes(byte[] value) {
        @Override
        public String toString() {
            return Base64.getEncoder().encodeToString(value);
        }

        String hex() {
            return java.util.HexFormat.of().formatHex(value);
        }
    }

    /** Asserts that JSON Lines hold exactly these rows, in order, keyed by {@code labels}. */
    static void assertJsonLines(String jsonLines, List<String> labels, List<List<Object>> expected) {
        List<String> lines = jsonLines.isEmpty() ? List.of() : List.of(jsonLines.split("\n", -1));
        assertThat(lines.get(lines.size() - 1)).as("output ends with a newline").isEmpty();
        assertThat(lines).hasSize(expected.size() + 1);
        for (int row = 0; row < expected.size(); row++) {
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(row));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isEqualTo(labels);
            for (int column = 0; column < labels.size(); column++) {
                Object want = expected.get(row).get(column);
                JsonNode got = node.get(labels.get(column));
                String where = "row " + row + " column " + labels.get(column) + " in " + lines.get(row);
                if (want == null) {
                    assertThat(got.isNull()).as(where).isTrue();
                } else if (want instanceof BigDecimal) {
                    assertThat(got.isNumber()).as(where).isTrue();
                    assertThat(got.decimalValue()).as(where).isEqualByComparingTo((BigDecimal) want);
                } else if (want instanceof Boolean) {
                    assertThat(got.isBoolean()).as(where).isTrue();
                    assertThat(got.booleanValue()).as(where).isEqualTo(want);
                } else {
                    assertThat(got.isTextual()).as(where).isTrue();
                    assertThat(got.textValue()).as(where).isEqualTo(want.toString());
                }
            }
        }
    }

    /**
     * Asserts that CSV in the conventions of {@code database}'s own loader holds a header of
     * {@code labels} and exactly these rows, in order: NULL unquoted (an empty field, or
     * {@code NULL} for MariaDB), an empty string quoted, binary as hex.
     */
    static void assertCsv(TestDatabase database, String csv, List<String> labels, List<List<Object>> expected) {
        List<CSVRecord> records;
        try {
            records = CSVFormat.RFC4180
                    .builder()
                    .setNullString(database == TestDatabase.MARIADB ? "NULL" : "")
                    .setQuoteMode(org.apache.commons.csv.QuoteMode.NON_NUMERIC)
                    .get()
                    .parse(new StringReader(csv))
                    .getRecords();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        assertThat(records).hasSize(expected.size() + 1);
        assertThat(records.get(0).toList()).isEqualTo(labels);
        for (int row = 0; row < expected.size(); row++) {
            List<String> fields = records.get(row + 1).toList();
            assertThat(fields).hasSize(labels.size());
            for (int column = 0; column < labels.size(); column++) {
                Object want = expected.get(row).get(column);
                String got = fields.get(column);
                String where = "row " + row + " column " + labels.get(column);
                if (want == null) {
                    assertThat(got).as(where).isNull();
                } else if (want instanceof BigDecimal) {
                    assertThat(new BigDecimal(got)).as(where).isEqualByComparingTo((BigDecimal) want);
                } else if (want instanceof Bytes) {
                    String prefix = database == TestDatabase.POSTGRESQL ? "\\x" : "";
                    assertThat(got).as(where).isEqualTo(prefix + ((Bytes) want).hex());
                } else if (database == TestDatabase.POSTGRESQL && want instanceof Boolean) {
                    // the server writes the CSV (COPY): booleans as PostgreSQL prints them
                    assertThat(got).as(where).isEqualTo((Boolean) want ? "t" : "f");
                } else if (database == TestDatabase.POSTGRESQL
                        && got != null
                        && PG_TIMESTAMP.matcher(got).matches()) {
                    // COPY writes a timestamp with a space and no trailing zeros in its fraction
                    assertThat(LocalDateTime.parse(got.replace(' ', 'T')).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                            .as(where + ": " + got)
                            .isEqualTo(want.toString());
                } else {
                    assertThat(got).as(where).isEqualTo(want.toString());
                }
            }
        }
        if (database == TestDatabase.POSTGRESQL) {
            assertThat(csv).as("COPY's line ends").contains("\n").doesNotContain("\r\n");
        } else {
            assertThat(csv).as("RFC 4180 line ends").contains("\r\n");
        }
    }

    /** A timestamp as PostgreSQL prints it with DateStyle ISO: {@code 2024-01-01 10:00:07.000001}. */
    private static final java.util.regex.Pattern PG_TIMESTAMP =
            java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?");

    static BigInteger bigOf(long id) {
        return BigInteger.valueOf(Long.MAX_VALUE - id);
    }
}
