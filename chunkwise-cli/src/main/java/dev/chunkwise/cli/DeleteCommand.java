package dev.chunkwise.cli;

import dev.chunkwise.Scan;
import picocli.CommandLine.Command;

/** {@code chunkwise delete}: {@code DELETE FROM <table>} of the matching rows, chunk by chunk. */
@Command(
        name = "delete",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Delete matching rows in keyset chunks, one short transaction per chunk.")
final class DeleteCommand extends ChunkedWriteCommand {

    DeleteCommand(Console console) {
        super(console);
    }

    @Override
    String task() {
        return "delete";
    }

    @Override
    String verb() {
        return "deleted";
    }

    @Override
    String statement(String quotedTable, String condition) {
        return "DELETE FROM " + quotedTable + " WHERE " + condition;
    }

    @Override
    void checkStatement(Database database, Scan<Boolean> scan) {
        // the only SQL of the user's is the filter, which building the scan has already checked
    }
}
