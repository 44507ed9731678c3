package dev.chunkwise.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where exported rows go: standard output, or a file that a resumed export appends to after
 * cutting it back to the length its resume file recorded.
 *
 * <p>Closing an output closes a file but leaves standard output open.
 */
final class Output implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final OutputStream stream;
    private final FileChannel channel;
    private final boolean fresh;
    /** Standard output, which reports a closed pipe only through {@link PrintStream#checkError()}. */
    private final PrintStream printStream;

    private Output(OutputStream stream, FileChannel channel, boolean fresh, PrintStream printStream) {
        this.stream = stream;
        this.channel = channel;
        this.fresh = fresh;
        this.printStream = printStream;
    }

    /** Standard output; {@code resumed} tells whether this run continues an earlier one. */
    static Output standardOutput(PrintStream out, boolean resumed) {
        OutputStream unclosable = new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return new Output(new BufferedOutputStream(unclosable, BUFFER), null, !resumed, out);
    }

    /**
     * A file: created or truncated for a new export, or, for a resumed one, cut back to
     * {@code resumeLength} bytes and appended to.
     *
     * @param resumeLength the length to continue from, or -1 for a new export
     * @throws BadInputException when the file is shorter than a resumed export wrote
     */
    static Output file(Path path, long resumeLength) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (resumeLength < 0) {
                channel.truncate(0);
            } else {
                if (channel.size() < resumeLength) {
                    throw new BadInputException("the output file " + path + " is shorter (" + channel.size()
                            + " bytes) than the resume file records (" + resumeLength
                            + " bytes); it was changed since, so the export cannot continue it.");
                }
                channel.truncate(resumeLength);
            }
            channel.position(channel.size());
        } catch (IOException | RuntimeException failure) {
            channel.close();
            throw failure;
        }
        return new Output(
                new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), channel, resumeLength <= 0, null);
    }

    OutputStream stream() {
        return stream;
    }

    /** Whether the output starts empty (a header belongs at its top). */
    boolean fresh() {
        return fresh;
    }

    /**
     * Flushes everything written to the operating system, and for a file, when {@code durable},
     * forces it to disk (before a resume file records its length).
     *
     * @return the file's length afterwards, or -1 for standard output
     * @throws OutputClosedException when standard output's reader has closed it
     */
    long flush(boolean durable) throws IOException {
        stream.flush();
        if (channel == null) {
            if (printStream != null && printStream.checkError()) {
                throw new OutputClosedException();
            }
            return -1;
        }
        if (durable) {
            channel.force(false);
        }
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
