package dev.chunkwise.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * JSON Lines: one object per row, its keys the column labels, numbers exact (a BIGINT or DECIMAL
 * is written digit for digit, never through a double), binary as base64, dates and times as
 * ISO-8601 strings. Written with Jackson's streaming generator, so escaping is Jackson's.
 */
final class JsonLinesRowWriter implements RowWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator generator;
    private List<String> labels;

    JsonLinesRowWriter(OutputStream out) {
        try {
            this.generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        generator.setRootValueSeparator(null);
    }

    @Override
    public void start(List<String> labels, boolean header) {
        this.labels = labels;
    }

    @Override
    public void write(Object[] row) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            generator.writeFieldName(labels.get(i));
            writeValue(row[i]);
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String) {
            generator.writeString((String) value);
        } else if (value instanceof Long) {
            generator.writeNumber((Long) value);
        } else if (value instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            generator.writeNumber((BigInteger) value);
        } else if (value instanceof Double) {
            generator.writeNumber((Double) value);
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof Binary) {
            generator.writeBinary(((Binary) value).bytes());
        } else {
            generator.writeString(value.toString());
        }
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }
}
