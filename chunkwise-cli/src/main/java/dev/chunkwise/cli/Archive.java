package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import dev.chunkwise.SqlCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where {@code delete --archive FILE} or {@code --archive-table NAME} keeps the rows it deletes,
 * written inside each chunk's transaction before its DELETE: so that after any crash the archive
 * holds every deleted row exactly once. The rows are locked first ({@code SELECT ... FOR
 * UPDATE}, except on SQLite, whose transaction holds the database), so the rows archived are the
 * rows the DELETE then removes; a count that differs fails the chunk, which is rolled back.
 */
abstract class Archive implements AutoCloseable {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    final String source;
    final boolean locks;

    Archive(String source, Database database) {
        this.source = source;
        this.locks = database != null && database.driver() != RowReader.Driver.SQLITE;
    }

    /** No archive: plain delete and update. */
    static Archive none() {
        return new Archive(null, null) {
            @Override
            long keep(Connection connection, SqlCondition rows) {
                return -1;
            }
        };
    }

    /** The rows go to a file, in the export's format, appended chunk by chunk and forced to disk. */
    static FileArchive file(Path path, Format format, String source, Database database) {
        return new FileArchive(path, format, source, database);
    }

    /**
     * The rows go to a table of the same database: {@code INSERT INTO <name> SELECT * FROM <source> WHERE ...}.
     *
     * @throws BadInputException when the name is not plain or the table does not exist
     */
    static Archive table(String name, String source, Database database) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new BadInputException("--archive-table '" + name + "' must be a plain name (letters, digits and"
                    + " underscores, optionally schema.table).");
        }
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            int archived = columnCount(statement, "SELECT * FROM " + name + " WHERE 1 = 0");
            int deleted = columnCount(statement, "SELECT * FROM " + source + " WHERE 1 = 0");
            if (archived != deleted) {
                throw new BadInputException("--archive-table " + name + " has " + archived + " columns and "
                        + source + " has " + deleted + "; the archive table must have the same columns in the"
                        + " same order.");
            }
        } catch (SQLException missing) {
            throw new BadInputException(
                    "--archive-table " + name + " cannot be read: " + missing.getMessage() + ".", missing);
        }
        return new Archive(source, database) {
            @Override
            long keep(Connection connection, SqlCondition rows) throws SQLException {
                lock(connection, rows);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + name + " SELECT * FROM " + source + " WHERE " + rows.sql())) {
                    rows.bind(insert, 1);
                    return insert.executeUpdate();
                }
            }
        };
    }

    private static int columnCount(Statement statement, String sql) throws SQLException {
        try (ResultSet none = statement.executeQuery(sql)) {
            return none.getMetaData().getColumnCount();
        }
    }

    /**
     * Keeps the rows of one condition, in the chunk's transaction, before they are deleted.
     *
     * @return how many rows it kept (the DELETE must remove as many), or -1 without an archive
     */
    abstract long keep(Connection connection, SqlCondition rows) throws SQLException;

    /** All of the chunk is kept: a file is forced to disk. Returns its length (0 without a file). */
    long chunkKept() {
        return 0;
    }

    /** Where a job whose last committed chunk left the archive at {@code length} bytes continues (a file). */
    void open(long length, boolean newJob) {}

    /**
     * Before a chunk is written, or written again after a failure that rolled it back: a file
     * is cut back to {@code committedLength}, the length of the last committed chunk, so that the
     * rows of an attempt that did not commit are not kept twice.
     */
    void rewind(long committedLength) {}

    void lock(Connection connection, SqlCondition rows) throws SQLException {
        if (!locks) {
            return;
        }
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT 1 FROM " + source + " WHERE " + rows.sql() + " FOR UPDATE")) {
            rows.bind(lock, 1);
            try (ResultSet locked = lock.executeQuery()) {
                while (locked.next()) {
                    // each row read is locked until the chunk commits
                }
            }
        }
    }

    @Override
    public void close() throws IOException {}

    /** {@code --archive FILE}. */
    static final class FileArchive extends Archive {

        private final Path path;
        private final Format format;
        private final RowReader reader = new RowReader();
        private final CsvStyle csvStyle;
        private Output output;
        private RowWriter writer;
        /** Whether rows were written since the length the job last committed. */
        private boolean written;

        private FileArchive(Path path, Format format, String source, Database database) {
            super(source, database);
            this.path = path;
            this.format = format;
            this.csvStyle = CsvStyle.of(CsvStyle.defaultFor(database.driver()), null, null, false, false, null);
            // the columns are read once before anything changes: a type that cannot be written
            // exactly is refused now, not half-way through the job
            try (Connection connection = database.open();
                    Statement statement = connection.createStatement();
                    ResultSet none = statement.executeQuery("SELECT * FROM " + source + " WHERE 1 = 0")) {
                ResultSetMetaData columns = none.getMetaData();
                List<ScanColumn> described = new ArrayList<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    described.add(new ScanColumn(
                            columns.getColumnLabel(i),
                            columns.getColumnType(i),
                            columns.getColumnTypeName(i),
                            columns.getPrecision(i),
                            columns.getScale(i)));
                }
                reader.configure(described, database);
            } catch (SQLException failure) {
                throw new dev.chunkwise.ChunkwiseException(
                        "cannot read the columns of " + source + ": " + failure.getMessage(), failure);
            }
        }

        @Override
        void open(long length, boolean newJob) {
            try {
                if (newJob && Files.exists(path) && Files.size(path) > 0) {
                    throw new BadInputException("the archive file " + path + " exists and is not empty; a new job"
                            + " would overwrite it: remove it, name another file, or continue the job that wrote it.");
                }
                reopen(newJob ? -1 : length);
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot open the archive file " + path, failure);
            }
        }

        private void reopen(long length) throws IOException {
            if (output != null) {
                output.close();
            }
            output = Output.file(path, length);
            writer = format.writer(output.stream(), csvStyle);
            writer.start(reader.columns(), output.fresh());
            written = false;
        }

        @Override
        void rewind(long committedLength) {
            if (written) {
                try {
                    reopen(committedLength);
                } catch (IOException failure) {
                    throw new UncheckedIOException("cannot cut the archive file " + path + " back", failure);
                }
            }
        }

        @Override
        long keep(Connection connection, SqlCondition rows) throws SQLException {
            String lock = locks ? " FOR UPDATE" : "";
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT * FROM " + source + " WHERE " + rows.sql() + lock)) {
                rows.bind(select, 1);
                written = true;
                long kept = 0;
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        writer.write(reader.map(found));
                        kept++;
                    }
                }
                return kept;
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot write the archive file " + path, failure);
            }
        }

        @Override
        long chunkKept() {
            try {
                writer.flush();
                return output.flush(true);
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot write the archive file " + path, failure);
            }
        }

        @Override
        public void close() throws IOException {
            if (output != null) {
                output.close();
            }
        }
    }
}
