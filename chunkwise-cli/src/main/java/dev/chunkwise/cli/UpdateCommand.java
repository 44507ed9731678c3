package dev.chunkwise.cli;

import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Scan;
import dev.chunkwise.SortKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
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

    @Override
    String statement(String quotedTable, String condition) {
        return "UPDATE " + quotedTable + " SET " + set + " WHERE " + condition;
    }

    @Override
    void checkStatement(Database database, Scan<Boolean> scan) {
        if (set.isBlank()) {
            throw new BadInputException("--set is blank.");
        }
        Set<String> keys = scan.order().stream().map(sortKey -> sortKey.column().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<String> assigned = assignedColumns(set).stream()
                .filter(column -> keys.contains(column.toLowerCase(Locale.ROOT))).collect(Collectors.toList());
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
