package dev.chunkwise.cli;

import dev.chunkwise.Chunk;
import dev.chunkwise.ChunkwiseException;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanColumn;
import dev.chunkwise.ScanStatistics;
import dev.chunkwise.SortKey;
import dev.chunkwise.SqlCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * CSV for PostgreSQL written by the server: the chunks are walked on the scan's keys alone, and
 * each chunk's rows are formatted by {@code COPY (SELECT <columns> FROM <table> WHERE <range of
 * the chunk> ORDER BY <keys>) TO STDOUT WITH (FORMAT csv, ...)} through pgjdbc's
 * {@link CopyManager}, straight into the output. The range is the core's
 * ({@link Scan#range(Position, Position)}: the filter and the key from the chunk's first row to
 * its last, both inclusive), so every row is written once, in key order, NULL keys included; the
 * chunk's last position is then saved, as {@link Exporter} does. COPY takes no bind parameters: the
 * range's values are turned into text by the server ({@code CAST(? AS text)}, bound as the core
 * binds them) and written into the statement as string literals, which the server reads back as
 * the same values.
 *
 * <p>The session that runs a CSV export's COPY pins what decides the text of a value: {@code TimeZone} UTC (a
 * {@code timestamptz} is written with offset {@code +00}), {@code IntervalStyle} postgres,
 * {@code extra_float_digits} 3 (exact floats on servers before 12), {@code bytea_output} hex and
 * {@code standard_conforming_strings} on (for the literals); pgjdbc keeps {@code DateStyle} ISO.
 *
 * <p>JSON Lines is walked the same way: each chunk is {@code COPY (SELECT ...) TO STDOUT} in the
 * text format, and {@link PgCopyJsonLines} turns every row into the JSON that {@link RowReader}
 * and {@link JsonLinesRowWriter} write for it. That session keeps the settings the reader's
 * connection has (only {@code standard_conforming_strings} is set, for the literals), so that a
 * value whose text depends on them comes out as the reader's would.
 *
 * <p>A chunk whose COPY fails ends the export (a resume continues after the last chunk saved);
 * the key reads retry as any scan's do. One run, one thread; heap use is one chunk of keys.
 */
final class CopyExporter {

    private final Scan<Object[]> scan;
    private final Scan<Boolean> keys;
    private final Format format;
    private final CsvStyle style;
    private final Database database;
    private final ResumeFile resumeFile;
    private final Progress progress;
    private final Interruption interruption;
    private final String layout;
    private final long limit;
    private long rows;
    private long chunks;
    private java.util.function.LongConsumer observer = rows -> {};
    private boolean readAhead;
    private Connection connection;
    private CopyManager copies;
    private String copyStart;
    private String copyEnd;
    /** Writes the rows of a JSON Lines export; null for CSV. */
    private PgCopyJsonLines json;

    /**
     * @param scan the export's scan (its columns, range conditions and source)
     * @param keys the same scan reading its keys only, already started after the resumed position if any
     * @param format CSV or JSON Lines ({@link #applies})
     * @param style the CSV's conventions (unused for JSON Lines)
     * @param resumed the state an earlier run saved, if this run continues one
     * @param limit the most rows over all runs
     */
    CopyExporter(
            Scan<Object[]> scan,
            Scan<Boolean> keys,
            Format format,
            CsvStyle style,
            Database database,
            ResumeFile resumeFile,
            Optional<ResumeFile.State> resumed,
            Progress progress,
            Interruption interruption,
            String layout,
            long limit) {
        this.scan = scan;
        this.keys = keys;
        this.format = format;
        this.style = style;
        this.database = database;
        this.resumeFile = resumeFile;
        this.progress = progress;
        this.interruption = interruption;
        this.layout = layout;
        this.limit = limit;
        this.rows = resumed.map(ResumeFile.State::rows).orElse(0L);
        this.chunks = resumed.map(ResumeFile.State::chunks).orElse(0L);
    }

    /** Also tells {@code rowsWritten} the rows of every chunk written (a parallel export counts them). */
    CopyExporter observing(java.util.function.LongConsumer rowsWritten) {
        this.observer = rowsWritten;
        return this;
    }

    /** Reads the keys of the next chunks on a second thread while a chunk is copied ({@link #copyReadingAhead}). */
    CopyExporter readingKeysAhead() {
        this.readAhead = true;
        return this;
    }

    /**
     * Whether the export is written from COPY: JSON Lines from PostgreSQL, and CSV when the server
     * can write it itself: PostgreSQL's conventions read from PostgreSQL, with a one-byte delimiter
     * (COPY's rule). Every other export uses {@link Exporter}.
     */
    static boolean applies(Format format, CsvStyle style, Database database) {
        if (database.driver() != RowReader.Driver.POSTGRESQL) {
            return false;
        }
        return format == Format.jsonl
                || format == Format.csv && style.target() == CsvStyle.Target.postgresql && style.delimiter() < 0x80;
    }

