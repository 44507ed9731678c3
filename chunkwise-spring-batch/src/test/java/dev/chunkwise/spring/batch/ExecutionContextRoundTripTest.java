package dev.chunkwise.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkwise.Scan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The reader's and the partitioner's state, written by Spring Batch's serializers and read back,
 * as a job repository does between a failed run and its restart: the default (Java serialization,
 * Base64) and the Jackson ones. The positions hold a timestamp key, the kind of value whose
 * round trip broke Spring Batch's own readers under Jackson.
 */
class ExecutionContextRoundTripTest {

    private static HikariDataSource pool;
    private static Fixture rows;

    @BeforeAll
    static void createTable() {
        rows = Fixture.create("round_trip", 200);
        pool = BatchDatabase.pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @ParameterizedTest
    @EnumSource(JobRunner.Serializer.class)
    void aReaderRestartedFromADeserializedContextContinuesAfterTheLastRowRead(JobRunner.Serializer serializer)
            throws Exception {
        Scan<Long> scan = rows.scan(pool, 64);
        ChunkwiseItemReader<Long> before =
                new ChunkwiseItemReaderBuilder<Long>().name("rows").scan(scan).build();
        ExecutionContext context = new ExecutionContext();
        before.open(context);
        for (int i = 0; i < 77; i++) {
            before.read();
        }
        before.update(context);
        before.close();

        ExecutionContext restored = roundTrip(serializer.factory.get(), context);
        ChunkwiseItemReader<Long> after =
                new ChunkwiseItemReaderBuilder<Long>().name("rows").scan(scan).build();
        after.open(restored);

        assertThat(restored.getString("rows.position")).isEqualTo(context.getString("rows.position"));
        List<Long> rest = new ArrayList<>();
        for (Long id = after.read(); id != null; id = after.read()) {
            rest.add(id);
        }
        assertThat(rest).containsExactlyElementsOf(rows.ids().subList(77, 200));
    }

    @ParameterizedTest
    @EnumSource(JobRunner.Serializer.class)
    void thePartitionContextsSurviveTheSerializerUnchanged(JobRunner.Serializer serializer) throws IOException {
        Map<String, ExecutionContext> contexts = new ChunkwisePartitioner(rows.scan(pool, 64)).partition(3);

        for (ExecutionContext context : contexts.values()) {
            assertThat(context.toMap().values())
                    .allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
            assertThat(roundTrip(serializer.factory.get(), context)).isEqualTo(context);
        }
    }

    private static ExecutionContext roundTrip(ExecutionContextSerializer serializer, ExecutionContext context)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.serialize(new java.util.HashMap<>(context.toMap()), out); // as JdbcExecutionContextDao does
        Map<String, Object> read = serializer.deserialize(new ByteArrayInputStream(out.toByteArray()));
        return new ExecutionContext(read);
    }
}
