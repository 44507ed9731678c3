package dev.chunkwise.micrometer;

import dev.chunkwise.ScanListener;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default names of the {@code chunkwise.chunk} observation. Its low-cardinality key values
 * (the tags of the timer, and span attributes) take few values: {@code chunkwise.scan} (the scan's
 * name, {@code none} without one), {@code chunkwise.table} (the table, view or entity),
 * {@code chunkwise.partition} ({@code 2/4}, {@code none} for a scan that is not a partition) and
 * {@code chunkwise.outcome} ({@code success}, {@code stopped}, {@code failure}; {@code unknown}
 * while the chunk runs). Its high-cardinality key values, for spans only, are the chunk's number
 * ({@code chunkwise.chunk}) and rows ({@code chunkwise.rows}). A position is never a key value: key
 * values are the caller's data. Stateless and thread-safe.
 */
public class DefaultChunkObservationConvention implements ChunkObservationConvention {

    /** The one instance the listener uses unless told otherwise. */
    public static final DefaultChunkObservationConvention INSTANCE = new DefaultChunkObservationConvention();

    /** The observation's name, which is the timer's. */
    public static final String NAME = "chunkwise.chunk";

    /** For subclasses that rename or add to the defaults. */
    public DefaultChunkObservationConvention() {}

    @Override
    public String getName() {
        return NAME;
    }

    /** {@code chunk <source>}: a span's name. */
    @Override
    public String getContextualName(ChunkContext context) {
        return "chunk " + context.run().source();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ChunkContext context) {
        String outcome = context.done()
                .map(done -> done.outcome().name().toLowerCase(Locale.ROOT))
                .orElse("unknown");
        return runKeyValues(context.run()).and(ChunkwiseKeys.OUTCOME, outcome);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ChunkContext context) {
        KeyValues values = KeyValues.of(ChunkwiseKeys.CHUNK, Long.toString(context.chunk()));
        return context.done()
                .map(done -> values.and(ChunkwiseKeys.ROWS, Integer.toString(done.rows())))
                .orElse(values);
    }

    /** The scan, table and partition of a run: the tags the counters share with the timer. */
    static KeyValues runKeyValues(ScanListener.Run run) {
        return KeyValues.of(
                ChunkwiseKeys.SCAN,
                run.scanName().orElse(KeyValue.NONE_VALUE),
                ChunkwiseKeys.TABLE,
                run.source(),
                ChunkwiseKeys.PARTITION,
                run.partition().map(ScanListener.Partition::toString).orElse(KeyValue.NONE_VALUE));
    }
}
