package dev.chunkwise.cli;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chunkwise export}: writes a table's rows, in key order and in chunks, as CSV, JSON Lines or Parquet. */
@Command(
        name = "export",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description =
                "Export a table's rows in keyset chunks, as CSV, JSON Lines or Parquet. There is no --query: export"
                        + " a view, or filter with --where.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  chunkwise export --table entry --where \"rating >= 4\" --format jsonl \\",
            "      --parallel 4 --out entry-parts/ --resume-file entry-parts.resume",
            "  chunkwise export --url jdbc:postgresql://localhost:5432/blog --user app \\",
            "      --table entry --out entry.csv --resume-file entry.resume --stats",
            "  chunkwise export --url jdbc:mariadb://localhost:3306/blog --user app \\",
            "      --table entry --csv-for postgresql --out entry-for-postgresql.csv",
            "  chunkwise export --table entry --columns id,headline --limit 10 \\",
            "      --order-by \"pub_date desc\" --format parquet --out latest.parquet"
        })
final class ExportCommand extends DatabaseCommand {

    @Mixin
    ScanOptions scanOptions;

    @Option(
            names = "--columns",
            paramLabel = "COLS",
            split = ",",
            description = "The columns to export, in this order (default: every column).")
    String[] columns;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Export at most N rows (over all runs of a resumed export).")
    Long limit;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl|parquet",
            defaultValue = "csv",
            description = "Output format (default: ${DEFAULT-VALUE}). Parquet with --resume-file writes --out as a"
                    + " directory of parts, part-00000.parquet, part-00001.parquet...")
    Format format;

    @Option(
            names = "--parquet-compression",
            paramLabel = "zstd|snappy|gzip|none",
            description = "How --format parquet compresses its pages (default: zstd).")
    ParquetRowWriter.Compression parquetCompression;

    @Option(
            names = "--out",
            paramLabel = "PATH|-",
            defaultValue = "-",
            description = "Output file, or - for standard output (default). An existing file is refused unless --force"
                    + " or the run continues it (--resume-file).")
    String out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Option(
            names = "--compress",
            paramLabel = "none|gzip|zstd",
            description = "Compress the output, streamed (default: by the --out file's extension, .gz or .zst).")
    Output.Compression compress;

    @Option(
            names = "--csv-for",
            paramLabel = "postgresql|mariadb|generic",
            description = "Write CSV in the conventions of this loader (default: the database exported from): NULL,"
                    + " empty strings, binary, booleans and bits as it reads them back.")
    CsvStyle.Target csvFor;

    @Option(names = "--null", paramLabel = "STRING", description = "How CSV writes NULL (default: by --csv-for).")
    String nullString;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV's field separator (default: ,).")
    Character delimiter;

    @Option(names = "--no-header", description = "No header row in CSV.")
    boolean noHeader;

    @Option(names = "--quote-all", description = "Quote every non-NULL CSV field, numbers too.")
    boolean quoteAll;

    @Option(
            names = "--binary",
            paramLabel = "hex|base64",
            description = "How CSV writes binary values with --csv-for generic (default: hex; PostgreSQL: \\x hex,"
                    + " MariaDB: hex).")
    CsvStyle.BinaryText binary;

    @Option(
            names = "--resume-file",
            paramLabel = "PATH",
            description = "Save the position after every chunk here; a later run continues after it.")
    Path resumePath;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "5",
            description = "Retries in a row of a chunk after a lost connection, deadlock or lock timeout, with "
                    + "exponential backoff (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on standard error (default: when it is a terminal).")
    Boolean progress;

    @Option(names = "--stats", description = "Print a summary on standard error at the end.")
    boolean stats;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Split the table into at most N key ranges and export them side by side, one thread and"
                    + " connection each, into the directory --out: part-00000.csv, part-00001.csv... in key order,"
                    + " and a manifest.json written last.")
    Integer parallel;

    @Option(
            names = "--partition-strategy",
            paramLabel = PartitionStrategies.NAMES,
            converter = PartitionStrategies.Converter.class,
            description = "How --parallel finds its cuts (default: auto; see 'chunkwise plan --partitions').")
    dev.chunkwise.PartitionStrategy partitionStrategy;

    ExportCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        scanOptions.check();
        if (retries < 0) {
            throw new BadInputException("--retries must be 0 or more, got " + retries + ".");
        }
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit + ".");
        }
        if (format != Format.csv
                && (csvFor != null
                        || nullString != null
                        || delimiter != null
                        || noHeader
                        || quoteAll
                        || binary != null)) {
            throw new BadInputException("--csv-for, --null, --delimiter, --no-header, --quote-all and --binary apply"
                    + " to --format csv.");
        }
        if (parallel != null || partitionStrategy != null) {
            return new ParallelExport(this).run();
        }
        Path outPath = out.equals("-") ? null : Path.of(out);
        Output.Compression compression = compress != null
                ? compress
                : outPath == null ? Output.Compression.none : Output.Compression.ofName(outPath.toString());
        boolean parquetParts = format == Format.parquet && resumePath != null;
        checkParquet(outPath, compression, parquetParts);
        compression.checkAvailable();
        if (format == Format.parquet
                && (parquetCompression == null || parquetCompression == ParquetRowWriter.Compression.zstd)) {
            Output.Compression.checkZstd("--parquet-compression zstd", "--parquet-compression snappy");
        }
        ResumeFile resumeFile = null;
        if (resumePath != null) {
            Paths.checkWritable(resumePath, "--resume-file");
            if (outPath != null
                    && outPath.toAbsolutePath()
                            .normalize()
                            .equals(resumePath.toAbsolutePath().normalize())) {
                throw new BadInputException("--out and --resume-file name the same file " + outPath + ".");
            }
            if (outPath != null && Files.exists(outPath) && !Files.isRegularFile(outPath) && !parquetParts) {
                throw new BadInputException("--resume-file needs a regular --out file whose length it can record; "
                        + outPath + " is a device or a pipe.");
            }
            resumeFile = new ResumeFile(resumePath);
        }
        Optional<ResumeFile.State> resumed = resumeFile == null ? Optional.empty() : resumeFile.read();
        ParquetParts parts = parquetParts
                ? ParquetParts.check(
                        outPath, resumed.map(ResumeFile.State::outputBytes).orElse(-1L), force)
                : null;
        if (outPath != null && parts == null) {
            Paths.checkWritable(outPath, "--out");
            if (Files.isRegularFile(outPath) && Files.size(outPath) > 0 && resumed.isEmpty() && !force) {
                throw new BadInputException("--out " + outPath + " exists; give --force to replace it"
                        + (resumePath == null ? "" : ", or the --resume-file of the export that wrote it") + ".");
            }
        }
        scanOptions.retries = retries;
        Database database = connection.database(console, false);
        RowReader reader = new RowReader();
        if (format != Format.parquet) {
            reader.readingTextAsUtf8(); // the CSV and JSON Lines writers copy text's bytes
        }
        boolean streamsRows = streamsRows(database);
        if (streamsRows) {
            scanOptions.leavingChunkSizeToLibrary();
        }
        Scan<Object[]> scan = columns == null
                ? scanOptions.build(database, reader)
                : scanOptions.build(
                        database,
                        reader,
                        Arrays.stream(columns).map(String::trim).toArray(String[]::new));
        reader.configure(scan.columns(), database);
        ParquetColumns parquetColumns =
                format == Format.parquet ? ParquetColumns.of(reader.columns(), database.driver()) : null;
        CsvStyle style = CsvStyle.of(
                csvFor != null ? csvFor : CsvStyle.defaultFor(database.driver()),
                nullString,
                delimiter,
                noHeader,
                quoteAll,
                binary);
        String layout = layout(style, compression, scan);
        if (resumed.isPresent()) {
            Position after = resumedPosition(scan, resumed.get(), outPath);
            String saved = resumed.get().layout();
            if (saved != null) {
                checkLayout(resumePath, saved, layout);
            }
            scan = scan.startAfter(after);
            if (limit != null && resumed.get().rows() >= limit) {
                console.err()
                        .printf(Locale.ROOT, "chunkwise: the export already holds its --limit of %,d rows.%n", limit);
                resumeFile.delete();
                return ExitCode.DONE;
            }
        }
        // PostgreSQL's CSV and JSON Lines are written from COPY, walking the chunks on the keys alone
        Scan<Boolean> keys = null;
        if (CopyExporter.applies(format, style, database)) {
            keys = scanOptions.buildKeys(database);
            if (resumed.isPresent()) {
                keys = keys.startAfter(scan.parsePosition(resumed.get().token()));
            }
        }
        // every check is done: only now is an output created or cut back
        if (parts != null) {
            parts.open();
        }
        Exporter.Result result;
        try (Progress bar = progress(scan, resumed);
                Output output = parts != null
                        ? null
                        : outPath == null
                                ? Output.standardOutput(console.out(), resumed.isPresent(), compression)
                                : Output.file(
                                        outPath,
                                        resumed.map(ResumeFile.State::outputBytes)
                                                .orElse(-1L),
                                        compression,
                                        resumeFile != null)) {
            if (keys != null) {
                result = new CopyExporter(
                                scan,
                                keys,
                                format,
                                style,
                                database,
                                resumeFile,
                                resumed,
                                bar,
                                console.interruption(),
                                layout,
                                limit == null ? Long.MAX_VALUE : limit)
                        .readingKeysAhead()
                        .run(output);
            } else {
                result = generic(
                        scan,
                        reader,
                        style,
                        resumeFile,
                        resumed,
                        bar,
                        output,
                        layout,
                        parts,
                        parquetColumns,
                        streamsRows);
            }
        } catch (RuntimeException | java.io.IOException failure) {
            if (parquetColumns != null && !(failure instanceof InterruptedRunException)) {
                // a Parquet file without its footer is no Parquet file: nothing is left rather than that
                if (parts != null) {
                    parts.abandon();
                } else if (outPath != null && Files.isRegularFile(outPath)) {
                    Files.deleteIfExists(outPath);
                }
            }
            throw failure;
        }
        if (stats) {
            StatsReport.print(
                    console.err(),
                    "exported",
                    result.statistics(),
                    result.statistics().rows(),
                    result.statistics().retries());
            if (resumed.isPresent()) {
                console.err()
                        .printf(
                                Locale.ROOT,
                                "chunkwise: %s in %s over all runs of this export%n",
                                Counts.of(result.rows(), "row"),
                                Counts.of(result.chunks(), "chunk"));
            }
        }
        return ExitCode.DONE;
    }

    /** The export through {@link RowReader} and a {@link RowWriter}: every format, every database. */
    private Exporter.Result generic(
            Scan<Object[]> scan,
            RowReader reader,
            CsvStyle style,
            ResumeFile resumeFile,
            Optional<ResumeFile.State> resumed,
            Progress bar,
            Output output,
            String layout,
            ParquetParts parts,
            ParquetColumns parquetColumns,
            boolean streamsRows)
            throws java.io.IOException {
        Exporter exporter = new Exporter(scan, reader, format, style, resumeFile, resumed, bar, console.interruption())
                .limitedTo(limit == null ? Long.MAX_VALUE : limit)
                .writtenAs(layout);
        if (streamsRows) {
            exporter.streamingRows();
        }
        if (parquetColumns != null) {
            exporter.writingParquet(
                    parquetColumns,
                    parquetCompression == null ? ParquetRowWriter.Compression.zstd : parquetCompression,
                    parts,
                    1);
        }
        return exporter.run(output);
    }

    /**
     * Whether this export writes rows as they are read ({@link Exporter#streamingRows()}): CSV and
     * JSON Lines from MariaDB and MySQL, whose servers push a whole result and whose drivers stream
     * it (BENCHMARKS.md, issue 17: the server's sending and the writing then overlap).
     */
    private boolean streamsRows(Database database) {
        return format != Format.parquet
                && (database.driver() == RowReader.Driver.MARIADB || database.driver() == RowReader.Driver.MYSQL);
    }

    /** What --format parquet admits: no stream compression, and a directory of parts when resumable. */
    private void checkParquet(Path outPath, Output.Compression compression, boolean parts) {
        if (format != Format.parquet) {
            if (parquetCompression != null) {
                throw new BadInputException("--parquet-compression applies to --format parquet.");
            }
            return;
        }
        if (compression != Output.Compression.none) {
            throw new BadInputException("--format parquet is not compressed as a stream (--compress, or an --out"
                    + " ending in .gz or .zst): Parquet compresses its pages itself, choose how with"
                    + " --parquet-compression zstd|snappy|gzip|none.");
        }
        if (parts && outPath == null) {
            throw new BadInputException(
                    "--format parquet with --resume-file writes a directory of parts: give it" + " with --out DIR.");
        }
    }

    /**
     * How this export writes its output, which a resume of it must repeat: the format and its
     * options, the compression and the columns, in the words of the options.
     */
    String layout(CsvStyle style, Output.Compression compression, Scan<Object[]> scan) {
        StringBuilder text = new StringBuilder("--format " + format);
        if (format == Format.csv) {
            text.append(" --csv-for ")
                    .append(style.describe())
                    .append(" --null '")
                    .append(style.nullString())
                    .append("' --delimiter '")
                    .append(style.delimiter())
                    .append(style.header() ? "'" : "' --no-header")
                    .append(style.quoteAll() ? " --quote-all" : "")
                    .append(" --binary ")
                    .append(style.binary());
        }
        if (format == Format.parquet) {
            text.append(" --parquet-compression ")
                    .append(parquetCompression == null ? ParquetRowWriter.Compression.zstd : parquetCompression);
        } else {
            text.append(" --compress ").append(compression);
        }
        return text.append(" --columns ")
                .append(scan.columns().stream()
                        .map(dev.chunkwise.ScanColumn::label)
                        .collect(Collectors.joining(",")))
                .toString();
    }

    /**
     * Refuses to continue the export a resume file records with output options other than those it
     * was written with ({@link #layout}), naming the difference.
     */
    static void checkLayout(Path resumePath, String saved, String layout) {
        if (saved.equals(layout)) {
            return;
        }
        List<String> before = List.of(saved.split(" (?=--)"));
        List<String> now = List.of(layout.split(" (?=--)"));
        String was = before.stream().filter(part -> !now.contains(part)).collect(Collectors.joining(" "));
        String is = now.stream().filter(part -> !before.contains(part)).collect(Collectors.joining(" "));
        throw new BadInputException("the resume file " + resumePath + " belongs to an export written "
                + (was.isEmpty() ? "without " + is : is.isEmpty() ? "with " + was : "with " + was + ", not " + is)
                + ": continue it with the options it was started with.");
    }

    private Position resumedPosition(Scan<Object[]> scan, ResumeFile.State state, Path outPath) {
        if (state.format() != format) {
            throw new BadInputException("the resume file " + resumePath + " belongs to a " + state.format()
                    + " export, not " + format + ".");
        }
        if ((state.outputBytes() < 0) != (outPath == null)) {
            throw new BadInputException("the resume file " + resumePath + " belongs to an export to "
                    + (state.outputBytes() < 0 ? "standard output" : "a file") + ", not to "
                    + (outPath == null ? "standard output" : "a file") + ".");
        }
        try {
            return scan.parsePosition(state.token());
        } catch (IllegalArgumentException foreign) {
            throw new BadInputException(
                    "the resume file " + resumePath + " belongs to a different scan (another "
                            + "table, filter or order) and is refused: " + foreign.getMessage(),
                    foreign);
        }
    }

    /** The bar's total: the rows exported before, and the planner's estimate of the rows left (the scan starts after them). */
    private Progress progress(Scan<Object[]> scan, Optional<ResumeFile.State> resumed) {
        if (!Progress.wanted(progress, console)) {
            return Progress.NONE;
        }
        long done = resumed.map(ResumeFile.State::rows).orElse(0L);
        long total = done + scan.estimatedMatchingRows().rows();
        if (limit != null) {
            total = Math.min(limit, total);
        }
        return Progress.bar(console.err(), "export", OptionalLong.of(total), done, console.errIsTerminal());
    }
}
