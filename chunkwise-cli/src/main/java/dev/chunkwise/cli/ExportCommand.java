package dev.chunkwise.cli;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chunkwise export}: writes a table's rows, in key order and in chunks, as CSV or JSON Lines. */
@Command(
        name = "export",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Export a table's rows in keyset chunks, as CSV or JSON Lines.")
final class ExportCommand extends DatabaseCommand {

    @Mixin
    ScanOptions scanOptions;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl",
            defaultValue = "csv",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--out",
            paramLabel = "PATH|-",
            defaultValue = "-",
            description = "Output file, or - for standard output (default).")
    String out;

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

    ExportCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        scanOptions.check();
        if (retries < 0) {
            throw new BadInputException("--retries must be 0 or more, got " + retries + ".");
        }
        Path outPath = out.equals("-") ? null : Path.of(out);
        if (outPath != null) {
            Paths.checkWritable(outPath, "--out");
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
            resumeFile = new ResumeFile(resumePath);
        }
        scanOptions.retries = retries;
        Database database = connection.database(console, false);
        RowReader reader = new RowReader();
        Scan<Object[]> scan = scanOptions.build(database, reader);
        reader.configure(scan.columns(), database);
        Optional<ResumeFile.State> resumed = resumeFile == null ? Optional.empty() : resumeFile.read();
        if (resumed.isPresent()) {
            scan = scan.startAfter(resumedPosition(scan, resumed.get(), outPath));
        }
        Exporter.Result result;
        try (Progress bar = progress(scan, resumed);
                Output output = outPath == null
                        ? Output.standardOutput(console.out(), resumed.isPresent())
                        : Output.file(
                                outPath,
                                resumed.map(ResumeFile.State::outputBytes).orElse(-1L))) {
            result = new Exporter(scan, reader, format, resumeFile, resumed, bar, console.interruption()).run(output);
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
                                "chunkwise: %,d rows in %,d chunks over all runs of this export%n",
                                result.rows(), result.chunks());
            }
        }
        return ExitCode.DONE;
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

    private Progress progress(Scan<Object[]> scan, Optional<ResumeFile.State> resumed) {
        if (!Progress.wanted(progress, console)) {
            return Progress.NONE;
        }
        OptionalLong estimate = scan.estimatedRowCount();
        return Progress.bar(
                console.err(),
                "export",
                estimate,
                resumed.map(ResumeFile.State::rows).orElse(0L));
    }
}
