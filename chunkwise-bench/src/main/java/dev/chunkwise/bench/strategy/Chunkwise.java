package dev.chunkwise.bench.strategy;

import dev.chunkwise.Scan;
import java.time.Duration;

/**
 * chunkwise-core's {@link Scan#forEach}, rows streamed inside each chunk, in three settings:
 * {@code chunkwise} with the library's defaults (no chunk size or time set: for a row consumer,
 * time-targeted chunks on MariaDB and MySQL), {@code chunkwise-1000} with a fixed chunk size (the
 * runner's {@code --chunk-size}, 1000 by default: the default before time-targeted chunks) and
 * {@code chunkwise-adaptive} with {@code chunkTime(100 ms, 100, 100000)}. The chunk clock is the
 * scan's checkpoint hook, which fires as the caller moves past each chunk's last row.
 */
public final class Chunkwise implements Strategy {

    /** The target time per chunk of {@code chunkwise-adaptive}. */
    public static final Duration ADAPTIVE_TARGET = Duration.ofMillis(100);

    /**
     * A system property that sets the fetch size of both chunkwise strategies instead of the
     * core's default, to compare fetch sizes: the measured JVMs inherit it through
     * {@code JAVA_TOOL_OPTIONS=-Dchunkwise.bench.fetch-size=1000}.
     */
    public static final String FETCH_SIZE_PROPERTY = "chunkwise.bench.fetch-size";

    /** How a strategy sizes its chunks. */
    public enum Sizing {
        /** The library's default: no chunk size or time set. */
        DEFAULT,
        /** A fixed chunk size, the runner's {@code --chunk-size}. */
        FIXED,
        /** {@code chunkTime(ADAPTIVE_TARGET, 100, 100_000)}. */
        ADAPTIVE
    }

    private final Sizing sizing;
    private Scan<EntryRow> scan;

    public Chunkwise(Sizing sizing) {
        this.sizing = sizing;
    }

    @Override
    public void setUp(BenchContext context) {
        Scan.Builder builder = Scan.over(context.dataSource())
                .table("bench_entry")
                .columns(EntryRow.COLUMNS.split(", "))
                .orderBy("id")
                .onCheckpoint(position -> context.probe().chunkEnded());
        Integer fetchSize = Integer.getInteger(FETCH_SIZE_PROPERTY);
        if (fetchSize != null) {
            builder.fetchSize(fetchSize);
        }
        if (sizing == Sizing.FIXED) {
            builder.chunkSize(context.chunkSize());
        } else if (sizing == Sizing.ADAPTIVE) {
            builder.chunkSize(context.chunkSize()).chunkTime(ADAPTIVE_TARGET, 100, 100_000);
        }
        scan = builder.build(EntryRow::map);
    }

    @Override
    public void scan(BenchContext context) {
        scan.forEach(context.probe()::accept);
    }
}
