package dev.chunkwise.cli;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Where exported rows go: standard output; a file, which a resumed export appends to after
 * cutting it back to the length its resume file recorded; or a device or pipe ({@code /dev/null},
 * a FIFO), written as a stream. Optionally compressed (gzip or zstd, streamed): when the export is
 * resumable, every {@link #flush(boolean) durable flush} ends a gzip member or zstd frame, so the
 * length a resume file records is always the end of a well-formed stream, and a resumed export
 * appends new members to it.
 *
 * <p>Closing an output closes a file but leaves standard output open.
 */
final class Output implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;
    /** zstd's own default level, as the {@code zstd} command uses. */
    private static final int ZSTD_LEVEL = 3;

    /** How the output is compressed. */
    enum Compression {
        none,
        gzip,
        zstd;

        /**
         * Refuses a compression this machine cannot run: zstd's native library, bundled for the
         * usual platforms, is loaded here, before any output exists.
         */
        void checkAvailable() {
            if (this == zstd) {
                checkZstd("--compress zstd", "--compress gzip");
            }
        }

        /** Refuses {@code option} where zstd's native library does not load, naming {@code instead}. */
        static void checkZstd(String option, String instead) {
            try {
                com.github.luben.zstd.util.Native.load();
            } catch (LinkageError missing) {
                throw new BadInputException(option + " is not available on this platform (zstd's native library"
                        + " did not load: " + missing.getMessage() + "); use " + instead + ".");
            }
        }

        /** The compression a file name asks for: {@code .gz} or {@code .zst}. */
        static Compression ofName(String name) {
            if (name.endsWith(".gz")) {
                return gzip;
            }
            return name.endsWith(".zst") || name.endsWith(".zstd") ? zstd : none;
        }
    }

    /** The bytes the rows are written to (buffered), under the compressor. */
    private final OutputStream sink;

    private final FileChannel channel;
    private final boolean fresh;
    /** Standard output, which reports a closed pipe only through {@link PrintStream#checkError()}. */
    private final PrintStream printStream;

    private final Compression compression;
    private final boolean frameEveryFlush;
    private OutputStream compressor;
    private final OutputStream stream;

    private Output(
            OutputStream sink,
            FileChannel channel,
            boolean fresh,
            PrintStream printStream,
            Compression compression,
            boolean frameEveryFlush) {
        this.sink = sink;
        this.channel = channel;
        this.fresh = fresh;
        this.printStream = printStream;
        this.compression = compression;
        this.frameEveryFlush = frameEveryFlush;
        this.stream = compression == Compression.none
                ? sink
                : new FilterOutputStream(sink) {
                    @Override
                    public void write(int b) throws IOException {
                        compressor().write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        compressor().write(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        if (compressor != null) {
                            compressor.flush();
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        endFrame();
                        sink.close();
                    }
                };
    }

    /** Standard output; {@code resumed} tells whether this run continues an earlier one. */
    static Output standardOutput(PrintStream out, boolean resumed, Compression compression) {
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
        return new Output(new BufferedOutputStream(unclosable, BUFFER), null, !resumed, out, compression, false);
    }

    /** A file, created or truncated, uncompressed, not resumable (the demo's). */
    static Output file(Path path, long resumeLength) throws IOException {
        return file(path, resumeLength, Compression.none, false);
    }

    /**
     * A file: created or truncated for a new export, or, for a resumed one, cut back to
     * {@code resumeLength} bytes and appended to. A device or a pipe is written as a stream.
     *
     * @param resumeLength the length to continue from, or -1 for a new export
     * @param resumable whether a resume file records this output's length after each chunk
     * @throws BadInputException when the file is shorter than a resumed export wrote
     */
    static Output file(Path path, long resumeLength, Compression compression, boolean resumable) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            OutputStream device = new PipeStream(new FileOutputStream(path.toFile()));
            return new Output(new BufferedOutputStream(device, BUFFER), null, true, null, compression, false);
        }
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
                new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER),
                channel,
                resumeLength <= 0,
                null,
                compression,
                resumable);
    }

    /**
     * A device or a pipe, whose reader closing it (the write fails with {@code EPIPE}, which the
     * JVM reports as "Broken pipe") ends the export as a closed standard output does.
     */
    private static final class PipeStream extends FilterOutputStream {
        PipeStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException failure) {
                throw closedOr(failure);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException failure) {
                throw closedOr(failure);
            }
        }

        private static IOException closedOr(IOException failure) {
            return "Broken pipe".equals(failure.getMessage()) ? new OutputClosedException() : failure;
        }
    }

    private OutputStream compressor() throws IOException {
        if (compressor == null) {
            OutputStream unclosable = new FilterOutputStream(sink) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    sink.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    sink.flush();
                }
            };
            compressor = compression == Compression.gzip
                    ? new GZIPOutputStream(unclosable, BUFFER, true)
                    : new ZstdOutputStream(unclosable, ZSTD_LEVEL);
        }
        return compressor;
    }

    /** Ends the current gzip member or zstd frame, if one is open; the next write starts another. */
    private void endFrame() throws IOException {
        if (compressor != null) {
            compressor.close();
            compressor = null;
        }
    }

    OutputStream stream() {
        return stream;
    }

    /** Whether the output starts empty (a header belongs at its top). */
    boolean fresh() {
        return fresh;
    }

    /** Whether the output is a regular file, whose length a resume file can record. */
    boolean seekable() {
        return channel != null;
    }

    /**
     * Flushes everything written to the operating system, and for a file, when {@code durable},
     * forces it to disk (before a resume file records its length); a compressed resumable output
     * ends its member or frame first.
     *
     * @return the file's length afterwards, or -1 for standard output, a device or a pipe
     * @throws OutputClosedException when standard output's reader has closed it
     */
    long flush(boolean durable) throws IOException {
        if (frameEveryFlush && durable) {
            endFrame();
        } else {
            stream.flush();
        }
        sink.flush();
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
