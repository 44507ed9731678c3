package dev.chunkwise;

import java.util.List;

/**
 * The database's own plan for one of a scan's queries ({@link Scan#explain(SqlCondition)}), and
 * what in it keeps the query from being an index range: a sort of the matching rows, or a read of
 * the whole table. A chunk query that is an index range costs about the same for the last chunk as
 * for the first; one that sorts costs a pass over every matching row, per chunk.
 *
 * <p>Immutable.
 *
 * @param sql the query explained, with {@code ?} for its bind values
 * @param lines the plan as the database shows it, line by line (a tabular plan as a line of
 *     column labels and a line per row); empty where the database's plan is not read
 * @param fullScans the sorts and full scans in the plan, as the database names them
 *     ({@code Sort}, {@code Seq Scan on orders}, {@code Using filesort},
 *     {@code USE TEMP B-TREE FOR ORDER BY}); empty when the query reads an index range in order
 */
public record QueryPlan(String sql, List<String> lines, List<String> fullScans) {

    public QueryPlan {
        java.util.Objects.requireNonNull(sql, "sql");
        lines = List.copyOf(lines);
        fullScans = List.copyOf(fullScans);
    }

    /** Whether the query reads an index range in the scan's order: no sort, no full scan. */
    public boolean indexRange() {
        return fullScans.isEmpty();
    }
}
