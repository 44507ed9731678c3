package dev.chunkwise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Positions saved in a table of the scanned database, one row per job, so that a job can save
 * each chunk's position in the same transaction as the chunk's own writes, for exactly-once
 * processing:
 *
 * <pre>{@code
 * CheckpointTable checkpoints = CheckpointTable.defaultTable();
 * Scan<Entry> scan = ...;
 * Optional<Position> saved = checkpoints.load(connection, "backfill-rating");
 * Scan<Entry> resumed = saved.map(scan::startAfter).orElse(scan);
 * resumed.forEachChunkInTransaction((chunk, tx) -> {
 *     ... write the chunk's results on tx ...
 *     checkpoints.save(tx, "backfill-rating", chunk.last());   // commits with them
 * });
 * }</pre>
 *
 * <p>The table is {@code chunkwise_checkpoint (job VARCHAR(200) PRIMARY KEY, position_token
 * VARCHAR(2000) NOT NULL, updated_at TIMESTAMP, details VARCHAR(4000))}, created by
 * {@link #createIfMissing(Connection)} with {@code CREATE TABLE IF NOT EXISTS} (PostgreSQL,
 * MariaDB/MySQL, H2, SQLite); a table of an earlier version gets its {@code details} column
 * there. {@code details} is the job's own text (what a command line saves to recognise itself
 * and report its progress: its command, its stop bound, its counts), saved with the position in
 * the same statement; a job saved before its first chunk has an empty position.
 *
 * <p>Immutable and thread-safe. Methods use the caller's connection and never commit, roll back
 * or close it.
 */
public final class CheckpointTable {

    /** The default table name. */
    public static final String DEFAULT_NAME = "chunkwise_checkpoint";

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String name;

    /**
     * What a job saved last.
     *
     * @param job the job's name
     * @param position the position after its last committed chunk, empty before its first
     * @param details the job's own text, or {@code null}
     */
    public record Checkpoint(String job, Optional<Position> position, String details) {
        public Checkpoint {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(position, "position");
        }
    }

    private CheckpointTable(String name) {
        this.name = name;
    }

    /** The table {@value #DEFAULT_NAME}. */
    public static CheckpointTable defaultTable() {
        return new CheckpointTable(DEFAULT_NAME);
    }

    /**
     * A checkpoint table of another name: a plain identifier of letters, digits and underscores.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static CheckpointTable named(String name) {
        Objects.requireNonNull(name, "name");
        if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("checkpoint table name '" + name + "' must be a plain identifier "
                    + "(letters, digits, underscores; not starting with a digit; at most 63 characters)");
        }
        return new CheckpointTable(name);
    }

    /** The table's name. */
    public String name() {
        return name;
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS <name> (...)}, and {@code ALTER TABLE <name> ADD COLUMN
     * details VARCHAR(4000)} when a table of an earlier version lacks it.
     */
    public void createIfMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name + " (job VARCHAR(200) NOT NULL PRIMARY KEY, "
                    + "position_token VARCHAR(2000) NOT NULL, updated_at TIMESTAMP, details VARCHAR(4000))");
            boolean hasDetails = false;
            try (ResultSet none = statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0")) {
                ResultSetMetaData columns = none.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    hasDetails |= columns.getColumnLabel(i).equalsIgnoreCase("details");
                }
            }
            if (!hasDetails) {
                statement.execute("ALTER TABLE " + name + " ADD COLUMN details VARCHAR(4000)");
            }
        }
    }

    /**
     * Saves a job's position: {@code UPDATE <name> SET position_token = ?, updated_at = CURRENT_TIMESTAMP
     * WHERE job = ?}, or an {@code INSERT} when the job has no row yet. Its details stay as they were.
     */
    public void save(Connection connection, String job, Position position) throws SQLException {
        Objects.requireNonNull(position, "position");
        write(connection, job, position.token(), null, false);
    }

    /**
     * Saves a job's position and details in one statement (an {@code UPDATE}, or an
     * {@code INSERT} for a new job).
     *
     * @param position the position after the chunk just written, or {@code null} before the first
     * @param details the job's own text, at most 4000 characters, or {@code null}
     */
    public void save(Connection connection, String job, Position position, String details) throws SQLException {
        if (details != null && details.length() > 4000) {
            throw new IllegalArgumentException("a job's details are at most 4000 characters, got " + details.length());
        }
        write(connection, job, position == null ? null : position.token(), details, true);
    }

    private void write(Connection connection, String job, String token, String details, boolean withDetails)
            throws SQLException {
        checkJob(job);
        String set = (token == null ? "" : "position_token = ?, ") + (withDetails ? "details = ?, " : "")
                + "updated_at = CURRENT_TIMESTAMP";
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + name + " SET " + set + " WHERE job = ?")) {
            int index = 1;
            if (token != null) {
                update.setString(index++, token);
            }
            if (withDetails) {
                update.setString(index++, details);
            }
            update.setString(index, job);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + name
                + " (job, position_token, updated_at" + (withDetails ? ", details" : "") + ") VALUES (?, ?, "
                + "CURRENT_TIMESTAMP" + (withDetails ? ", ?" : "") + ")")) {
            insert.setString(1, job);
            insert.setString(2, token == null ? "" : token);
            if (withDetails) {
                insert.setString(3, details);
            }
            insert.executeUpdate();
        }
    }

    /**
     * What a job saved last, if it saved anything.
     *
     * @throws IllegalArgumentException when the saved token is malformed
     */
    public Optional<Checkpoint> read(Connection connection, String job) throws SQLException {
        checkJob(job);
        try (PreparedStatement select =
                connection.prepareStatement("SELECT position_token, details FROM " + name + " WHERE job = ?")) {
            select.setString(1, job);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String token = row.getString(1);
                Optional<Position> position =
                        token == null || token.isEmpty() ? Optional.empty() : Optional.of(Position.parse(token));
                return Optional.of(new Checkpoint(job, position, row.getString(2)));
            }
        }
    }

    /**
     * The position a job saved last, if any.
     *
     * @throws IllegalArgumentException when the saved token is malformed
     */
    public Optional<Position> load(Connection connection, String job) throws SQLException {
        return read(connection, job).flatMap(Checkpoint::position);
    }

    /** Forgets a job's position (for example when the job finished). */
    public void remove(Connection connection, String job) throws SQLException {
        checkJob(job);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name + " WHERE job = ?")) {
            delete.setString(1, job);
            delete.executeUpdate();
        }
    }

    private static void checkJob(String job) {
        Objects.requireNonNull(job, "job");
        if (job.isBlank() || job.length() > 200) {
            throw new IllegalArgumentException("a job name must be 1 to 200 characters, got " + job.length());
        }
    }
}
