package dev.chunkwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTableTest {

    private static final String JOB = "copy-ck-source";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void processesEveryRowExactlyOnceAcrossACrashWhenThePositionCommitsWithTheWrites(TestDatabase database)
            throws SQLException {
        DataSource dataSource = database.dataSource();
        database.drop("ck_source");
        database.drop("ck_target");
        database.drop("ck_checkpoint");
        database.execute(
                "CREATE TABLE ck_source (id " + database.bigint() + " PRIMARY KEY, v " + database.integer() + ")",
                "CREATE TABLE ck_target (id " + database.bigint() + " PRIMARY KEY, v " + database.integer() + ")");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            rows.add(new Object[] {id, (int) (id * 3)});
        }
        database.insert("ck_source", "id, v", rows);
        CheckpointTable checkpoints = CheckpointTable.named("ck_checkpoint");
        try (Connection connection = dataSource.getConnection()) {
            checkpoints.createIfMissing(connection);
        }
        Scan<long[]> scan = Scan.over(dataSource)
                .table("ck_source")
                .chunkSize(6)
                .build(row -> new long[] {row.getLong("id"), row.getLong("v")});

        assertThatThrownBy(() -> copy(scan, checkpoints, 3)).hasMessageContaining("crash in chunk 3");
        assertThat(database.column("SELECT COUNT(*) FROM ck_target").get(0))
                .asString()
                .isEqualTo("12");

        Optional<Position> saved;
        try (Connection connection = dataSource.getConnection()) {
            saved = checkpoints.load(connection, JOB);
        }
        assertThat(saved).isPresent();
        assertThat(saved.get().values()).containsExactly(12L);
        copy(saved.map(scan::startAfter).orElse(scan), checkpoints, -1);

        List<Long> copied = database.column("SELECT id FROM ck_target ORDER BY id").stream()
                .map(value -> ((Number) value).longValue())
                .collect(Collectors.toList());
        assertThat(copied)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().collect(Collectors.toList()));
    }

    @Test
    void refusesATableNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> CheckpointTable.named("ck; drop table ck_source"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain identifier");
    }

    private static void copy(Scan<long[]> scan, CheckpointTable checkpoints, long crashInChunk) {
        scan.forEachChunkInTransaction((chunk, connection) -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO ck_target (id, v) VALUES (?, ?)")) {
                for (long[] row : chunk.rows()) {
                    insert.setLong(1, row[0]);
                    insert.setLong(2, row[1]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            checkpoints.save(connection, JOB, chunk.last());
            if (chunk.number() == crashInChunk) {
                throw new IllegalStateException("crash in chunk " + crashInChunk);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void savesAJobsDetailsWithItsPositionAndAddsTheColumnToATableOfAnEarlierVersion(TestDatabase database)
            throws SQLException {
        database.drop("ck_old_checkpoint");
        // the table as an earlier version created it, with one job in it
        database.execute("CREATE TABLE ck_old_checkpoint (job VARCHAR(200) NOT NULL PRIMARY KEY, position_token "
                + "VARCHAR(2000) NOT NULL, updated_at TIMESTAMP)");
        Position saved = Position.of(42L, List.of(7L));
        database.execute("INSERT INTO ck_old_checkpoint (job, position_token) VALUES ('old', '" + saved.token() + "')");
        CheckpointTable checkpoints = CheckpointTable.named("ck_old_checkpoint");
        try (Connection connection = database.dataSource().getConnection()) {
            checkpoints.createIfMissing(connection);
            checkpoints.createIfMissing(connection);
            assertThat(checkpoints.read(connection, "old"))
                    .contains(new CheckpointTable.Checkpoint("old", Optional.of(saved), null));

            checkpoints.save(connection, "new", null, "{\"started\":true}");
            assertThat(checkpoints.read(connection, "new"))
                    .contains(new CheckpointTable.Checkpoint("new", Optional.empty(), "{\"started\":true}"));
            assertThat(checkpoints.load(connection, "new")).isEmpty();

            Position next = Position.of(42L, List.of(9L));
            checkpoints.save(connection, "new", next, "{\"rows\":3}");
            checkpoints.save(connection, "new", Position.of(42L, List.of(11L)));
            assertThat(checkpoints.read(connection, "new"))
                    .contains(new CheckpointTable.Checkpoint(
                            "new", Optional.of(Position.of(42L, List.of(11L))), "{\"rows\":3}"));
            assertThat(checkpoints.read(connection, "missing")).isEmpty();
            assertThatThrownBy(() -> checkpoints.save(connection, "new", next, "x".repeat(4001)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
