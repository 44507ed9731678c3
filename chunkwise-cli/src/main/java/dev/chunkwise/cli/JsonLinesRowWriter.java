package dev.chunkwise.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.chunkwise.ScanColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * JSON Lines as data: one object per row, its keys the column labels; numbers exact (a BIGINT or
 * DECIMAL digit for digit, never through a double), binary as base64, dates and times as ISO-8601
 * strings, special values (NaN, infinities, {@code infinity} dates) as strings; JSON columns
 * (PostgreSQL {@code json}/{@code jsonb}, MySQL's and H2's {@code JSON}) nested as the JSON values
 * they hold, and PostgreSQL arrays as JSON arrays of their elements (numbers and booleans as such,
 * every other element as the server's text; an array's lower bound other than 1, as in
 * {@code [0:1]={1,2}}, is not kept), H2 arrays as JSON arrays of their elements. Written with Jackson's streaming generator, so
 * escaping is Jackson's.
 */
final class JsonLinesRowWriter implements RowWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** How a column's text value is written (also by {@link PgCopyJsonLines}, which must agree). */
    enum Shape {
        PLAIN,
        JSON,
        /** A PostgreSQL array; the element kind decides how elements are written. */
        ARRAY_OF_NUMBERS,
        ARRAY_OF_BOOLEANS,
        ARRAY_OF_TEXT
    }

    private final JsonGenerator generator;
    /** The column labels, quoted and escaped once. */
    private SerializedString[] labels;

    private Shape[] shapes;

    JsonLinesRowWriter(OutputStream out) {
        try {
            this.generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        generator.setRootValueSeparator(null);
    }

    @Override
    public void start(List<ScanColumn> columns, boolean header) {
        this.labels = columns.stream()
                .map(column -> new SerializedString(column.label()))
                .toArray(SerializedString[]::new);
        this.shapes = new Shape[columns.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = shapeOf(String.valueOf(columns.get(i).typeName()).toLowerCase(Locale.ROOT));
        }
    }

    /** The shape of a column of type {@code typeName} (pgjdbc's name, in lower case). */
    static Shape shapeOf(String typeName) {
        if (typeName.equals("json") || typeName.equals("jsonb")) {
            return Shape.JSON;
        }
        if (typeName.startsWith("_")) {
            // pgjdbc names an array type by its element type with a leading underscore
            switch (typeName.substring(1)) {
                case "int2":
                case "int4":
                case "int8":
                case "oid":
                case "numeric":
                case "float4":
                case "float8":
                    return Shape.ARRAY_OF_NUMBERS;
                case "bool":
                    return Shape.ARRAY_OF_BOOLEANS;
                default:
                    return Shape.ARRAY_OF_TEXT;
            }
        }
        return Shape.PLAIN;
    }

    @Override
    public void write(Object[] row) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            generator.writeFieldName(labels[i]);
            Object value = row[i];
            if (value instanceof String && shapes[i] != Shape.PLAIN) {
                writeShaped((String) value, shapes[i]);
            } else {
                writeValue(value);
            }
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    private void writeValue(Object value) throws IOException {
        writeValue(generator, value);
    }

    /** The JSON text of an array value, as CSV writes it. */
    static String text(ArrayValue array) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            writeValue(json, array);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof ArrayValue) {
            generator.writeStartArray();
            for (Object element : ((ArrayValue) value).elements()) {
                writeValue(generator, element);
            }
            generator.writeEndArray();
        } else if (value == null) {
            generator.writeNull();
        } else if (value instanceof String) {
            generator.writeString((String) value);
        } else if (value instanceof Utf8Text) {
            byte[] text = ((Utf8Text) value).bytes();
            generator.writeUTF8String(text, 0, text.length);
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

    private void writeShaped(String text, Shape shape) throws IOException {
        if (shape == Shape.JSON) {
            checkJson(text);
            generator.writeRawValue(text);
            return;
        }
        writeArray(PgArrayText.parse(text), shape);
    }

    private void writeArray(List<Object> elements, Shape shape) throws IOException {
        generator.writeStartArray();
        for (Object element : elements) {
            if (element == null) {
                generator.writeNull();
            } else if (element instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> nested = (List<Object>) element;
                writeArray(nested, shape);
            } else {
                String item = (String) element;
                if (shape == Shape.ARRAY_OF_BOOLEANS) {
                    generator.writeBoolean(isTrue(item));
                } else if (shape == Shape.ARRAY_OF_NUMBERS && isFinite(item)) {
                    generator.writeNumber(new BigDecimal(item));
                } else {
                    generator.writeString(item);
                }
            }
        }
        generator.writeEndArray();
    }

    /** Whether a boolean array element is true ({@code t}, or {@code true}). */
    static boolean isTrue(String item) {
        return item.equals("t") || item.equals("true");
    }

    /** Whether a numeric array element is a finite number (not NaN or an infinity, which stay strings). */
    static boolean isFinite(String item) {
        char first = item.isEmpty() ? 'x' : item.charAt(item.length() - 1);
        return Character.isDigit(first);
    }

    /** A JSON column's text is valid JSON (the server vouches for it); a value that is not fails loudly. */
    static void checkJson(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IOException("an empty JSON value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("text after a JSON value: " + text);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }
}
