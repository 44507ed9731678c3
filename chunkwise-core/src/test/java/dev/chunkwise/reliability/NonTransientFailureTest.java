package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** G6, the other side: a permanent failure fails the scan at once, without a retry or a new connection. */
class NonTransientFailureTest {

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER", "H2", "SQLITE"})
    void aColumnRenamedBetweenChunksFailsTheNextChunkWithoutRetry(TestDatabase database) {
        runWithSchemaChange(
                database,
                "rel_renamed_" + database.name().toLowerCase(),
                table -> "ALTER TABLE " + table + " RENAME COLUMN payload TO payload_renamed");
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER", "H2"})
    void aColumnDroppedBetweenChunksFailsTheNextChunkWithoutRetry(TestDatabase database) {
        runWithSchemaChange(
                database,
                "rel_dropped_" + database.name().toLowerCase(),
                table -> "ALTER TABLE " + table + " DROP COLUMN payload");
    }

    private static void runWithSchemaChange(
            TestDatabase database, String table, java.util.function.UnaryOperator<String> change) {
        ReliabilitySupport.createNumbered(database, table, 50, 20);
        TrackedSource source = new TrackedSource(database);
        FakeClock clock = new FakeClock();
        Scan<String> scan = Scan.over(source)
                .table(table)
                .columns("id", "payload")
                .orderBy("id")
                .chunkSize(10)
                .clock(clock)
                .build(row -> row.getString("payload"));
        int openedByBuild = source.opened();
        List<String> delivered = new ArrayList<>();

        ChunkwiseException failure = catchThrowableOfType(
                ChunkwiseException.class,
                () -> scan.forEachChunk(chunk -> {
                    delivered.addAll(chunk.rows());
                    if (chunk.number() == 1) {
                        database.execute(change.apply(table));
                    }
                }));

        assertThat(failure).as("the scan fails").isNotNull();
        assertThat(delivered).hasSize(10);
        assertThat(failure.getCause()).isInstanceOf(SQLException.class);
        assertThat(Failures.isTransient(failure.getCause())).isFalse();
        assertThat(failure.getMessage()).doesNotContain("retries");
        assertThat(failure.chunk()).isEqualTo(2);
        assertThat(failure.lastPosition()).contains(scan.position(10L));
        assertThat(failure.sql()).hasValueSatisfying(sql -> assertThat(sql).containsIgnoringCase("payload"));
        assertThat(source.opened() - openedByBuild)
                .as("no connection after the run's first")
                .isEqualTo(1);
        assertThat(clock.sleeps()).as("no backoff").isEmpty();
        assertThat(source.stillOpen()).isEmpty();
    }
}
