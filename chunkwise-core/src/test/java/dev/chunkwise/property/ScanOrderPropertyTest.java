package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * G1 and G3 as properties, on each of the five database set-ups: a chunked scan delivers, row for
 * row, what the database's own single {@code ORDER BY} query returns ({@link ScanOracle}), and a
 * run cut after any chunk and resumed from that chunk's position token, by a scan built anew
 * with another chunk size, delivers exactly the rest.
 *
 * <p>Each try creates its own table and nothing carries over between tries, so the outcome
 * depends on the generated case alone: no fixed seed is set, every run explores new cases, and
 * a failure is replayed with the seed jqwik reports ({@code @Property(seed = "...")}). A failure
 * shows the table, the order, the chunk size and the SQL of the chunk and oracle queries.
 */
class ScanOrderPropertyTest {

    private static final int TRIES = 30;
    private static final Set<TestDatabase> USED = EnumSet.noneOf(TestDatabase.class);

    @Property(tries = TRIES)
    void onPostgresqlChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.POSTGRESQL, scanCase);
    }

    @Property(tries = TRIES)
    void onMariaDbChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.MARIADB, scanCase);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.MYSQL_DRIVER, scanCase);
    }

    @Property(tries = TRIES)
    void onH2ChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.H2, scanCase);
    }

    @Property(tries = TRIES)
    void onSqliteChunksDeliverWhatOneOrderByQueryReturns(@ForAll("cases") ScanCase scanCase) {
        check(TestDatabase.SQLITE, scanCase);
    }

    @Provide
    Arbitrary<ScanCase> cases() {
        return ScanCases.cases();
    }

    /** The oracle's own table of default NULL placement, checked against each database. */
    @Example
    void eachDatabaseSortsNullsWhereTheOracleAssumes() {
        for (TestDatabase database : TestDatabase.values()) {
            String table = ScanOracle.tableName(database) + "_nulls";
            database.drop(table);
            database.execute(
                    "CREATE TABLE " + table + " (x " + database.integer() + ")",
                    "INSERT INTO " + table + " (x) VALUES (1)",
                    "INSERT INTO " + table + " (x) VALUES (NULL)");
            List<Object> ascending = database.column("SELECT x FROM " + table + " ORDER BY x");
            List<Object> descending = database.column("SELECT x FROM " + table + " ORDER BY x DESC");
            database.drop(table);
            assertThat(ascending.get(0) == null)
                    .as(database + ": NULL first in ORDER BY x")
                    .isEqualTo(!ScanOracle.nullsSortHigh(database));
            assertThat(descending.get(0) == null)
                    .as(database + ": NULL first in ORDER BY x DESC")
                    .isEqualTo(ScanOracle.nullsSortHigh(database));
        }
    }

    @AfterContainer
    static void dropTables() {
        for (TestDatabase database : USED) {
            database.drop(ScanOracle.tableName(database));
        }
    }

    private static void check(TestDatabase database, ScanCase scanCase) {
        USED.add(database);
        ScanTrial trial = ScanTrial.run(database, scanCase);
        List<Chunk<List<String>>> chunks = trial.chunks();
        if (!chunks.isEmpty()) {
            int cut = 1 + (scanCase.cutAfterChunk() - 1) % chunks.size();
            String token = chunks.get(cut - 1).last().token();
            String report = trial.report() + "  cut after chunk " + cut + " of " + chunks.size() + ", token " + token
                    + " = " + Position.parse(token) + "\n";
            Scan<List<String>> resumable =
                    ScanOracle.build(trial.dataSource(), trial.table(), scanCase, scanCase.resumeChunkSize());
            List<List<String>> resumed;
            try (Stream<List<String>> rest = resumable.startAfter(Position.parse(token)).stream()) {
                resumed = rest.collect(Collectors.toList());
            } catch (RuntimeException failure) {
                throw new AssertionError("the resumed run failed" + report, failure);
            }
            List<List<String>> concatenated = new ArrayList<>();
            chunks.subList(0, cut).forEach(chunk -> concatenated.addAll(chunk.rows()));
            concatenated.addAll(resumed);
            assertThat(concatenated)
                    .as("rows of the first " + cut + " chunks, then of the resumed run" + report)
                    .containsExactlyElementsOf(trial.expected());
        }
        trial.assertNothingLeftOpen();
        Statistics.label("rows").collect(bucket(scanCase.table().rows().size()));
        Statistics.label("rows matching the filter")
                .collect(bucket(trial.expected().size()));
        Statistics.label("chunks").collect(bucket(chunks.size()));
        Statistics.label("declared keys").collect(scanCase.order().size());
        Statistics.label("leading key nullable")
                .collect(!scanCase.order().isEmpty()
                        && GeneratedTable.VALUE_COLUMNS.contains(
                                scanCase.order().get(0).column()));
    }

    private static String bucket(int count) {
        return count == 0 ? "0" : count <= 5 ? "1-5" : count <= 20 ? "6-20" : "21+";
    }
}