    /**
     * Exports every row to {@code output}, then removes the resume file.
     *
     * @throws InterruptedRunException when the interruption asked to stop after a chunk
     */
    Exporter.Result run(Output output) throws IOException {
        ScanStatistics statistics;
        try {
            connection = database.open();
            try (Statement statement = connection.createStatement()) {
                statement.execute(
                        format == Format.jsonl
                                ? "SET standard_conforming_strings = on"
                                : "SET TimeZone = 'UTC'; SET IntervalStyle = postgres; SET extra_float_digits = 3;"
                                        + " SET bytea_output = hex; SET standard_conforming_strings = on");
            }
            copies = connection.unwrap(PGConnection.class).getCopyAPI();
            copyStart = "COPY (SELECT " + selectList() + " FROM " + scan.quotedSource() + " WHERE ";
            copyEnd = " ORDER BY " + orderBy() + ") TO STDOUT"
                    + (format == Format.jsonl ? "" : " WITH (" + options() + ")");
            if (format == Format.jsonl) {
                json = new PgCopyJsonLines(scan.columns(), output.stream());
            } else if (output.fresh() && style.header()) {
                output.stream().write(header().getBytes(StandardCharsets.UTF_8));
            }
            statistics = readAhead && limit == Long.MAX_VALUE
                    ? copyReadingAhead(output)
                    : keys.forEachChunkWhile(chunk ->
                            writeChunk(chunk.number(), chunk.positions().get(0), take(chunk), output));
        } catch (UncheckedIOException failure) {
            throw failure.getCause();
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "COPY of a chunk of " + scan.quotedSource() + " failed: " + failure.getMessage(), failure);
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the export's outcome is decided; a failed close changes nothing written
                }
            }
        }
        progress.complete();
        output.flush(resumeFile != null);
        if (resumeFile != null) {
            resumeFile.delete();
        }
        return new Exporter.Result(statistics, rows, chunks);
    }

    /** The last position of a chunk that the --limit lets through. */
    private Position take(Chunk<Boolean> chunk) {
        int take = (int) Math.min(chunk.size(), limit - rows);
        return chunk.positions().get(take - 1);
    }

    /** A chunk's key range, handed from the thread that reads the keys to the one that copies. */
    private record Range(long number, Position first, Position last) {}

    /**
     * Copies the chunks while a second thread reads the keys of the next ones (on the scan's own
     * connection, {@value ReadAhead#AHEAD} chunks ahead at most), so that the server finds a
     * chunk's keys while it writes the one before: each chunk is still copied, flushed and saved
     * in order, one after the other, on this thread. Without --limit only (a limit is counted in
     * copied rows).
     */
    private ScanStatistics copyReadingAhead(Output output) throws IOException {
        return ReadAhead.<Range>run(
                handOver -> keys.forEachChunkWhile(
                        chunk -> handOver.test(new Range(chunk.number(), chunk.first(), chunk.last()))),
                range -> writeChunk(range.number(), range.first(), range.last(), output),
                "chunkwise-keys");
    }

    /** Copies a chunk from {@code first} to {@code last}; returns whether the export goes on. */
    private boolean writeChunk(long number, Position first, Position last, Output output) {
        long copied;
        boolean interrupted;
        try {
            SqlCondition range = scan.range(first, last);
            String copy = copyStart + inline(range) + copyEnd;
            copied = json == null ? copies.copyOut(copy, output.stream()) : copyJson(copy);
            rows += copied;
            chunks++;
            observer.accept(copied);
            interrupted = interruption.requested();
            long length = output.flush(resumeFile != null);
            if (resumeFile != null) {
                resumeFile.save(new ResumeFile.State(last.token(), rows, chunks, format, length, layout));
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (SQLException failure) {
            throw new ChunkwiseException(
                    "COPY of chunk " + number + " of " + scan.quotedSource() + " failed: " + failure.getMessage(),
                    failure);
        }
        progress.advance(copied);
        if (interrupted) {
            throw InterruptedRunException.afterExportChunk(rows, resumeFile);
        }
        return rows < limit;
    }

    /** Copies one chunk in COPY's text format, each row (one COPY message, the protocol's rule) written as JSON. */
    private long copyJson(String copy) throws SQLException, IOException {
        CopyOut rows = copies.copyOut(copy);
        long copied = 0;
        try {
            for (byte[] row = rows.readFromCopy(); row != null; row = rows.readFromCopy()) {
                json.write(row);
                copied++;
            }
        } finally {
            if (rows.isActive()) {
                rows.cancelCopy();
            }
        }
        json.flush();
        return copied;
    }

    /**
     * The condition with its values written in as string literals: pgjdbc's own parser finds the
     * placeholders (outside literals, quoted names and comments; {@code ??} is its literal
     * {@code ?}), and the server gives each value's text, which it reads back as the same value
     * where the placeholder stood (a literal's type is taken from where it stands, as an untyped
     * parameter's is; the core's casts stay around it).
     */
    private String inline(SqlCondition condition) throws SQLException {
        List<NativeQuery> parsed = Parser.parseJdbcSql(condition.sql(), true, true, false, false, false);
        if (parsed.size() != 1) {
            throw new IllegalStateException("a range condition is one statement: " + condition.sql());
        }
        NativeQuery query = parsed.get(0);
        int[] positions = query.bindPositions;
        if (positions.length != condition.parameters().size()) {
            throw new IllegalStateException(positions.length + " placeholders for "
                    + condition.parameters().size() + " values in " + condition.sql());
        }
        if (positions.length == 0) {
            return query.nativeSql;
        }
        String[] texts = new String[positions.length];
        List<Object> values = condition.parameters();
        boolean plain = values.stream().allMatch(CopyExporter::plainText);
        if (plain) {
            for (int i = 0; i < texts.length; i++) {
                texts[i] = values.get(i) == null ? null : values.get(i).toString();
            }
        } else {
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < positions.length; i++) {
                select.append(i == 0 ? "" : ", ").append("CAST(? AS text)");
            }
            try (PreparedStatement statement = connection.prepareStatement(select.toString())) {
                condition.bind(statement, 1);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    for (int i = 0; i < texts.length; i++) {
                        texts[i] = result.getString(i + 1);
                    }
                }
            }
        }
        String sql = query.nativeSql;
        StringBuilder inlined = new StringBuilder(sql.length() + 16 * texts.length);
        int from = 0;
        for (int i = 0; i < positions.length; i++) {
            inlined.append(sql, from, positions[i]);
            inlined.append(texts[i] == null ? "NULL" : literal(texts[i]));
            from = positions[i] + NativeQuery.bindName(i + 1).length();
        }
        return inlined.append(sql, from, sql.length()).toString();
    }

    /**
     * Whether a bound value's Java text is the text PostgreSQL reads back as the same value, so that
     * the server need not be asked: integers and strings (every other value's text comes from the
     * server).
     */
    private static boolean plainText(Object value) {
        return value == null
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof String;
    }

    /** A string literal under {@code standard_conforming_strings}: quotes doubled, nothing else escaped. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A quoted identifier: double quotes doubled. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private String selectList() {
        StringBuilder list = new StringBuilder();
        Set<String> keyNames = new HashSet<>();
        scan.order().forEach(key -> keyNames.add(key.column()));
        int index = 0;
        for (ScanColumn column : scan.columns()) {
            String name = identifier(column.label());
            String selected = format == Format.jsonl ? PgCopyJsonLines.expression(column, name) : name;
            if (!selected.equals(name)) {
                // an expression's output name must not be a key's: ORDER BY takes an output column first
                String alias = "chunkwise_json_" + ++index;
                while (keyNames.contains(alias)) {
                    alias += "_";
                }
                selected += " AS " + identifier(alias);
            }
            list.append(list.length() == 0 ? "" : ", ").append(selected);
        }
        return list.toString();
    }

    /** The scan's total order, every NULLs rule spelled out (PostgreSQL takes them natively). */
    private String orderBy() {
        StringBuilder order = new StringBuilder();
        for (SortKey key : scan.order()) {
            order.append(order.length() == 0 ? "" : ", ")
                    .append(identifier(key.column()))
                    .append(key.direction() == SortKey.Direction.DESC ? " DESC" : " ASC");
            if (key.nulls() != SortKey.Nulls.DEFAULT) {
                order.append(key.nulls() == SortKey.Nulls.FIRST ? " NULLS FIRST" : " NULLS LAST");
            }
        }
        return order.toString();
    }

    private String options() {
        return "FORMAT csv, DELIMITER " + literal(String.valueOf(style.delimiter())) + ", NULL "
                + literal(style.nullString()) + (style.quoteAll() ? ", FORCE_QUOTE *" : "");
    }

    /** The header row as COPY's HEADER writes it: labels quoted where CSV needs it (and with --quote-all). */
    private String header() {
        StringBuilder line = new StringBuilder();
        for (ScanColumn column : scan.columns()) {
            String label = column.label();
            boolean quote = style.quoteAll()
                    || label.isEmpty()
                    || label.equals(style.nullString())
                    || label.indexOf(style.delimiter()) >= 0
                    || label.indexOf('"') >= 0
                    || label.indexOf('\n') >= 0
                    || label.indexOf('\r') >= 0;
            if (line.length() > 0) {
                line.append(style.delimiter());
            }
            line.append(quote ? "\"" + label.replace("\"", "\"\"") + "\"" : label);
        }
        return line.append('\n').toString();
    }
}
