package dev.chunkwise.cli;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import dev.chunkwise.SetClause;
import dev.chunkwise.SortKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chunkwise update}: {@code UPDATE <table> SET <set>} over the matching rows, chunk by
 * chunk. A SET that assigns a key column is refused: it would move rows ahead of the walk, to be
 * read and updated again.
 */
@Command(name = "update", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Update matching rows in keyset chunks, one short transaction per chunk.")
final class UpdateCommand extends ChunkedWriteCommand {

    @Option(names = "--set", paramLabel = "SQL", required = true,
            description = "The SET clause, as written: for example \"status = 'archived', rating = rating + 1\".")
    String set;

    UpdateCommand(Console console) {
        super(console);
    }

    @Override
    String task() {
        return "update";
    }

    @Override
    String verb() {
        return "updated";
    }

    /** The SET list as checked against the table, once {@link #checkStatement} ran. */
    private String checkedSet;

    @Override
    String statement(String quotedTable, String condition) {
        return "UPDATE " + quotedTable + " SET " + (checkedSet == null ? set : checkedSet) + " WHERE " + condition;
    }

    @Override
    void checkStatement(Database database, Scan<Boolean> scan) {
        if (set.isBlank()) {
            throw new BadInputException("--set is blank.");
        }
        SetClause clause;
        try {
            clause = scan.setClause(set);
        } catch (IllegalArgumentException refused) {
            throw new BadInputException("--set: " + refused.getMessage() + ".", refused);
        }
        checkedSet = clause.sql();
        Set<String> keys = scan.order().stream().map(SortKey::column).collect(Collectors.toSet());
        List<String> assigned = clause.columns().stream().filter(keys::contains).distinct()
                .collect(Collectors.toList());
        if (!assigned.isEmpty()) {
            throw new BadInputException("--set assigns the key column " + String.join(", ", assigned)
                    + " that the walk is ordered by " + scan.order().stream().map(SortKey::column)
                            .collect(Collectors.toList()) + "; changing it would move rows ahead of the walk.");
        }
        try (Connection connection = database.open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(statement(scan.quotedSource(), "1 = 0"));
            } catch (SQLException failure) {
                if (isBadInput(failure)) {
                    throw new BadInputException("the --set '" + set + "' is rejected by the database: "
                            + failure.getMessage(), failure);
                }
                throw failure;
            } finally {
                connection.rollback();
            }
        } catch (SQLException failure) {
            throw new ChunkwiseException("cannot check the update statement: " + failure.getMessage(), failure);
        }
    }
}
