package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Spark schema the source reads from the catalog, the values it reads, and the types it refuses. */
class TypeMappingTest {

    private final SparkSession spark = SharedSpark.session();

    private Row onlyRow(TestDatabase database, String table) {
        List<Row> rows = spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", table)
                .load()
                .collectAsList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private StructType schema(TestDatabase database, String table) {
        return spark.read()
                .format("chunkwise")
                .option("url", database.url())
                .option("table", table)
                .load()
                .schema();
    }

    private static StructType struct(Object... namesAndTypes) {
        StructType type = new StructType();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            type = type.add(new StructField(
                    (String) namesAndTypes[i],
                    (DataType) namesAndTypes[i + 1],
                    true,
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        return type;
    }

    @Test
    void postgresTypesMapToExactSparkTypesAndValues() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_types",
                "CREATE TABLE spark_types (id int8 PRIMARY KEY, small int2, whole int4, price numeric(12,3),"
                        + " ratio float4, measure float8, flag bool, name text, raw bytea, day date,"
                        + " local_time timestamp(6), instant timestamptz, ids int4[], tags text[], uid uuid, doc jsonb)",
                "INSERT INTO spark_types VALUES (9007199254740993, -7, 42, 123456789.125, 0.1, 1e300, true, 'héllo',"
                        + " '\\x00ff', '2024-02-29', '2024-02-29 13:45:12.123456', '2024-02-29 13:45:12.654321+02',"
                        + " '{1,NULL,3}', '{a,\"b c\"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": 1}')");
        assertThat(schema(TestDatabase.POSTGRESQL, "spark_types"))
                .isEqualTo(struct(
                        "id", DataTypes.LongType,
                        "small", DataTypes.ShortType,
                        "whole", DataTypes.IntegerType,
                        "price", DataTypes.createDecimalType(12, 3),
                        "ratio", DataTypes.FloatType,
                        "measure", DataTypes.DoubleType,
                        "flag", DataTypes.BooleanType,
                        "name", DataTypes.StringType,
                        "raw", DataTypes.BinaryType,
                        "day", DataTypes.DateType,
                        "local_time", DataTypes.TimestampNTZType,
                        "instant", DataTypes.TimestampType,
                        "ids", DataTypes.createArrayType(DataTypes.IntegerType, true),
                        "tags", DataTypes.createArrayType(DataTypes.StringType, true),
                        "uid", DataTypes.StringType,
                        "doc", DataTypes.StringType));
        Row row = onlyRow(TestDatabase.POSTGRESQL, "spark_types");
        assertThat(row.getLong(0)).isEqualTo(9007199254740993L);
        assertThat(row.getShort(1)).isEqualTo((short) -7);
        assertThat(row.getDecimal(3)).isEqualByComparingTo(new BigDecimal("123456789.125"));
        assertThat(row.getFloat(4)).isEqualTo(0.1f);
        assertThat(row.getDouble(5)).isEqualTo(1e300);
        assertThat(row.getString(7)).isEqualTo("héllo");
        assertThat((byte[]) row.get(8)).containsExactly(0x00, 0xff);
        assertThat(row.getDate(9).toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat((LocalDateTime) row.get(10)).isEqualTo(LocalDateTime.parse("2024-02-29T13:45:12.123456"));
        assertThat(row.getTimestamp(11).toInstant()).isEqualTo(Instant.parse("2024-02-29T11:45:12.654321Z"));
        assertThat(row.getList(12)).containsExactly(1, null, 3);
        assertThat(row.getList(13)).containsExactly("a", "b c");
        assertThat(row.getString(14)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(row.getString(15)).isEqualTo("{\"k\": 1}");
    }

    @Test
    void mariadbTypesMapToExactSparkTypesAndValues() {
        TestDatabase.MARIADB.execute(
                "DROP TABLE IF EXISTS spark_types",
                "CREATE TABLE spark_types (id BIGINT UNSIGNED PRIMARY KEY, tiny TINYINT, utiny TINYINT UNSIGNED,"
                        + " uint INT UNSIGNED, price DECIMAL(30,4), ratio FLOAT, flag BOOLEAN, name VARCHAR(20),"
                        + " raw VARBINARY(8), day DATE, moment DATETIME(6), clock TIME(6))",
                "INSERT INTO spark_types VALUES (18446744073709551615, -128, 255, 4294967295,"
                        + " 12345678901234567890123456.0001, 0.1, TRUE, 'héllo', X'00FF', '2024-02-29',"
                        + " '2024-02-29 13:45:12.123456', '-838:59:59.000000')");
        assertThat(schema(TestDatabase.MARIADB, "spark_types"))
                .isEqualTo(struct(
                        "id", DataTypes.createDecimalType(20, 0),
                        "tiny", DataTypes.ByteType,
                        "utiny", DataTypes.ShortType,
                        "uint", DataTypes.LongType,
                        "price", DataTypes.createDecimalType(30, 4),
                        "ratio", DataTypes.FloatType,
                        "flag", DataTypes.ByteType,
                        "name", DataTypes.StringType,
                        "raw", DataTypes.BinaryType,
                        "day", DataTypes.DateType,
                        "moment", DataTypes.TimestampNTZType,
                        "clock", DataTypes.StringType));
        Row row = onlyRow(TestDatabase.MARIADB, "spark_types");
        assertThat(row.getDecimal(0)).isEqualByComparingTo(new BigDecimal("18446744073709551615"));
        assertThat(row.getByte(1)).isEqualTo((byte) -128);
        assertThat(row.getShort(2)).isEqualTo((short) 255);
        assertThat(row.getLong(3)).isEqualTo(4294967295L);
        assertThat(row.getDecimal(4)).isEqualByComparingTo(new BigDecimal("12345678901234567890123456.0001"));
        assertThat(row.getFloat(5)).isEqualTo(0.1f);
        assertThat((byte[]) row.get(8)).containsExactly(0x00, 0xff);
        assertThat((LocalDateTime) row.get(10)).isEqualTo(LocalDateTime.parse("2024-02-29T13:45:12.123456"));
        assertThat(row.getString(11)).isEqualTo("-838:59:59.000000");
    }

    @Test
    void refusesANumericWithoutPrecisionNamingTheColumn() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_bare_numeric",
                "CREATE TABLE spark_bare_numeric (id int8 PRIMARY KEY, amount numeric)");
        assertThatThrownBy(() -> schema(TestDatabase.POSTGRESQL, "spark_bare_numeric"))
                .hasMessageContaining("column 'amount'")
                .hasMessageContaining("no declared precision");
    }

    @Test
    void failsTheReadNamingTheColumnOfAValueItsTypeCannotHold() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_infinity",
                "CREATE TABLE spark_infinity (id int8 PRIMARY KEY, day date)",
                "INSERT INTO spark_infinity VALUES (1, 'infinity')");
        assertThatThrownBy(() -> onlyRow(TestDatabase.POSTGRESQL, "spark_infinity"))
                .hasStackTraceContaining("column 'day' holds 'infinity'");
    }

    @Test
    void failsTheReadNamingTheColumnOfANotANumberDecimal() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_nan",
                "CREATE TABLE spark_nan (id int8 PRIMARY KEY, amount numeric(12,3))",
                "INSERT INTO spark_nan VALUES (1, 'NaN')");
        assertThatThrownBy(() -> onlyRow(TestDatabase.POSTGRESQL, "spark_nan"))
                .hasStackTraceContaining("column 'amount' holds 'NaN'");
    }

    @Test
    void readsNullsAndValuesOfEveryTypeIntoRowsThatFollowEachOther() {
        TestDatabase.POSTGRESQL.execute(
                "DROP TABLE IF EXISTS spark_alternating",
                "CREATE TABLE spark_alternating (id int8 PRIMARY KEY, small int2, price numeric(5,2), flag bool,"
                        + " name text, day date, instant timestamptz, ids int4[])",
                "INSERT INTO spark_alternating SELECT i,"
                        + " CASE WHEN i % 2 = 0 THEN i END, CASE WHEN i % 2 = 1 THEN i + 0.5 END,"
                        + " CASE WHEN i % 2 = 0 THEN i % 4 = 0 END, CASE WHEN i % 2 = 1 THEN 'n' || i END,"
                        + " CASE WHEN i % 2 = 0 THEN DATE '2024-01-01' + i END,"
                        + " CASE WHEN i % 2 = 1 THEN TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 second' END,"
                        + " CASE WHEN i % 2 = 0 THEN ARRAY[i, NULL] END FROM generate_series(1, 6) AS s(i)");
        List<Row> rows = spark.read()
                .format("chunkwise")
                .option("url", TestDatabase.POSTGRESQL.url())
                .option("table", "spark_alternating")
                .option("chunkSize", "4")
                .load()
                .orderBy("id")
                .collectAsList();
        assertThat(rows).hasSize(6);
        for (Row row : rows) {
            long id = row.getLong(0);
            boolean even = id % 2 == 0;
            assertThat(row.isNullAt(1)).as("small of %s", id).isEqualTo(!even);
            assertThat(row.isNullAt(2)).as("price of %s", id).isEqualTo(even);
            assertThat(row.isNullAt(4)).as("name of %s", id).isEqualTo(even);
            assertThat(row.isNullAt(7)).as("ids of %s", id).isEqualTo(!even);
            if (even) {
                assertThat(row.getShort(1)).isEqualTo((short) id);
                assertThat(row.getBoolean(3)).isEqualTo(id % 4 == 0);
                assertThat(row.getDate(5).toLocalDate())
                        .isEqualTo(LocalDate.of(2024, 1, 1).plusDays(id));
                assertThat(row.isNullAt(6)).isTrue();
                assertThat(row.getList(7)).containsExactly((int) id, null);
            } else {
                assertThat(row.getDecimal(2)).isEqualTo(new BigDecimal(id + ".50"));
                assertThat(row.isNullAt(3)).isTrue();
                assertThat(row.getString(4)).isEqualTo("n" + id);
                assertThat(row.isNullAt(5)).isTrue();
                assertThat(row.getTimestamp(6).toInstant())
                        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(id));
            }
        }
    }
}
