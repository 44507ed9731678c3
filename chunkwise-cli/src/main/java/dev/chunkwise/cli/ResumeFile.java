package dev.chunkwise.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an export stands, saved after every chunk so that a later run continues after it.
 *
 * <p>The file is small text: the position token of the last row written (which carries the
 * scan's fingerprint, so that a different scan refuses it), the rows and chunks written so far,
 * the format, and the length of the output file at that moment. On resume the output is cut back
 * to that length, so that rows written after the last save by a run that was killed are not
 * written twice. Each save writes a temporary file beside it, forces it to disk and renames it
 * over the old one, so the file always holds one complete state.
 */
class ResumeFile {

    /**
     * One saved state.
     *
     * @param token the position token after the last row written
     * @param rows rows written so far, over all runs
     * @param chunks chunks written so far, over all runs
     * @param format the output format
     * @param outputBytes the output file's length after the last row written, or -1 for standard output; for
     *     a resumable Parquet export, the number of parts committed in its directory
     * @param layout how the output is written (format options, compression, columns), which a resume
     *     must repeat; null in a file written before it was recorded
     */
    record State(String token, long rows, long chunks, Format format, long outputBytes, String layout) {}

    private static final String HEADER = "chunkwise export resume file: written after every chunk; do not edit";

    private final Path path;
    private final Path temporary;

    ResumeFile(Path path) {
        this.path = path;
        this.temporary = path.resolveSibling(path.getFileName() + ".tmp");
    }

    Path path() {
        return path;
    }

    /**
     * The saved state, empty when the file does not exist.
     *
     * @throws BadInputException when the file is not a resume file
     */
    Optional<State> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        return Optional.of(parse(path, properties -> {
            if (properties.getProperty("partitions") != null) {
                throw new BadInputException("the resume file " + path + " belongs to a parallel export: continue it"
                        + " with the --parallel " + properties.getProperty("partitions") + " it was started with.");
            }
            String token = properties.getProperty("position");
            String format = properties.getProperty("format");
            if (token == null || format == null) {
                throw new BadInputException("the resume file " + path + " is not a chunkwise resume file.");
            }
            return new State(
                    token,
                    Long.parseLong(properties.getProperty("rows", "0")),
                    Long.parseLong(properties.getProperty("chunks", "0")),
                    Format.valueOf(format),
                    Long.parseLong(properties.getProperty("outputBytes", "-1")),
                    properties.getProperty("layout"));
        }));
    }

    /**
     * Reads the resume file at {@code path} as properties and {@code reading} them; a file that
     * cannot be read, or read so, is refused as not a resume file.
     *
     * @throws BadInputException when the file is not a chunkwise resume file
     */
    static <T> T parse(Path path, java.util.function.Function<Properties, T> reading) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(path, StandardCharsets.UTF_8)));
            return reading.apply(properties);
        } catch (IOException | IllegalArgumentException unreadable) {
            if (unreadable instanceof BadInputException) {
                throw (BadInputException) unreadable;
            }
            throw new BadInputException(
                    "the resume file " + path + " is not a chunkwise resume file (" + unreadable.getMessage() + ").",
                    unreadable);
        }
    }

    /** Replaces the saved state atomically. */
    void save(State state) {
        String text = "# " + HEADER + "\nversion=1\nposition=" + state.token() + "\nrows=" + state.rows()
                + "\nchunks=" + state.chunks() + "\nformat=" + state.format().name() + "\noutputBytes="
                + state.outputBytes() + "\n" + (state.layout() == null ? "" : property("layout", state.layout()));
        replace(path, temporary, text);
    }

    /**
     * Replaces the file at {@code path} by {@code text} atomically: written to {@code temporary}
     * beside it, forced to disk, renamed over it, so the file always holds one complete state.
     */
    static void replace(Path path, Path temporary, String text) {
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot write the resume file " + path, failure);
        }
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot write the resume file " + path, failure);
        }
    }

    /** A {@code key=value} line, the value escaped as {@link Properties#load} reads it back. */
    static String property(String key, String value) {
        java.io.StringWriter line = new java.io.StringWriter();
        Properties one = new Properties();
        one.setProperty(key, value);
        try {
            one.store(line, null);
        } catch (IOException cannot) {
            throw new UncheckedIOException(cannot);
        }
        return line.toString()
                        .lines()
                        .filter(text -> !text.startsWith("#"))
                        .findFirst()
                        .orElseThrow() + "\n";
    }

    /** Removes the file: the export it belonged to is finished. */
    void delete() {
        delete(path, temporary);
    }

    /** Removes a resume file and its temporary file, if either is there. */
    static void delete(Path path, Path temporary) {
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(temporary);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot remove the resume file " + path, failure);
        }
    }
}
