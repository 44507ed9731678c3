package dev.chunkwise.cli;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.ScanStatistics;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * {@code export --parallel N --out DIR}: the scan split into at most N partitions
 * ({@link Scan#partitions(int, PartitionStrategy)}), each exported by its own {@link Exporter} on
 * its own thread and connection into its own file, {@code DIR/part-00000.csv}, {@code part-00001.csv},
 * ... in key order, so that the files read in name order hold the single export's rows in order.
 * Each file is complete in itself (a CSV header in each, unless {@code --no-header}); a
 * {@code manifest.json}, written last and atomically, lists them with their rows: its presence says
 * the export is complete.
 *
 * <p>With {@code --resume-file} one {@link ParallelResumeFile} records the partitions' tokens and
 * where each file stands; a rerun restores the same partitions from the tokens (it never
 * partitions again), skips the finished ones and continues the others. When one partition fails,
 * the others stop after their current chunk (their positions saved), and the run fails naming the
 * partition; Ctrl-C stops every partition after its current chunk.
 *
 * <p>Nothing is created or changed before every check has passed.
 */
final class ParallelExport {

    private static final Pattern OWN_FILE = Pattern.compile("part-\\d{5,}(\\.[a-z.]+)?|manifest\\.json(\\.tmp)?");
    /** What a partition's directory of Parquet parts holds. */
    private static final Pattern OWN_PART = Pattern.compile("\\.?part-\\d{5,}\\.parquet(\\.inprogress)?");

    private final ExportCommand command;
    private final Console console;

    ParallelExport(ExportCommand command) {
        this.command = command;
        this.console = command.console;
    }

    /** Runs the export; returns the exit code. */
    int run() throws IOException {
        int requested = check();
        Path directory = Path.of(command.out);
        Output.Compression compression = command.compress == null ? Output.Compression.none : command.compress;
        compression.checkAvailable();
        if (command.format == Format.parquet
                && (command.parquetCompression == null
                        || command.parquetCompression == ParquetRowWriter.Compression.zstd)) {
            Output.Compression.checkZstd("--parquet-compression zstd", "--parquet-compression snappy");
        }
        ParallelResumeFile resumeFile = null;
        Optional<ParallelResumeFile.State> resumed = Optional.empty();
        if (command.resumePath != null) {
            Paths.checkWritable(command.resumePath, "--resume-file");
            if (command.resumePath
                    .toAbsolutePath()
                    .normalize()
                    .startsWith(directory.toAbsolutePath().normalize())) {
                throw new BadInputException("--resume-file " + command.resumePath + " is inside the --out directory "
                        + directory + ": keep it beside it.");
            }
            resumeFile = new ParallelResumeFile(command.resumePath);
            resumed = resumeFile.read();
        }
        checkDirectory(directory, resumed.isPresent());

        command.scanOptions.retries = command.retries;
        Database database = command.connection.database(console, false);
        RowReader reader = new RowReader();
        if (command.format != Format.parquet) {
            reader.readingTextAsUtf8(); // the CSV and JSON Lines writers copy text's bytes
        }
        Scan<Object[]> scan = command.columns == null
                ? command.scanOptions.build(database, reader)
                : command.scanOptions.build(
                        database,
                        reader,
                        Arrays.stream(command.columns).map(String::trim).toArray(String[]::new));
        reader.configure(scan.columns(), database);
        ParquetColumns parquetColumns =
                command.format == Format.parquet ? ParquetColumns.of(reader.columns(), database.driver()) : null;
        CsvStyle style = CsvStyle.of(
                command.csvFor != null ? command.csvFor : CsvStyle.defaultFor(database.driver()),
                command.nullString,
                command.delimiter,
                command.noHeader,
                command.quoteAll,
                command.binary);
        String layout = command.layout(style, compression, scan);
        boolean inParts = command.format == Format.parquet && command.resumePath != null;
        // a resumable Parquet partition is a directory of parts (ParquetParts): a file cannot be appended to
        String extension = inParts
                ? ""
                : "." + command.format.name()
                        + (compression == Output.Compression.gzip
                                ? ".gz"
                                : compression == Output.Compression.zstd ? ".zst" : "");

        List<ScanPartition<Object[]>> partitions;
        if (resumed.isPresent()) {
            partitions = restore(scan, resumed.get(), requested, layout, directory, extension, inParts);
        } else {
            partitions = scan.partitions(
                    requested, command.partitionStrategy == null ? PartitionStrategy.AUTO : command.partitionStrategy);
        }

        // every check is done: only now is an output created or cleared
        Files.createDirectories(directory);
        if (resumed.isEmpty()) {
            clear(directory);
        }
        List<ParquetParts> parts = new ArrayList<>();
        if (inParts) {
            for (ScanPartition<Object[]> partition : partitions) {
                long committed = resumed.map(state -> {
                            ParallelResumeFile.Partition saved =
                                    state.partitions().get(partition.index());
                            return saved.done() || saved.bytes() > 0 ? saved.bytes() : -1L;
                        })
                        .orElse(-1L);
                parts.add(ParquetParts.check(
                        directory.resolve(fileName(partition.index(), extension)), committed, false));
            }
        }
        if (resumeFile != null && resumed.isEmpty()) {
            List<ParallelResumeFile.Partition> fresh = new ArrayList<>();
            for (ScanPartition<Object[]> partition : partitions) {
                fresh.add(new ParallelResumeFile.Partition(partition.token(), null, 0, 0, 0, false));
            }
            resumeFile.save(new ParallelResumeFile.State(requested, command.format, layout, List.copyOf(fresh)));
        }
        long[] rows = new long[partitions.size()];
        Exporter.Result[] results = new Exporter.Result[partitions.size()];
        long started = System.nanoTime();
        long done = 0;
        long total = 0;
        for (ScanPartition<Object[]> partition : partitions) {
            total += partition.estimatedRows();
            if (resumed.isPresent()) {
                rows[partition.index()] =
                        resumed.get().partitions().get(partition.index()).rows();
                done += rows[partition.index()];
            }
        }

        ParquetRowWriter.Compression parquetCompression =
                command.parquetCompression == null ? ParquetRowWriter.Compression.zstd : command.parquetCompression;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Interruption interruption = () -> stop.get() || console.interruption().requested();
        List<Future<Exporter.Result>> runs = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(partitions.size(), work -> {
            Thread thread = new Thread(work, "chunkwise-partition");
            thread.setDaemon(true);
            return thread;
        });
        List<ExecutionException> failures = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        boolean interrupted = false;
        try (Progress bar = progress(total, done)) {
            // as a single export: PostgreSQL's CSV and JSON Lines written from COPY, the chunks walked on the keys
            Scan<Boolean> keys = CopyExporter.applies(command.format, style, database)
                    ? command.scanOptions.buildKeys(database)
                    : null;
            Shared shared = new Shared(
                    scan,
                    keys,
                    database,
                    reader,
                    command.format,
                    style,
                    parquetColumns,
                    parquetCompression,
                    compression,
                    sharedBy(bar),
                    interruption,
                    layout,
                    written);
            for (ScanPartition<Object[]> partition : partitions) {
                int index = partition.index();
                Optional<ParallelResumeFile.Partition> saved =
                        resumed.map(state -> state.partitions().get(index));
                if (saved.isPresent() && saved.get().done()) {
                    runs.add(null);
                    continue;
                }
                ResumeFile slot = resumeFile == null ? null : resumeFile.slot(index);
                Path file = directory.resolve(fileName(index, extension));
                ParquetParts partParts = inParts ? parts.get(index) : null;
                runs.add(workers.submit(() -> {
                    try {
                        return export(shared, partition, saved, file, partParts, slot);
                    } catch (RuntimeException | IOException | Error failure) {
                        if (!(failure instanceof InterruptedRunException)) {
                            stop.set(true);
                            if (partParts != null) {
                                partParts.abandon();
                            } else if (parquetColumns != null) {
                                // a Parquet file without its footer is no Parquet file
                                Files.deleteIfExists(file);
                            }
                        }
                        throw failure;
                    }
                }));
            }
            for (int i = 0; i < runs.size(); i++) {
                if (runs.get(i) == null) {
                    continue;
                }
                try {
                    results[i] = runs.get(i).get();
                    rows[i] = results[i].rows();
                } catch (ExecutionException failure) {
                    if (failure.getCause() instanceof InterruptedRunException) {
                        interrupted = true;
                    } else {
                        failures.add(failure);
                        failed.add(i);
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedRunException("interrupted while waiting for the partitions.");
                }
            }
            if (failures.isEmpty() && !interrupted) {
                bar.complete();
            }
        } finally {
            workers.shutdown();
        }
        String resumeHint = resumeFile == null
                ? ""
                : "; the resume file " + resumeFile.path() + " holds each partition's position after its last"
                        + " finished chunk, run the same command to continue";
        if (!failures.isEmpty()) {
            int index = failed.get(0);
            Throwable cause = failures.get(0).getCause();
            throw new PartitionFailedException(
                    "partition " + (index + 1) + " of " + partitions.size() + " (" + fileName(index, extension)
                            + ") failed",
                    (failed.size() > 1 ? " (" + (failed.size() - 1) + " other partitions failed too)" : "")
                            + "; the other partitions stopped after their current chunk" + resumeHint,
                    cause instanceof Exception ? (Exception) cause : new RuntimeException(cause),
                    failures.subList(1, failures.size()).stream()
                            .map(ExecutionException::getCause)
                            .toList());
        }
        long sum = Arrays.stream(rows).sum();
        if (interrupted) {
            throw new InterruptedRunException("interrupted after " + Counts.of(done + written.get(), "row") + " in "
                    + Counts.of(partitions.size(), "partition") + (resumeHint.isEmpty() ? "." : resumeHint + "."));
        }
        ParallelManifest.write(
                directory,
                scan,
                command.scanOptions.where,
                command.format,
                partitions,
                rows,
                extension,
                compression,
                style,
                parts);
        if (resumeFile != null) {
            resumeFile.delete();
        }
        if (command.stats) {
            printStatistics(partitions, results, extension, System.nanoTime() - started);
            console.err()
                    .printf(
                            Locale.ROOT,
                            "chunkwise: exported %s in %s into %s (%s)%n",
                            Counts.of(sum, "row"),
                            Counts.of(partitions.size(), "partition"),
                            directory,
                            PartitionStrategies.name(partitions.get(0).strategy()));
        }
        return ExitCode.DONE;
    }

    /**
     * --stats: each partition's rows, chunks and retries of this run (a partition finished by an
     * earlier run says so), then their sums with the run's time and rate, and the statements read.
     */
    private void printStatistics(
            List<ScanPartition<Object[]>> partitions, Exporter.Result[] results, String extension, long nanos) {
        long rows = 0;
        long chunks = 0;
        long retries = 0;
        long statements = 0;
        for (ScanPartition<Object[]> partition : partitions) {
            int index = partition.index();
            Exporter.Result result = results[index];
            String line;
            if (result == null) {
                line = "finished by an earlier run";
            } else {
                ScanStatistics own = result.statistics();
                rows += own.rows();
                chunks += own.chunks();
                retries += own.retries();
                statements += own.queryLog().statements();
                line = String.format(
                        Locale.ROOT,
                        "%s exported in %s, %s",
                        Counts.of(own.rows(), "row"),
                        Counts.of(own.chunks(), "chunk"),
                        retries(own.retries()));
            }
            console.err()
                    .printf(
                            Locale.ROOT,
                            "chunkwise: partition %d of %d (%s): %s%n",
                            index + 1,
                            partitions.size(),
                            fileName(index, extension),
                            line);
        }
        double seconds = nanos / 1e9;
        console.err()
                .printf(
                        Locale.ROOT,
                        "chunkwise: all partitions: %s exported in %s, %s, %s, %,.0f rows/s%n",
                        Counts.of(rows, "row"),
                        Counts.of(chunks, "chunk"),
                        retries(retries),
                        StatsReport.seconds(java.time.Duration.ofNanos(nanos)),
                        seconds <= 0 ? 0.0 : rows / seconds);
        console.err().printf(Locale.ROOT, "chunkwise: query log: %,d statements%n", statements);
    }

    private static String retries(long count) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? "retry" : "retries");
    }

    /** The options --parallel refuses or needs; returns N. */
    private int check() {
        if (command.parallel == null) {
            throw new BadInputException("--partition-strategy applies to --parallel.");
        }
        int requested = command.parallel;
        if (requested < 1) {
            throw new BadInputException("--parallel must be at least 1, got " + requested + ".");
        }
        if (command.out.equals("-")) {
            throw new BadInputException("--parallel writes one file per partition into a directory: give it with"
                    + " --out DIR (standard output cannot take them).");
        }
        if (command.limit != null) {
            throw new BadInputException("--limit does not apply to --parallel (which rows would be the first N is"
                    + " the single export's business): leave one of them out.");
        }
        if (command.format == Format.parquet
                && command.compress != null
                && command.compress != Output.Compression.none) {
            throw new BadInputException("--format parquet is not compressed as a stream (--compress): Parquet"
                    + " compresses its pages itself, choose how with --parquet-compression zstd|snappy|gzip|none.");
        }
        return requested;
    }

    /** Refuses a directory that is a file, or holds files (without --force, or files not its own). */
    private void checkDirectory(Path directory, boolean resuming) {
        Path absolute = directory.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new BadInputException("--out " + directory + " is a file: --parallel writes a directory of files,"
                    + " one per partition, so --out names a directory.");
        }
        if (!Files.exists(absolute)) {
            if (resuming) {
                throw new BadInputException("the directory " + directory + " that the resume file's export wrote is"
                        + " gone, so the export cannot continue it.");
            }
            Path parent = absolute.getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new BadInputException("--out " + directory + " cannot be created: the directory " + parent
                        + " does not exist or is not writable.");
            }
            return;
        }
        if (!Files.isWritable(absolute)) {
            throw new BadInputException("--out " + directory + " cannot be written.");
        }
        List<Path> entries = entries(directory);
        if (resuming || entries.isEmpty()) {
            return;
        }
        if (!command.force) {
            throw new BadInputException("--out " + directory + " exists and is not empty; give --force to replace the"
                    + " files of a parallel export it holds"
                    + (command.resumePath == null ? "" : ", or the --resume-file of the export that wrote it") + ".");
        }
        for (Path entry : entries) {
            List<Path> inside = Files.isDirectory(entry) ? entries(entry) : List.of();
            Optional<Path> foreign = inside.stream()
                    .filter(each ->
                            !OWN_PART.matcher(each.getFileName().toString()).matches())
                    .findFirst();
            if (!OWN_FILE.matcher(entry.getFileName().toString()).matches() || foreign.isPresent()) {
                throw new BadInputException("--force replaces only the files of a parallel export (part-NNNNN.*,"
                        + " manifest.json), and " + directory + " also holds "
                        + directory.relativize(foreign.orElse(entry))
                        + ": name an empty or a new directory.");
            }
        }
    }

    /** The partitions the resume file recorded, after checking that they, their files and the options fit. */
    private List<ScanPartition<Object[]>> restore(
            Scan<Object[]> scan,
            ParallelResumeFile.State state,
            int requested,
            String layout,
            Path directory,
            String extension,
            boolean inParts) {
        Path resumePath = command.resumePath;
        if (state.requested() != requested) {
            throw new BadInputException("the resume file " + resumePath + " belongs to an export with --parallel "
                    + state.requested() + ", not " + requested + ": continue it with the options it was started with.");
        }
        if (state.format() != command.format) {
            throw new BadInputException("the resume file " + resumePath + " belongs to a " + state.format()
                    + " export, not " + command.format + ".");
        }
        ExportCommand.checkLayout(resumePath, String.valueOf(state.layout()), layout);
        List<ScanPartition<Object[]>> partitions = new ArrayList<>();
        for (ParallelResumeFile.Partition saved : state.partitions()) {
            try {
                ScanPartition<Object[]> partition = scan.partition(saved.token());
                if (saved.position() != null) {
                    scan.parsePosition(saved.position());
                }
                partitions.add(partition);
            } catch (IllegalArgumentException foreign) {
                throw new BadInputException(
                        "the resume file " + resumePath + " belongs to a different scan (another table, filter or"
                                + " order) and is refused: " + foreign.getMessage(),
                        foreign);
            }
            int index = partitions.size() - 1;
            Path file = directory.resolve(fileName(index, extension));
            if (inParts) {
                ParquetParts.check(file, saved.done() || saved.bytes() > 0 ? saved.bytes() : -1, false);
                continue;
            }
            long length;
            try {
                length = Files.isRegularFile(file) ? Files.size(file) : -1;
            } catch (IOException unreadable) {
                throw new BadInputException("cannot read the length of " + file + ": " + unreadable.getMessage());
            }
            if ((saved.done() || saved.bytes() > 0) && length < saved.bytes()) {
                throw new BadInputException("the file " + file + " is "
                        + (length < 0 ? "missing" : "shorter (" + length + " bytes)")
                        + " than the resume file records ("
                        + saved.bytes() + " bytes); it was changed since, so the export cannot continue it.");
            }
            if (saved.done() && length < 0) {
                throw new BadInputException("the file " + file + " of a finished partition is missing, so the export"
                        + " cannot continue.");
            }
        }
        return List.copyOf(partitions);
    }

    /** Exports one partition into its file; runs on a worker thread. */
    /** What every partition's export shares: the whole scan, how rows are read and written, the bar. */
    private record Shared(
            Scan<Object[]> whole,
            Scan<Boolean> keys,
            Database database,
            RowReader reader,
            Format format,
            CsvStyle style,
            ParquetColumns parquetColumns,
            ParquetRowWriter.Compression parquetCompression,
            Output.Compression compression,
            Progress bar,
            Interruption interruption,
            String layout,
            AtomicLong written) {}

    private static Exporter.Result export(
            Shared shared,
            ScanPartition<Object[]> partition,
            Optional<ParallelResumeFile.Partition> saved,
            Path file,
            ParquetParts parts,
            ResumeFile slot)
            throws IOException {
        Scan<Object[]> whole = shared.whole();
        String layout = shared.layout();
        Scan<Object[]> scan = partition.scan();
        Scan<Boolean> keys = shared.keys();
        if (keys != null) {
            // the partition's bounds, read by the keys-only scan (same fingerprint, so its positions)
            if (partition.start().isPresent()) {
                keys = keys.startAt(keys.parsePosition(partition.start().get().token()));
            }
            if (partition.stop().isPresent()) {
                keys = keys.stopBefore(keys.parsePosition(partition.stop().get().token()));
            }
        }
        Optional<ResumeFile.State> resumed = Optional.empty();
        long resumeLength = -1;
        if (saved.isPresent() && saved.get().position() != null) {
            ParallelResumeFile.Partition state = saved.get();
            scan = scan.startAfter(whole.parsePosition(state.position()));
            if (keys != null) {
                keys = keys.startAfter(keys.parsePosition(state.position()));
            }
            resumed = Optional.of(new ResumeFile.State(
                    state.position(), state.rows(), state.chunks(), Format.csv, state.bytes(), layout));
            resumeLength = state.bytes();
        }
        Exporter exporter = new Exporter(
                        scan,
                        shared.reader(),
                        shared.format(),
                        shared.style(),
                        slot,
                        resumed,
                        shared.bar(),
                        shared.interruption())
                .writtenAs(layout)
                .observing(chunk -> shared.written().addAndGet(chunk.size()));
        if (parts != null) {
            parts.open();
            return exporter.writingParquet(
                            shared.parquetColumns(), shared.parquetCompression(), parts, partition.count())
                    .run(null);
        }
        if (shared.parquetColumns() != null) {
            exporter.writingParquet(shared.parquetColumns(), shared.parquetCompression(), null, partition.count());
        }
        try (Output output = Output.file(file, resumeLength, shared.compression(), slot != null)) {
            if (keys != null) {
                return new CopyExporter(
                                scan,
                                keys,
                                shared.format(),
                                shared.style(),
                                shared.database(),
                                slot,
                                resumed,
                                shared.bar(),
                                shared.interruption(),
                                layout,
                                Long.MAX_VALUE)
                        .observing(rows -> shared.written().addAndGet(rows))
                        .run(output);
            }
            return exporter.run(output);
        }
    }

    static String fileName(int index, String extension) {
        return String.format(Locale.ROOT, "part-%05d%s", index, extension);
    }

    /**
     * The bar as one partition sees it: it counts rows, but the end of one partition neither
     * completes nor closes the bar the others go on counting on.
     */
    private static Progress sharedBy(Progress bar) {
        return new Progress() {
            @Override
            public void advance(long rows) {
                bar.advance(rows);
            }

            @Override
            public void complete() {}

            @Override
            public void close() {}
        };
    }

    private Progress progress(long total, long done) {
        if (!Progress.wanted(command.progress, console)) {
            return Progress.NONE;
        }
        return Progress.bar(
                console.err(), "export", OptionalLong.of(Math.max(total, done)), done, console.errIsTerminal());
    }

    /** Removes the files a parallel export left (checked to be only those: {@link #checkDirectory}). */
    private static void clear(Path directory) throws IOException {
        for (Path entry : entries(directory)) {
            if (OWN_FILE.matcher(entry.getFileName().toString()).matches()) {
                if (Files.isDirectory(entry)) {
                    for (Path part : entries(entry)) {
                        Files.delete(part);
                    }
                }
                Files.delete(entry);
            }
        }
    }

    private static List<Path> entries(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
            listing.forEach(entries::add);
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException("cannot list " + directory, failure);
        }
        return entries;
    }
}
