package dev.chunkwise.cli;

import dev.chunkwise.Scan;
import dev.chunkwise.SetClause;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chunkwise update}: {@code UPDATE <table> SET <set>} over the matching rows, chunk by
 * chunk. The SET list is checked by the core ({@code Scan.setClause}: its lexical rules, its
 * targets against the catalog, the key columns it must not assign, the database itself): one that
 * assigns a key column would move rows ahead of the walk, to be read and updated again.
 */
@Command(
        name = "update",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Update matching rows in keyset chunks, one short transaction per chunk.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  chunkwise update --table entry --set \"rating = rating + 1\" \\",
            "      --where \"blog_id = 7\" --dry-run",
            "  chunkwise update --url jdbc:postgresql://localhost:5432/blog --user app \\",
            "      --table entry --set \"n_pingbacks = 0\" --where \"n_pingbacks IS NULL\" \\",
            "      --chunk-time 250ms --pace 1",
            "  # interrupted? The same command again continues after the last commit.",
            "  chunkwise update --table entry --set \"mod_date = pub_date\" --all \\",
            "      --max-rows 50000 --stats"
        })
final class UpdateCommand extends ChunkedWriteCommand {

    @Option(
            names = "--set",
            paramLabel = "SQL",
            required = true,
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
    String changes() {
        return "set=" + set;
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
            throw new BadInputException("--set: " + refused.getMessage(), refused);
        }
        checkedSet = clause.sql();
    }
}
