package dev.chunkwise.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.Chunk;
import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import dev.chunkwise.testing.LeakTrackingDataSource;
import dev.chunkwise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One try of a property: the case's table created afresh, its scan built over a leak-tracking
 * DataSource and run chunk by chunk, and what the oracle says it must deliver. The resolved
 * order and the chunked rows are checked here, since every property depends on them.
 *
 * @param report what a failure shows: the set-up, the case, the orders and every query's SQL
 */
record ScanTrial(
        TestDatabase database,
        ScanCase scanCase,
        String table,
        LeakTrackingDataSource dataSource,
        Scan<List<String>> scan,
        List<SortKey> expectedOrder,
        List<List<String>> expected,
        List<Chunk<List<String>>> chunks,
        String report) {

    static ScanTrial run(TestDatabase database, ScanCase scanCase) {
        String table = ScanOracle.tableName(database);
        scanCase.table().create(database, table);
        LeakTrackingDataSource tracked = new LeakTrackingDataSource(database.dataSource());
        Scan<List<String>> scan = ScanOracle.build(tracked, table, scanCase, scanCase.chunkSize());
        List<SortKey> expectedOrder = ScanOracle.expectedOrder(database, scanCase);
        String oracleSql = ScanOracle.orderBySql(table, scanCase, expectedOrder, null);
        String report = "\n" + database + ": " + scanCase
                + "\n  scan.order():      " + scan.order()
                + "\n  expected order:    " + expectedOrder
                + "\n  first chunk query: " + scan.firstChunkSql()
                + "\n  next chunk query:  " + scan.nextChunkSql()
                + "\n  oracle query:      " + oracleSql + "\n";
        ScanOracle.assertResolvedOrder(scan.order(), expectedOrder, report);
        List<List<String>> expected = ScanOracle.rows(database, oracleSql, ScanOracle.filterParameters(scanCase));

        List<Chunk<List<String>>> chunks = new ArrayList<>();
        try {
            scan.forEachChunk(chunks::add);
        } catch (RuntimeException failure) {
            throw new AssertionError("the chunked run failed" + report, failure);
        }
        List<List<String>> delivered =
                chunks.stream().flatMap(chunk -> chunk.rows().stream()).collect(Collectors.toList());
        assertThat(delivered).as("rows of the chunked run" + report).containsExactlyElementsOf(expected);
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).number())
                    .as("number of chunk " + (i + 1) + report)
                    .isEqualTo(i + 1);
            assertThat(chunks.get(i).size())
                    .as("size of chunk " + (i + 1) + report)
                    .isBetween(1, scanCase.chunkSize());
        }
        return new ScanTrial(database, scanCase, table, tracked, scan, expectedOrder, expected, chunks, report);
    }

    /** The index, in the expected rows, of the first row of each chunk. */
    int firstRowIndex(int chunkIndex) {
        int index = 0;
        for (int i = 0; i < chunkIndex; i++) {
            index += chunks.get(i).size();
        }
        return index;
    }

    /** Fails if the scans of this try left a connection, statement or result set open. */
    void assertNothingLeftOpen() {
        assertThat(dataSource.stillOpen()).as("JDBC objects left open" + report).isEmpty();
    }
}
