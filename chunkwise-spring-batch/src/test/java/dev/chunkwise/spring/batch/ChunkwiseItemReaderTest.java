package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.Scan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

/** The reader on its own, over a table of the test PostgreSQL, as a step would drive it. */
class ChunkwiseItemReaderTest {

    private static HikariDataSource pool;
    private static Fixture rows;

    @BeforeAll
    static void createTable() {
        rows = Fixture.create("reader_rows", 250);
        pool = BatchDatabase.pool(4);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @CsvSource({"1", "7", "100", "250", "5000"})
    void readsEveryRowOnceInTheScansOrderWhateverTheChunkSize(int chunkSize) throws Exception {
        ChunkwiseItemReader<Long> reader = reader(rows.scan(pool, chunkSize));
        reader.open(new ExecutionContext());

        assertThat(readAll(reader)).containsExactlyElementsOf(rows.ids());
        assertThat(reader.read()).as("after the end").isNull();
        reader.close();
    }

    @Test
    void aRestartInsideTheNullsOfANullableSortColumnLosesAndRepeatsNoRow() throws Exception {
        String table = BatchDatabase.SCHEMA + ".reader_nullable";
        BatchDatabase.execute(
                "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, rating int)",
                // every third rating is NULL, the others repeat: a sort key that is neither unique nor NOT NULL
                "INSERT INTO " + table + " SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 5 END"
                        + " FROM generate_series(1, 120) g");
        Scan<Long> scan = Scan.over(pool)
                .table(BatchDatabase.SCHEMA, "reader_nullable")
                .orderBy("rating desc nulls first")
                .chunkSize(7)
                .build(row -> row.getLong("id"));
        List<Long> expected = new ArrayList<>();
        try (var connection = pool.getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "SELECT id FROM " + table + " ORDER BY rating DESC NULLS FIRST, id DESC")) {
            while (result.next()) {
                expected.add(result.getLong(1));
            }
        }
        List<Long> read = new ArrayList<>();
        ExecutionContext context = new ExecutionContext();
        for (int stop : new int[] {11, 40, 95, 120}) { // 11: inside the NULLs, then inside the values
            ChunkwiseItemReader<Long> reader = reader(scan);
            reader.open(context);
            while (read.size() < stop) {
                read.add(reader.read());
            }
            reader.update(context);
            reader.close();
        }

        assertThat(read)
                .containsExactlyElementsOf(expected)
                .doesNotHaveDuplicates()
                .hasSize(120);
    }

    @Test
    void readsNothingFromAnEmptyTable() throws Exception {
        Fixture empty = Fixture.create("reader_empty", 0);
        ChunkwiseItemReader<Long> reader = reader(empty.scan(pool, 10));
        reader.open(new ExecutionContext());

        assertThat(reader.read()).isNull();
    }

    @Test
    void holdsNoConnectionBetweenReads() throws Exception {
        ChunkwiseItemReader<Long> reader = reader(rows.scan(pool, 100));
        reader.open(new ExecutionContext());

        reader.read();
        reader.read();

        assertThat(pool.getHikariPoolMXBean().getActiveConnections())
                .as("connections in use while the step works on the chunk's rows")
                .isZero();
        reader.close();
    }

    @Test
    void continuesAfterThePositionSavedInTheContext() throws Exception {
        Scan<Long> scan = rows.scan(pool, 40);
        ChunkwiseItemReader<Long> first = reader(scan);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        for (int i = 0; i < 123; i++) {
            first.read();
        }
        first.update(context);
        first.close();

        ChunkwiseItemReader<Long> second = reader(scan);
        second.open(context);

        assertThat(readAll(second)).containsExactlyElementsOf(rows.ids().subList(123, 250));
    }

    @Test
    void savesThePositionOfTheLastRowReadNotOfTheChunkReadAhead() throws Exception {
        Scan<Long> scan = rows.scan(pool, 100);
        ChunkwiseItemReader<Long> reader = reader(scan);
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        for (int i = 0; i < 30; i++) {
            reader.read();
        }

        reader.update(context);

        assertThat(scan.parsePosition(context.getString("rows.position")))
                .isEqualTo(scan.position(
                        java.time.LocalDateTime.of(2024, 1, 1, 0, 0)
                                .plusHours(rows.ids().get(29) % 97),
                        rows.ids().get(29)));
    }

