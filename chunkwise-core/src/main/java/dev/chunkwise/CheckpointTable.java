package dev.chunkwise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * VARCHAR(2000) NOT NULL, updated_at TIMESTAMP)}, created by {@link #createIfMissing(Connection)}
 * with {@code CREATE TABLE IF NOT EXISTS} (PostgreSQL, MariaDB/MySQL, H2, SQLite).
 *
 * <p>Immutable and thread-safe. Methods use the caller's connection and never commit, roll back
 * or close it.
 */
public final class CheckpointTable {

    /** The default table name. */
    public static final String DEFAULT_NAME = "chunkwise_checkpoint";

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String name;

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

    /** {@code CREATE TABLE IF NOT EXISTS <name> (...)}. */
    public void createIfMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name + " (job VARCHAR(200) NOT NULL PRIMARY KEY, "
                    + "position_token VARCHAR(2000) NOT NULL, updated_at TIMESTAMP)");
        }
    }

    /**
     * Saves a job's position: {@code UPDATE <name> SET position_token = ?, updated_at = CURRENT_TIMESTAMP
     * WHERE job = ?}, or an {@code INSERT} when the job has no row yet.
     */
    public void save(Connection connection, String job, Position position) throws SQLException {
        checkJob(job);
        Objects.requireNonNull(position, "position");
        String token = position.token();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + name + " SET position_token = ?, updated_at = CURRENT_TIMESTAMP WHERE job = ?")) {
            update.setString(1, token);
            update.setString(2, job);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + name + " (job, position_token, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, job);
            insert.setString(2, token);
            insert.executeUpdate();
        }
    }

    /**
     * The position a job saved last, if any.
     *
     * @throws IllegalArgumentException when the saved token is malformed
     */
    public Optional<Position> load(Connection connection, String job) throws SQLException {
        checkJob(job);
        try (PreparedStatement select =
                connection.prepareStatement("SELECT position_token FROM " + name + " WHERE job = ?")) {
            select.setString(1, job);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Position.parse(row.getString(1))) : Optional.empty();
            }
        }
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
