package dev.chunkwise.cli;

import dev.chunkwise.CheckpointTable;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A chunked update or delete as a job that can be run again: its state lives in the target
 * database, in a {@link CheckpointTable} row saved in the same transaction as each chunk's
 * writes, so that a run stopped at any point (Ctrl-C, SIGKILL, a lost connection, a crash
 * between the write and the commit) is continued by running the same command again, and a
 * finished job changes nothing.
 *
 * <p>The row's details are a small properties text: the command's digest (a different command
 * under the same name is refused) and a short description of it, the stop bound captured when
 * the job started (the walk never goes past the last row that matched then), the rows and chunks
 * done so far, the archive file's length after the last committed chunk, and whether the job is
 * done.
 */
final class WriteJob {

    /**
     * What a job has done, as its checkpoint row records it.
     *
     * @param position the position after the last committed chunk, empty before the first
     * @param stop the last row that matched when the job started, empty when none did
     * @param rows rows changed by all runs
     * @param chunks chunks committed by all runs
     * @param archiveBytes the archive file's length after the last committed chunk (0 without one)
     * @param done whether the job finished
     * @param parallel the partitions asked for when the job started ({@code --parallel N}), 0 for one walk
     */
    record State(
            Optional<Position> position,
            Optional<Position> stop,
            long rows,
            long chunks,
            long archiveBytes,
            boolean done,
            int parallel) {

        /** This state, the job finished. */
        State finished() {
            return new State(position, stop, rows, chunks, archiveBytes, true, parallel);
        }
    }

    /** What one partition of a parallel job has done over all runs, as its own row records it. */
    record PartitionCounts(long rows, long chunks) {}

    private static final int DESCRIPTION_LENGTH = 300;

    private final CheckpointTable table;
    private final String name;
    private final String digest;
    private final String description;

    private WriteJob(CheckpointTable table, String name, String digest, String description) {
        this.table = table;
        this.name = name;
        this.digest = digest;
        this.description = description;
    }

    /**
     * The job of a command.
     *
     * @param command the command's canonical text: what it changes and how
     * @param description how messages name the command
     * @param name the job name given (--job), or null for the one derived from the command
     */
    static WriteJob of(
            CheckpointTable table, String verb, Scan<?> scan, String command, String description, String name) {
        String digest = sha256(command);
        String jobName = name != null ? name : derivedName(verb, scan, digest);
        if (jobName.isBlank() || jobName.length() > 200) {
            throw new BadInputException("--job must be 1 to 200 characters, got " + jobName.length() + ".");
        }
        String shortDescription = description.length() > DESCRIPTION_LENGTH
                ? description.substring(0, DESCRIPTION_LENGTH) + "..."
                : description;
        return new WriteJob(table, jobName, digest, shortDescription);
    }

    private static String derivedName(String verb, Scan<?> scan, String digest) {
        String source = scan.quotedSource().replaceAll("[^A-Za-z0-9_.]", "");
        if (source.length() > 100) {
            source = source.substring(0, 100);
        }
        return verb + " " + source + " " + digest.substring(0, 16);
    }

    String name() {
        return name;
    }

