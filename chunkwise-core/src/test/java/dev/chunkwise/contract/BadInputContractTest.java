package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mistakes in a scan's description are refused with an exception that names the problem, before
 * any row is read, and leave nothing changed: the table keeps its rows and every connection the
 * failed attempt opened is closed again.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class BadInputContractTest {

    private static final String TABLE = "ct_entry";
    private static final String NO_KEY = "ct_nokey";
    private static final String COPY = "ct_entry_copy";
    private static final int ROWS = 12;

    @Parameter
    TestDatabase database;

    private LeakTrackingDataSource tracked;

    @BeforeParameterizedClassInvocation
    static void createTables(TestDatabase database) {
        ContractTables.createNumbered(database, TABLE, ROWS);
        ContractTables.createNumbered(database, COPY, 3);
        database.drop(NO_KEY);
        database.execute("CREATE TABLE " + NO_KEY + " (code " + database.integer() + " NOT NULL, note "
                + database.text(20) + ", amount " + database.integer() + ")");
        database.insert(NO_KEY, "code, note, amount", List.of(new Object[] {1, "a", 5}, new Object[] {2, "b", 5}));
    }

    @BeforeEach
    void trackConnections() {
        tracked = new LeakTrackingDataSource(database.dataSource());
    }

    @AfterEach
    void nothingChangedAndNothingLeftOpen() {
        assertThat(tracked.stillOpen()).as("JDBC objects left open").isEmpty();
        assertThat(ContractTables.ids(database, "SELECT count(*) FROM " + TABLE))
                .containsExactly((long) ROWS);
    }

    private Scan.Builder over(String table) {
        return Scan.over(tracked).table(table);
    }

    @Test
    void unknownTableIsRefusedNamingItAndACloseMatch() {
        assertThatThrownBy(() -> over("ct_entyr").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ct_entyr")
                .message()
                .containsIgnoringCase("did you mean")
                .containsIgnoringCase(TABLE);
    }

    @Test
    void tableNameCarryingSqlIsJustAnUnknownTableAndTheTableSurvives() {
        assertThatThrownBy(() -> over(TABLE + "; drop table " + TABLE).build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown table");
        assertThatThrownBy(
                        () -> over(TABLE + "\" ; drop table " + TABLE + " --").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown table");
        assertThat(ContractTables.rows(Scan.over(tracked).table(TABLE).build(ID)))
                .hasSize(ROWS);
    }

    @Test
    void unknownColumnInTheOrderIsRefusedNamingItAndACloseMatch() {
        assertThatThrownBy(() -> over(TABLE).orderBy("scroe desc").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scroe")
                .message()
                .containsIgnoringCase("did you mean")
                .containsIgnoringCase("score");
    }

    @Test
    void unknownColumnInTheSelectedColumnsIsRefusedNamingIt() {
        assertThatThrownBy(() -> over(TABLE).columns("id", "nmae").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown column 'nmae'")
                .message()
                .containsIgnoringCase("name");
    }

    @Test
    void unknownColumnInTheKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> over(NO_KEY).key("cdoe").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown column 'cdoe'")
                .message()
                .containsIgnoringCase("code");
    }

    @Test
    void nonUniqueOrderOnATableWithoutAnyKeyIsRefusedNamingCandidatesAndSuggestingKey() {
        assertThatThrownBy(() -> over(NO_KEY).orderBy("amount").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key(...)")
                .message()
                .containsIgnoringCase("amount")
                .containsIgnoringCase("code");
        assertThatThrownBy(() -> over(NO_KEY).build(ID))
                .as("no order at all")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key(...)");
    }

    @Test
    void tableWithoutAnyKeyIsScannedWithAnExplicitKey() {
        Scan<Integer> scan =
                over(NO_KEY).orderBy("amount").key("code").chunkSize(1).build(row -> row.getInt("code"));
        assertThat(ContractTables.rows(scan)).containsExactly(1, 2);
    }

    @Test
    void chunkSizeZeroOrNegativeIsRefused() {
        assertThatThrownBy(() -> over(TABLE).chunkSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk size");
        assertThatThrownBy(() -> over(TABLE).chunkSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk size");
    }

    @Test
    void positionOfAScanWithAnotherFilterIsRefused() {
        Scan<Long> filtered = over(TABLE).where("score = ?", 1).build(ID);
        Scan<Long> unfiltered = over(TABLE).build(ID);
        Position position = filtered.position(50L);
        assertThatThrownBy(() -> unfiltered.startAfter(position))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        assertThatThrownBy(() -> unfiltered.parsePosition(position.token()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        assertThatThrownBy(() -> over(TABLE).where("score <> ?", 1).build(ID).stopAt(position))
                .as("another filter with the same parameters")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> over(COPY).where("score = ?", 1).build(ID).startAt(position))
                .as("the same filter over another table")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positionOfAScanWithAnotherOrderIsRefused() {
        Scan<Long> ascending = over(TABLE).orderBy("id").build(ID);
        Scan<Long> descending = over(TABLE).orderBy("id desc").build(ID);
        Scan<Long> byScore = over(TABLE).orderBy("score").build(ID);
        assertThatThrownBy(() -> descending.startAfter(ascending.position(50L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        assertThatThrownBy(() -> byScore.startAt(ascending.position(50L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ascending.stopBefore(byScore.position(1L, 50L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTokensAreRefused() {
        Scan<Long> scan = over(TABLE).orderBy("score").build(ID);
        String token = scan.position(1L, 50L).token();
        char flipped = token.charAt(token.length() / 2) == 'A' ? 'B' : 'A';
        String altered = token.substring(0, token.length() / 2) + flipped + token.substring(token.length() / 2 + 1);
        for (String bad : List.of(
                token.substring(0, token.length() - 3),
                token.substring(0, 5),
                altered,
                "not a token!",
                "",
                "AAAAAAAAAAAAAAAAAAAAAAAA",
                token + "x")) {
            assertThatThrownBy(() -> Position.parse(bad))
                    .as("token '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("null");
            assertThatThrownBy(() -> scan.parsePosition(bad))
                    .as("token '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void hasNextAndNextAfterCloseThrowIllegalStateException() {
        Scan<Long> scan = over(TABLE).chunkSize(3).build(ID);
        ScanIterator<Long> iterator = scan.iterator();
        assertThat(iterator.next()).isEqualTo(10L);
        iterator.close();
        assertThatThrownBy(iterator::hasNext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(iterator::next).isInstanceOf(IllegalStateException.class);
        iterator.close();
        ScanIterator<Long> exhausted = scan.iterator();
        while (exhausted.hasNext()) {
            exhausted.next();
        }
        assertThatThrownBy(exhausted::next).isInstanceOf(java.util.NoSuchElementException.class);
        exhausted.close();
        assertThatThrownBy(exhausted::hasNext).as("exhausted, then closed").isInstanceOf(IllegalStateException.class);
        ScanIterator<Long> neverStarted = scan.iterator();
        neverStarted.close();
        assertThatThrownBy(neverStarted::hasNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void filterWithASyntaxErrorIsRefusedAtBuildNamingTheFilter() {
        assertThatThrownBy(() -> over(TABLE).where("score = = ?", 1).build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score = = ?");
        assertThatThrownBy(() -> over(TABLE).where("no_such_column = ?", 1).build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no_such_column");
    }

    @Test
    void malformedOrderSpecificationIsRefusedNamingTheTerm() {
        assertThatThrownBy(() -> over(TABLE).orderBy("score sideways"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score sideways");
        assertThatThrownBy(() -> over(TABLE).orderBy("score, score desc").build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }
}