    @Test
    void refusesAPositionTokenOfAnotherScan() {
        Scan<Long> other = Scan.over(pool)
                .table(BatchDatabase.SCHEMA, rows.name)
                .orderBy("id")
                .build(row -> row.getLong("id"));
        ExecutionContext context = new ExecutionContext();
        context.putString("rows.position", other.position(5L).token());
        ChunkwiseItemReader<Long> reader = reader(rows.scan(pool, 10));

        assertThatThrownBy(() -> reader.open(context))
                .isInstanceOf(ItemStreamException.class)
                .hasMessageContaining("rows.position")
                .hasMessageContaining("different scan");
    }

    @Test
    void refusesAValueThatIsNotAToken() {
        ExecutionContext context = new ExecutionContext();
        context.putLong("rows.position", 42L);
        ChunkwiseItemReader<Long> reader = reader(rows.scan(pool, 10));

        assertThatThrownBy(() -> reader.open(context))
                .isInstanceOf(ItemStreamException.class)
                .hasMessageContaining("java.lang.Long under 'rows.position'");
    }

    @Test
    void withoutSaveStateItSavesNothingAndIgnoresASavedPosition() throws Exception {
        Scan<Long> scan = rows.scan(pool, 50);
        ExecutionContext context = new ExecutionContext();
        context.putString(
                "rows.position",
                scan.position(java.time.LocalDateTime.of(2024, 1, 1, 5, 0), 5L).token());
        ChunkwiseItemReader<Long> reader = new ChunkwiseItemReaderBuilder<Long>()
                .scan(scan)
                .saveState(false)
                .build();
        reader.open(context);
        reader.read();
        ExecutionContext saved = new ExecutionContext();

        reader.update(saved);

        assertThat(saved.isEmpty()).isTrue();
        reader.close();
        reader.open(context);
        assertThat(readAll(reader)).hasSize(250);
    }

    @Test
    void readingBeforeOpenIsRefused() {
        ChunkwiseItemReader<Long> reader = reader(rows.scan(pool, 10));

        assertThatThrownBy(reader::read)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not open");
    }

    @Test
    void theBuilderNeedsANameWhenTheReaderSavesItsState() {
        assertThatThrownBy(() -> new ChunkwiseItemReaderBuilder<Long>()
                        .scan(rows.scan(pool, 10))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name is required");
    }

    @Test
    void theBuilderNeedsAScan() {
        assertThatThrownBy(() ->
                        new ChunkwiseItemReaderBuilder<Long>().name("rows").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scan is required");
    }

    @Test
    void aReaderOfAPartitionReadsThatPartitionsRowsOnly() throws Exception {
        Scan<Long> scan = rows.scan(pool, 30);
        var partitions = scan.partitions(3, dev.chunkwise.PartitionStrategy.INDEX_WALK);
        List<Long> all = new ArrayList<>();
        for (var partition : partitions) {
            ChunkwiseItemReader<Long> reader = new ChunkwiseItemReaderBuilder<Long>()
                    .name("rows")
                    .scan(scan)
                    .partition(partition.token())
                    .build();
            reader.open(new ExecutionContext());
            List<Long> read = readAll(reader);
            assertThat(read).hasSize((int) partition.estimatedRows());
            all.addAll(read);
        }
        assertThat(all).containsExactlyElementsOf(rows.ids());
    }

    @Test
    void aReaderOfAPartitionWithoutRowsReadsNothing() throws Exception {
        ChunkwiseItemReader<Long> reader = new ChunkwiseItemReaderBuilder<Long>()
                .name("rows")
                .scan(rows.scan(pool, 30))
                .partition(ChunkwisePartitioner.NO_ROWS)
                .build();
        reader.open(new ExecutionContext());

        assertThat(reader.read()).isNull();
    }

    @Test
    void aPartitionTokenOfAnotherScanIsRefusedWhenTheReaderIsBuilt() {
        Scan<Long> other = Scan.over(pool)
                .table(BatchDatabase.SCHEMA, rows.name)
                .orderBy("id")
                .build(row -> row.getLong("id"));
        String token = other.partitions(2).get(0).token();

        assertThatThrownBy(() -> new ChunkwiseItemReaderBuilder<Long>()
                        .name("rows")
                        .scan(rows.scan(pool, 30))
                        .partition(token)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
    }

    private static ChunkwiseItemReader<Long> reader(Scan<Long> scan) {
        return new ChunkwiseItemReaderBuilder<Long>().name("rows").scan(scan).build();
    }

    private static List<Long> readAll(ChunkwiseItemReader<Long> reader) throws Exception {
        List<Long> read = new ArrayList<>();
        for (Long id = reader.read(); id != null; id = reader.read()) {
            read.add(id);
        }
        return read;
    }
}
