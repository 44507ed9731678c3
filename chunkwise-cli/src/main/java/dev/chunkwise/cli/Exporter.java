package dev.chunkwise.cli;

import dev.chunkwise.Chunk;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanIterator;
import dev.chunkwise.ScanListener;
import dev.chunkwise.ScanStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Writes a scan's rows to an output, a chunk at a time: after each chunk the rows are flushed
 * (and forced to disk, for a file with a resume file), then the chunk's last position is saved in the resume file,
 * then the interruption is consulted. A run that stops at any point therefore leaves a resume
 * file whose position matches the rows in the output up to the length it records.
 *
 * <p>{@link #streamingRows()} writes each row as it is read instead (MariaDB and MySQL): the
 * server sends the next rows while the current ones are written, as with its own dump, and heap use
 * does not grow with the chunk; the same points are made durable, after each chunk.
 *
 * <p>One run, one thread. Heap use is one chunk of rows plus the output buffer. (Reading the
 * next chunks on a second thread while one is written, as {@link CopyExporter} does with keys, was
 * measured and left out: on the two-core benchmark machine it was slower and used more CPU, see
 * BENCHMARKS.md.)
 */
final class Exporter {

    /**
     * What the export did.
     *
     * @param statistics this run's scan statistics
     * @param rows rows written by all runs of this export (earlier runs included when resumed)
     * @param chunks chunks written by all runs
     */
    record Result(ScanStatistics statistics, long rows, long chunks) {}

    private final Scan<Object[]> scan;
    private final RowReader reader;
    private final Format format;
    private final CsvStyle csvStyle;
    private final ResumeFile resumeFile;
    private final Progress progress;
    private final Interruption interruption;

    private java.util.function.Consumer<Chunk<Object[]>> observer = chunk -> {};
    private long limit = Long.MAX_VALUE;
    private ParquetColumns parquetColumns;
    private ParquetRowWriter.Compression parquetCompression;
    private ParquetParts parquetParts;
    /** How many Parquet writers of this JVM buffer row groups at once. */
    private int parquetWriters = 1;

    private boolean streaming;

    private RowWriter writer;
    private long rows;
    private long chunks;
    private String layout;

    /**
     * @param scan the scan, already started after the resumed position if any
     * @param resumeFile where to save positions, or null
     * @param resumed the state an earlier run saved, if this run continues one
     */
    Exporter(
            Scan<Object[]> scan,
            RowReader reader,
            Format format,
            CsvStyle csvStyle,
            ResumeFile resumeFile,
            Optional<ResumeFile.State> resumed,
            Progress progress,
            Interruption interruption) {
        this.scan = scan;
        this.reader = reader;
        this.format = format;
        this.csvStyle = csvStyle;
        this.resumeFile = resumeFile;
        this.progress = progress;
        this.interruption = interruption;
        this.rows = resumed.map(ResumeFile.State::rows).orElse(0L);
        this.chunks = resumed.map(ResumeFile.State::chunks).orElse(0L);
    }

    /** Records how the output is written in the resume file, for a resume to check (see {@link ResumeFile.State}). */
    Exporter writtenAs(String layout) {
        this.layout = layout;
        return this;
    }

    /** Stops after {@code rows} rows over all runs of the export (--limit). */
    Exporter limitedTo(long rows) {
        this.limit = rows;
        return this;
    }

    /**
     * Writes Parquet with these columns' types: into {@code parts} when resumable (then {@link #run}
     * takes no output), else as one file onto the output.
     */
    Exporter writingParquet(
            ParquetColumns columns, ParquetRowWriter.Compression compression, ParquetParts parts, int writers) {
        this.parquetWriters = writers;
        this.parquetColumns = columns;
        this.parquetCompression = compression;
        this.parquetParts = parts;
        return this;
    }

    /**
     * Writes each row as the driver hands it over, within a chunk whose statement is still being
     * read, instead of holding the chunk ({@code Scan.iterator()} rather than
     * {@code forEachChunkWhile}); CSV and JSON Lines only, and an {@link #observing} observer
     * is not called (there is no chunk of rows to show it).
     * Chunks still end where the scan ends them, and each is flushed and its position saved as
     * before, once its last row is written. For the drivers where the server pushes a whole
     * result (MariaDB Connector/J, MySQL Connector/J): the server then sends while the rows are
     * written, rather than each side waiting for the other chunk by chunk (BENCHMARKS.md, issue 17).
     */
    Exporter streamingRows() {
        if (parquetColumns != null) {
            throw new IllegalStateException("Parquet's row groups are written by chunk");
        }
        this.streaming = true;
        return this;
    }

    /** Also shows every written chunk to {@code observer} (the demo times them). */
    Exporter observing(java.util.function.Consumer<Chunk<Object[]>> chunkObserver) {
        this.observer = chunkObserver;
        return this;
    }

    /**
     * Exports every row to {@code output} (null when writing Parquet parts), then removes the resume file.
     *
     * @throws InterruptedRunException when the interruption asked to stop after a chunk
     */
    Result run(Output output) throws IOException {
        ScanStatistics statistics;
        if (streaming) {
            statistics = streamRows(output);
        } else {
            try {
                statistics = scan.forEachChunkWhile(chunk -> writeChunk(chunk, output));
            } catch (UncheckedIOException failure) {
                throw failure.getCause();
            }
        }
        progress.complete();
        if (writer == null) {
            start(output);
        }
        writer.finish();
        if (output != null) {
            output.flush(resumeFile != null);
        }
        if (resumeFile != null) {
            resumeFile.delete();
        }
        return new Result(statistics, rows, chunks);
    }

    /** Writes a chunk (up to the --limit); returns whether the export goes on. */
    private boolean writeChunk(Chunk<Object[]> chunk, Output output) {
        boolean interrupted;
        int take = (int) Math.min(chunk.size(), limit - rows);
        try {
            if (writer == null) {
                start(output);
            }
            for (Object[] row : chunk.rows().subList(0, take)) {
                writer.write(row);
            }
            rows += take;
            chunks++;
            interrupted = interruption.requested();
            // a point a resume can continue after: every chunk, or (Parquet parts) when a part is full
            boolean durable = interrupted || writer.flushDue();
            if (interrupted) {
                writer.finish();
            } else if (durable) {
                writer.flush();
            }
            long length = parquetParts != null ? parquetParts.committed() : output.flush(resumeFile != null && durable);
            if (resumeFile != null && durable) {
                resumeFile.save(new ResumeFile.State(
                        chunk.positions().get(take - 1).token(), rows, chunks, format, length, layout));
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        progress.advance(take);
        observer.accept(chunk);
        boolean more = rows < limit;
        if (interrupted) {
            throw InterruptedRunException.afterExportChunk(rows, resumeFile);
        }
        return more;
    }

    /**
     * {@link #streamingRows()}: writes the rows one by one as they are read; when the scan reports
     * a chunk done (its listener, on this thread, as the loop moves past the chunk's last row), the
     * chunk is made durable before the next row is written.
     */
    private ScanStatistics streamRows(Output output) throws IOException {
        ChunkEnds ends = new ChunkEnds();
        start(output);
        ScanIterator<Object[]> iterator = scan.listener(ends).iterator();
        try (iterator) {
            while (rows < limit && iterator.hasNext()) {
                if (ends.last != null) {
                    chunkWritten(ends.take(), output);
                }
                writer.write(iterator.next());
                rows++;
                ends.rowsInChunk++;
            }
            if (ends.last != null) {
                chunkWritten(ends.take(), output);
            } else if (ends.rowsInChunk > 0) {
                progress.advance(ends.rowsInChunk); // a chunk cut short by --limit
            }
        }
        return iterator.statistics(); // once closed: the statement cut short by --limit is in its log
    }

    /**
     * The chunk whose last row's position is {@code last} is written: flushed (forced to disk when
     * resumable), its position saved, the interruption consulted.
     */
    private void chunkWritten(Position last, Output output) throws IOException {
        chunks++;
        boolean interrupted = interruption.requested();
        if (interrupted) {
            writer.finish();
        } else {
            writer.flush();
        }
        long length = output.flush(resumeFile != null);
        if (resumeFile != null) {
            resumeFile.save(new ResumeFile.State(last.token(), rows, chunks, format, length, layout));
        }
        if (interrupted) {
            throw InterruptedRunException.afterExportChunk(rows, resumeFile);
        }
    }

    /**
     * Told by the scan, on the exporting thread, when a chunk is done: its position is kept until
     * the export loop takes it (the rows counted since the last chunk belong to it).
     */
    private final class ChunkEnds implements ScanListener {
        Position last;
        int rowsInChunk;

        @Override
        public void chunkDone(ChunkDone event) {
            if (event.outcome() == Outcome.SUCCESS && event.rows() > 0) {
                last = event.last().orElseThrow();
            }
        }

        Position take() {
            Position taken = last;
            last = null;
            progress.advance(rowsInChunk);
            rowsInChunk = 0;
            return taken;
        }
    }

    private void start(Output output) throws IOException {
        if (parquetColumns != null) {
            writer = parquetParts != null
                    ? ParquetRowWriter.toParts(parquetColumns, parquetCompression, parquetParts, parquetWriters)
                    : ParquetRowWriter.toStream(parquetColumns, parquetCompression, output.stream(), parquetWriters);
            writer.start(reader.columns(), true);
            return;
        }
        writer = format.writer(output.stream(), csvStyle);
        writer.start(reader.columns(), output.fresh());
    }
}
