package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.SortKey.Direction;
import dev.chunkwise.SortKey.Nulls;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G1 for the declared order: multi-column orders with mixed directions and explicit NULLs rules
 * on nullable columns with duplicates, the automatic tie-breaker, and reverse scans. The
 * expected order is the database's own {@code ORDER BY}, with NULLs placed by hand-written
 * {@code CASE WHEN c IS NULL THEN 0 ELSE 1 END} terms, independent of the library's rendering.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class OrderContractTest {

    private static final String TABLE = "ct_order";
    private static final int ROWS = 37;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createTable(TestDatabase database) {
        database.drop(TABLE);
        database.execute("CREATE TABLE " + TABLE + " (id " + database.bigint() + " PRIMARY KEY, grp "
                + database.integer() + ", score " + database.integer() + " NOT NULL, tag " + database.binaryText(10)
                + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            Integer group = i % 4 == 0 ? null : i % 3;
            String tag = i % 3 == 0 ? null : "t" + (i % 2);
            rows.add(new Object[] {(long) i * 7 % 101, group, i % 5, tag});
        }
        database.insert(TABLE, "id, grp, score, tag", rows);
    }

    /** The database's own order, NULLs placed by explicit CASE terms. */
    private List<Long> databaseOrder(List<SortKey> keys) {
        List<String> terms = new ArrayList<>();
        for (SortKey key : keys) {
            if (key.nulls() != Nulls.DEFAULT) {
                terms.add("CASE WHEN " + key.column() + " IS NULL THEN 0 ELSE 1 END"
                        + (key.nulls() == Nulls.FIRST ? " ASC" : " DESC"));
            }
            terms.add(key.column() + " " + key.direction());
        }
        // the tie-breaker follows the direction of the last sort key
        terms.add("id " + keys.get(keys.size() - 1).direction());
        return ContractTables.ids(database, "SELECT id FROM " + TABLE + " ORDER BY " + String.join(", ", terms));
    }

    private Scan<Long> scan(List<SortKey> keys, int chunkSize) {
        return Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(keys)
                .chunkSize(chunkSize)
                .build(ID);
    }

    @Test
    void leadingNullableColumnWithDuplicatesFollowsEveryDirectionAndNullsRule() {
        for (Direction direction : Direction.values()) {
            for (Nulls nulls : List.of(Nulls.FIRST, Nulls.LAST)) {
                for (Direction second : Direction.values()) {
                    List<SortKey> keys =
                            List.of(new SortKey("grp", direction, nulls), new SortKey("score", second, Nulls.DEFAULT));
                    List<Long> expected = databaseOrder(keys);
                    for (int chunkSize : new int[] {1, 2, 3, 5}) {
                        assertThat(ContractTables.rows(scan(keys, chunkSize)))
                                .as("%s, chunk size %d", keys, chunkSize)
                                .containsExactlyElementsOf(expected);
                    }
                }
            }
        }
    }

    @Test
    void nullableColumnAfterANonNullableOneFollowsItsNullsRule() {
        for (Direction direction : Direction.values()) {
            for (Nulls nulls : List.of(Nulls.FIRST, Nulls.LAST)) {
                List<SortKey> keys = List.of(SortKey.desc("score"), new SortKey("grp", direction, nulls));
                List<Long> expected = databaseOrder(keys);
                for (int chunkSize : new int[] {1, 2, 4}) {
                    assertThat(ContractTables.rows(scan(keys, chunkSize)))
                            .as("%s, chunk size %d", keys, chunkSize)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    @Test
    void twoNullableColumnsWithOppositeDirectionsAndNullsRulesAreWalkedInTheDatabasesOrder() {
        List<List<SortKey>> orders = List.of(
                List.of(SortKey.asc("grp").nullsLast(), SortKey.desc("tag").nullsFirst()),
                List.of(SortKey.desc("grp").nullsFirst(), SortKey.asc("tag").nullsLast()),
                List.of(SortKey.asc("tag").nullsFirst(), SortKey.asc("grp").nullsFirst()),
                List.of(SortKey.desc("tag").nullsLast(), SortKey.desc("grp").nullsLast()));
        for (List<SortKey> keys : orders) {
            List<Long> expected = databaseOrder(keys);
            for (int chunkSize : new int[] {1, 2, 3, 6}) {
                assertThat(ContractTables.rows(scan(keys, chunkSize)))
                        .as("%s, chunk size %d", keys, chunkSize)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void defaultNullsPlacementIsWhereTheDatabasePutsThemForAPlainOrderBy() {
        for (String order : List.of("grp", "grp desc")) {
            String tieBreaker = order.endsWith("desc") ? ", id DESC" : ", id";
            List<Long> expected =
                    ContractTables.ids(database, "SELECT id FROM " + TABLE + " ORDER BY " + order + tieBreaker);
            Scan<Long> scan = Scan.over(database.dataSource())
                    .table(TABLE)
                    .orderBy(order)
                    .chunkSize(4)
                    .build(ID);
            assertThat(ContractTables.rows(scan)).as(order).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void primaryKeyIsAppendedAsTieBreakerToANonUniqueOrder() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("grp desc nulls last, score")
                .build(ID);
        assertThat(scan.order())
                .extracting(key -> key.column().toLowerCase(Locale.ROOT), SortKey::direction)
                .containsExactly(
                        tuple("grp", Direction.DESC), tuple("score", Direction.ASC), tuple("id", Direction.ASC));
        assertThat(scan.order().get(0).nulls()).isEqualTo(Nulls.LAST);
        assertThat(scan.order()).extracting(SortKey::nulls).doesNotContain(Nulls.DEFAULT);
    }

    @Test
    void noTieBreakerIsAppendedWhenTheOrderIsThePrimaryKey() {
        Scan<Long> scan =
                Scan.over(database.dataSource()).table(TABLE).orderBy("id desc").build(ID);
        assertThat(scan.order())
                .extracting(key -> key.column().toLowerCase(Locale.ROOT), SortKey::direction)
                .containsExactly(tuple("id", Direction.DESC));
        assertThat(ContractTables.rows(scan))
                .containsExactlyElementsOf(
                        ContractTables.ids(database, "SELECT id FROM " + TABLE + " ORDER BY id DESC"));
    }

    @Test
    void scanWithoutAnyOrderWalksThePrimaryKey() {
        Scan<Long> scan =
                Scan.over(database.dataSource()).table(TABLE).chunkSize(3).build(ID);
        assertThat(scan.order())
                .extracting(key -> key.column().toLowerCase(Locale.ROOT))
                .containsExactly("id");
        assertThat(ContractTables.rows(scan))
                .containsExactlyElementsOf(ContractTables.ids(database, "SELECT id FROM " + TABLE + " ORDER BY id"));
    }

    @Test
    void aKeyColumnsOnlyScanSelectsTheTotalOrderAndNothingElse() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy("score desc")
                .keyColumnsOnly()
                .chunkSize(4)
                .build(ID);
        assertThat(scan.columns())
                .extracting(column -> column.label().toLowerCase(Locale.ROOT))
                .containsExactly("score", "id");
        assertThat(ContractTables.rows(scan)).containsExactlyElementsOf(ContractTables.rows(scan(scan.order(), 5)));
    }

    @Test
    void reverseIsASettingLikeEveryOtherBuilderCallNotAToggle() {
        List<SortKey> keys = List.of(SortKey.asc("score"));
        Scan<Long> once = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(keys)
                .reverse()
                .chunkSize(4)
                .build(ID);
        Scan<Long> twice = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(keys)
                .reverse()
                .reverse()
                .chunkSize(4)
                .build(ID);
        assertThat(twice.order()).isEqualTo(once.order());
        assertThat(ContractTables.rows(twice)).containsExactlyElementsOf(ContractTables.rows(once));
    }

    @Test
    void reverseWalksExactlyTheOppositeOrderWithEveryKeyAndNullsRuleFlipped() {
        List<SortKey> keys =
                List.of(SortKey.desc("grp").nullsFirst(), SortKey.asc("tag").nullsLast(), SortKey.asc("score"));
        Scan<Long> forward = scan(keys, 4);
        Scan<Long> backward = Scan.over(database.dataSource())
                .table(TABLE)
                .orderBy(keys)
                .reverse()
                .chunkSize(4)
                .build(ID);
        List<Long> expected = new ArrayList<>(databaseOrder(keys));
        Collections.reverse(expected);
        assertThat(ContractTables.rows(backward)).containsExactlyElementsOf(expected);
        for (int i = 0; i < forward.order().size(); i++) {
            SortKey there = forward.order().get(i);
            SortKey back = backward.order().get(i);
            assertThat(back.column()).isEqualTo(there.column());
            assertThat(back.direction()).isNotEqualTo(there.direction());
            assertThat(back.nulls()).isNotEqualTo(there.nulls());
        }
    }
}
