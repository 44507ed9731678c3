package dev.chunkwise.cli;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.ParallelScan;
import dev.chunkwise.ParallelStatistics;
import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.ScanStatistics;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * {@code update --parallel N} and {@code delete --parallel N}: the job's rows split into at most N
 * partitions ({@link Scan#partitions(int, PartitionStrategy)}), each walked by its own worker
 * thread on its own connection, chunk by chunk, as the single command walks them
 * ({@link ParallelScan#forEachPartitionChunkInTransaction}): each chunk's statements, the
 * partition's position (the core's checkpoint {@code <job> partitions#<i>/<n>}) and the partition's
 * counts (the row {@code <job>#<i>}) commit in one transaction. The job's own row {@code <job>}
 * keeps the command's digest, the stop bound captured when the job started, and N.
 *
 * <p>A re-run restores the saved partitions (it never splits the table again), skips the finished
 * ones and continues each other one after its last committed chunk, so no chunk is applied twice.
 * A re-run with another N is refused: the positions saved belong to the partitions of the first
 * N, and a re-run that quietly went on with them would open another number of connections than
 * asked, while splitting anew would lose the positions.
 *
 * <p>A partition that fails stops alone; the others run to their end, and the failure is reported
 * with the partition and the position it stopped after. Ctrl-C stops every partition after its
 * current chunk.
 */
final class ParallelWrite {

    private final ChunkedWriteCommand command;
    private final Console console;
    private final Database database;
    private final Scan<Boolean> scan;
    private final int requested;
    private final PartitionStrategy strategy;
    private final Partition[] partitions;
    /** The partition whose chunk the current worker thread writes: the commit hook runs on that thread. */
    private final ThreadLocal<Partition> current = new ThreadLocal<>();
    /** How many partitions the run had, once it ended (0 before, or when it ran none). */
    private int found;

    /** One partition's counts: written by its worker thread during the run, read once the run ended. */
    private static final class Partition {
        final int index;
        final WriteLog log = new WriteLog();
        int count;
        long earlierRows;
        long earlierChunks;
        long rows;
        long chunks;
        long pendingRows;

        Partition(int index) {
            this.index = index;
        }
    }

    ParallelWrite(ChunkedWriteCommand command, Database database, Scan<Boolean> scan) {
        this.command = command;
        this.console = command.console;
        this.database = database;
        this.scan = scan;
        this.requested = command.parallel;
        this.strategy = command.partitionStrategy == null ? PartitionStrategy.AUTO : command.partitionStrategy;
        this.partitions = new Partition[requested];
        for (int index = 0; index < requested; index++) {
            partitions[index] = new Partition(index);
        }
    }

    /** Runs the job; returns the exit code. */
    int run(Archive archive) throws IOException {
        try {
            return runJob(archive);
        } finally {
            archive.close();
        }
    }

    private int runJob(Archive archive) {
        WriteJob job = null;
        CheckpointTable table = CheckpointTable.named(command.checkpointTable);
        Optional<WriteJob.State> saved = Optional.empty();
        if (command.noCheckpoint) {
            console.err()
                    .println("chunkwise: --no-checkpoint: no position is kept, so a re-run after an interruption"
                            + " starts over and may apply a chunk again.");
        } else {
            job = WriteJob.of(
                    table, command.task(), scan, command.identity(scan), command.description(scan), command.jobName);
            job.prepare(database);
            if (command.restart) {
                forget(job, table);
            }
            saved = job.load(database, scan);
        }
        if (saved.isPresent()) {
            refuseAnotherShape(job, saved.get());
        }
        if (saved.isPresent() && saved.get().done()) {
            command.reportFinishedEarlier(job, saved.get());
            return ExitCode.DONE;
        }
        WriteJob.State state = saved.orElseGet(
                () -> new WriteJob.State(Optional.empty(), scan.lastPosition(), 0, 0, 0, false, requested));
        ParallelScan<Boolean> parallel = null;
        if (state.stop().isPresent()) {
            parallel = scan.stopAt(state.stop().get()).parallel(requested).strategy(strategy);
            if (job != null) {
                // refuses a job name that leaves no room for the partitions' keys, before anything is saved
                parallel = parallel.checkpoints(table, job.partitionsJob());
            }
        }
        if (job != null) {
            if (saved.isEmpty()) {
                job.saveNow(database, state);
                List<WriteJob.PartitionCounts> zeros = new ArrayList<>();
                for (int index = 0; index < requested; index++) {
                    zeros.add(new WriteJob.PartitionCounts(0, 0));
                }
                job.saveCountsNow(database, zeros);
            } else {
                List<WriteJob.PartitionCounts> counts = job.loadCounts(database, requested);
                for (int index = 0; index < requested; index++) {
                    partitions[index].earlierRows = counts.get(index).rows();
                    partitions[index].earlierChunks = counts.get(index).chunks();
                }
            }
        }
        long started = System.nanoTime();
        ParallelStatistics statistics = null;
        List<dev.chunkwise.PartitionFailedException> failures = List.of();
        if (parallel != null) {
            long earlier = earlierRows();
            WriteJob running = job;
            try (Progress bar = Progress.wanted(command.progress, console)
                    ? Progress.bar(
                            console.err(),
                            command.task(),
                            OptionalLong.of(expectedRows(state, earlier)),
                            earlier,
                            console.errIsTerminal())
                    : Progress.NONE) {
                statistics = parallel.forEachPartitionChunkInTransaction((partition, chunk, connection) ->
                        writeChunk(running, archive, partition, chunk, connection, bar));
                bar.complete();
                found = statistics.partitions().size();
            } catch (ChunkwiseException failed) {
                failures = partitionFailures(failed);
                if (failures.isEmpty()) {
                    throw failed;
                }
                found = failures.get(0).count();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        List<dev.chunkwise.PartitionFailedException> real =
                failures.stream().filter(failure -> !interrupted(failure)).toList();
        if (!failures.isEmpty()) {
            report(job, elapsed, null, failures);
            if (real.isEmpty()) {
                throw new InterruptedRunException(interruptedMessage(job));
            }
            throw failedPartition(job, real);
        }
        WriteJob.State finished = new WriteJob.State(
                        state.position(),
                        state.stop(),
                        earlierRows() + rowsThisRun(),
                        earlierChunks() + chunksThisRun(),
                        0,
                        false,
                        requested)
                .finished();
        if (job != null) {
            job.saveNow(database, finished);
        }
        report(job, elapsed, statistics, List.of());
        return ExitCode.DONE;
    }

    /**
     * The rows the job changes over all its runs, as far as the planner's estimate tells: deleted
     * rows no longer match, updated ones still do.
     */
    private long expectedRows(WriteJob.State state, long earlier) {
        long matching = scan.stopAt(state.stop().get()).estimatedMatchingRows().rows();
        return command instanceof DeleteCommand ? earlier + matching : Math.max(matching, earlier);
    }

    /** A job saved by one walk, or by another N, is refused: its positions belong to that shape. */
    private void refuseAnotherShape(WriteJob job, WriteJob.State saved) {
        if (saved.parallel() == 0) {
            throw new BadInputException("job '" + job.name() + "' was started without --parallel and keeps one"
                    + " position for one walk; continue it without --parallel, or --restart to start it over with"
                    + " --parallel " + requested + ".");
        }
        if (saved.parallel() != requested) {
            throw new BadInputException("job '" + job.name() + "' was started with --parallel " + saved.parallel()
                    + " and keeps the position of each of those partitions, so it cannot continue as --parallel "
                    + requested + ": run it again with --parallel " + saved.parallel()
                    + ", or --restart to start it over with --parallel " + requested + ".");
        }
    }

    /** --restart: the job's row, its partitions' counts and the core's partitions and positions. */
    private void forget(WriteJob job, CheckpointTable table) {
        int saved = requested;
        try {
            Optional<WriteJob.State> state = job.load(database, scan);
            if (state.isPresent()) {
                saved = Math.max(saved, state.get().parallel());
            }
        } catch (BadInputException another) {
            // another command's job under this name: --restart replaces it, as the single command does
        }
        scan.parallel(requested).checkpoints(table, job.partitionsJob()).removeCheckpoints();
        job.removeCounts(database, saved);
        job.remove(database);
    }

    /** One chunk of one partition, inside its transaction: the statements, then the partition's counts. */
    private void writeChunk(
            WriteJob job,
            Archive archive,
            ScanPartition<Boolean> partition,
            Chunk<Boolean> chunk,
            Connection connection,
            Progress bar)
            throws SQLException {
        Partition counts = partitions[partition.index()];
        counts.count = partition.count();
        current.set(counts);
        // an earlier attempt at this chunk may have failed before its commit: nothing of it counts
        counts.log.rolledBack();
        counts.pendingRows = 0;
        if (console.interruption().requested()) {
            throw new InterruptedRunException("interrupted");
        }
        long changed = command.writeRows(scan, chunk.positions(), chunk.number(), connection, archive, counts.log);
        counts.pendingRows = changed;
        if (job != null) {
            job.saveCounts(
                    connection,
                    counts.index,
                    new WriteJob.PartitionCounts(
                            counts.earlierRows + counts.rows + changed, counts.earlierChunks + counts.chunks + 1));
        }
        if (command.stats && command.verbose()) {
            console.err()
                    .printf(
                            Locale.ROOT,
                            "chunkwise: partition %d of %d, chunk %,d: %s %s%n",
                            partition.index() + 1,
                            partition.count(),
                            chunk.number(),
                            Counts.of(changed, "row"),
                            command.verb());
        }
        bar.advance(chunk.size());
    }

    /** A chunk committed (the scan's checkpoint hook, on the worker thread that wrote it). */
    void committed() {
        Partition counts = current.get();
        counts.rows += counts.pendingRows;
        counts.chunks++;
        counts.pendingRows = 0;
        counts.log.committed();
    }

    /** The partitions that failed, as the core's summary holds them; empty when the run itself failed. */
    private static List<dev.chunkwise.PartitionFailedException> partitionFailures(ChunkwiseException summary) {
        List<dev.chunkwise.PartitionFailedException> failures = new ArrayList<>();
        for (Throwable suppressed : summary.getSuppressed()) {
            if (suppressed instanceof dev.chunkwise.PartitionFailedException failure) {
                failures.add(failure);
            }
        }
        return failures;
    }

    private static boolean interrupted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedRunException) {
                return true;
            }
        }
        return false;
    }

    /** The first failed partition, named with where it stopped; the others, and what to do, after it. */
    private PartitionFailedException failedPartition(
            WriteJob job, List<dev.chunkwise.PartitionFailedException> failures) {
        dev.chunkwise.PartitionFailedException first = failures.get(0);
        StringBuilder after = new StringBuilder();
        for (dev.chunkwise.PartitionFailedException other : failures.subList(1, failures.size())) {
            after.append("; partition ")
                    .append(other.partition() + 1)
                    .append(" of ")
                    .append(other.count())
                    .append(" failed too, ")
                    .append(where(other))
                    .append(": ")
                    .append(other.getCause() == null ? other.reason() : reason(other.getCause()));
        }
        after.append("; the other partitions ran to their end");
        after.append(
                job == null
                        ? ", and with --no-checkpoint a re-run starts over"
                        : ", and the same command again continues the failed "
                                + (failures.size() == 1 ? "partition" : "partitions")
                                + " after the last committed chunk (job '" + job.name() + "' in "
                                + command.checkpointTable + ")");
        Throwable cause = first.getCause() == null ? first : first.getCause();
        return new PartitionFailedException(
                "partition " + (first.partition() + 1) + " of " + first.count() + " failed " + where(first),
                after.toString(),
                cause instanceof Exception exception ? exception : first,
                failures.subList(1, failures.size()).stream()
                        .map(other -> other.getCause() == null ? other : other.getCause())
                        .toList());
    }

    private static String reason(Throwable failure) {
        return failure instanceof ChunkwiseException chunkwise ? chunkwise.reason() : String.valueOf(failure);
    }

    /** {@code after id = 500} (the position of its last committed chunk), or before its first chunk committed. */
    private String where(dev.chunkwise.PartitionFailedException failure) {
        return failure.lastPosition()
                .map(position ->
                        "after " + PartitionStrategies.describe(scan.order(), position) + " (its last committed row)")
                .orElse("before any chunk of it committed in this run");
    }

    private String interruptedMessage(WriteJob job) {
        String done = String.format(
                Locale.ROOT,
                "interrupted after %s %s in %s over %s",
                Counts.of(rowsThisRun(), "row"),
                command.verb(),
                Counts.of(chunksThisRun(), "committed chunk"),
                Counts.of(partitionCount(), "partition"));
        if (job == null) {
            return done + "; the rest is unchanged, and with --no-checkpoint a re-run starts over.";
        }
        return done + "; run the same command again to continue each partition after its last committed chunk (job '"
                + job.name() + "' in " + command.checkpointTable + ").";
    }

    private void report(
            WriteJob job,
            Duration elapsed,
            ParallelStatistics statistics,
            List<dev.chunkwise.PartitionFailedException> failures) {
        PrintStream err = console.err();
        if (failures.isEmpty()) {
            err.printf(
                    Locale.ROOT,
                    "chunkwise: %s %s in %s, %s, %s%s%n",
                    Counts.of(rowsThisRun(), "row"),
                    command.verb(),
                    Counts.of(chunksThisRun(), "chunk"),
                    StatsReport.seconds(elapsed),
                    Counts.of(partitionCount(), "partition"),
                    job == null ? "" : ", job '" + job.name() + "' done");
            long total = earlierRows() + rowsThisRun();
            if (total != rowsThisRun()) {
                err.printf(
                        Locale.ROOT,
                        "chunkwise: %s %s over all runs of this job%n",
                        Counts.of(total, "row"),
                        command.verb());
            }
        }
        if (!command.stats) {
            return;
        }
        WriteLog writes = new WriteLog();
        long retries = 0;
        for (int index = 0; index < partitionCount(); index++) {
            Partition counts = partitions[index];
            writes.addAll(counts.log);
            String status = "";
            Optional<dev.chunkwise.PartitionFailedException> failed = failures.stream()
                    .filter(failure -> failure.partition() == counts.index)
                    .findFirst();
            if (failed.isPresent()) {
                status = interrupted(failed.get()) ? ", interrupted" : ", failed " + where(failed.get());
            } else if (statistics != null && statistics.skipped().contains(index)) {
                status = ", finished by an earlier run";
            }
            String retried = "";
            if (statistics != null) {
                ScanStatistics own = statistics.partitions().get(index);
                retries += own.retries();
                retried = ", " + retries(own.retries());
            }
            err.printf(
                    Locale.ROOT,
                    "chunkwise: partition %d of %d: %s %s in %s%s%s%n",
                    index + 1,
                    partitionCount(),
                    Counts.of(counts.rows, "row"),
                    command.verb(),
                    Counts.of(counts.chunks, "chunk"),
                    retried,
                    status);
        }
        double seconds = elapsed.toNanos() / 1e9;
        err.printf(
                Locale.ROOT,
                "chunkwise: all partitions: %s %s in %s%s, %s, %,.0f rows/s%n",
                Counts.of(rowsThisRun(), "row"),
                command.verb(),
                Counts.of(chunksThisRun(), "chunk"),
                statistics == null ? "" : ", " + retries(retries),
                StatsReport.seconds(elapsed),
                seconds <= 0 ? 0.0 : rowsThisRun() / seconds);
        if (statistics != null) {
            err.printf(Locale.ROOT, "chunkwise: query log: %,d statements read the keys%n", statistics.statements());
        }
        writes.print(err);
    }

    private static String retries(long count) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? "retry" : "retries");
    }

    /** For --dry-run: the partitions a new job would walk, each on its own connection. */
    void printPartitions() {
        PrintStream out = console.out();
        long started = System.nanoTime();
        List<ScanPartition<Boolean>> found = scan.partitions(requested, strategy);
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.printf(
                Locale.ROOT,
                "-- with --parallel %d: %s (%s, found in %,d ms), each walked on its own connection:%n",
                requested,
                Counts.of(found.size(), "partition"),
                PartitionStrategies.name(found.get(0).strategy()),
                millis);
        for (ScanPartition<Boolean> part : found) {
            out.printf(Locale.ROOT, "--   %d: %s%n", part.index() + 1, PartitionStrategies.span(scan.order(), part));
        }
    }

    /** How many partitions the run had (at most N; fewer when fewer rows match). */
    private int partitionCount() {
        int count = found;
        for (Partition partition : partitions) {
            count = Math.max(count, partition.count);
        }
        return Math.max(count, 1);
    }

    private long rowsThisRun() {
        return sum(partition -> partition.rows);
    }

    private long chunksThisRun() {
        return sum(partition -> partition.chunks);
    }

    private long earlierRows() {
        return sum(partition -> partition.earlierRows);
    }

    private long earlierChunks() {
        return sum(partition -> partition.earlierChunks);
    }

    private long sum(ToLongFunction<Partition> count) {
        return Arrays.stream(partitions).mapToLong(count).sum();
    }
}
