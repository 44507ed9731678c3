package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.SqlCondition;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The bounds of a scan as properties, on each of the five set-ups, over the same generated tables
 * and orders as {@link ScanOrderPropertyTest}: with a start and a stop position taken from the
 * chunks of a full run (each inclusive or exclusive, or absent), a scan built anew delivers
 * exactly the matching stretch of the database's own {@code ORDER BY}; and
 * {@link Scan#range(Position, Position)} of a chunk's first and last positions selects exactly
 * that chunk's rows in the caller's own query.
 */
class ScanBoundsPropertyTest {

    private static final int TRIES = 20;
    private static final Set<TestDatabase> USED = EnumSet.noneOf(TestDatabase.class);

    /**
     * Where the bounds are: a pick of 0 means no bound, otherwise the pick selects, modulo their
     * number, one of the chunk boundary positions (each chunk's first, then its last).
     */
    record Bounds(int startPick, boolean startInclusive, int stopPick, boolean stopInclusive, int rangePick) {}

    @Property(tries = TRIES)
    void onPostgresqlBoundedScansAndRangesSelectTheirStretch(
            @ForAll("cases") ScanCase scanCase, @ForAll("bounds") Bounds bounds) {
        check(TestDatabase.POSTGRESQL, scanCase, bounds);
    }

    @Property(tries = TRIES)
    void onMariaDbBoundedScansAndRangesSelectTheirStretch(
            @ForAll("cases") ScanCase scanCase, @ForAll("bounds") Bounds bounds) {
        check(TestDatabase.MARIADB, scanCase, bounds);
    }

    @Property(tries = TRIES)
    void onMariaDbWithTheMySqlDriverBoundedScansAndRangesSelectTheirStretch(
            @ForAll("cases") ScanCase scanCase, @ForAll("bounds") Bounds bounds) {
        check(TestDatabase.MYSQL_DRIVER, scanCase, bounds);
    }

    @Property(tries = TRIES)
    void onH2BoundedScansAndRangesSelectTheirStretch(
            @ForAll("cases") ScanCase scanCase, @ForAll("bounds") Bounds bounds) {
        check(TestDatabase.H2, scanCase, bounds);
    }

    @Property(tries = TRIES)
    void onSqliteBoundedScansAndRangesSelectTheirStretch(
            @ForAll("cases") ScanCase scanCase, @ForAll("bounds") Bounds bounds) {
        check(TestDatabase.SQLITE, scanCase, bounds);
    }

    @Provide
    Arbitrary<ScanCase> cases() {
        return ScanCases.cases();
    }

    @Provide
    Arbitrary<Bounds> bounds() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 2 * ScanCases.MAX_ROWS);
        Arbitrary<Boolean> inclusive = Arbitraries.of(false, true);
        return Combinators.combine(
                        pick, inclusive, pick, inclusive, Arbitraries.integers().between(0, ScanCases.MAX_ROWS))
                .as(Bounds::new)
                .withoutEdgeCases();
    }

    @AfterContainer
    static void dropTables() {
        for (TestDatabase database : USED) {
            database.drop(ScanOracle.tableName(database));
        }
    }

    /** A position and the index, in the expected rows, of the row it stands at. */
    private record Boundary(int rowIndex, Position position) {}

    private static void check(TestDatabase database, ScanCase scanCase, Bounds bounds) {
        USED.add(database);
        ScanTrial trial = ScanTrial.run(database, scanCase);
        List<Chunk<List<String>>> chunks = trial.chunks();
        if (chunks.isEmpty()) {
            trial.assertNothingLeftOpen();
            return;
        }
        List<Boundary> boundaries = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            int first = trial.firstRowIndex(i);
            boundaries.add(new Boundary(first, chunks.get(i).first()));
            boundaries.add(
                    new Boundary(first + chunks.get(i).size() - 1, chunks.get(i).last()));
        }
        checkBoundedScan(trial, bounds, boundaries);
        checkRange(trial, chunks.get(bounds.rangePick() % chunks.size()), bounds.rangePick() % chunks.size());
        trial.assertNothingLeftOpen();
    }

    private static void checkBoundedScan(ScanTrial trial, Bounds bounds, List<Boundary> boundaries) {
        List<List<String>> all = trial.expected();
        Scan<List<String>> bounded = ScanOracle.build(
                trial.dataSource(),
                trial.table(),
                trial.scanCase(),
                trial.scanCase().resumeChunkSize());
        int from = 0;
        int to = all.size();
        String description = "";
        if (bounds.startPick() > 0) {
            Boundary start = boundaries.get((bounds.startPick() - 1) % boundaries.size());
            Position position = bounded.parsePosition(start.position().token());
            bounded = bounds.startInclusive() ? bounded.startAt(position) : bounded.startAfter(position);
            from = bounds.startInclusive() ? start.rowIndex() : start.rowIndex() + 1;
            description += (bounds.startInclusive() ? "startAt " : "startAfter ") + position + " (row "
                    + start.rowIndex() + ") ";
        }
        if (bounds.stopPick() > 0) {
            Boundary stop = boundaries.get((bounds.stopPick() - 1) % boundaries.size());
            Position position = bounded.parsePosition(stop.position().token());
            bounded = bounds.stopInclusive() ? bounded.stopAt(position) : bounded.stopBefore(position);
            to = bounds.stopInclusive() ? stop.rowIndex() + 1 : stop.rowIndex();
            description +=
                    (bounds.stopInclusive() ? "stopAt " : "stopBefore ") + position + " (row " + stop.rowIndex() + ")";
        }
        List<List<String>> expected = from < to ? all.subList(from, to) : List.of();
        String report = trial.report() + "  bounded scan: " + description + ", chunk size "
                + trial.scanCase().resumeChunkSize() + "; its first chunk query: " + bounded.firstChunkSql() + "\n";
        List<List<String>> delivered = new ArrayList<>();
        try {
            bounded.forEachChunk(chunk -> delivered.addAll(chunk.rows()));
        } catch (RuntimeException failure) {
            throw new AssertionError("the bounded run failed" + report, failure);
        }
        assertThat(delivered).as("rows of the bounded run" + report).containsExactlyElementsOf(expected);
    }

    private static void checkRange(ScanTrial trial, Chunk<List<String>> chunk, int chunkIndex) {
        SqlCondition range = trial.scan().range(chunk.first(), chunk.last());
        String sql = ScanOracle.orderBySql(trial.table(), trial.scanCase(), trial.expectedOrder(), range.sql());
        String report = trial.report() + "  range of chunk " + (chunkIndex + 1) + " from " + chunk.first() + " to "
                + chunk.last() + ": " + range + "\n  range query: " + sql + "\n";
        List<List<String>> selected;
        try {
            selected = ScanOracle.rows(trial.database(), sql, statement -> range.bind(statement, 1));
        } catch (RuntimeException failure) {
            throw new AssertionError("the range query failed" + report, failure);
        }
        assertThat(selected)
                .as("rows selected by scan.range(chunk.first(), chunk.last())" + report)
                .containsExactlyElementsOf(chunk.rows());
    }
}
