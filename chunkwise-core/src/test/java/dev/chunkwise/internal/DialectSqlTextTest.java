package dev.chunkwise.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact SQL text (and bind values, in order) that {@link ScanPlan} renders for each dialect
 * constant, without a database. SQL Server and Oracle are covered by these tests only.
 *
 * <p>Every case scans {@code entry} selecting {@code id, title}, 100 rows per chunk, and seeks
 * past key values such as {@code blog_id = 7, id = 42}.
 */
class DialectSqlTextTest {

    private static final int CHUNK = 100;

    // ---- Cases -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstChunk")
    void rendersTheFirstChunkWithoutASeekAndWithTheDialectsLimitClause(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(dialect, key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, null, false, null, false, CHUNK)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoColumnKey")
    void seeksPastATwoColumnKeyWithARowValueOrTheExpandedFormWithARedundantLeadingRange(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "blog_id", false, null, false, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoColumnKeyDescending")
    void seeksBackwardsPastADescendingTwoColumnKeyWithLessThan(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan =
                plan(dialect, key(dialect, "blog_id", true, null, false, 3), key(dialect, "id", true, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedDirections")
    void seeksPastMixedDirectionsWithTheExpandedFormEvenWhereRowValuesAreUsed(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan =
                plan(dialect, key(dialect, "blog_id", true, null, false, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonNullSegment")
    void walksTheNonNullRowsOfANullableLeadingKeyAsOneRangeBehindIsNotNull(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "pub_date", false, null, true, 3), key(dialect, "id", false, null, false, 1));
        List<Object> after = List.of(5L, 42L);

        assertThat(plan.segmentCount()).isEqualTo(2);
        assertThat(plan.chunkQuery(plan.segmentOf(after), after, false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullSegment")
    void walksTheNullRowsOfANullableLeadingKeyByTheTieBreakerBehindIsNull(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "pub_date", false, null, true, 3), key(dialect, "id", false, null, false, 1));
        List<Object> after = Arrays.asList(null, 42L);

        assertThat(plan.chunkQuery(plan.segmentOf(after), after, false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstSegmentNullsFirst")
    void startsWithTheNullSegmentWhenNullsComeFirst(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "pub_date", false, true, true, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, null, false, null, false, CHUNK)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstSegmentNullsLast")
    void startsWithTheNonNullSegmentWhenNullsComeLast(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "pub_date", false, false, true, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, null, false, null, false, CHUNK)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("innerNullsAgainstDefault")
    void placesNullsOfAnInnerKeyAgainstTheDialectDefaultWithNativeSyntaxAnIsNullTermOrACaseTerm(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect,
                key(dialect, "blog_id", false, null, false, 3),
                key(dialect, "pub_date", false, !dialect.defaultNullsFirst(false), true, 4),
                key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 5L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("innerNullsDefault")
    void leavesTheDefaultNullsPlacementOfAnInnerKeyToTheDatabase(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect,
                key(dialect, "blog_id", false, null, false, 3),
                key(dialect, "pub_date", false, null, true, 4),
                key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 5L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterWithOr")
    void keepsAFilterWithATopLevelOrInParenthesesAndBindsItsParametersFirst(
            Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = new ScanPlan(
                dialect,
                dialect.quote("entry"),
                selectList(dialect),
                "status = ? OR status = ?",
                List.of("draft", "live"),
                List.of(key(dialect, "blog_id", false, null, false, 3), key(dialect, "id", false, null, false, 1)),
                false,
                List.of());

        assertThat(plan.chunkQuery(0, List.of(7L, 42L), false, null, false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stopInclusive")
    void endsAtAnInclusiveStopPositionWithTheExpandedFormReversed(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "blog_id", false, null, false, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, List.of(7L, 42L), false, List.of(9L, 100L), true, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stopExclusive")
    void endsBeforeAnExclusiveStopPosition(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(
                dialect, key(dialect, "blog_id", false, null, false, 3), key(dialect, "id", false, null, false, 1));

        assertThat(plan.chunkQuery(0, null, false, List.of(9L, 100L), false, CHUNK))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoting")
    void quotesIdentifiersDoublingAnEmbeddedQuoteCharacter(Dialect dialect, ScanPlan.Statement expected) {
        String column = "we" + dialect.quote() + "ird";
        ScanPlan plan = new ScanPlan(
                dialect,
                dialect.quote("my" + dialect.quote() + "table"),
                dialect.quote(column),
                null,
                List.of(),
                List.of(key(dialect, column, false, null, false, 1)),
                false,
                List.of());

        assertThat(plan.chunkQuery(0, List.of(1L), false, null, false, CHUNK)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partitionCut")
    void findsAPartitionCutByOffsetPastThePreviousCut(Dialect dialect, ScanPlan.Statement expected) {
        ScanPlan plan = plan(dialect, key(dialect, "id", false, null, false, 1));

        assertThat(plan.cutQuery(0, List.of(42L), false, null, false, 99, null)).isEqualTo(expected);
    }

    @Test
    void everyCaseCoversEveryDialectConstant() throws Exception {
        List<Dialect> constants = new ArrayList<>();
        for (Field field : Dialect.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Dialect.class) {
                constants.add((Dialect) field.get(null));
            }
        }
        assertThat(constants).hasSize(8);
        for (String source : List.of(
                "firstChunk",
                "twoColumnKey",
                "twoColumnKeyDescending",
                "mixedDirections",
                "nonNullSegment",
                "nullSegment",
                "firstSegmentNullsFirst",
                "firstSegmentNullsLast",
                "innerNullsAgainstDefault",
                "innerNullsDefault",
                "filterWithOr",
                "stopInclusive",
                "stopExclusive",
                "quoting",
                "partitionCut")) {
            @SuppressWarnings("unchecked")
            Stream<Arguments> cases = (Stream<Arguments>)
                    DialectSqlTextTest.class.getDeclaredMethod(source).invoke(null);
            List<Object> covered = cases.map(arguments -> ((Named<?>) arguments.get()[0]).getPayload())
                    .collect(Collectors.toList());
            assertThat(covered).as(source).containsExactlyInAnyOrderElementsOf(constants);
        }
    }

    // ---- Helpers -----------------------------------------------------------------------------

    /** A key column; {@code nullsFirst} null means the dialect's default placement. */
    private static KeyColumn key(
            Dialect dialect, String name, boolean descending, Boolean nullsFirst, boolean nullable, int selectIndex) {
        boolean first = nullsFirst == null ? dialect.defaultNullsFirst(descending) : nullsFirst;
        return new KeyColumn(name, dialect.quote(name), descending, first, nullable, ValueKind.LONG, selectIndex);
    }

    private static ScanPlan plan(Dialect dialect, KeyColumn... keys) {
        return new ScanPlan(
                dialect, dialect.quote("entry"), selectList(dialect), null, List.of(), List.of(keys), false, List.of());
    }

    private static String selectList(Dialect dialect) {
        return dialect.quote("id") + ", " + dialect.quote("title");
    }

    private static Arguments statement(Dialect dialect, String sql, Object... binds) {
        return Arguments.of(Named.of(dialect.name(), dialect), new ScanPlan.Statement(sql, Arrays.asList(binds)));
    }

    // ---- Expected text, per dialect ------------------------------------------------------------

    static Stream<Arguments> partitionCut() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" LIMIT 1 OFFSET 99",
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `id` > ? ORDER BY `id` LIMIT 1 OFFSET 99",
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `id` > ? ORDER BY `id` LIMIT 1 OFFSET 99",
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" LIMIT 1 OFFSET 99",
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" LIMIT 1 OFFSET 99",
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" OFFSET 99 ROWS FETCH FIRST 1 ROWS ONLY",
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" OFFSET 99 ROWS FETCH FIRST 1 ROWS ONLY",
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"id\" > ? ORDER BY \"id\" OFFSET 99 ROWS FETCH FIRST 1 ROWS ONLY",
                        42L));
    }

    static Stream<Arguments> firstChunk() {
        return Stream.of(
                statement(Dialect.POSTGRESQL, "SELECT \"id\", \"title\" FROM \"entry\" ORDER BY \"id\" LIMIT 100"),
                statement(Dialect.MARIADB, "SELECT `id`, `title` FROM `entry` ORDER BY `id` LIMIT 100"),
                statement(Dialect.MYSQL, "SELECT `id`, `title` FROM `entry` ORDER BY `id` LIMIT 100"),
                statement(Dialect.H2, "SELECT \"id\", \"title\" FROM \"entry\" ORDER BY \"id\" LIMIT 100"),
                statement(Dialect.SQLITE, "SELECT \"id\", \"title\" FROM \"entry\" ORDER BY \"id\" LIMIT 100"),
                statement(Dialect.SQL_SERVER, "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" ORDER BY \"id\""),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" ORDER BY \"id\" FETCH FIRST 100 ROWS ONLY"),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" ORDER BY \"id\" FETCH FIRST 100 ROWS ONLY"));
    }

    static Stream<Arguments> twoColumnKey() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") > (?, ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") > (?, ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\"",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L));
    }

    static Stream<Arguments> twoColumnKeyDescending() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") < (?, ?) ORDER BY \"blog_id\" DESC, \"id\" DESC LIMIT 100",
                        7L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` <= ? AND (`blog_id` < ? OR `blog_id` = ? AND `id` < ?) ORDER BY `blog_id` DESC, `id` DESC LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` <= ? AND (`blog_id` < ? OR `blog_id` = ? AND `id` < ?) ORDER BY `blog_id` DESC, `id` DESC LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\" DESC, \"id\" DESC LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") < (?, ?) ORDER BY \"blog_id\" DESC, \"id\" DESC LIMIT 100",
                        7L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\" DESC, \"id\" DESC",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\" DESC, \"id\" DESC FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\" DESC, \"id\" DESC FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L));
    }

    static Stream<Arguments> mixedDirections() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` <= ? AND (`blog_id` < ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id` DESC, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` <= ? AND (`blog_id` < ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id` DESC, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\"",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" <= ? AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\" DESC, \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L));
    }

    static Stream<Arguments> nonNullSegment() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND (\"pub_date\", \"id\") > (?, ?) ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        5L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NOT NULL AND `pub_date` >= ? AND (`pub_date` > ? OR `pub_date` = ? AND `id` > ?) ORDER BY `pub_date`, `id` LIMIT 100",
                        5L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NOT NULL AND `pub_date` >= ? AND (`pub_date` > ? OR `pub_date` = ? AND `id` > ?) ORDER BY `pub_date`, `id` LIMIT 100",
                        5L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND \"pub_date\" >= ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?) ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        5L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND (\"pub_date\", \"id\") > (?, ?) ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        5L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND \"pub_date\" >= ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?) ORDER BY \"pub_date\", \"id\"",
                        5L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND \"pub_date\" >= ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?) ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        5L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL AND \"pub_date\" >= ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?) ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        5L,
                        5L,
                        5L,
                        42L));
    }

    static Stream<Arguments> nullSegment() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NULL AND `id` > ? ORDER BY `id` LIMIT 100",
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NULL AND `id` > ? ORDER BY `id` LIMIT 100",
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\" LIMIT 100",
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\"",
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL AND \"id\" > ? ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        42L));
    }

    static Stream<Arguments> firstSegmentNullsFirst() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NULL ORDER BY `id` LIMIT 100"),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NULL ORDER BY `id` LIMIT 100"),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\""),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY"),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NULL ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY"));
    }

    static Stream<Arguments> firstSegmentNullsLast() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NOT NULL ORDER BY `pub_date`, `id` LIMIT 100"),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `pub_date` IS NOT NULL ORDER BY `pub_date`, `id` LIMIT 100"),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\" LIMIT 100"),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\""),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY"),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"pub_date\" IS NOT NULL ORDER BY \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY"));
    }

    static Stream<Arguments> innerNullsAgainstDefault() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\" NULLS FIRST, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND ((`pub_date` > ? OR `pub_date` IS NULL) OR `pub_date` = ? AND `id` > ?)) ORDER BY `blog_id`, (`pub_date` IS NULL), `pub_date`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND ((`pub_date` > ? OR `pub_date` IS NULL) OR `pub_date` = ? AND `id` > ?)) ORDER BY `blog_id`, (`pub_date` IS NULL), `pub_date`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\" NULLS LAST, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\" NULLS LAST, \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", CASE WHEN \"pub_date\" IS NULL THEN 1 ELSE 0 END, \"pub_date\", \"id\"",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\" NULLS FIRST, \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", CASE WHEN \"pub_date\" IS NULL THEN 1 ELSE 0 END, \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L));
    }

    static Stream<Arguments> innerNullsDefault() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND (`pub_date` > ? OR `pub_date` = ? AND `id` > ?)) ORDER BY `blog_id`, `pub_date`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND (`pub_date` > ? OR `pub_date` = ? AND `id` > ?)) ORDER BY `blog_id`, `pub_date`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\"",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND ((\"pub_date\" > ? OR \"pub_date\" IS NULL) OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND (\"pub_date\" > ? OR \"pub_date\" = ? AND \"id\" > ?)) ORDER BY \"blog_id\", \"pub_date\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        5L,
                        5L,
                        42L));
    }

    static Stream<Arguments> filterWithOr() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND (\"blog_id\", \"id\") > (?, ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        "draft",
                        "live",
                        7L,
                        42L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE (status = ? OR status = ?) AND `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE (status = ? OR status = ?) AND `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND (\"blog_id\", \"id\") > (?, ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        "draft",
                        "live",
                        7L,
                        42L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\"",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (status = ? OR status = ?) AND \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        "draft",
                        "live",
                        7L,
                        7L,
                        7L,
                        42L));
    }

    static Stream<Arguments> stopInclusive() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") > (?, ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) AND (`blog_id` < ? OR `blog_id` = ? AND `id` <= ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE `blog_id` >= ? AND (`blog_id` > ? OR `blog_id` = ? AND `id` > ?) AND (`blog_id` < ? OR `blog_id` = ? AND `id` <= ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\", \"id\") > (?, ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\"",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE \"blog_id\" >= ? AND (\"blog_id\" > ? OR \"blog_id\" = ? AND \"id\" > ?) AND (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" <= ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        7L,
                        7L,
                        7L,
                        42L,
                        9L,
                        9L,
                        100L));
    }

    static Stream<Arguments> stopExclusive() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `id`, `title` FROM `entry` WHERE (`blog_id` < ? OR `blog_id` = ? AND `id` < ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `id`, `title` FROM `entry` WHERE (`blog_id` < ? OR `blog_id` = ? AND `id` < ?) ORDER BY `blog_id`, `id` LIMIT 100",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.H2,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\" LIMIT 100",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\"",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        9L,
                        9L,
                        100L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"id\", \"title\" FROM \"entry\" WHERE (\"blog_id\" < ? OR \"blog_id\" = ? AND \"id\" < ?) ORDER BY \"blog_id\", \"id\" FETCH FIRST 100 ROWS ONLY",
                        9L,
                        9L,
                        100L));
    }

    static Stream<Arguments> quoting() {
        return Stream.of(
                statement(
                        Dialect.POSTGRESQL,
                        "SELECT \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\" LIMIT 100",
                        1L),
                statement(
                        Dialect.MARIADB,
                        "SELECT `we``ird` FROM `my``table` WHERE `we``ird` > ? ORDER BY `we``ird` LIMIT 100",
                        1L),
                statement(
                        Dialect.MYSQL,
                        "SELECT `we``ird` FROM `my``table` WHERE `we``ird` > ? ORDER BY `we``ird` LIMIT 100",
                        1L),
                statement(
                        Dialect.H2,
                        "SELECT \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\" LIMIT 100",
                        1L),
                statement(
                        Dialect.SQLITE,
                        "SELECT \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\" LIMIT 100",
                        1L),
                statement(
                        Dialect.SQL_SERVER,
                        "SELECT TOP (100) \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\"",
                        1L),
                statement(
                        Dialect.ORACLE,
                        "SELECT \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\" FETCH FIRST 100 ROWS ONLY",
                        1L),
                statement(
                        Dialect.STANDARD,
                        "SELECT \"we\"\"ird\" FROM \"my\"\"table\" WHERE \"we\"\"ird\" > ? ORDER BY \"we\"\"ird\" FETCH FIRST 100 ROWS ONLY",
                        1L));
    }
}
