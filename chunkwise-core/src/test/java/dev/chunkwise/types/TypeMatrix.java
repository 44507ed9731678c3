package dev.chunkwise.types;

import dev.chunkwise.testing.TestDatabase;
import java.util.List;

/**
 * The column types of each database that the key type matrix walks, with values written as SQL
 * literals: distinct values for the key, a few more that tie with them in the database's own
 * comparison (collations, padding) for the sort column, and for a refused type the words its
 * refusal must hold.
 */
final class TypeMatrix {

    /**
     * One column type.
     *
     * @param name a short name, also the test table's suffix
     * @param sqlType the column type as written in CREATE TABLE
     * @param values distinct SQL literals, each a possible primary key value
     * @param sortOnlyValues literals that may tie with {@code values} (only in the sort column)
     * @param keyable whether the type can be a primary key
     * @param refusal for a type that cannot be a sort key, what its refusal says; else null
     */
    record Case(
            String name,
            String sqlType,
            List<String> values,
            List<String> sortOnlyValues,
            boolean keyable,
            String refusal) {

        static Case of(String name, String sqlType, String... values) {
            return new Case(name, sqlType, List.of(values), List.of(), true, null);
        }

        static Case refused(String name, String sqlType, String refusal) {
            return new Case(name, sqlType, List.of(), List.of(), false, refusal);
        }

        Case tiesWith(String... more) {
            return new Case(name, sqlType, values, List.of(more), keyable, refusal);
        }

        Case notKeyable() {
            return new Case(name, sqlType, values, sortOnlyValues, false, refusal);
        }
    }

    private TypeMatrix() {}

    /** Creates the types, domains, collations and extensions the cases use. */
    static void prepare(TestDatabase database) {
        if (database == TestDatabase.POSTGRESQL) {
            database.execute(
                    "CREATE EXTENSION IF NOT EXISTS citext",
                    "CREATE EXTENSION IF NOT EXISTS hstore",
                    "DROP TABLE IF EXISTS tm_enum, tm_enum_s, tm_domain_int, tm_domain_int_s, tm_domain_text,"
                            + " tm_domain_text_s, tm_ci, tm_ci_s",
                    "DROP TYPE IF EXISTS tm_mood",
                    "CREATE TYPE tm_mood AS ENUM ('sad', 'ok', 'happy', 'a')",
                    "DROP DOMAIN IF EXISTS tm_positive",
                    "CREATE DOMAIN tm_positive AS integer CHECK (VALUE > 0)",
                    "DROP DOMAIN IF EXISTS tm_code",
                    "CREATE DOMAIN tm_code AS text CHECK (VALUE <> '')",
                    "DROP COLLATION IF EXISTS tm_case_insensitive",
                    "CREATE COLLATION tm_case_insensitive (provider = icu, locale = 'und-u-ks-level2',"
                            + " deterministic = false)");
        }
    }

    static List<Case> cases(TestDatabase database) {
        switch (database) {
            case POSTGRESQL:
                return postgres();
            case MARIADB:
            case MYSQL_DRIVER:
                return mariadb();
            case H2:
                return h2();
            default:
                return sqlite();
        }
    }

