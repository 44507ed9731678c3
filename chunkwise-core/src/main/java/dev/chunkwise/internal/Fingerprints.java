package dev.chunkwise.internal;

import dev.chunkwise.Position;
import dev.chunkwise.SortKey;
import java.util.List;

/**
 * The fingerprint of a scan, which its positions carry so that another scan refuses them: a
 * hash of the kind of scan, its source, its filter text and its resolved total order (not the
 * filter's parameter values, so that a job can resume with a recomputed cut-off).
 */
public final class Fingerprints {

    /** JDBC scans (the text every token of this format was made with). */
    public static final String JDBC = "chunkwise-scan";
    /** JPA scans. */
    public static final String JPA = "chunkwise-jpa-scan";

    private Fingerprints() {}

    public static long of(String kind, String source, String filter, List<SortKey> order) {
        StringBuilder text = new StringBuilder(kind).append('\n');
        text.append(source).append('\n');
        text.append(filter).append('\n');
        for (SortKey sortKey : order) {
            text.append(sortKey.column())
                    .append(' ')
                    .append(sortKey.direction())
                    .append(' ')
                    .append(sortKey.nulls())
                    .append('\n');
        }
        return Position.fingerprintOf(text.toString());
    }
}
