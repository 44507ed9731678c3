package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ConnectionSource;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.reliability.ReliabilitySupport.FakeClock;
import dev.chunkwise.reliability.ReliabilitySupport.TrackedSource;
import dev.chunkwise.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The set-up work that opens its own connection is under the scan's retry policy too: the
 * catalog read of {@code build} and the statements of {@code partitions(n)}. Each of the first
 * connections handed out here is killed on the server before the work uses it (as a connection
 * lost at that moment), and the work starts again on a fresh one.
 */
class SetUpRetryTest {

    private static final int ROWS = 300;

    private static String table(TestDatabase database) {
        return "rel_setup_" + database.name().toLowerCase();
    }

    /** Hands out connections whose server side was killed, {@code deadOnes} times, then good ones. */
    private static final class DeadFirst implements ConnectionSource {

        private final TestDatabase database;
        private final TrackedSource tracked;
        private final AtomicInteger deadOnes;

        DeadFirst(TestDatabase database, int deadOnes) {
            this.database = database;
            this.tracked = new TrackedSource(database);
            this.deadOnes = new AtomicInteger(deadOnes);
        }

        @Override
        public Connection open() throws SQLException {
            Connection connection = tracked.open();
            if (deadOnes.getAndDecrement() > 0) {
                ReliabilitySupport.kill(database, tracked.current());
            }
            return connection;
        }

        void killNext(int count) {
            deadOnes.set(count);
        }
    }

    private static Scan.Builder builder(ConnectionSource source, TestDatabase database, RetryPolicy policy) {
        return Scan.over(source)
                .table(table(database))
                .orderBy("id")
                .chunkSize(40)
                .retry(policy)
                .clock(new FakeClock());
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void aConnectionLostDuringTheCatalogReadIsRetriedAndTheScanIsBuilt(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 20);
        DeadFirst source = new DeadFirst(database, 2);

        Scan<Long> scan = builder(source, database, RetryPolicy.defaults()).build(row -> row.getLong("id"));

        List<Long> delivered = new ArrayList<>();
        scan.forEach(delivered::add);
        assertThat(delivered).containsExactlyElementsOf(ReliabilitySupport.oneTo(ROWS));
        assertThat(source.tracked.connectionsStillOpen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB", "MYSQL_DRIVER"})
    void aConnectionLostWhileFindingPartitionsIsRetriedAndThePartitionsCoverTheScan(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 20);
        DeadFirst source = new DeadFirst(database, 0);
        Scan<Long> scan = builder(source, database, RetryPolicy.defaults()).build(row -> row.getLong("id"));
        source.killNext(2);

        List<ScanPartition<Long>> partitions = scan.partitions(4);

        List<Long> delivered = new ArrayList<>();
        partitions.forEach(partition -> partition.scan().forEach(delivered::add));
        assertThat(partitions).hasSize(4);
        assertThat(delivered).containsExactlyElementsOf(ReliabilitySupport.oneTo(ROWS));
        assertThat(source.tracked.connectionsStillOpen()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void withoutRetriesTheFirstLostConnectionFailsTheBuildNamingTheTable(TestDatabase database) {
        ReliabilitySupport.createNumbered(database, table(database), ROWS, 20);
        DeadFirst source = new DeadFirst(database, 1);

        assertThatThrownBy(() -> builder(source, database, RetryPolicy.none()).build(row -> row.getLong("id")))
                .isInstanceOf(ChunkwiseException.class)
                .hasMessageContaining("cannot read the catalog for table '" + table(database) + "'");
        assertThat(source.tracked.opened()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void anUnknownTableIsRefusedAtOnceWithoutRetrying(TestDatabase database) {
        DeadFirst source = new DeadFirst(database, 0);

        assertThatThrownBy(() -> Scan.over(source)
                        .table("rel_setup_no_such_table")
                        .orderBy("id")
                        .retry(RetryPolicy.defaults())
                        .clock(new FakeClock())
                        .build(row -> row.getLong("id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rel_setup_no_such_table");
        assertThat(source.tracked.opened()).isEqualTo(1);
    }
}
