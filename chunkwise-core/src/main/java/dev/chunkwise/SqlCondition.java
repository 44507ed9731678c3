package dev.chunkwise;

import dev.chunkwise.internal.ValueKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A SQL condition with {@code ?} placeholders and the values to bind to them, in order, for use
 * in the caller's own statement, such as {@code UPDATE entry SET ... WHERE <sql>}. The SQL holds
 * only quoted, catalog-checked identifiers, the caller's own filter (parenthesised) and
 * placeholders; values are never pasted into the text. {@link Scan#chunkQueryAfter(Position)}
 * uses the same pair for a whole chunk query.
 *
 * <p>Immutable.
 *
 * @param sql the condition
 * @param parameters the values for its placeholders, in order (filter parameters first)
 */
public record SqlCondition(String sql, List<Object> parameters) {

    public SqlCondition {
        java.util.Objects.requireNonNull(sql, "sql");
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    /**
     * Binds the parameters to {@code statement} starting at index {@code firstIndex}.
     *
     * @return the index after the last one bound
     */
    public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
        return ValueKind.bindAll(statement, firstIndex, parameters);
    }
}
