package dev.chunkwise.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that paths the user named can be written, before any row is read. */
final class Paths {

    private Paths() {}

    /**
     * Fails with bad input unless {@code path} is a writable regular file, a writable device or
     * pipe ({@code /dev/null}, a FIFO), or does not exist in a writable directory.
     *
     * @param option the option that named it, for the message
     */
    static void checkWritable(Path path, String option) {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            if (Files.isDirectory(absolute)) {
                throw new BadInputException(option + " " + path + " is a directory.");
            }
            if (!Files.isWritable(absolute) || !Files.isReadable(absolute)) {
                throw new BadInputException(option + " " + path + " cannot be written.");
            }
            return;
        }
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new BadInputException(
                    option + " " + path + " cannot be written: the directory " + directory + " does not exist.");
        }
        if (!Files.isWritable(directory)) {
            throw new BadInputException(
                    option + " " + path + " cannot be written: the directory " + directory + " is not writable.");
        }
    }
}
