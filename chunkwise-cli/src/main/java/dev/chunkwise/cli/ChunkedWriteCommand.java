package dev.chunkwise.cli;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.Position;
import dev.chunkwise.RetryPolicy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.SqlCondition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * {@code update} and {@code delete}: a job over the table's key, one short transaction per chunk,
 * that can be stopped at any moment and run again. Each chunk reads the keys of the next
 * {@code --chunk-size} matching rows, then runs one statement that addresses exactly those rows,
 * the filter applied again (a row that stopped matching is left alone):
 * <pre>{@code UPDATE <table> SET <set> WHERE (<filter>) AND "id" IN (?, ?, ...)}</pre>
 * so that it locks the rows it changes and no others; saves the job's position in the checkpoint
 * table in the same transaction; and commits. The job walks only up to the last row that matched
 * when it started (saved with the job), so rows its own statements move ahead are not met again.
 * Running the same command again continues after the last committed chunk; a finished job says so
 * and changes nothing.
 */
abstract class ChunkedWriteCommand extends DatabaseCommand {

    @Option(
            names = "--table",
            paramLabel = "NAME",
            required = true,
            description = "Table to change, optionally schema-qualified.")
    String table;

    @Option(names = "--where", paramLabel = "SQL", description = "Filter: only rows matching it are changed.")
    String where;

    @Option(names = "--all", description = "Change every row of the table: required when there is no --where.")
    boolean all;

    @Option(
            names = "--key",
            paramLabel = "COLS",
            split = ",",
            description = "The unique key (comma-separated) of a table without a primary key.")
    String[] key;

    @Option(
            names = "--chunk-size",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Rows per chunk and transaction (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(
            names = "--chunk-time",
            paramLabel = "DURATION",
            description = "Adapt the chunk size so that a chunk takes about this long (for example 250ms), between "
                    + ScanOptions.MIN_ADAPTIVE + " and " + ScanOptions.MAX_ADAPTIVE + " rows, from --chunk-size.")
    String chunkTime;

    @Option(
            names = "--pace",
            paramLabel = "FACTOR",
            description = "Pause between chunks for FACTOR times the last chunk's time (1 leaves the database idle"
                    + " half the time).")
    double pace;

    @Option(
            names = "--sleep",
            paramLabel = "DURATION",
            description = "Pause this long between chunks (for example 200ms), after their commit.")
    String sleep;

    @Option(names = "--max-rows", paramLabel = "N", description = "Stop after changing N rows; run again to go on.")
    Long maxRows;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "5",
            description = "Retries in a row of a chunk after a lost connection, deadlock or lock timeout "
                    + "(default: ${DEFAULT-VALUE}); a chunk whose commit failed is never run again.")
    int retries;

    @Option(
            names = "--job",
            paramLabel = "NAME",
            description = "The job's name in the checkpoint table (default: derived from the table and the command).")
    String jobName;

    @Option(names = "--restart", description = "Forget the job's saved state and start it over.")
    boolean restart;

    @Option(
            names = "--checkpoint-table",
            paramLabel = "NAME",
            defaultValue = CheckpointTable.DEFAULT_NAME,
            description =
                    "The table that keeps the job's position, created when missing (default: " + "${DEFAULT-VALUE}).")
    String checkpointTable;

    @Option(
            names = "--no-checkpoint",
            description = "Keep no position: a re-run after an interruption starts over and may apply a chunk again.")
    boolean noCheckpoint;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Split the rows into at most N partitions and change them side by side, one connection and"
                    + " one position per partition; a re-run continues each partition after its last committed chunk.")
    Integer parallel;

    @Option(
            names = "--partition-strategy",
            paramLabel = PartitionStrategies.NAMES,
            converter = PartitionStrategies.Converter.class,
            description = "How --parallel finds its cuts (default: auto, the cheapest good one).")
    dev.chunkwise.PartitionStrategy partitionStrategy;

