package dev.chunkwise.property;

import dev.chunkwise.SortKey;
import java.util.List;

/**
 * One generated scan over one generated table: the declared order, its direction, an optional
 * filter, the chunk size, and where a run is cut and resumed.
 *
 * @param table the table and its rows
 * @param order the declared sort keys (possibly none: then the primary key alone orders)
 * @param reverse whether the scan is built with {@code reverse()}
 * @param filter the filter, or {@link Filter#NONE}
 * @param chunkSize rows per chunk, 1..7
 * @param cutAfterChunk the run is cut after chunk {@code 1 + (cutAfterChunk - 1) % chunks}
 * @param resumeChunkSize the chunk size of the scan, built anew, that resumes from the cut
 */
record ScanCase(
        GeneratedTable table,
        List<SortKey> order,
        boolean reverse,
        Filter filter,
        int chunkSize,
        int cutAfterChunk,
        int resumeChunkSize) {

    /** A filter as a caller writes it, with a top-level OR that must stay inside its parentheses. */
    enum Filter {
        NONE(null, null),
        GRADE_NULL_OR_LOW_SCORE("grade IS NULL OR score < ?", 0L),
        LABEL_OR_NO_CODE("label = ? OR code IS NULL", "a");

        private final String sql;
        private final Object parameter;

        Filter(String sql, Object parameter) {
            this.sql = sql;
            this.parameter = parameter;
        }

        /** The filter SQL, or {@code null} for none. */
        String sql() {
            return sql;
        }

        Object parameter() {
            return parameter;
        }

        @Override
        public String toString() {
            return sql == null ? "none" : sql + " with " + GeneratedTable.literal(parameter);
        }
    }

    @Override
    public String toString() {
        return table + "\n  order " + order + (reverse ? ", reversed" : ", forward") + ", filter " + filter
                + ", chunk size " + chunkSize + ", cut after chunk #" + cutAfterChunk
                + " (modulo the chunk count) and resume with chunk size " + resumeChunkSize;
    }
}
