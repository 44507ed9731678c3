package dev.chunkwise.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.ScanColumn;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.SortKey;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code manifest.json} of a parallel export ({@link ParallelExport}), written by Jackson's
 * streaming generator once every partition has finished: its presence says the export is complete.
 */
final class ParallelManifest {

    static final String NAME = "manifest.json";

    private ParallelManifest() {}

    /**
     * {@code manifest.json}: the table, order, columns and format, then the files in key order, each
     * with its partition's rows and cuts (key values; null at the ends). Written beside and renamed
     * into place, so it appears whole or not at all.
     */
    static void write(
            Path directory,
            Scan<Object[]> scan,
            String where,
            Format format,
            List<ScanPartition<Object[]>> partitions,
            long[] rows,
            String extension,
            Output.Compression compression,
            CsvStyle style,
            List<ParquetParts> parts)
            throws IOException {
        Path temporary = directory.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream stream = Channels.newOutputStream(channel);
                JsonGenerator json = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("table", scan.quotedSource());
            json.writeStringField("where", where);
            json.writeArrayFieldStart("order");
            for (SortKey key : scan.order()) {
                json.writeString(key.column() + " " + key.direction()
                        + (key.nulls() == SortKey.Nulls.DEFAULT ? "" : " NULLS " + key.nulls()));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("columns");
            for (ScanColumn column : scan.columns()) {
                json.writeString(column.label());
            }
            json.writeEndArray();
            json.writeStringField("format", format.name());
            json.writeStringField("compression", compression.name());
            if (format == Format.csv) {
                json.writeBooleanField("header", style.header());
            }
            json.writeStringField(
                    "partitionStrategy",
                    PartitionStrategies.name(partitions.get(0).strategy()));
            json.writeNumberField("rows", Arrays.stream(rows).sum());
            json.writeArrayFieldStart("files");
            for (ScanPartition<Object[]> partition : partitions) {
                json.writeStartObject();
                json.writeStringField("file", ParallelExport.fileName(partition.index(), extension));
                if (!parts.isEmpty()) {
                    json.writeArrayFieldStart("parts");
                    for (long part = 0; part < parts.get(partition.index()).committed(); part++) {
                        json.writeString(ParquetParts.partName(part));
                    }
                    json.writeEndArray();
                }
                json.writeNumberField("rows", rows[partition.index()]);
                json.writeFieldName("start");
                writeCut(json, partition.start());
                json.writeFieldName("stopBefore");
                writeCut(json, partition.stop());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            stream.write('\n');
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeCut(JsonGenerator json, Optional<Position> cut) throws IOException {
        if (cut.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Object value : cut.get().values()) {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof Long) {
                json.writeNumber((Long) value);
            } else if (value instanceof BigInteger) {
                json.writeNumber((BigInteger) value);
            } else if (value instanceof BigDecimal) {
                json.writeNumber((BigDecimal) value);
            } else if (value instanceof Boolean) {
                json.writeBoolean((Boolean) value);
            } else if (value instanceof byte[]) {
                json.writeString(java.util.HexFormat.of().formatHex((byte[]) value));
            } else {
                json.writeString(value.toString());
            }
        }
        json.writeEndArray();
    }
}
