package dev.chunkwise;

import dev.chunkwise.internal.ChunkConnection;
import dev.chunkwise.internal.Dialect;
import dev.chunkwise.internal.RunIterator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scan run as partitions side by side ({@link Scan#parallel(int)}): when a run starts, the scan
 * is split with {@link Scan#partitions(int, PartitionStrategy)} (or the partitions of an earlier run
 * of the same checkpointed job are restored), and each partition's bounded scan runs on a worker
 * thread with its own connection, exactly as {@link Scan#forEach}, {@link Scan#forEachChunk} or
 * {@link Scan#forEachChunkInTransaction} run it: its own chunks, retries and safety net. On a table
 * nobody writes, every row of the scan is delivered exactly once over all partitions; rows of
 * different partitions arrive in no particular order relative to each other, each partition's in
 * the scan's order.
 *
 * <pre>{@code
 * ParallelStatistics done = scan.parallel(4)
 *         .checkpoints(CheckpointTable.defaultTable(), "backfill-rating")
 *         .forEachChunkInTransaction((chunk, tx) -> ... write the chunk's results on tx ...);
 * }</pre>
 *
 * <p><b>Threads.</b> The action or handler is called from several threads at once, one per
 * running partition (each partition's calls come from one thread, in order): it must be
 * thread-safe. By default every partition gets a thread that the run starts and stops;
 * {@link #threads(int)} runs at most so many partitions at once, {@link #executor(Executor)} runs
 * them on the caller's executor. The connection source must be safe to call from those threads
 * and able to hand out one connection per running partition (plus one for the run's own
 * statements: finding partitions, checkpoints, the shared snapshot).
 *
 * <p><b>Failures.</b> A partition that fails stops alone; the others run to their end. The run
 * then throws one {@link ChunkwiseException} that names the failed partitions; its
 * {@link Throwable#getSuppressed() suppressed} exceptions are one {@link PartitionFailedException}
 * per failed partition, in partition order (the first is also its cause), each with the
 * partition's index and the position to resume it after.
 *
 * <p><b>Checkpoints.</b> With {@link #checkpoints(CheckpointTable, String)}, a
 * {@link #forEachChunkInTransaction} run saves the job's partitions (their tokens) in the
 * checkpoint table before any partition starts, under the job's own name, and each partition's
 * position under {@code <job>#<index>/<count>}, in each chunk's transaction, so that it commits
 * with the chunk's writes. A partition that reaches its end is marked done. Running the same job
 * again restores the saved partitions rather than split the table again (its statistics may have
 * changed since, and with them the cuts), skips the partitions marked done, and resumes each
 * other partition after its own saved position: every row is handled exactly once over the runs.
 * Saved partitions of another scan, or of another number of partitions, are refused. The rows
 * stay after the job finished (a third run does nothing); remove them to run the job anew.
 *
 * <p><b>One view.</b> {@link #snapshot()} (or a scan built with {@link Scan.Builder#snapshot()}):
 * on PostgreSQL a coordinator connection opens a REPEATABLE READ, read-only transaction and
 * exports its snapshot ({@code SELECT pg_export_snapshot()}), and every chunk of every partition
 * reads in a REPEATABLE READ transaction of its own that imports it ({@code SET TRANSACTION
 * SNAPSHOT '<id>'} right after its {@code BEGIN}), as {@code pg_dump -j} does: all workers see the
 * table as it was when the run started, whatever is written meanwhile. A worker whose connection
 * is lost retries its chunk on a new connection that imports the same snapshot again, as long as
 * the coordinator's transaction lives; once it has ended, the next import fails and so does the
 * run, with a message that says so: it never reads a newer view. The coordinator's transaction
 * holds back vacuum for as long as the run lasts. MariaDB and MySQL can give one connection a
 * consistent snapshot ({@code START TRANSACTION WITH CONSISTENT SNAPSHOT}) but cannot share it
 * with another, and H2 and SQLite have no way to either, so the option is refused there.
 *
 * <p>Immutable and thread-safe; each {@code forEach...} call is one run.
 *
 * @param <T> the type of one mapped row
 */
public final class ParallelScan<T> {

    private static final String MANIFEST = "chunkwise parallel v1: ";
    private static final Pattern MANIFEST_TEXT =
            Pattern.compile(Pattern.quote(MANIFEST) + "(\\d+) requested, (\\d+) partitions");
    private static final String TODO = "todo ";
    private static final String DONE = "done ";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");

    private final Scan<T> scan;
    private final int partitions;
    private final PartitionStrategy strategy;
    private final int threads;
    private final Executor executor;
    private final CheckpointTable checkpoints;
    private final String job;
    private final boolean snapshot;

    ParallelScan(Scan<T> scan, int partitions) {
        this(
                scan,
                partitions,
                PartitionStrategy.AUTO,
                0,
                null,
                null,
                null,
                scan.run().snapshot());
        if (partitions < 1) {
            throw new IllegalArgumentException("the number of partitions must be at least 1, got " + partitions);
        }
        if (snapshot) {
            refuseSnapshotUnlessShared(scan);
        }
    }

    private ParallelScan(
            Scan<T> scan,
            int partitions,
            PartitionStrategy strategy,
            int threads,
            Executor executor,
            CheckpointTable checkpoints,
            String job,
            boolean snapshot) {
        this.scan = scan;
        this.partitions = partitions;
        this.strategy = strategy;
        this.threads = threads;
        this.executor = executor;
        this.checkpoints = checkpoints;
        this.job = job;
        this.snapshot = snapshot;
    }

    /** How the cuts are found (default {@link PartitionStrategy#AUTO}). */
    public ParallelScan<T> strategy(PartitionStrategy cuts) {
        Objects.requireNonNull(cuts, "strategy");
        return new ParallelScan<>(scan, partitions, cuts, threads, executor, checkpoints, job, snapshot);
    }

    /**
     * Runs at most {@code count} partitions at once, on threads the run starts and stops (default:
     * one thread per partition). Replaces {@link #executor(Executor)}.
     */
    public ParallelScan<T> threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of threads must be at least 1, got " + count);
        }
        return new ParallelScan<>(scan, partitions, strategy, count, null, checkpoints, job, snapshot);
    }

    /**
     * Runs the partitions as tasks of {@code tasks}, one task per partition; the run waits for
     * them, and the caller owns the executor (and shuts it down). Replaces {@link #threads(int)}.
     */
    public ParallelScan<T> executor(Executor tasks) {
        Objects.requireNonNull(tasks, "executor");
        return new ParallelScan<>(scan, partitions, strategy, 0, tasks, checkpoints, job, snapshot);
    }

    /**
     * Saves the partitions and each one's position in {@code table} (created if missing) under
     * {@code job}, for {@link #forEachChunkInTransaction} (see the class comment).
     *
     * @throws IllegalArgumentException when the job name is blank or too long for the partitions' keys
     */
    public ParallelScan<T> checkpoints(CheckpointTable table, String jobName) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(jobName, "job");
        String longest = partitionKey(jobName, partitions - 1, partitions);
        if (jobName.isBlank() || longest.length() > 200) {
            throw new IllegalArgumentException("a parallel job's name must be non-blank and leave room for its "
                    + "partitions' keys ('" + longest + "') within 200 characters, got " + jobName.length());
        }
        return new ParallelScan<>(scan, partitions, strategy, threads, executor, table, jobName, snapshot);
    }

    /**
     * Every partition reads the one snapshot a coordinator exports when the run starts
     * (PostgreSQL; see the class comment). For {@link #forEach} and {@link #forEachChunk}.
     *
     * @throws UnsupportedOperationException on a database that cannot share a snapshot between
     *     connections, saying what it can do instead
     */
    public ParallelScan<T> snapshot() {
        refuseSnapshotUnlessShared(scan);
        return new ParallelScan<>(scan, partitions, strategy, threads, executor, checkpoints, job, true);
    }

    private static void refuseSnapshotUnlessShared(Scan<?> scan) {
        String database = scan.databaseName();
        if (database.equals(Dialect.POSTGRESQL.name())) {
            return;
        }
        String why =
                switch (database) {
                    case "MariaDB", "MySQL" ->
                        database + " gives each connection its own consistent snapshot (START "
                                + "TRANSACTION WITH CONSISTENT SNAPSHOT) but cannot share one between connections";
                    case "H2" -> "H2 gives each transaction its own view and cannot share one between connections";
                    case "SQLite" ->
                        "SQLite gives each connection's read transaction its own view of the file and "
                                + "cannot share one between connections";
                    default -> database + " has no way known to chunkwise to share a snapshot between connections";
                };
        throw new UnsupportedOperationException("a parallel run cannot read one snapshot on " + database + ": " + why
                + ", so its workers would see different views; run a single scan built with snapshot() instead");
    }

    // ---- Running -----------------------------------------------------------------------------

    /**
     * Runs every partition, passing each row to {@code action} from the partition's worker thread,
     * and returns when all partitions ended.
     *
     * @throws ChunkwiseException summarising the partitions that failed, after the others ended
     * @throws IllegalStateException with {@link #checkpoints}, which only
     *     {@link #forEachChunkInTransaction} saves
     */
    public ParallelStatistics forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        refuseCheckpoints("forEach");
        return run(
                (partition, bounded, progress) -> {
                    try (ScanIterator<T> rows = bounded.iterator()) {
                        try {
                            rows.forEachRemaining(action);
                        } catch (RuntimeException | Error failure) {
                            progress.resumeAfter =
                                    rows.statistics().lastPosition().orElse(progress.resumeAfter);
                            if (rows instanceof RunIterator<T> run) {
                                run.closeAfter(failure);
                            }
                            throw failure;
                        }
                        return rows.statistics();
                    }
                },
                false);
    }

    /**
     * Runs every partition a chunk at a time ({@link Scan#forEachChunk}), passing each chunk to
     * {@code action} from the partition's worker thread.
     *
     * @throws ChunkwiseException summarising the partitions that failed, after the others ended
     * @throws IllegalStateException with {@link #checkpoints}, which only
     *     {@link #forEachChunkInTransaction} saves
     */
    public ParallelStatistics forEachChunk(Consumer<? super Chunk<T>> action) {
        Objects.requireNonNull(action, "action");
        refuseCheckpoints("forEachChunk");
        return run(
                (partition, bounded, progress) -> bounded.forEachChunk(chunk -> {
                    action.accept(chunk);
                    progress.resumeAfter = chunk.last();
                }),
                false);
    }

    /**
     * Runs every partition a chunk at a time, each chunk in its own transaction on the partition's
     * connection ({@link Scan#forEachChunkInTransaction}); with {@link #checkpoints} the
     * partition's position is saved in that transaction after {@code handler} returned. The
     * handler is called from the partitions' worker threads. On SQLite, which has one writer at a
     * time and fails a transaction that begins to write while another writes ({@code SQLITE_BUSY})
     * rather than wait, the partitions run one after another.
     *
     * @throws ChunkwiseException summarising the partitions that failed, after the others ended
     * @throws IllegalStateException with {@link #snapshot()}: a snapshot run reads one view and
     *     does not commit writes per chunk
     */
    public ParallelStatistics forEachChunkInTransaction(ChunkHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return forEachPartitionChunkInTransaction((partition, chunk, connection) -> handler.handle(chunk, connection));
    }

    /**
     * Receives one chunk of one partition inside the chunk's transaction, as a {@link ChunkHandler}
     * does, told which partition the chunk belongs to; see
     * {@link #forEachPartitionChunkInTransaction(PartitionChunkHandler)}.
     *
     * @param <T> the type of one mapped row
     */
    @FunctionalInterface
    public interface PartitionChunkHandler<T> {

        void handle(ScanPartition<T> partition, Chunk<T> chunk, Connection connection) throws SQLException;
    }

    /**
     * {@link #forEachChunkInTransaction(ChunkHandler)} with a handler told each chunk's partition,
     * for a caller that keeps something per partition (counts, a state saved in the chunk's
     * transaction). The same threads, transactions, checkpoints and failures.
     *
     * @throws ChunkwiseException summarising the partitions that failed, after the others ended
     * @throws IllegalStateException with {@link #snapshot()}
     */
    public ParallelStatistics forEachPartitionChunkInTransaction(PartitionChunkHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        if (snapshot) {
            throw new IllegalStateException("a parallel snapshot run reads one view and cannot commit per chunk; "
                    + "use forEach or forEachChunk");
        }
        return run(
                (partition, bounded, progress) -> {
                    String key = checkpoints == null ? null : partitionKey(job, partition.index(), partition.count());
                    long[] current = {0};
                    Position[] handled = {progress.resumeAfter};
                    return bounded.forEachChunkInTransaction((chunk, connection) -> {
                        if (chunk.number() != current[0]) {
                            // the previous chunk committed before this one was read
                            current[0] = chunk.number();
                            progress.resumeAfter = handled[0];
                        }
                        handler.handle(partition, chunk, connection);
                        if (key != null) {
                            checkpoints.save(connection, key, chunk.last());
                        }
                        handled[0] = chunk.last();
                    });
                },
                true);
    }

    private void refuseCheckpoints(String method) {
        if (checkpoints != null) {
            throw new IllegalStateException("checkpoints are saved in each chunk's transaction, with the chunk's "
                    + "writes: use forEachChunkInTransaction rather than " + method);
        }
    }

    /** What a worker does with its partition's bounded scan. */
    @FunctionalInterface
    private interface Work<T> {
        ScanStatistics run(ScanPartition<T> partition, Scan<T> bounded, Progress progress);
    }

    /** Where a partition could resume: written and read by its worker thread only. */
    private static final class Progress {
        Position resumeAfter;
    }

    /** The partitions of a run, and where each one starts. */
    private record Assignment<T>(
            List<ScanPartition<T>> partitions, Map<Integer, Position> resumeAfter, List<Integer> finished) {}

    private ParallelStatistics run(Work<T> work, boolean writes) {
        // SQLite has one writer at a time, and a transaction that begins to write while another
        // writes fails at once (SQLITE_BUSY) rather than wait
        Object oneWriterAtATime = writes && scan.databaseName().equals(Dialect.SQLITE.name()) ? new Object() : null;
        String source = scan.run().sourceName();
        ScanClock clock = scan.run().settings().clock();
        long started = clock.nanoTime();
        try (SharedSnapshot shared = snapshot ? SharedSnapshot.export(scan) : null) {
            Assignment<T> assignment = checkpoints == null
                    ? new Assignment<>(scan.partitions(partitions, strategy), Map.of(), List.of())
                    : assignFromCheckpoints();
            List<ScanPartition<T>> all = assignment.partitions();
            List<FutureTask<ScanStatistics>> tasks = new ArrayList<>();
            for (ScanPartition<T> partition : all) {
                if (assignment.finished().contains(partition.index())) {
                    tasks.add(null);
                    continue;
                }
                Position resumeAfter = assignment.resumeAfter().get(partition.index());
                tasks.add(new FutureTask<>(() -> runPartition(partition, resumeAfter, shared, work, oneWriterAtATime)));
            }
            List<ScanStatistics> statistics =
                    await(tasks, all.size() - assignment.finished().size(), source);
            return new ParallelStatistics(
                    Duration.ofNanos(clock.nanoTime() - started), statistics, assignment.finished());
        }
    }

    private ScanStatistics runPartition(
            ScanPartition<T> partition,
            Position resumeAfter,
            SharedSnapshot shared,
            Work<T> work,
            Object oneWriterAtATime) {
        Progress progress = new Progress();
        progress.resumeAfter = resumeAfter;
        try {
            Scan<T> bounded =
                    resumeAfter == null ? partition.scan() : partition.scan().startAfter(resumeAfter);
            if (shared != null) {
                bounded = bounded.withImportedSnapshot(shared.id);
            }
            if (oneWriterAtATime != null) {
                synchronized (oneWriterAtATime) {
                    return runToTheEnd(partition, bounded, progress, work);
                }
            }
            return runToTheEnd(partition, bounded, progress, work);
        } catch (RuntimeException failure) {
            String prefix = "partition " + name(partition) + " of the parallel scan over "
                    + scan.run().sourceName() + " failed: ";
            if (failure instanceof ChunkwiseException reported) {
                throw new PartitionFailedException(
                        prefix + reported.reason(),
                        failure,
                        reported.sql().orElse(null),
                        progress.resumeAfter,
                        reported.chunk(),
                        partition);
            }
            throw new PartitionFailedException(
                    prefix + failure.getMessage(), failure, null, progress.resumeAfter, 0, partition);
        }
    }

    private ScanStatistics runToTheEnd(ScanPartition<T> partition, Scan<T> bounded, Progress progress, Work<T> work) {
        ScanStatistics statistics = work.run(partition, bounded, progress);
        if (checkpoints != null) {
            markDone(partition);
        }
        return statistics;
    }

    /** Runs the tasks and waits for all of them; a failed one is summarised once all ended. */
    private List<ScanStatistics> await(List<FutureTask<ScanStatistics>> tasks, int running, String source) {
        ExecutorService own = null;
        Executor runner = executor;
        if (runner == null) {
            int count = Math.max(1, threads == 0 ? running : Math.min(threads, running));
            AtomicInteger number = new AtomicInteger();
            own = Executors.newFixedThreadPool(count, task -> {
                Thread thread = new Thread(task, "chunkwise-parallel-" + source + "-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            runner = own;
        }
        try {
            RejectedExecutionException refused = null;
            for (FutureTask<ScanStatistics> task : tasks) {
                if (task == null) {
                    continue;
                }
                if (refused != null) {
                    task.cancel(false);
                    continue;
                }
                try {
                    runner.execute(task);
                } catch (RejectedExecutionException rejected) {
                    refused = rejected;
                    task.cancel(false);
                }
            }
            if (refused != null) {
                awaitQuietly(tasks);
                throw new ChunkwiseException(
                        "the executor refused a partition of the parallel scan over " + source + " (" + refused
                                + "); the partitions it had accepted ran to their end",
                        refused);
            }
            List<ScanStatistics> statistics = new ArrayList<>();
            List<PartitionFailedException> failures = new ArrayList<>();
            Error error = null;
            for (FutureTask<ScanStatistics> task : tasks) {
                if (task == null) {
                    statistics.add(NOTHING);
                    continue;
                }
                try {
                    statistics.add(task.get());
                } catch (ExecutionException failed) {
                    statistics.add(NOTHING);
                    Throwable cause = failed.getCause();
                    if (cause instanceof PartitionFailedException partitionFailure) {
                        failures.add(partitionFailure);
                    } else if (cause instanceof Error fatal) {
                        error = error == null ? fatal : error;
                    } else {
                        throw new ChunkwiseException(
                                "a partition of the parallel scan over " + source + " failed: " + cause, cause);
                    }
                } catch (InterruptedException interrupted) {
                    tasks.forEach(each -> {
                        if (each != null) {
                            each.cancel(true);
                        }
                    });
                    Thread.currentThread().interrupt();
                    throw new ChunkwiseException(
                            "interrupted while waiting for the partitions of the parallel scan over " + source,
                            interrupted);
                }
            }
            if (error != null) {
                throw error;
            }
            if (!failures.isEmpty()) {
                throw summary(failures, tasks.size(), source);
            }
            return statistics;
        } finally {
            if (own != null) {
                own.shutdownNow();
            }
        }
    }

    /** Waits for the tasks that run, whatever their outcome. */
    private static void awaitQuietly(List<FutureTask<ScanStatistics>> tasks) {
        for (FutureTask<ScanStatistics> task : tasks) {
            if (task == null || task.isCancelled()) {
                continue;
            }
            try {
                task.get();
            } catch (ExecutionException ended) {
                // the run reports the refusal; a partition that ran is told by its own failure or checkpoint
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ChunkwiseException summary(List<PartitionFailedException> failures, int count, String source) {
        List<String> names = new ArrayList<>();
        failures.forEach(failure -> names.add(failure.partition() + "/" + failure.count()));
        ChunkwiseException summary = new ChunkwiseException(
                failures.size() + " of " + count + " partitions of the parallel scan over " + source + " failed ("
                        + String.join(", ", names) + "); the others ran to their end"
                        + (checkpoints == null ? "" : ", and a rerun of job '" + job + "' resumes the failed ones")
                        + "; first: " + failures.get(0).getMessage(),
                failures.get(0));
        failures.forEach(summary::addSuppressed);
        return summary;
    }

    private static final ScanStatistics NOTHING = new ScanStatistics(
            0,
            0,
            Duration.ZERO,
            Optional.empty(),
            new QueryLog(0, 0, Duration.ZERO, List.of(), List.of()),
            0,
            Duration.ZERO,
            List.of());

    private static String name(ScanPartition<?> partition) {
        return partition.index() + "/" + partition.count();
    }

    private static String partitionKey(String job, int index, int count) {
        return job + "#" + index + "/" + count;
    }

    // ---- Checkpoints -------------------------------------------------------------------------

    /**
     * Removes the rows that {@link #checkpoints(CheckpointTable, String)} saved for the job (its
     * partitions and their positions), in one transaction, so that the next run splits the table
     * anew and starts every partition over. Nothing happens when the job has no rows; rows that
     * another kind of job saved under its name are refused.
     *
     * @return whether the job had saved rows
     * @throws IllegalStateException without {@link #checkpoints}
     * @throws IllegalArgumentException when the job's row was not saved by a parallel run
     * @throws ChunkwiseException when a statement fails
     */
    public boolean removeCheckpoints() {
        if (checkpoints == null) {
            throw new IllegalStateException("removeCheckpoints needs checkpoints(table, job)");
        }
        return inCheckpointTransaction("remove the checkpoints of job '" + job + "' from", connection -> {
            Optional<CheckpointTable.Checkpoint> manifest = checkpoints.read(connection, job);
            if (manifest.isEmpty()) {
                return false;
            }
            Matcher saved = MANIFEST_TEXT.matcher(
                    manifest.get().details() == null ? "" : manifest.get().details());
            if (!saved.matches()) {
                throw new IllegalArgumentException("job '" + job + "' in " + checkpoints.name()
                        + " was not saved by a parallel run and is left alone");
            }
            int count = Integer.parseInt(saved.group(2));
            for (int index = 0; index < count; index++) {
                checkpoints.remove(connection, partitionKey(job, index, count));
            }
            checkpoints.remove(connection, job);
            return true;
        });
    }

    /** Restores the job's saved partitions, or finds and saves them for a new job, in one transaction. */
    private Assignment<T> assignFromCheckpoints() {
        return inCheckpointTransaction("read or save the checkpoints of job '" + job + "' in", connection -> {
            Optional<CheckpointTable.Checkpoint> manifest = checkpoints.read(connection, job);
            return manifest.isPresent() ? restore(connection, manifest.get()) : start(connection);
        });
    }

    /** Work on the checkpoint table inside one transaction. */
    @FunctionalInterface
    private interface CheckpointWork<R> {
        R run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own, in one transaction after the checkpoint table
     * exists: committed when it returns, rolled back when it throws.
     */
    private <R> R inCheckpointTransaction(String what, CheckpointWork<R> work) {
        try (Connection connection = scan.run().source().open()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                checkpoints.createIfMissing(connection);
                connection.commit();
                R result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "cannot " + what + " " + checkpoints.name() + ": " + failure.getMessage(), failure);
        }
    }

    private Assignment<T> start(Connection connection) throws SQLException {
        List<ScanPartition<T>> found = scan.partitions(partitions, strategy);
        for (ScanPartition<T> partition : found) {
            if (DONE.length() + partition.token().length() > 4000) {
                throw new IllegalArgumentException("the token of partition " + name(partition) + " is "
                        + partition.token().length() + " characters long and does not fit in the checkpoint table's "
                        + "4000 characters of details; run without checkpoints or order by shorter keys");
            }
        }
        checkpoints.save(connection, job, null, MANIFEST + partitions + " requested, " + found.size() + " partitions");
        for (ScanPartition<T> partition : found) {
            checkpoints.save(
                    connection,
                    partitionKey(job, partition.index(), partition.count()),
                    null,
                    TODO + partition.token());
        }
        return new Assignment<>(found, Map.of(), List.of());
    }

    private Assignment<T> restore(Connection connection, CheckpointTable.Checkpoint manifest) throws SQLException {
        String where = "job '" + job + "' in " + checkpoints.name();
        Matcher saved = MANIFEST_TEXT.matcher(manifest.details() == null ? "" : manifest.details());
        if (!saved.matches()) {
            throw new IllegalArgumentException(
                    where + " was not saved by a parallel run; give the parallel run another job name");
        }
        int requested = Integer.parseInt(saved.group(1));
        int count = Integer.parseInt(saved.group(2));
        if (requested != partitions) {
            throw new IllegalArgumentException(where + " was started with parallel(" + requested
                    + ") and cannot resume "
                    + "as parallel(" + partitions + "); run it with parallel(" + requested + "), or remove its rows ('"
                    + job + "' and '" + job + "#<i>/" + count + "') to start again");
        }
        List<ScanPartition<T>> restored = new ArrayList<>();
        Map<Integer, Position> resumeAfter = new HashMap<>();
        List<Integer> finished = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            String key = partitionKey(job, index, count);
            CheckpointTable.Checkpoint row = checkpoints
                    .read(connection, key)
                    .orElseThrow(() -> new IllegalArgumentException(
                            where + " misses its partition '" + key + "'; remove the job's rows to start again"));
            String details = row.details() == null ? "" : row.details();
            boolean done = details.startsWith(DONE);
            if (!done && !details.startsWith(TODO)) {
                throw new IllegalArgumentException(where + ": partition '" + key + "' was not saved by a parallel run");
            }
            ScanPartition<T> partition;
            try {
                partition = scan.partition(details.substring(TODO.length()));
            } catch (IllegalArgumentException other) {
                throw new IllegalArgumentException(
                        where + " was saved by another scan (table, filter or order) and is refused: "
                                + other.getMessage(),
                        other);
            }
            if (partition.index() != index || partition.count() != count) {
                throw new IllegalArgumentException(where + ": partition '" + key + "' holds the token of partition "
                        + name(partition) + "; remove the job's rows to start again");
            }
            restored.add(partition);
            if (done) {
                finished.add(index);
            } else {
                row.position().ifPresent(position -> resumeAfter.put(partition.index(), position));
            }
        }
        return new Assignment<>(restored, resumeAfter, finished);
    }

    private void markDone(ScanPartition<T> partition) {
        try (Connection connection = scan.run().source().open()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                checkpoints.save(
                        connection,
                        partitionKey(job, partition.index(), partition.count()),
                        null,
                        DONE + partition.token());
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "partition " + name(partition) + " ran to its end but cannot be marked done in "
                            + checkpoints.name() + " (a rerun resumes it after its last position and finds no more "
                            + "rows): " + failure.getMessage(),
                    failure);
        }
    }

    // ---- The shared snapshot -----------------------------------------------------------------

    /**
     * The coordinator of a snapshot run: a REPEATABLE READ, read-only transaction on a connection
     * of its own that exports its snapshot and stays open until the run ends.
     */
    private static final class SharedSnapshot implements AutoCloseable {

        private final ChunkConnection connection;
        private final String id;

        private SharedSnapshot(ChunkConnection connection, String id) {
            this.connection = connection;
            this.id = id;
        }

        static SharedSnapshot export(Scan<?> scan) {
            ChunkConnection connection = new ChunkConnection(
                    scan.run().source(), Dialect.Streaming.NONE, 1, ChunkConnection.Mode.SNAPSHOT, false, null);
            try (Statement statement = connection.connection().createStatement();
                    ResultSet exported = statement.executeQuery("SELECT pg_export_snapshot()")) {
                exported.next();
                String id = exported.getString(1);
                if (id == null || !SNAPSHOT_ID.matcher(id).matches()) {
                    throw new SQLException("pg_export_snapshot() returned an unexpected identifier: " + id);
                }
                return new SharedSnapshot(connection, id);
            } catch (SQLException failure) {
                connection.discard();
                throw new ChunkwiseException(
                        "cannot export a snapshot for the parallel scan over "
                                + scan.run().sourceName() + ": " + failure.getMessage(),
                        failure);
            }
        }

        @Override
        public void close() {
            connection.discard();
        }
    }
}