    private static List<Case> postgres() {
        return List.of(
                Case.of("smallint", "smallint", "-32768", "-1", "0", "7", "32767"),
                Case.of("integer", "integer", "-2147483648", "0", "65536", "2147483647"),
                Case.of("bigint", "bigint", "-9223372036854775808", "-1", "0", "9223372036854775807"),
                Case.of(
                                "numeric",
                                "numeric",
                                "'NaN'",
                                "'Infinity'",
                                "'-Infinity'",
                                "1.5",
                                "0.00000000000000000001",
                                "0.1",
                                "0.10000000000000000001",
                                "-12345678901234567890.123456789")
                        .tiesWith("1.50", "0.100"),
                Case.of("numeric_scaled", "numeric(20,4)", "-1.5", "0", "0.0001", "1234567890123456.7890"),
                Case.of(
                        "real",
                        "real",
                        "0.1",
                        "0.2",
                        "0.3",
                        "'NaN'",
                        "'Infinity'",
                        "'-Infinity'",
                        "1e-45",
                        "16777216",
                        "-0.5",
                        "3.4028235e38"),
                Case.of(
                        "double",
                        "double precision",
                        "0.1",
                        "0.30000000000000004",
                        "0.3",
                        "'NaN'",
                        "'-Infinity'",
                        "4.9e-324",
                        "1e308"),
                Case.of("boolean", "boolean", "false", "true"),
                Case.of("char", "char(5)", "'ab'", "'a'", "'abc'", "'b'", "' z'", "''")
                        .tiesWith("'ab   '"),
                Case.of("varchar", "varchar(40)", "'Apple'", "'apple'", "'b'", "'b '", "''", "'\u00e9'", "'O''Brien'"),
                Case.of("text_c", "text COLLATE \"C\"", "'B'", "'a'", "'b'", "'\u00e9'", "'a-b'", "'ab'"),
                Case.of(
                        "text_icu",
                        "text COLLATE \"und-x-icu\"",
                        "'B'",
                        "'a'",
                        "'b'",
                        "'\u00e9'",
                        "'a-b'",
                        "'ab'",
                        "'Z'"),
                Case.of("ci", "text COLLATE tm_case_insensitive", "'a'", "'B'", "'c'", "'\u00e9'", "'Z'")
                        .tiesWith("'A'", "'b'", "'C'"),
                Case.of("citext", "citext", "'a'", "'B'", "'c'", "'Z'", "'\u00e9'")
                        .tiesWith("'A'", "'b'"),
                Case.of(
                        "bytea",
                        "bytea",
                        "'\\x'",
                        "'\\x00'",
                        "'\\x0000'",
                        "'\\x7f'",
                        "'\\x80'",
                        "'\\xff'",
                        "'\\xff00'"),
                Case.of(
                        "date",
                        "date",
                        "'infinity'",
                        "'-infinity'",
                        "'0044-03-15 BC'",
                        "'1970-01-01'",
                        "'2000-02-29'",
                        "'5874897-12-31'"),
                Case.of(
                        "time",
                        "time",
                        "'00:00:00'",
                        "'00:00:00.000001'",
                        "'12:34:56.123456'",
                        "'23:59:59.999999'",
                        "'24:00:00'"),
                Case.of(
                        "timetz",
                        "timetz",
                        "'10:00:00+05:30'",
                        "'04:30:00+00'",
                        "'00:00:00+14'",
                        "'23:59:59-03'",
                        "'10:00:00+00'"),
                Case.of(
                        "timestamp",
                        "timestamp",
                        "'infinity'",
                        "'-infinity'",
                        "'0044-03-15 12:00:00 BC'",
                        "'2000-01-01 00:00:00.123456'",
                        "'2000-01-01 00:00:00.123457'",
                        "'294276-12-31 23:59:59.999999'"),
                Case.of(
                        "timestamptz",
                        "timestamptz",
                        "'infinity'",
                        "'-infinity'",
                        "'2024-03-10 12:34:56.789+02'",
                        "'2024-03-10 10:34:56.788+00'",
                        "'1900-01-01 00:00:00+00'"),
                Case.of(
                                "interval",
                                "interval",
                                "'1 day 2 hours 3 minutes 4.5 seconds'",
                                "'-1 year 2 mons'",
                                "'1 mon -1 day'",
                                "'-1 day +1 hour'",
                                "'00:00:00.000001'")
                        .tiesWith("'30 days'", "'24 hours'"),
                Case.of(
                        "uuid",
                        "uuid",
                        "'00000000-0000-0000-0000-000000000000'",
                        "'7fffffff-ffff-ffff-ffff-ffffffffffff'",
                        "'80000000-0000-0000-0000-000000000000'",
                        "'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
                Case.of(
                        "jsonb",
                        "jsonb",
                        "'{\"a\": 1}'",
                        "'[1, 2]'",
                        "'\"s\"'",
                        "'1'",
                        "'10'",
                        "'2'",
                        "'null'",
                        "'{\"b\": {\"c\": [1, \"x\"]}}'"),
                Case.of(
                        "int_array",
                        "integer[]",
                        "'{}'",
                        "'{1}'",
                        "'{1,2}'",
                        "'{1,NULL}'",
                        "'{NULL}'",
                        "'[0:1]={1,2}'",
                        "'{{1,2},{3,4}}'"),
                Case.of("text_array", "text[]", "'{}'", "'{a}'", "'{\"a b\",c}'", "'{NULL,\"NULL\"}'"),
                Case.of("domain_int", "tm_positive", "1", "2", "100", "2147483647"),
                Case.of("domain_text", "tm_code", "'a'", "'B'", "'b'", "' '"),
                Case.of("enum", "tm_mood", "'sad'", "'ok'", "'happy'", "'a'"),
                Case.of("inet", "inet", "'192.168.0.1/24'", "'192.168.0.1'", "'::ffff:1.2.3.4'", "'10.0.0.1'", "'::1'"),
                Case.of("cidr", "cidr", "'10.0.0.0/8'", "'10.0.0.0/16'", "'192.168.0.0/24'", "'::/0'"),
                Case.of("macaddr", "macaddr", "'08:00:2b:01:02:03'", "'00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff'"),
                Case.of("money", "money", "1234.56", "-0.01", "0", "999.99", "-1234567.89"),
                Case.of("bit", "bit(3)", "B'101'", "B'000'", "B'111'", "B'010'"),
                Case.of("varbit", "varbit", "B'1'", "B'10'", "B''", "B'0'", "B'0111'"),
                Case.of("oid", "oid", "0", "1", "4294967295", "2147483648"),
                Case.of("char1", "\"char\"", "'a'", "'B'", "'z'"),
                Case.of("tsvector", "tsvector", "'a fat:2B cat'", "'b'", "'a'"),
                Case.refused("json", "json", "no btree"),
                Case.refused("xml", "xml", "no btree"),
                Case.refused("point", "point", "no btree"),
                Case.refused("hstore", "hstore", "rejects the comparison"));
    }

    private static List<Case> mariadb() {
        return List.of(
                Case.of("tinyint", "TINYINT", "-128", "-1", "0", "127"),
                Case.of("tinyint1", "TINYINT(1)", "-3", "0", "1", "5", "127"),
                Case.of("boolean", "BOOLEAN", "FALSE", "TRUE", "2"),
                Case.of("tinyint_unsigned", "TINYINT UNSIGNED", "0", "1", "255"),
                Case.of("smallint", "SMALLINT", "-32768", "0", "32767"),
                Case.of("mediumint", "MEDIUMINT", "-8388608", "0", "8388607"),
                Case.of("int", "INT", "-2147483648", "0", "2147483647"),
                Case.of("int_unsigned", "INT UNSIGNED", "0", "2147483648", "4294967295"),
                Case.of("bigint", "BIGINT", "-9223372036854775808", "0", "9223372036854775807"),
                Case.of(
                        "bigint_unsigned",
                        "BIGINT UNSIGNED",
                        "0",
                        "9223372036854775807",
                        "9223372036854775808",
                        "18446744073709551615"),
                Case.of("decimal", "DECIMAL(20,4)", "-1234567890123456.7890", "0", "0.0001", "0.1"),
                Case.of("float", "FLOAT", "0.1", "0.3", "0.7", "1.5", "16777216", "1e-45", "3.4e38", "-0.5"),
                Case.of("double", "DOUBLE", "0.1", "0.30000000000000004", "0.3", "4.9e-324", "1.7976931348623157e308"),
                Case.of("bit1", "BIT(1)", "b'0'", "b'1'"),
                Case.of("bit8", "BIT(8)", "b'0'", "b'1'", "b'10100101'", "b'11111111'"),
                Case.of(
                        "bit64",
                        "BIT(64)",
                        "b'0'",
                        "b'1'",
                        "x'7fffffffffffffff'",
                        "x'8000000000000000'",
                        "x'ffffffffffffffff'"),
                Case.of("year", "YEAR", "0", "1901", "1969", "2024", "2155"),
                Case.of("date", "DATE", "'0000-00-00'", "'1000-01-01'", "'2024-02-29'", "'9999-12-31'"),
                Case.of(
                        "datetime",
                        "DATETIME(6)",
                        "'0000-00-00 00:00:00'",
                        "'2024-03-01 10:15:30'",
                        "'2024-03-01 10:15:30.123456'",
                        "'2024-03-01 10:15:30.123457'",
                        "'9999-12-31 23:59:59.999999'"),
                Case.of(
                        "timestamp",
                        "TIMESTAMP(6)",
                        "'1970-01-01 00:00:01'",
                        "'2024-03-01 10:15:30.5'",
                        "'2038-01-19 03:14:07.999999'"),
                Case.of(
                        "time",
                        "TIME(6)",
                        "'-838:59:59'",
                        "'-82:31:39.5'",
                        "'-00:00:01'",
                        "'00:00:00'",
                        "'10:15:30.123456'",
                        "'23:59:59'",
                        "'25:00:00'",
                        "'838:59:59'"),
                Case.of("char", "CHAR(10)", "'a'", "' b'", "'B'", "''").tiesWith("'b'", "'a  '"),
                Case.of(
                                "varchar_ci",
                                "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
                                "'a'",
                                "'B'",
                                "'c'",
                                "'O\\'Brien'")
                        .tiesWith("'A'", "'b '", "'\u00e4'"),
                Case.of(
                                "varchar_bin",
                                "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                                "'B'",
                                "'a'",
                                "'b'",
                                "'\u00e9'")
                        .tiesWith("'b '", "'a  '"),
                Case.of(
                        "varchar_nopad",
                        "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin",
                        "'b'",
                        "'b '",
                        "'b  '",
                        "'a'",
                        "''"),
                Case.of(
                                "varchar_unicode",
                                "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                                "'a'",
                                "'\u00e9'",
                                "'z'")
                        .tiesWith("'\u00c9'", "'e'"),
                Case.of("binary", "BINARY(4)", "x'00'", "x'01'", "x'7f'", "x'80'", "x'ff'", "x'0001'"),
                Case.of("varbinary", "VARBINARY(16)", "x''", "x'00'", "x'0000'", "x'7f'", "x'80'", "x'ff'"),
                Case.of("enum", "ENUM('b','a','c')", "'b'", "'a'", "'c'"),
                Case.of("set", "SET('x','y','z')", "''", "'x'", "'y'", "'z'", "'x,z'", "'y,z'", "'x,y,z'"),
                Case.of(
                        "uuid",
                        "UUID",
                        "'00000000-0000-0000-0000-000000000001'",
                        "'00000001-0000-4000-8000-000000000000'",
                        "'ffffffff-0000-4000-8000-000000000000'",
                        "'123e4567-e89b-12d3-a456-426614174000'"),
                Case.of("inet6", "INET6", "'::'", "'::1'", "'2001:db8::1'", "'::ffff:192.168.1.1'"),
                Case.of("inet4", "INET4", "'0.0.0.0'", "'10.0.0.1'", "'192.168.1.1'", "'255.255.255.255'"),
                Case.of("varchar_255", "VARCHAR(255) CHARACTER SET utf8mb4", "'a'", "'b'"),
                Case.refused("varchar_300", "VARCHAR(300) CHARACTER SET utf8mb4", "max_sort_length"),
                Case.refused("text", "TEXT", "max_sort_length"),
                Case.refused("blob", "BLOB", "max_sort_length"),
                Case.refused("json", "JSON", "max_sort_length"),
                Case.refused("point", "POINT", "spatial"));
    }

    private static List<Case> h2() {
        return List.of(
                Case.of("tinyint", "TINYINT", "-128", "0", "127"),
                Case.of("smallint", "SMALLINT", "-32768", "0", "32767"),
                Case.of("integer", "INTEGER", "-2147483648", "0", "2147483647"),
                Case.of("bigint", "BIGINT", "-9223372036854775808", "0", "9223372036854775807"),
                Case.of("numeric", "NUMERIC(20,4)", "-1.5", "0", "0.0001", "1234567890123456.7890"),
                Case.of(
                        "decfloat",
                        "DECFLOAT",
                        "CAST('NaN' AS DECFLOAT)",
                        "CAST('Infinity' AS DECFLOAT)",
                        "CAST('-Infinity' AS DECFLOAT)",
                        "1.5",
                        "100",
                        "0.1",
                        "1.00000000000000000001",
                        "1E-400"),
                Case.of("real", "REAL", "0.1", "0.2", "0.33333334", "16777216", "CAST('NaN' AS REAL)", "-0.5"),
                Case.of(
                        "double",
                        "DOUBLE PRECISION",
                        "0.1",
                        "0.30000000000000004",
                        "4.9E-324",
                        "CAST('NaN' AS DOUBLE)"),
                Case.of("boolean", "BOOLEAN", "FALSE", "TRUE"),
                Case.of("char", "CHAR(5)", "'ab'", "'a'", "' z'", "''").tiesWith("'ab   '"),
                Case.of("varchar", "VARCHAR(40)", "'B'", "'Z'", "'_'", "'a'", "'a '", "'ab'", "'\u00e9'"),
                Case.of("ignorecase", "VARCHAR_IGNORECASE(40)", "'['", "'_'", "'a'", "'ab'", "'B'", "'Z'")
                        .tiesWith("'A'", "'b'"),
                Case.of("binary", "BINARY(4)", "X'00'", "X'00FF'", "X'01'", "X'7F'", "X'80'", "X'FF'"),
                Case.of("varbinary", "VARBINARY(16)", "X''", "X'00'", "X'0000'", "X'01FF'", "X'7F'", "X'80'", "X'FF'"),
                Case.of(
                        "date",
                        "DATE",
                        "DATE '0000-01-01'",
                        "DATE '-0001-12-31'",
                        "DATE '1582-10-10'",
                        "DATE '1970-01-01'",
                        "DATE '9999-12-31'"),
                Case.of(
                        "time",
                        "TIME(6)",
                        "TIME '00:00:00'",
                        "TIME '00:00:00.000001'",
                        "TIME '12:34:56.123456'",
                        "TIME '23:59:59.999999'"),
                Case.of(
                        "timetz",
                        "TIME(6) WITH TIME ZONE",
                        "TIME WITH TIME ZONE '01:00:00+14'",
                        "TIME WITH TIME ZONE '10:30:00+00'",
                        "TIME WITH TIME ZONE '12:00:00+01'",
                        "TIME WITH TIME ZONE '10:00:00-05'",
                        "TIME WITH TIME ZONE '23:00:00.5-10'"),
                Case.of(
                        "timestamp",
                        "TIMESTAMP(6)",
                        "TIMESTAMP '0000-01-01 00:00:00'",
                        "TIMESTAMP '2024-03-01 10:15:30.123456'",
                        "TIMESTAMP '2024-03-01 10:15:30.123457'"),
                Case.of(
                        "timestamptz",
                        "TIMESTAMP(6) WITH TIME ZONE",
                        "TIMESTAMP WITH TIME ZONE '2024-01-15 10:20:30+01'",
                        "TIMESTAMP WITH TIME ZONE '2024-01-15 09:20:30.000001+00'",
                        "TIMESTAMP WITH TIME ZONE '2024-01-15 03:20:30-05'"),
                Case.of(
                        "interval_ds",
                        "INTERVAL DAY TO SECOND",
                        "INTERVAL '-1 00:00:00' DAY TO SECOND",
                        "INTERVAL '0 00:00:00' DAY TO SECOND",
                        "INTERVAL '0 00:00:00.000001' DAY TO SECOND",
                        "INTERVAL '1 02:03:04.5' DAY TO SECOND",
                        "INTERVAL '10 00:00:00' DAY TO SECOND"),
                Case.of(
                        "interval_ym",
                        "INTERVAL YEAR TO MONTH",
                        "INTERVAL '-1-0' YEAR TO MONTH",
                        "INTERVAL '0-1' YEAR TO MONTH",
                        "INTERVAL '2-11' YEAR TO MONTH"),
                Case.of(
                        "uuid",
                        "UUID",
                        "'00000000-0000-0000-0000-000000000000'",
                        "'7fffffff-ffff-ffff-ffff-ffffffffffff'",
                        "'80000000-0000-0000-0000-000000000000'",
                        "'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
                Case.of("enum", "ENUM('b','a','c')", "'b'", "'a'", "'c'"),
                Case.refused("array", "INTEGER ARRAY", "arrays"),
                Case.refused("json", "JSON", "no order"),
                Case.refused("clob", "CLOB", "no order"),
                Case.refused("blob", "BLOB", "no order"));
    }

    private static List<Case> sqlite() {
        return List.of(
                Case.of("integer", "INTEGER", "-9223372036854775808", "-1", "0", "9223372036854775807"),
                Case.of("real", "REAL", "0.1", "0.30000000000000004", "9007199254740992.0", "-0.5", "1e308"),
                Case.of("text", "TEXT", "'B'", "'a'", "'b'", "'\u00e9'", "''", "'x '"),
                Case.of("nocase", "TEXT COLLATE NOCASE", "'a'", "'B'", "'c'").tiesWith("'A'", "'b'"),
                Case.of("blob", "BLOB", "x''", "x'00'", "x'7f'", "x'80'", "x'ff'"),
                Case.of("numeric", "NUMERIC", "1", "1.5", "'abc'", "x'01'", "-3"),
                Case.of("untyped", "", "1", "2.5", "'10'", "'9'", "'abc'", "x'00'"));
    }
}
