package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes rows as Parquet with Apache parquet-java, on its Hadoop-free path (an {@link OutputFile}
 * of our own and a {@link PlainParquetConfiguration}; no Hadoop class is loaded), its pages
 * compressed without Hadoop's codecs: zstd by zstd-jni (as {@code --compress zstd}), snappy by
 * aircompressor in pure Java, gzip by the JDK.
 *
 * <p>Two layouts. One file, written to a stream ({@code --out FILE} or standard output): the rows
 * are buffered into row groups and the file is complete, footer included, only when
 * {@link #finish()} ends it. Or, for a resumable export, a directory of parts ({@link ParquetParts}):
 * each part is a complete Parquet file of about one row group, closed and committed at the first
 * chunk's end after it is full ({@link #flushDue()}) or when the run stops, so that a resume
 * file records only committed parts.
 *
 * <p>Memory is bounded: a row group is written out once its buffered pages reach
 * {@link #rowGroupBytes(int)} (an eighth of the heap, shared by the writers of a parallel export, at most 64 MiB), and pages and dictionaries are
 * 128 KiB per column. One thread.
 */
final class ParquetRowWriter implements RowWriter {

    /** How Parquet pages are compressed. */
    enum Compression {
        zstd(CompressionCodecName.ZSTD),
        snappy(CompressionCodecName.SNAPPY),
        gzip(CompressionCodecName.GZIP),
        none(CompressionCodecName.UNCOMPRESSED);

        final CompressionCodecName codec;

        Compression(CompressionCodecName codec) {
            this.codec = codec;
        }
    }

    /** Page and dictionary page size per column: small enough for many columns in a small heap. */
    static final int PAGE_BYTES = 128 * 1024;

    private final ParquetColumns columns;
    private final Compression compression;
    private final OutputStream stream;
    private final ParquetParts parts;
    private final long rowGroupBytes;
    private ParquetWriter<Object[]> writer;

    private ParquetRowWriter(
            ParquetColumns columns, Compression compression, OutputStream stream, ParquetParts parts, int writers) {
        this.columns = columns;
        this.compression = compression;
        this.stream = stream;
        this.parts = parts;
        this.rowGroupBytes = rowGroupBytes(writers);
    }

    /**
     * One Parquet file onto {@code stream}, which it does not close.
     *
     * @param writers how many Parquet writers buffer row groups in this JVM at once (--parallel)
     */
    static ParquetRowWriter toStream(
            ParquetColumns columns, Compression compression, OutputStream stream, int writers) {
        return new ParquetRowWriter(columns, compression, stream, null, writers);
    }

    /**
     * A Parquet file per committed part in {@code parts}' directory.
     *
     * @param writers how many Parquet writers buffer row groups in this JVM at once (--parallel)
     */
    static ParquetRowWriter toParts(ParquetColumns columns, Compression compression, ParquetParts parts, int writers) {
        return new ParquetRowWriter(columns, compression, null, parts, writers);
    }

    /**
     * The bytes one of {@code writers} writers buffers before a row group is written: an eighth of
     * the heap shared among them, 1 to 64 MiB, since
     * the buffers that hold a row group's pages grow past its size. (Measured in a 24 MB heap, 3 MiB
     * row groups of a five-column table: about 10 MB live in the middle of the export, against 6 MB
     * for the same export to gzip CSV.)
     */
    static long rowGroupBytes(int writers) {
        return Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8 / Math.max(1, writers)));
    }

    @Override
    public void start(List<ScanColumn> scanColumns, boolean header) throws IOException {
        if (stream != null) {
            writer = open(new StreamFile(stream));
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        if (writer == null) {
            writer = open(parts.next());
        }
        writer.write(row);
    }

    /** In parts, once the part being written holds a row group: it is then committed. */
    @Override
    public boolean flushDue() {
        return parts != null && writer != null && writer.getDataSize() >= rowGroupBytes;
    }

    /** In parts, closes and commits the part being written; one file is complete only when finished. */
    @Override
    public void flush() throws IOException {
        if (parts != null && writer != null) {
            writer.close();
            writer = null;
            parts.commit();
        }
    }

    /** Writes the footer of the file, or commits the last part (an empty one when no row was written). */
    @Override
    public void finish() throws IOException {
        if (parts == null) {
            writer.close();
            return;
        }
        if (writer == null && parts.committed() == 0) {
            writer = open(parts.next());
        }
        flush();
    }

    private ParquetWriter<Object[]> open(OutputFile file) throws IOException {
        return new Builder(file, columns)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCodecFactory(PageCodecs.INSTANCE)
                .withCompressionCodec(compression.codec)
                .withRowGroupSize(rowGroupBytes)
                .withPageSize(PAGE_BYTES)
                .withDictionaryPageSize(PAGE_BYTES)
                .build();
    }

    /** A stream that counts the bytes written to it, as Parquet's writer asks its position. */
    static class CountingStream extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Flushes; the stream underneath is its owner's to close. */
        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** The output's stream as the one file Parquet writes. */
    private static final class StreamFile implements OutputFile {
        private final OutputStream stream;

        StreamFile(OutputStream stream) {
            this.stream = stream;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new CountingStream(stream);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return new CountingStream(stream);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final ParquetColumns columns;

        Builder(OutputFile file, ParquetColumns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
            return new RowSupport(columns);
        }

        /** Hadoop's variant, which the Hadoop-free path never calls. */
        @Override
        @Deprecated
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return new RowSupport(columns);
        }
    }

    private static final class RowSupport extends WriteSupport<Object[]> {
        private final ParquetColumns columns;
        private RecordConsumer consumer;

        RowSupport(ParquetColumns columns) {
            this.columns = columns;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(columns.schema(), Map.of("writer.model.name", "chunkwise"));
        }

        /** Hadoop's variant, which the Hadoop-free path never calls. */
        @Override
        @Deprecated
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(columns.schema(), Map.of("writer.model.name", "chunkwise"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            columns.write(consumer, row);
        }
    }

    /** Page compressors that need no Hadoop class; the writer never decompresses. */
    private static final class PageCodecs implements CompressionCodecFactory {
        static final PageCodecs INSTANCE = new PageCodecs();

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            switch (codec) {
                case ZSTD:
                    return new ZstdPages();
                case SNAPPY:
                    return new BlockCompressor(codec, new SnappyCompressor());
                case GZIP:
                    return new GzipCompressor();
                case UNCOMPRESSED:
                    return new BytesInputCompressor() {
                        @Override
                        public BytesInput compress(BytesInput bytes) {
                            return bytes;
                        }

                        @Override
                        public CompressionCodecName getCodecName() {
                            return CompressionCodecName.UNCOMPRESSED;
                        }

                        @Override
                        public void release() {}
                    };
                default:
                    throw new IllegalArgumentException("no page compressor for " + codec);
            }
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("the export writes Parquet, it does not read it");
        }

        @Override
        public void release() {}
    }

    private static final class BlockCompressor implements CompressionCodecFactory.BytesInputCompressor {
        private final CompressionCodecName codec;
        private final Compressor compressor;

        BlockCompressor(CompressionCodecName codec, Compressor compressor) {
            this.codec = codec;
            this.compressor = compressor;
        }

        @Override
        @SuppressWarnings("deprecation") // toByteArray: the byte-array compressors need the page as one array
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] input = bytes.toByteArray();
            byte[] output = new byte[compressor.maxCompressedLength(input.length)];
            int length = compressor.compress(input, 0, input.length, output, 0, output.length);
            return BytesInput.from(output, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {}
    }

    /** zstd through zstd-jni, the library {@code --compress zstd} uses, at zstd's default level. */
    private static final class ZstdPages implements CompressionCodecFactory.BytesInputCompressor {
        @Override
        @SuppressWarnings("deprecation") // toByteArray: zstd-jni compresses a page as one array
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(com.github.luben.zstd.Zstd.compress(bytes.toByteArray(), 3));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
    }

    private static final class GzipCompressor implements CompressionCodecFactory.BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                bytes.writeAllTo(gzip);
            }
            return BytesInput.from(compressed.toByteArray());
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {}
    }
}
