package dev.chunkwise.cli;

import dev.chunkwise.Scan;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chunkwise delete}: {@code DELETE FROM <table>} of the matching rows, chunk by chunk;
 * with {@code --archive FILE} or {@code --archive-table NAME} each chunk's rows are kept first, in
 * the same transaction, so that the archive holds every deleted row exactly once whatever stops
 * the job (pt-archiver's use).
 */
@Command(
        name = "delete",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Delete matching rows in keyset chunks, one short transaction per chunk.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  chunkwise delete --table entry --where \"rating IS NULL\" --dry-run",
            "  chunkwise delete --table entry --where \"pub_date < '2016-01-01'\" \\",
            "      --archive entries-before-2016.csv --chunk-size 5000 --sleep 100ms",
            "  chunkwise delete --url jdbc:mariadb://localhost:3306/blog --user app \\",
            "      --table entry --where \"blog_id = 7\" --archive-table entry_archive --pace 1"
        })
final class DeleteCommand extends ChunkedWriteCommand {

    @Option(
            names = "--archive",
            paramLabel = "FILE",
            description = "Write each chunk's rows to FILE (flushed to disk) before its DELETE commits; a re-run cuts"
                    + " the file back to the last committed chunk.")
    Path archiveFile;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl",
            description = "The format of the --archive file (default: csv).")
    Format format;

    @Option(
            names = "--archive-table",
            paramLabel = "NAME",
            description = "Insert each chunk's rows into this table of the same database (same columns) in the"
                    + " chunk's transaction, before its DELETE.")
    String archiveTable;

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
    void checkOptions() {
        super.checkOptions();
        if (archiveFile != null && archiveTable != null) {
            throw new BadInputException("--archive and --archive-table both keep the deleted rows: give one of them.");
        }
        if (format != null && archiveFile == null) {
            throw new BadInputException("--format applies to an --archive file.");
        }
        if (format == Format.parquet) {
            throw new BadInputException("--archive writes csv or jsonl: a Parquet file is complete only at its end,"
                    + " so it cannot grow chunk by chunk inside the deletes' transactions. Export the rows to Parquet"
                    + " first, then delete them.");
        }
        if (archiveFile != null && parallel != null) {
            throw new BadInputException("--archive FILE is one file that each chunk appends to in order, and"
                    + " --parallel commits the partitions' chunks in no order: keep the rows with --archive-table NAME"
                    + " (each partition inserts into it in its own transactions), or run without --parallel.");
        }
        if (archiveFile != null) {
            Paths.checkWritable(archiveFile, "--archive");
        }
    }

    @Override
    void checkStatement(Database database, Scan<Boolean> scan) {
        // the only SQL of the user's is the filter, which building the scan has already checked
    }

    @Override
    String changes() {
        if (archiveFile != null) {
            return "archive=" + archiveFile.toAbsolutePath().normalize() + "\nformat=" + format();
        }
        return archiveTable != null ? "archive-table=" + archiveTable : "";
    }

    @Override
    Archive archive(Database database, Scan<Boolean> scan) {
        if (archiveFile != null) {
            return Archive.file(archiveFile, format(), scan.quotedSource(), database);
        }
        if (archiveTable != null) {
            return Archive.table(archiveTable, scan.quotedSource(), database);
        }
        return Archive.none();
    }

    private Format format() {
        return format == null ? Format.csv : format;
    }
}
