package dev.chunkwise.micrometer;

/** The names of the key values and tags chunkwise-micrometer records. */
public final class ChunkwiseKeys {

    private ChunkwiseKeys() {}

    /** The scan's name ({@code Scan.named}), or {@code none}. Low cardinality. */
    public static final String SCAN = "chunkwise.scan";

    /** The table, view or entity the scan reads. Low cardinality. */
    public static final String TABLE = "chunkwise.table";

    /** The partition, as {@code index/count}, or {@code none}. Low cardinality. */
    public static final String PARTITION = "chunkwise.partition";

    /** How a chunk ended: {@code success}, {@code stopped}, {@code failure}. Low cardinality. */
    public static final String OUTCOME = "chunkwise.outcome";

    /** The chunk's number. High cardinality: spans only. */
    public static final String CHUNK = "chunkwise.chunk";

    /** The chunk's rows. High cardinality: spans only. */
    public static final String ROWS = "chunkwise.rows";
}
