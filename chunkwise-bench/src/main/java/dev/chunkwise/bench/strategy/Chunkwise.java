package dev.chunkwise.bench.strategy;

import dev.chunkwise.Scan;
import java.time.Duration;

/**
 * {@code chunkwise} (fixed chunk size) and {@code chunkwise-adaptive} (a target time per chunk):
 * chunkwise-core's {@link Scan#forEach}, rows streamed inside each chunk. The chunk clock is
 * the scan's checkpoint hook, which fires as the caller moves past each chunk's last row.
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

    private final boolean adaptive;
    private Scan<EntryRow> scan;

    public Chunkwise(boolean adaptive) {
        this.adaptive = adaptive;
    }

    @Override
    public void setUp(BenchContext context) {
        Scan.Builder builder = Scan.over(context.dataSource())
                .table("bench_entry")
                .columns(EntryRow.COLUMNS.split(", "))
                .orderBy("id")
                .chunkSize(context.chunkSize())
                .onCheckpoint(position -> context.probe().chunkEnded());
        Integer fetchSize = Integer.getInteger(FETCH_SIZE_PROPERTY);
        if (fetchSize != null) {
            builder.fetchSize(fetchSize);
        }
        if (adaptive) {
            builder.chunkTime(ADAPTIVE_TARGET, 100, 100_000);
        }
        scan = builder.build(EntryRow::map);
    }

    @Override
    public void scan(BenchContext context) {
        scan.forEach(context.probe()::accept);
    }
}