    @Option(
            names = "--dry-run",
            description = "Print the statement a chunk runs and count the rows that would change; change nothing.")
    boolean dryRun;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    @Option(
            names = "--stats",
            description = "Print a summary of the reads and writes on standard error at the end (per chunk with"
                    + " --verbose; per partition with --parallel).")
    boolean stats;

    /** Thrown by the handler when --max-rows is reached: the chunk it was about to write is rolled back. */
    private static final class MaxRowsReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MaxRowsReached() {
            super(null, null, false, false);
        }
    }

    private final WriteLog writeLog = new WriteLog();
    private WriteJob.State state;
    private long pendingRows;
    private long pendingBytes;
    private Position pendingPosition;
    private long rowsThisRun;
    private long chunksThisRun;
    private Archive archive = Archive.none();
    /** The run of --parallel, which counts its partitions' commits itself. */
    private ParallelWrite parallelWrite;

    ChunkedWriteCommand(Console console) {
        super(console);
    }

    /** "updated" or "deleted". */
    abstract String verb();

    /** Says that the job ran to its end in an earlier run, so this run changes nothing. */
    void reportFinishedEarlier(WriteJob job, WriteJob.State saved) {
        console.err()
                .printf(
                        Locale.ROOT,
                        "chunkwise: job '%s' finished earlier: %s %s in %s;"
                                + " nothing changed (--restart runs it again).%n",
                        job.name(),
                        Counts.of(saved.rows(), "row"),
                        verb(),
                        Counts.of(saved.chunks(), "chunk"));
    }

    /** "update" or "delete": the progress bar's task, and the start of a job's derived name. */
    abstract String task();

    /** The statement for the rows a condition selects, given the quoted table. */
    abstract String statement(String quotedTable, String condition);

    /**
     * Checks the command's own SQL before any row is changed.
     *
     * @throws BadInputException when it cannot work on this scan
     */
    abstract void checkStatement(Database database, Scan<Boolean> scan);

    /** What the command changes beyond the table, filter and key, as its job's identity holds it. */
    abstract String changes();

    /** Where deleted rows are kept (delete --archive), or {@link Archive#none()}. */
    Archive archive(Database database, Scan<Boolean> scan) {
        return Archive.none();
    }

    /** Fails with bad input on options that cannot work, before connecting. */
    void checkOptions() {
        if (chunkSize < 1) {
            throw new BadInputException("--chunk-size must be at least 1, got " + chunkSize + ".");
        }
        if (where == null && !all) {
            throw new BadInputException("there is no --where, so every row of " + table + " would be " + verb()
                    + "; add --all if that is what you want.");
        }
        if (where != null && all) {
            throw new BadInputException("--all changes every row and --where only some: give one of them.");
        }
        if (where != null && where.isBlank()) {
            throw new BadInputException("--where is blank.");
        }
        if (retries < 0) {
            throw new BadInputException("--retries must be 0 or more, got " + retries + ".");
        }
        if (!(pace >= 0) || Double.isInfinite(pace)) {
            throw new BadInputException("--pace must be 0 or more, got " + pace + ".");
        }
        if (maxRows != null && maxRows < 1) {
            throw new BadInputException("--max-rows must be at least 1, got " + maxRows + ".");
        }
        if (noCheckpoint && (jobName != null || restart)) {
            throw new BadInputException("--no-checkpoint keeps no job, so --job and --restart do not apply.");
        }
        if (parallel == null && partitionStrategy != null) {
            throw new BadInputException("--partition-strategy applies to --parallel.");
        }
        if (parallel != null && parallel < 1) {
            throw new BadInputException("--parallel must be at least 1, got " + parallel + ".");
        }
        if (parallel != null && maxRows != null) {
            throw new BadInputException("--max-rows stops one walk after N rows, and --parallel walks several at once"
                    + " that would stop at different places: give one of them.");
        }
        if (chunkTime != null) {
            Durations.parse(chunkTime, "--chunk-time", false);
        }
        if (sleep != null) {
            Durations.parse(sleep, "--sleep", true);
        }
    }

    @Override
    public final Integer call() throws IOException {
        checkOptions();
        Database database = connection.database(console, false);
        Scan<Boolean> scan = builder(database, !dryRun).build(row -> Boolean.TRUE);
        checkStatement(database, scan);
        if (parallel != null) {
            parallelWrite = new ParallelWrite(this, database, scan);
            if (dryRun) {
                printDryRun(database, scan);
                parallelWrite.printPartitions();
                return ExitCode.DONE;
            }
            return parallelWrite.run(archive(database, scan));
        }
        if (dryRun) {
            printDryRun(database, scan);
            return ExitCode.DONE;
        }
        archive = archive(database, scan);
        try {
            return run(database, scan);
        } catch (UncheckedIOException failure) {
            throw failure.getCause();
        } finally {
            archive.close();
        }
    }

    private int run(Database database, Scan<Boolean> scan) {
        WriteJob job = null;
        Optional<WriteJob.State> saved = Optional.empty();
        if (noCheckpoint) {
            console.err()
                    .println("chunkwise: --no-checkpoint: no position is kept, so a re-run after an interruption"
                            + " starts over and may apply a chunk again.");
        } else {
            job = WriteJob.of(
                    CheckpointTable.named(checkpointTable), task(), scan, identity(scan), description(scan), jobName);
            job.prepare(database);
            if (restart) {
                job.remove(database);
            }
            saved = job.load(database, scan);
        }
        if (saved.isPresent() && saved.get().done()) {
            reportFinishedEarlier(job, saved.get());
            return ExitCode.DONE;
        }
        boolean newJob = saved.isEmpty();
        if (saved.isPresent() && saved.get().parallel() > 0) {
            throw new BadInputException("job '" + job.name() + "' was started with --parallel "
                    + saved.get().parallel()
                    + " and keeps a position per partition; continue it with --parallel "
                    + saved.get().parallel()
                    + ", or --restart to start it over as one walk.");
        }
        state = saved.orElseGet(() -> new WriteJob.State(Optional.empty(), scan.lastPosition(), 0, 0, 0, false, 0));
        if (newJob && job != null) {
            job.saveNow(database, state);
        }
        archive.open(state.archiveBytes(), newJob);
        long started = System.nanoTime();
        ScanStatistics statistics = null;
        boolean stopped = false;
        if (state.stop().isPresent()) {
            Scan<Boolean> bounded = scan.stopAt(state.stop().get());
            if (state.position().isPresent()) {
                bounded = bounded.startAfter(state.position().get());
            }
            WriteJob running = job;
            try (Progress bar = Progress.wanted(progress, console)
                    ? Progress.bar(
                            console.err(),
                            task(),
                            OptionalLong.of(state.rows()
                                    + bounded.estimatedMatchingRows().rows()),
                            state.rows(),
                            console.errIsTerminal())
                    : Progress.NONE) {
                statistics = bounded.forEachChunkInTransaction(
                        (chunk, connection) -> writeChunk(running, scan, chunk, connection, bar));
                bar.complete();
            } catch (MaxRowsReached reached) {
                stopped = true;
            } catch (InterruptedRunException interrupted) {
                throw new InterruptedRunException(interruptedMessage(job));
            }
        }
        if (!stopped) {
            state = state.finished();
            if (job != null) {
                job.saveNow(database, state);
            }
        }
        report(job, started, statistics, stopped);
        return ExitCode.DONE;
    }

    /** One chunk, inside its transaction: the rows kept (delete --archive), the statements, the job's state. */
    private void writeChunk(
            WriteJob job, Scan<Boolean> scan, dev.chunkwise.Chunk<Boolean> chunk, Connection connection, Progress bar)
            throws SQLException {
        // an earlier attempt at this chunk may have failed before its commit: nothing of it counts
        writeLog.rolledBack();
        archive.rewind(state.archiveBytes());
        if (console.interruption().requested()) {
            throw new InterruptedRunException("interrupted");
        }
        List<Position> rows = chunk.positions();
        if (maxRows != null) {
            long left = maxRows - rowsThisRun;
            if (left <= 0) {
                throw new MaxRowsReached();
            }
            if (rows.size() > left) {
                rows = rows.subList(0, (int) left);
            }
        }
        long changed = writeRows(scan, rows, chunk.number(), connection, archive, writeLog);
        pendingBytes = archive.chunkKept();
        pendingRows = changed;
        pendingPosition = rows.get(rows.size() - 1);
        if (job != null) {
            job.save(connection, nextState());
        }
        if (stats && verbose()) {
            console.err()
                    .printf(
                            Locale.ROOT,
                            "chunkwise: chunk %,d: %s %s%n",
                            chunk.number(),
                            Counts.of(changed, "row"),
                            verb());
        }
        bar.advance(rows.size());
    }

    /**
     * Runs the statements that change the rows at these positions, in the chunk's transaction: the
     * archive's first (delete --archive), then the command's. Returns the rows changed.
     */
    final long writeRows(
            Scan<Boolean> scan,
            List<Position> rows,
            long chunkNumber,
            Connection connection,
            Archive kept,
            WriteLog log)
            throws SQLException {
        long changed = 0;
        for (SqlCondition condition : scan.rowConditions(rows)) {
            long archived = kept.keep(connection, condition);
            String sql = statement(scan.quotedSource(), condition.sql());
            long before = System.nanoTime();
            int count;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                condition.bind(statement, 1);
                count = statement.executeUpdate();
            }
            log.record(chunkNumber, sql, count, System.nanoTime() - before);
            if (archived >= 0 && archived != count) {
                throw new IllegalStateException("chunk " + chunkNumber + " kept " + archived + " rows in the archive"
                        + " but deleted " + count + "; the chunk is rolled back");
            }
            changed += count;
        }
        return changed;
    }

    /** The job's state once the chunk being written commits. */
    private WriteJob.State nextState() {
        return new WriteJob.State(
                Optional.of(pendingPosition),
                state.stop(),
                state.rows() + pendingRows,
                state.chunks() + 1,
                pendingBytes,
                false,
                0);
    }

    /** The chunk committed (the scan's checkpoint hook): its rows, statements and position count now. */
    private void committed(Position ignored) {
        if (parallelWrite != null) {
            parallelWrite.committed();
            return;
        }
        state = nextState();
        rowsThisRun += pendingRows;
        chunksThisRun++;
        writeLog.committed();
    }

    /** @param writing whether the scan runs the job (its checkpoints count the committed chunks), or a dry run reads it */
    private Scan.Builder builder(Database database, boolean writing) {
        Scan.Builder builder = Scan.over(database.source())
                .table(table)
                .chunkSize(chunkSize)
                .keyColumnsOnly()
                .pace(pace)
                .retry(RetryPolicy.defaults().withMaxRetries(retries));
        if (writing) {
            builder.onCheckpoint(this::committed);
        }
        if (chunkTime != null) {
            builder.chunkTime(
                    Durations.parse(chunkTime, "--chunk-time", false),
                    ScanOptions.MIN_ADAPTIVE,
                    ScanOptions.MAX_ADAPTIVE);
        }
        if (sleep != null) {
            builder.pause(Durations.parse(sleep, "--sleep", true));
        }
        if (where != null) {
            builder.where(where);
        }
        if (key != null) {
            builder.key(Arrays.stream(key).map(String::trim).toArray(String[]::new));
        }
        return builder;
    }

    /** What the job changes, canonically: a different command under the same job name is refused. */
    final String identity(Scan<Boolean> scan) {
        return "chunkwise " + task() + "\ntable=" + scan.quotedSource() + "\nwhere=" + (where == null ? "" : where)
                + "\nkey=" + scan.order() + "\n" + changes();
    }

    final String description(Scan<Boolean> scan) {
        return task() + " of " + scan.quotedSource() + (where == null ? " (all rows)" : " where " + where);
    }

    private String interruptedMessage(WriteJob job) {
        String done = String.format(
                Locale.ROOT,
                "interrupted after %s %s in %s",
                Counts.of(rowsThisRun, "row"),
                verb(),
                Counts.of(chunksThisRun, "committed chunk"));
        if (job == null) {
            return done + "; the rest is unchanged, and with --no-checkpoint a re-run starts over.";
        }
        return done + "; run the same command again to continue after the last committed chunk (job '" + job.name()
                + "' in " + checkpointTable + ").";
    }

    private void report(WriteJob job, long started, ScanStatistics statistics, boolean stopped) {
        PrintStream err = console.err();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        err.printf(
                Locale.ROOT,
                "chunkwise: %s %s in %s, %s%s%n",
                Counts.of(rowsThisRun, "row"),
                verb(),
                Counts.of(chunksThisRun, "chunk"),
                StatsReport.seconds(elapsed),
                job == null ? "" : ", job '" + job.name() + "'" + (stopped ? "" : " done"));
        if (stopped) {
            err.printf(
                    Locale.ROOT,
                    "chunkwise: stopped after --max-rows %,d; run the same command again to go on.%n",
                    maxRows);
        }
        if (state.rows() != rowsThisRun) {
            err.printf(
                    Locale.ROOT,
                    "chunkwise: %s %s over all runs of this job%n",
                    Counts.of(state.rows(), "row"),
                    verb());
        }
        if (stats && statistics != null) {
            StatsReport.print(err, verb(), statistics, rowsThisRun, statistics.retries());
            writeLog.print(err);
        }
    }

    private void printDryRun(Database database, Scan<Boolean> scan) {
        PrintStream out = console.out();
        out.println("-- dry run: nothing is changed");
        out.println("-- table " + scan.quotedSource() + ", walked by its key " + scan.order() + " in chunks of "
                + scan.chunkSize() + " rows, one transaction per chunk");
        out.println("-- rows that would be " + verb() + " now: "
                + String.format(Locale.ROOT, "%,d", count(database, scan)));
        out.println("-- each chunk reads the keys of its rows:");
        out.println(scan.nextChunkSql() + ";");
        List<Position> first = new java.util.ArrayList<>();
        try (ScanIterator<Boolean> keys = scan.iterator()) {
            while (first.size() < scan.chunkSize() && keys.hasNext()) {
                keys.next();
                first.add(keys.position().orElseThrow());
            }
        }
        if (first.isEmpty()) {
            out.println("-- no row matches: no chunk would run.");
            return;
        }
        List<SqlCondition> conditions = scan.rowConditions(first);
        out.println("-- then, in the same transaction, "
                + (conditions.size() == 1 ? "a statement that names" : "statements that name")
                + " exactly those rows:");
        SqlCondition condition = conditions.get(0);
        out.println(WriteLog.abbreviate(statement(scan.quotedSource(), condition.sql())) + ";");
        out.println("-- the first chunk: " + first.size() + " rows, from " + first.get(0) + " to "
                + first.get(first.size() - 1)
                + (conditions.size() == 1 ? "" : ", in " + conditions.size() + " statements"));
    }

    /** How many rows match now: {@code SELECT COUNT(*) FROM <table> WHERE <filter>}. */
    private static long count(Database database, Scan<Boolean> scan) {
        SqlCondition matching = scan.condition();
        try (Connection connection = database.open();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM " + scan.quotedSource() + " WHERE " + matching.sql())) {
            matching.bind(count, 1);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot count the matching rows of " + scan.quotedSource() + ": " + failure.getMessage(), failure);
        }
    }
}
