package dev.chunkwise.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * The directory of a resumable Parquet export ({@code --format parquet --resume-file R --out DIR}):
 * complete Parquet files {@code part-00000.parquet}, {@code part-00001.parquet}, ..., which together
 * hold the rows once, in key order ({@code SELECT * FROM 'DIR/*.parquet'} in DuckDB). The part
 * being written is hidden as {@code .part-NNNNN.parquet.inprogress}, which readers' globs skip;
 * when it is complete it is forced to disk and renamed, and only then does the resume file record
 * it. A resume deletes what no resume file recorded (later parts, a part in progress) and goes on
 * with the next part number.
 *
 * <p>{@link #check} changes nothing; {@link #open} creates the directory and clears what it must.
 * One thread.
 */
final class ParquetParts {

    private static final Pattern PART = Pattern.compile("part-(\\d{5,})\\.parquet");
    private static final Pattern IN_PROGRESS = Pattern.compile("\\.part-(\\d{5,})\\.parquet\\.inprogress");

    private final Path directory;
    private final long resumedParts;
    private boolean created;
    private long committed;

    private ParquetParts(Path directory, long resumedParts) {
        this.directory = directory;
        this.resumedParts = resumedParts;
    }

    /**
     * Checks that the directory can hold this export's parts, changing nothing.
     *
     * @param resumedParts the parts an earlier run committed, or -1 for a new export
     * @param force whether parts left by another export may be replaced
     * @throws BadInputException when it cannot
     */
    static ParquetParts check(Path directory, long resumedParts, boolean force) {
        Path absolute = directory.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new BadInputException("--out " + directory + " is a file: a resumable Parquet export (--format"
                    + " parquet with --resume-file) writes a directory of parts, so --out names a directory.");
        }
        if (!Files.exists(absolute)) {
            if (resumedParts > 0) {
                throw new BadInputException("the directory " + directory + " that the resume file's export wrote"
                        + " is gone, so the export cannot continue it.");
            }
            Path parent = absolute.getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new BadInputException("--out " + directory + " cannot be created: the directory " + parent
                        + " does not exist or is not writable.");
            }
            return new ParquetParts(directory, resumedParts);
        }
        if (!Files.isWritable(absolute)) {
            throw new BadInputException("--out " + directory + " cannot be written.");
        }
        List<Path> entries = entries(directory);
        if (resumedParts < 0 && !entries.isEmpty()) {
            if (!force) {
                throw new BadInputException("--out " + directory + " exists and is not empty; give --force to replace"
                        + " the Parquet parts it holds, or the --resume-file of the export that wrote it.");
            }
            for (Path entry : entries) {
                if (number(entry) < 0) {
                    throw new BadInputException("--force replaces only Parquet parts, and " + directory + " also holds "
                            + entry.getFileName() + ": name an empty or a new directory.");
                }
            }
        }
        for (long part = 0; part < resumedParts; part++) {
            if (!Files.isRegularFile(directory.resolve(partName(part)))) {
                throw new BadInputException("the part " + directory.resolve(partName(part)) + " that the resume file"
                        + " records is missing, so the export cannot continue.");
            }
        }
        return new ParquetParts(directory, resumedParts);
    }

    /** Creates the directory, removes what no resume file recorded, and starts after the committed parts. */
    void open() throws IOException {
        created = !Files.exists(directory);
        Files.createDirectories(directory);
        for (Path entry : entries(directory)) {
            long number = number(entry);
            boolean inProgress =
                    IN_PROGRESS.matcher(entry.getFileName().toString()).matches();
            if (number >= 0 && (inProgress || number >= resumedParts)) {
                Files.delete(entry);
            }
        }
        committed = Math.max(0, resumedParts);
    }

    /**
     * After a failed run: removes the part in progress, and the directory when this run created it and
     * committed nothing; committed parts stay, for a resume.
     */
    void abandon() throws IOException {
        Files.deleteIfExists(inProgress(committed));
        if (created && committed == 0 && entries(directory).isEmpty()) {
            Files.delete(directory);
        }
    }

    /** The parts committed so far, over all runs: what the resume file records. */
    long committed() {
        return committed;
    }

    /** The file of the next part, written hidden until {@link #commit()}. */
    OutputFile next() {
        Path file = inProgress(committed);
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) throws IOException {
                return createOrOverwrite(blockSizeHint);
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
                FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                return new ParquetRowWriter.CountingStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
                    @Override
                    public void close() throws IOException {
                        try (channel) {
                            super.close();
                            channel.force(true);
                        }
                    }
                };
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }

            @Override
            public String getPath() {
                return file.toString();
            }
        };
    }

    /** Publishes the part just closed (and forced to disk) under its name, durably. */
    void commit() throws IOException {
        Files.move(inProgress(committed), directory.resolve(partName(committed)), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
            entries.force(true);
        } catch (IOException notOnThisSystem) {
            // some file systems cannot force a directory; the rename itself is atomic
        }
        committed++;
    }

    static String partName(long number) {
        return String.format(Locale.ROOT, "part-%05d.parquet", number);
    }

    private Path inProgress(long number) {
        return directory.resolve(String.format(Locale.ROOT, ".part-%05d.parquet.inprogress", number));
    }

    /** The part number an entry's name carries, or -1 for a file that is not a part. */
    private static long number(Path entry) {
        String name = entry.getFileName().toString();
        Matcher part = PART.matcher(name);
        if (part.matches()) {
            return Long.parseLong(part.group(1));
        }
        Matcher inProgress = IN_PROGRESS.matcher(name);
        return inProgress.matches() ? Long.parseLong(inProgress.group(1)) : -1;
    }

    private static List<Path> entries(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
            listing.forEach(entries::add);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot list " + directory, failure);
        }
        return entries;
    }
}