    /** The checkpoint table, created when missing; a database that refuses it is named with the ways out. */
    void prepare(Database database) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            table.createIfMissing(connection);
        } catch (SQLException failure) {
            throw new BadInputException(
                    "cannot create the checkpoint table " + table.name()
                            + " that makes the job resumable: " + failure.getMessage()
                            + ". Name a table you may create with"
                            + " --checkpoint-table NAME, or run with --no-checkpoint (a re-run after an interruption may"
                            + " then apply a chunk again).",
                    failure);
        }
    }

    /**
     * The job's saved state, if it ran before.
     *
     * @throws BadInputException when another command saved it
     */
    Optional<State> load(Database database, Scan<?> scan) {
        try (Connection connection = database.open()) {
            Optional<CheckpointTable.Checkpoint> saved = table.read(connection, name);
            if (saved.isEmpty()) {
                return Optional.empty();
            }
            Properties details = parse(saved.get().details());
            if (!digest.equals(details.getProperty("command"))) {
                throw new BadInputException("job '" + name + "' in " + table.name() + " belongs to another command ("
                        + details.getProperty("description", "not a chunkwise update or delete") + "); give this one"
                        + " another --job name, or --restart to replace that job.");
            }
            String stop = details.getProperty("stop", "");
            return Optional.of(new State(
                    saved.get().position().map(position -> scan.parsePosition(position.token())),
                    stop.isEmpty() ? Optional.empty() : Optional.of(scan.parsePosition(stop)),
                    Long.parseLong(details.getProperty("rows", "0")),
                    Long.parseLong(details.getProperty("chunks", "0")),
                    Long.parseLong(details.getProperty("archiveBytes", "0")),
                    Boolean.parseBoolean(details.getProperty("done", "false")),
                    Integer.parseInt(details.getProperty("parallel", "0"))));
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot read job '" + name + "' from " + table.name() + ": " + failure.getMessage(), failure);
        } catch (IllegalArgumentException malformed) {
            throw new BadInputException(
                    "job '" + name + "' in " + table.name() + " was saved for another scan of "
                            + "this table and cannot be continued: " + malformed.getMessage()
                            + "; --restart replaces it.",
                    malformed);
        }
    }

    /** Forgets the job (--restart). */
    void remove(Database database) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            table.remove(connection, name);
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot remove job '" + name + "' from " + table.name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Saves a state on its own connection, committed at once: the job's start, or its end. */
    void saveNow(Database database, State state) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            save(connection, state);
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot save job '" + name + "' in " + table.name() + ": " + failure.getMessage(), failure);
        }
    }

    /** Saves a state through the chunk's own transaction, to commit with the chunk's writes. */
    void save(Connection connection, State state) throws SQLException {
        Properties details = new Properties();
        details.setProperty("version", "1");
        details.setProperty("command", digest);
        details.setProperty("description", description);
        details.setProperty("stop", state.stop().map(Position::token).orElse(""));
        details.setProperty("rows", Long.toString(state.rows()));
        details.setProperty("chunks", Long.toString(state.chunks()));
        details.setProperty("archiveBytes", Long.toString(state.archiveBytes()));
        details.setProperty("done", Boolean.toString(state.done()));
        if (state.parallel() > 0) {
            details.setProperty("parallel", Integer.toString(state.parallel()));
        }
        table.save(connection, name, state.position().orElse(null), format(details));
    }

    /**
     * The job name under which a parallel job's partitions and their positions are kept
     * ({@link dev.chunkwise.ParallelScan#checkpoints}): this job's name and " partitions".
     */
    String partitionsJob() {
        return name + " partitions";
    }

    /** The row that counts what partition {@code index} of a parallel job has done: the job's name and #index. */
    private String countsName(int index) {
        return name + "#" + index;
    }

    /** Saves a partition's counts through the chunk's own transaction, to commit with the chunk's writes. */
    void saveCounts(Connection connection, int index, PartitionCounts counts) throws SQLException {
        Properties details = new Properties();
        details.setProperty("version", "1");
        details.setProperty("command", digest);
        details.setProperty("rows", Long.toString(counts.rows()));
        details.setProperty("chunks", Long.toString(counts.chunks()));
        table.save(connection, countsName(index), null, format(details));
    }

    /** Saves the counts of partitions 0 to n - 1 on a connection of its own, committed at once (a new job's zeros). */
    void saveCountsNow(Database database, List<PartitionCounts> counts) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            for (int index = 0; index < counts.size(); index++) {
                saveCounts(connection, index, counts.get(index));
            }
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot save job '" + name + "' in " + table.name() + ": " + failure.getMessage(), failure);
        }
    }

    /** The counts of partitions 0 to n - 1 (zero for a partition without its row yet). */
    List<PartitionCounts> loadCounts(Database database, int n) {
        List<PartitionCounts> counts = new ArrayList<>();
        try (Connection connection = database.open()) {
            for (int index = 0; index < n; index++) {
                Optional<CheckpointTable.Checkpoint> saved = table.read(connection, countsName(index));
                Properties details =
                        parse(saved.map(CheckpointTable.Checkpoint::details).orElse(null));
                counts.add(new PartitionCounts(
                        Long.parseLong(details.getProperty("rows", "0")),
                        Long.parseLong(details.getProperty("chunks", "0"))));
            }
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot read job '" + name + "' from " + table.name() + ": " + failure.getMessage(), failure);
        }
        return counts;
    }

    /** Forgets the counts rows of partitions 0 to n - 1 (--restart of a parallel job). */
    void removeCounts(Database database, int n) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(true);
            for (int index = 0; index < n; index++) {
                table.remove(connection, countsName(index));
            }
        } catch (SQLException failure) {
            throw new dev.chunkwise.ChunkwiseException(
                    "cannot remove job '" + name + "' from " + table.name() + ": " + failure.getMessage(), failure);
        }
    }

    private static String format(Properties details) {
        StringWriter text = new StringWriter();
        try {
            details.store(text, null);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        // the first line is the date Properties.store writes; the job's own time is updated_at
        return text.toString().lines().filter(line -> !line.startsWith("#")).collect(Collectors.joining("\n"));
    }

    private static Properties parse(String text) {
        Properties details = new Properties();
        if (text != null) {
            try {
                details.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException unreadable) {
                return new Properties();
            }
        }
        return details;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", missing);
        }
    }
}
