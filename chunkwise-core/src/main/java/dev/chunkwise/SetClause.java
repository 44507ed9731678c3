package dev.chunkwise;

import java.util.List;

/**
 * The SET list of the caller's own {@code UPDATE} of a scan's table, checked by
 * {@link Scan#setClause(String)}: the text to put after {@code SET}, and the columns it assigns.
 *
 * <p>Immutable.
 *
 * @param sql the SET list as it is rendered: {@code UPDATE <table> SET <sql> WHERE ...}
 * @param columns the columns it assigns, as the catalog spells them, in the order written
 */
public record SetClause(String sql, List<String> columns) {

    public SetClause {
        java.util.Objects.requireNonNull(sql, "sql");
        columns = List.copyOf(columns);
    }
}
