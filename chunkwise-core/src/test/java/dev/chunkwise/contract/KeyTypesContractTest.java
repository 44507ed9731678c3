package dev.chunkwise.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.RowMapper;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G3 for every supported key type: with the value as the unique key column of a real table, the
 * position of every chunk round-trips through its token unchanged, carries the stored value
 * exactly, and resumes after it with exactly the remaining rows, ascending and descending.
 * Expected orders come from the database's own {@code ORDER BY}, so collations and the
 * databases' own comparison rules decide, and the library must agree with them.
 *
 * <p>SQLite has no date, timestamp, UUID or boolean types: values keep their storage class
 * there (dates as ISO text, booleans as integers) and positions carry them as they are, so the
 * typed-value check is skipped on SQLite while order, tokens and resuming are still checked.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class KeyTypesContractTest {

    private static final RowMapper<String> LABEL = row -> row.getString("label");

    @Parameter
    TestDatabase database;

    /** How a position carries a stored value where it carries the database's text for it, or null. */
    private Function<Object, String> carriedAsText;

    /**
     * Creates {@code table(k <type> PRIMARY KEY, label)}, one row per value labelled by its index,
     * and checks order, positions, tokens and resuming in both directions.
     */
    private void assertKeysRoundTripAndResume(String table, String type, List<?> values) {
        database.drop(table);
        database.execute(
                "CREATE TABLE " + table + " (k " + type + " NOT NULL PRIMARY KEY, label " + database.text(10) + ")");
        List<Object[]> rows = new ArrayList<>();
        Map<String, Object> valueOfLabel = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(new Object[] {values.get(i), "v" + i});
            valueOfLabel.put("v" + i, values.get(i));
        }
        // MySQL Connector/J drops the fractional seconds of the values it writes to a MariaDB server (which
        // announces itself as 5.5.5); the table is written with the MariaDB driver, and read with Connector/J
        (database == TestDatabase.MYSQL_DRIVER ? TestDatabase.MARIADB : database).insert(table, "k, label", rows);
        for (String direction : List.of("asc", "desc")) {
            List<String> expected = labels("SELECT label FROM " + table + " ORDER BY k " + direction);
            assertThat(expected).hasSize(values.size());
            // chunk size 1 puts a boundary after every value; 2 checks a boundary inside a chunk
            for (int chunkSize : direction.equals("asc") ? new int[] {1} : new int[] {2}) {
                Scan<String> scan = Scan.over(database.dataSource())
                        .table(table)
                        .orderBy("k " + direction)
                        .chunkSize(chunkSize)
                        .build(LABEL);
                List<Chunk<String>> chunks = ContractTables.chunks(scan);
                String context = type + " " + direction + ", chunk size " + chunkSize;
                assertThat(ContractTables.flatten(chunks)).as(context).containsExactlyElementsOf(expected);
                int delivered = 0;
                for (Chunk<String> chunk : chunks) {
                    delivered += chunk.size();
                    String lastLabel = chunk.rows().get(chunk.size() - 1);
                    assertThat(chunk.last().values()).as(context).hasSize(1);
                    assertSameKeyValue(
                            valueOfLabel.get(lastLabel), chunk.last().values().get(0), context);
                    String token = chunk.last().token();
                    Position parsed = Position.parse(token);
                    assertThat(parsed).as(context + ", token " + token).isEqualTo(chunk.last());
                    assertThat(parsed.token()).as(context).isEqualTo(token);
                    assertThat(ContractTables.rows(scan.startAfter(scan.parsePosition(token))))
                            .as("%s, resumed after %s", context, parsed)
                            .containsExactlyElementsOf(expected.subList(delivered, expected.size()));
                    if (chunkSize == 2) {
                        assertThat(ContractTables.rows(scan.stopAt(parsed)))
                                .as("%s, stopped at %s", context, parsed)
                                .containsExactlyElementsOf(expected.subList(0, delivered));
                    }
                }
            }
        }
    }

    private List<String> labels(String sql) {
        List<String> labels = new ArrayList<>();
        for (Object value : database.column(sql)) {
            labels.add(value.toString());
        }
        return labels;
    }

    /** The value a position carries is the stored value, in its Java type. */
    private void assertSameKeyValue(Object stored, Object carried, String context) {
        if (database == TestDatabase.SQLITE) {
            return; // storage classes, see the class comment
        }
        if (carriedAsText != null) {
            assertThat(carried).as(context).isEqualTo(carriedAsText.apply(stored));
            return;
        }
        if (stored instanceof BigDecimal) {
            assertThat(carried).as(context).isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) carried).as(context).isEqualByComparingTo((BigDecimal) stored);
        } else if (stored instanceof OffsetDateTime) {
            assertThat(carried).as(context).isInstanceOf(OffsetDateTime.class);
            assertThat(((OffsetDateTime) carried).toInstant())
                    .as(context)
                    .isEqualTo(((OffsetDateTime) stored).toInstant());
        } else if (stored instanceof byte[]) {
            assertThat(carried).as(context).isInstanceOf(byte[].class);
            assertThat((byte[]) carried).as(context).isEqualTo((byte[]) stored);
        } else if (stored instanceof Integer) {
            assertThat(carried).as(context).isEqualTo(((Integer) stored).longValue());
        } else {
            assertThat(carried).as(context).isEqualTo(stored);
        }
    }

    /** On SQLite, values of types it lacks are written as ISO text. */
    private List<?> sqliteText(List<?> values, Function<Object, String> format) {
        if (database != TestDatabase.SQLITE) {
            return values;
        }
        List<String> text = new ArrayList<>();
        values.forEach(value -> text.add(format.apply(value)));
        return text;
    }

    @Test
    void bigintKeysRoundTripThroughTokensAndResume() {
        assertKeysRoundTripAndResume(
                "ct_key_bigint",
                database.bigint(),
                List.of(Long.MIN_VALUE + 1, -9_000_000_000L, -1L, 0L, 1L, 2_147_483_648L, Long.MAX_VALUE));
    }

    @Test
    void integerKeysRoundTripThroughTokensAndResume() {
        assertKeysRoundTripAndResume(
                "ct_key_integer", database.integer(), List.of(Integer.MIN_VALUE, -5, 0, 7, 65_536, Integer.MAX_VALUE));
    }

    @Test
    void decimalKeysRoundTripThroughTokensAndResume() {
        assertKeysRoundTripAndResume(
                "ct_key_decimal",
                database.decimal(),
                List.of(
                        new BigDecimal("-1234567890123.4567"),
                        new BigDecimal("-1.5"),
                        new BigDecimal("0"),
                        new BigDecimal("0.0001"),
                        new BigDecimal("0.001"),
                        new BigDecimal("2.5"),
                        new BigDecimal("1234567890123.4567")));
    }

    @Test
    void varcharKeysWithMixedCaseUnicodeAndTrailingSpacesRoundTripThroughTokensAndResume() {
        List<String> values = new ArrayList<>(List.of(
                "Apple",
                "apple",
                "APPLE",
                "Zebra",
                "zebra",
                "\u00c4pfel",
                "\u00e1bc",
                "\u65e5\u672c\u8a9e",
                "\ud83d\ude00 emoji",
                "b",
                "",
                "a'b",
                "x\"y"));
        String type = database.binaryText(40);
        if (database.isMariaDb()) {
            // MariaDB's _bin collations pad with spaces ('b' = 'b '); its NO PAD binary collation tells them apart
            type = "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin";
        }
        values.add("b ");
        values.add("b  ");
        assertKeysRoundTripAndResume("ct_key_varchar", type, values);
    }

    @Test
    void uuidKeysRoundTripThroughTokensAndResume() {
        // a UUID column type exists on PostgreSQL, H2 and MariaDB (10.7 and later, which sorts it by its
        // time fields first); SQLite has none: there a UUID is stored as text, and that is what is walked
        // Connector/J does not know MariaDB's UUID type (it reports type UNKNOWN): the type comes from
        // information_schema, the value is read as text and bound as text, which MariaDB compares as a UUID
        assertKeysRoundTripAndResume(
                "ct_key_uuid",
                database.isMariaDb() ? "UUID" : database.uuid(),
                sqliteText(
                        List.of(
                                UUID.fromString("00000000-0000-0000-0000-000000000000"),
                                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                                UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"),
                                UUID.fromString("80000000-0000-0000-0000-000000000000"),
                                UUID.fromString("c0ffee00-1234-4abc-8def-0123456789ab"),
                                UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")),
                        Object::toString));
    }

    @Test
    void dateKeysRoundTripThroughTokensAndResume() {
        List<LocalDate> dates = List.of(
                LocalDate.of(1000, 1, 1),
                LocalDate.of(1969, 12, 31),
                LocalDate.of(1970, 1, 1),
                LocalDate.of(2000, 2, 29),
                LocalDate.of(2024, 3, 31),
                LocalDate.of(9999, 12, 31));
        assertKeysRoundTripAndResume("ct_key_date", database.date(), sqliteText(dates, Object::toString));
    }

    @Test
    void timestampKeysWithMicrosecondsRoundTripThroughTokensAndResume() {
        List<LocalDateTime> timestamps = List.of(
                LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2024, 3, 1, 10, 15, 30),
                LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_000),
                LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_457_000),
                LocalDateTime.of(2024, 3, 31, 2, 30, 0, 500_000),
                LocalDateTime.of(2038, 1, 19, 3, 14, 8, 1_000));
        assertKeysRoundTripAndResume(
                "ct_key_timestamp", database.timestamp(), sqliteText(timestamps, value -> value.toString()
                        .replace('T', ' ')));
    }

    @Test
    void timeKeysWithMicrosecondsRoundTripThroughTokensAndResume() {
        // SQLite has no time type: times are stored as ISO text there, and that is what is walked. MariaDB's
        // TIME spans -838:59:59 to 838:59:59, beyond java.time.LocalTime: positions carry the server's text
        List<LocalTime> times = List.of(
                LocalTime.of(0, 0),
                LocalTime.of(0, 0, 0, 1_000),
                LocalTime.of(10, 15, 30),
                LocalTime.of(10, 15, 30, 123_456_000),
                LocalTime.of(10, 15, 30, 123_457_000),
                LocalTime.of(23, 59, 59, 999_999_000));
        if (database.isMariaDb()) {
            carriedAsText = value -> String.format("%tT.%<tN", value).substring(0, 15);
        }
        assertKeysRoundTripAndResume(
                "ct_key_time",
                database == TestDatabase.SQLITE ? "TEXT" : "TIME(6)",
                sqliteText(times, value -> String.format("%tT.%<tN", value)));
    }

    @Test
    void timestampWithTimeZoneKeysRoundTripThroughTokensAndResume() {
        // TIMESTAMP WITH TIME ZONE exists on PostgreSQL and H2. MariaDB's TIMESTAMP keeps an instant but
        // hands it back as a local date-time of the session's zone, and SQLite keeps ISO text: those are
        // the representations walked there
        List<OffsetDateTime> instants = List.of(
                OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 1_000, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(2024, 3, 1, 9, 0, 0, 2_000, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 3, 1, 3, 30, 0, 3_000, ZoneOffset.ofHoursMinutes(-5, -30)),
                OffsetDateTime.of(2024, 3, 1, 8, 59, 59, 999_999_000, ZoneOffset.UTC),
                OffsetDateTime.of(1970, 1, 2, 0, 0, 0, 0, ZoneOffset.ofHours(14)),
                OffsetDateTime.of(2037, 1, 1, 0, 0, 0, 123_456_000, ZoneOffset.ofHours(-12)));
        if (database == TestDatabase.POSTGRESQL || database == TestDatabase.H2) {
            String type = database == TestDatabase.POSTGRESQL ? "TIMESTAMPTZ(6)" : "TIMESTAMP(6) WITH TIME ZONE";
            assertKeysRoundTripAndResume("ct_key_timestamptz", type, instants);
        } else if (database.isMariaDb()) {
            List<Object> local = new ArrayList<>();
            instants.forEach(instant -> local.add(
                    instant.atZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDateTime()));
            assertKeysRoundTripAndResume("ct_key_timestamptz", "TIMESTAMP(6) NULL", local);
        } else {
            assertKeysRoundTripAndResume("ct_key_timestamptz", "TEXT", sqliteText(instants, Object::toString));
        }
    }

    @Test
    void binaryKeysRoundTripThroughTokensAndResume() {
        assertKeysRoundTripAndResume(
                "ct_key_binary",
                database.binary(16),
                List.of(
                        new byte[] {},
                        new byte[] {0},
                        new byte[] {0, 0},
                        new byte[] {1, 2, 3},
                        new byte[] {0x7f},
                        new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xff},
                        new byte[] {(byte) 0xff, 0}));
    }

    @Test
    void booleanSortColumnWithThePrimaryKeyTieBreakerRoundTripsThroughTokensAndResumes() {
        String table = "ct_key_boolean";
        database.drop(table);
        database.execute(
                "CREATE TABLE " + table + " (id " + database.bigint() + " PRIMARY KEY, flag " + database.bool() + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            Object flag = i % 3 == 0 ? null : i % 3 == 1;
            rows.add(new Object[] {
                (long) i, database == TestDatabase.SQLITE && flag != null ? ((Boolean) flag ? 1 : 0) : flag
            });
        }
        database.insert(table, "id, flag", rows);
        for (String order : List.of("flag desc nulls last", "flag asc nulls first")) {
            String nulls = order.contains("last")
                    ? "CASE WHEN flag IS NULL THEN 1 ELSE 0 END"
                    : "CASE WHEN flag IS NULL THEN 0 ELSE 1 END";
            List<Long> expected = ContractTables.ids(
                    database,
                    "SELECT id FROM " + table + " ORDER BY " + nulls + ", flag "
                            + (order.contains("desc") ? "DESC, id DESC" : "ASC, id"));
            for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
                Scan<Long> scan = Scan.over(database.dataSource())
                        .table(table)
                        .orderBy(order)
                        .chunkSize(chunkSize)
                        .build(ContractTables.ID);
                assertThat(scan.order()).hasSize(2);
                List<Chunk<Long>> chunks = ContractTables.chunks(scan);
                assertThat(ContractTables.flatten(chunks)).as(order).containsExactlyElementsOf(expected);
                int delivered = 0;
                for (Chunk<Long> chunk : chunks) {
                    delivered += chunk.size();
                    Object flag = chunk.last().values().get(0);
                    if (database.isMariaDb()) {
                        // MariaDB's BOOLEAN is tinyint(1), which holds -128..127: carried as the number it is
                        assertThat(flag == null || flag instanceof Long)
                                .as("flag carried as a number: %s", flag)
                                .isTrue();
                    } else if (database != TestDatabase.SQLITE) {
                        assertThat(flag == null || flag instanceof Boolean)
                                .as("flag carried as Boolean: %s", flag)
                                .isTrue();
                    }
                    Position parsed = Position.parse(chunk.last().token());
                    assertThat(parsed).isEqualTo(chunk.last());
                    assertThat(ContractTables.rows(scan.startAfter(parsed)))
                            .as("%s resumed after %s", order, parsed)
                            .containsExactlyElementsOf(expected.subList(delivered, expected.size()));
                }
            }
        }
    }
}
