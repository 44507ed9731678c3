package dev.chunkwise.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.SqlCondition;
import dev.chunkwise.spark.ScanPartitions.Dialect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ScanPartitions} writes values into predicates (the rendered text; the databases read it in SparkPredicatesTest). */
class SqlLiteralTest {

    @Test
    void aPostgresStringIsAnEscapeStringWithQuoteAndBackslashDoubled() {
        assertThat(ScanPartitions.literal("it's \\ 'x'", Dialect.POSTGRESQL)).isEqualTo("E'it''s \\\\ ''x'''");
    }

    @Test
    void aMariadbStringIsAHexLiteralWithACharacterSet() {
        assertThat(ScanPartitions.literal("a'\\", Dialect.MARIADB)).isEqualTo("_utf8mb4 X'61275c'");
    }

    @Test
    void numbersDatesAndTimestampsAreExactTypedLiterals() {
        assertThat(ScanPartitions.literal(new BigDecimal("1E+3"), Dialect.MARIADB))
                .isEqualTo("1000");
        assertThat(ScanPartitions.literal(-5L, Dialect.POSTGRESQL)).isEqualTo("-5");
        assertThat(ScanPartitions.literal(LocalDate.of(2024, 2, 29), Dialect.MARIADB))
                .isEqualTo("DATE '2024-02-29'");
        assertThat(ScanPartitions.literal(LocalDateTime.parse("2024-02-29T01:02:03.000004"), Dialect.POSTGRESQL))
                .isEqualTo("TIMESTAMP '2024-02-29 01:02:03.000004'");
        assertThat(ScanPartitions.literal(OffsetDateTime.parse("2024-02-29T01:02:03+02:00"), Dialect.POSTGRESQL))
                .isEqualTo("TIMESTAMP WITH TIME ZONE '2024-02-28 23:02:03.000000+00'");
        assertThat(ScanPartitions.literal(0.1, Dialect.MARIADB)).isEqualTo("0.1E0");
        assertThat(ScanPartitions.literal(new byte[] {0, -1}, Dialect.POSTGRESQL))
                .isEqualTo("decode('00ff', 'hex')");
    }

    @Test
    void refusesValuesWithoutASafeLiteral() {
        assertThatThrownBy(() -> ScanPartitions.literal(Double.NaN, Dialect.MARIADB))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScanPartitions.literal("nul\0", Dialect.POSTGRESQL))
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> ScanPartitions.literal(LocalDate.of(-44, 3, 15), Dialect.POSTGRESQL))
                .hasMessageContaining("years 1 to 9999");
        assertThatThrownBy(() -> ScanPartitions.literal(new Object(), Dialect.POSTGRESQL))
                .hasMessageContaining("no SQL literal");
    }

    @Test
    void replacesOnlyThePlaceholdersOutsideQuotedNamesAndStrings() {
        SqlCondition condition = new SqlCondition("(\"a?\" = '?' AND `b?` = ?) AND \"id\" >= ?", List.of("x", 7L));
        assertThat(ScanPartitions.inline(condition, Dialect.MARIADB))
                .isEqualTo("(\"a?\" = '?' AND `b?` = _utf8mb4 X'78') AND \"id\" >= 7");
    }

    @Test
    void refusesAConditionWhosePlaceholdersDoNotMatchItsValues() {
        SqlCondition jsonb = new SqlCondition("(doc ? 'key') AND \"id\" >= ?", List.of(7L));
        assertThatThrownBy(() -> ScanPartitions.inline(jsonb, Dialect.POSTGRESQL))
                .hasMessageContaining("cannot tell the placeholders");
    }

    @Test
    void refusesAUrlOfAnotherDatabase() {
        assertThatThrownBy(() -> ScanPartitions.sparkPredicates(List.of(), "jdbc:h2:mem:x"))
                .hasMessageContaining("PostgreSQL");
    }
}
