package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * JSON Lines from the rows of PostgreSQL's {@code COPY ... TO STDOUT} in its text format, byte
 * for byte what {@link RowReader} and {@link JsonLinesRowWriter} write for the same rows read
 * through pgjdbc (without its binary transfer, as the CLI reads): each field is turned into the
 * JSON of the value the reader would have made of it, by the column's type alone, decided once.
 *
 * <ul>
 *   <li>integer types: the server's digits, as a JSON number;
 *   <li>{@code numeric}: its digits (the server writes them plain, as {@link BigDecimal#toPlainString}
 *       does), {@code NaN} and infinities as strings;
 *   <li>{@code float4}, {@code float8}: parsed and written as the reader's {@link BigDecimal} of the
 *       float's text and the writer's {@link Double#toString}; NaN and infinities as strings;
 *   <li>{@code bool}: {@code true}/{@code false};
 *   <li>{@code bytea}: base64 of the bytes (selected as {@code encode(c, 'hex')}, whatever the
 *       session's {@code bytea_output});
 *   <li>{@code date}, {@code timestamp}: ISO-8601 as {@link DateTimeFormatter#ISO_LOCAL_DATE} and
 *       {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} write it (BC years as negative years),
 *       {@code infinity} as the reader writes it; {@code timestamptz} selected {@code AT TIME ZONE
 *       'UTC'} and written with {@code Z};
 *   <li>{@code json}, {@code jsonb}: the server's text, checked and embedded as the writer does;
 *   <li>arrays: as {@link JsonLinesRowWriter} writes their text;
 *   <li>every other type: the server's text as a JSON string, escaped as Jackson escapes it.
 * </ul>
 *
 * <p>The session's settings are those of the connection the reader would have used (DateStyle
 * ISO, pgjdbc's {@code extra_float_digits}, the same TimeZone and IntervalStyle), so a type whose
 * text depends on them comes out the same. One thread; not thread-safe. Does not own the stream.
 */
final class PgCopyJsonLines {

    /** How a column's field becomes JSON. */
    private enum Kind {
        NUMBER,
        DECIMAL,
        REAL,
        DOUBLE,
        BOOLEAN,
        BYTES_HEX,
        DATE,
        TIMESTAMP,
        TIMESTAMP_UTC,
        JSON,
        ARRAY_OF_NUMBERS,
        ARRAY_OF_BOOLEANS,
        ARRAY_OF_TEXT,
        TEXT
    }

    /** Jackson's largest scale of a BigDecimal written plain; a larger one fails there, and here. */
    private static final int MAX_PLAIN_SCALE = 9999;

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** The bytes a text field does not copy as they are: ASCII controls (tab and newline end it), quote, backslash. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            SPECIAL[b] = true;
        }
        SPECIAL['"'] = true;
        SPECIAL['\\'] = true;
    }

    private final Kind[] kinds;
    /** Per column: {@code {"label":} for the first, {@code ,"label":} for the others. */
    private final byte[][] prefixes;

    private final Utf8Sink sink;
    /** A field's text with COPY's escapes undone, for the kinds that need it whole. */
    private byte[] field = new byte[256];

    PgCopyJsonLines(List<ScanColumn> columns, OutputStream out) {
        this.kinds = new Kind[columns.size()];
        this.prefixes = new byte[columns.size()][];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kindOf(columns.get(i).typeName());
            prefixes[i] = prefix(i == 0 ? '{' : ',', columns.get(i).label());
        }
        this.sink = new Utf8Sink(out);
    }

    /** The kind of a column of pgjdbc's type {@code type}: by the kind {@link RowReader} reads it as. */
    private static Kind kindOf(String type) {
        String name = String.valueOf(type).toLowerCase(Locale.ROOT);
        RowReader.Kind read = RowReader.postgres(name);
        switch (read) {
            case LONG:
                return Kind.NUMBER;
            case DECIMAL_TEXT:
                return Kind.DECIMAL;
            case REAL:
                return Kind.REAL;
            case DOUBLE:
                return Kind.DOUBLE;
            case BOOLEAN:
                return Kind.BOOLEAN;
            case BINARY:
                return Kind.BYTES_HEX;
            case PG_DATE:
                return Kind.DATE;
            case PG_TIMESTAMP:
                return Kind.TIMESTAMP;
            case TIMESTAMP_OFFSET:
                return Kind.TIMESTAMP_UTC;
            case TEXT:
                break;
            default:
                throw new IllegalStateException("no COPY text conversion for PostgreSQL's " + name + " (" + read + ")");
        }
        switch (JsonLinesRowWriter.shapeOf(name)) {
            case JSON:
                return Kind.JSON;
            case ARRAY_OF_NUMBERS:
                return Kind.ARRAY_OF_NUMBERS;
            case ARRAY_OF_BOOLEANS:
                return Kind.ARRAY_OF_BOOLEANS;
            case ARRAY_OF_TEXT:
                return Kind.ARRAY_OF_TEXT;
            default:
                return Kind.TEXT;
        }
    }

    /**
     * The expression COPY selects for a column named {@code quotedName}: that name, or what this
     * class reads of the column ({@code bytea} as hex, {@code timestamptz} in UTC). The caller
     * names an expression so that the statement's ORDER BY still means the key columns.
     */
    static String expression(ScanColumn column, String quotedName) {
        switch (kindOf(column.typeName())) {
            case BYTES_HEX:
                return "encode(" + quotedName + ", 'hex')";
            case TIMESTAMP_UTC:
                return quotedName + " AT TIME ZONE 'UTC'";
            default:
                return quotedName;
        }
    }

    /**
     * Writes one row: one COPY data message, the fields separated by tabs and ended by a newline.
     *
     * @throws IOException when the row is not COPY's text of these columns, or its JSON cannot be written
     */
    void write(byte[] row) throws IOException {
        int at = 0;
        int end = row.length - 1;
        if (end < 0 || row[end] != '\n') {
            throw new IOException("a COPY row that does not end with a newline");
        }
        for (int i = 0; i < kinds.length; i++) {
            sink.write(prefixes[i]);
            int stop;
            if (row[at] == '\\' && row[at + 1] == 'N' && (row[at + 2] == '\t' || row[at + 2] == '\n')) {
                sink.write(NULL);
                stop = at + 2;
            } else if (kinds[i] == Kind.TEXT) {
                stop = text(row, at); // finds the field's end while it copies
            } else {
                stop = at;
                while (row[stop] != '\t' && stop < end) {
                    stop++;
                }
                field(kinds[i], row, at, stop);
            }
            if ((stop == end) != (i == kinds.length - 1)) {
                throw new IOException("a COPY row of other than " + kinds.length + " fields");
            }
            at = stop + 1;
        }
        sink.write('}');
        sink.write('\n');
    }

    /** Pushes what is buffered to the stream and flushes it. */
    void flush() throws IOException {
        sink.flush();
    }

    private void field(Kind kind, byte[] row, int from, int to) throws IOException {
        switch (kind) {
            case NUMBER:
                sink.write(row, from, to - from);
                return;
            case DECIMAL:
                decimal(row, from, to);
                return;
            case REAL: {
                float value = Float.parseFloat(ascii(row, from, to));
                if (Float.isFinite(value)) {
                    sink.write(plain(new BigDecimal(Float.toString(value))));
                } else {
                    string(Float.toString(value));
                }
                return;
            }
            case DOUBLE: {
                double value = Double.parseDouble(ascii(row, from, to));
                if (Double.isFinite(value)) {
                    sink.write(Double.toString(value));
                } else {
                    string(Double.toString(value));
                }
                return;
            }
            case BOOLEAN:
                sink.write(row[from] == 't' ? TRUE : FALSE);
                return;
            case BYTES_HEX:
                bytes(row, from, to);
                return;
            case DATE:
            case TIMESTAMP:
            case TIMESTAMP_UTC:
                temporal(kind, row, from, to);
                return;
            case JSON: {
                int length = unescape(row, from, to);
                JsonLinesRowWriter.checkJson(new String(field, 0, length, StandardCharsets.UTF_8));
                sink.write(field, 0, length);
                return;
            }
            default:
                int length = unescape(row, from, to);
                array(PgArrayText.parse(new String(field, 0, length, StandardCharsets.UTF_8)), kind);
        }
    }

    /** A numeric's digits as a number, as the writer's plain BigDecimal; NaN and infinities as strings. */
    private void decimal(byte[] row, int from, int to) throws IOException {
        byte last = row[to - 1];
        if (last < '0' || last > '9') {
            sink.write('"');
            sink.write(row, from, to - from);
            sink.write('"');
            return;
        }
        for (int i = from; i < to; i++) {
            if (row[i] == '.' && to - i - 1 > MAX_PLAIN_SCALE) {
                throw new IOException("a numeric value with " + (to - i - 1)
                        + " digits after the point: JSON Lines writes at most " + MAX_PLAIN_SCALE);
            }
        }
        sink.write(row, from, to - from);
    }

    /** A BigDecimal as Jackson writes it with WRITE_BIGDECIMAL_AS_PLAIN (which refuses a scale past 9999). */
    private static String plain(BigDecimal value) throws IOException {
        if (Math.abs(value.scale()) > MAX_PLAIN_SCALE) {
            throw new IOException("a number of scale " + value.scale() + ": JSON Lines writes at most "
                    + MAX_PLAIN_SCALE + " digits after the point");
        }
        return value.toPlainString();
    }

    /** {@code encode(bytea, 'hex')}'s text as base64, as Jackson writes binary. */
    private void bytes(byte[] row, int from, int to) throws IOException {
        byte[] bytes = new byte[(to - from) / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (hexDigit(row[from + 2 * i]) << 4 | hexDigit(row[from + 2 * i + 1]));
        }
        sink.write('"');
        sink.write(Base64.getEncoder().encode(bytes));
        sink.write('"');
    }

    private static int hexDigit(byte b) throws IOException {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            throw new IOException("not a hex digit: " + (char) b);
        }
        return digit;
    }

    /**
     * A date or timestamp (DateStyle ISO) as ISO-8601: years 0001 to 9999 straight from the text,
     * a {@code T} for the space; BC, five-digit years and infinities through the values the reader makes.
     */
    private void temporal(Kind kind, byte[] row, int from, int to) throws IOException {
        int length = to - from;
        if (IsoText.isPlainPostgresql(row, from, length)) {
            sink.write('"');
            if (length == 10) {
                sink.write(row, from, length);
            } else {
                sink.write(row, from, 10);
                sink.write('T');
                sink.write(row, from + 11, length - 11);
            }
            if (kind == Kind.TIMESTAMP_UTC) {
                sink.write('Z');
            }
            sink.write('"');
            return;
        }
        string(unusualTemporal(kind, ascii(row, from, to)));
    }

    /**
     * The reader's text of a date or timestamp that is not plain: {@code infinity} and
     * {@code -infinity} as they are, a BC year {@code y} as the year {@code 1 - y}, years past 9999,
     * all through the ISO formatters.
     */
    private static String unusualTemporal(Kind kind, String text) throws IOException {
        if (text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        try {
            boolean bc = text.endsWith(" BC");
            String value = bc ? text.substring(0, text.length() - 3) : text;
            int dash = value.indexOf('-');
            int year = Integer.parseInt(value.substring(0, dash));
            int month = Integer.parseInt(value.substring(dash + 1, dash + 3));
            int day = Integer.parseInt(value.substring(dash + 4, dash + 6));
            if (bc) {
                year = 1 - year;
            }
            if (kind == Kind.DATE) {
                if (value.length() != dash + 6) {
                    throw new IOException("not a date: " + text);
                }
                return DateTimeFormatter.ISO_LOCAL_DATE.format(LocalDate.of(year, month, day));
            }
            String time = value.substring(dash + 7);
            int nano = 0;
            int point = time.indexOf('.');
            if (point >= 0) {
                String fraction = time.substring(point + 1);
                nano = Integer.parseInt((fraction + "000000000").substring(0, 9));
                time = time.substring(0, point);
            }
            if (value.charAt(dash + 6) != ' ' || time.length() != 8) {
                throw new IOException("not a timestamp: " + text);
            }
            LocalDateTime dateTime = LocalDateTime.of(
                    year,
                    month,
                    day,
                    Integer.parseInt(time.substring(0, 2)),
                    Integer.parseInt(time.substring(3, 5)),
                    Integer.parseInt(time.substring(6, 8)),
                    nano);
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime) + (kind == Kind.TIMESTAMP_UTC ? "Z" : "");
        } catch (RuntimeException unexpected) {
            throw new IOException("not a date or timestamp as the server writes them: " + text, unexpected);
        }
    }

    /**
     * The text field at {@code from} as a JSON string, COPY's escapes undone and Jackson's applied
     * in one pass up to the tab or newline that ends it (COPY escapes those inside text); returns
     * where that is.
     */
    private int text(byte[] row, int from) throws IOException {
        sink.write('"');
        int run = from;
        int i = from;
        while (true) {
            int b = row[i];
            if (SPECIAL[b & 0xff]) {
                if (b == '\t' || b == '\n') {
                    break;
                }
                sink.write(row, run, i - run);
                if (b == '\\') {
                    i++;
                    b = unescape(row[i]);
                }
                escape(sink, b);
                run = i + 1;
            }
            i++;
        }
        sink.write(row, run, i - run);
        sink.write('"');
        return i;
    }

    /** The byte a COPY text escape stands for ({@code \t}, {@code \\}...); COPY TO writes no octal or hex escapes. */
    private static int unescape(byte escaped) throws IOException {
        switch (escaped) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0b;
            case '\\':
                return '\\';
            default:
                throw new IOException("an escape COPY does not write: \\" + (char) escaped);
        }
    }

    /** An ASCII byte that JSON escapes, as Jackson escapes it (short forms, else {@code \}{@code u00XX}). */
    private static void escape(Utf8Sink sink, int b) throws IOException {
        switch (b) {
            case '"':
            case '\\':
                sink.write('\\');
                sink.write(b);
                return;
            case '\b':
                sink.write('\\');
                sink.write('b');
                return;
            case '\t':
                sink.write('\\');
                sink.write('t');
                return;
            case '\n':
                sink.write('\\');
                sink.write('n');
                return;
            case '\f':
                sink.write('\\');
                sink.write('f');
                return;
            case '\r':
                sink.write('\\');
                sink.write('r');
                return;
            default:
                if (b >= 0x20) {
                    sink.write(b);
                    return;
                }
                sink.write('\\');
                sink.write('u');
                sink.write('0');
                sink.write('0');
                sink.write(HEX[b >> 4]);
                sink.write(HEX[b & 0xf]);
        }
    }

    /** Puts a field with COPY's escapes undone into {@link #field}; returns its length. */
    private int unescape(byte[] row, int from, int to) throws IOException {
        if (field.length < to - from) {
            field = new byte[Math.max(to - from, 2 * field.length)];
        }
        int length = 0;
        for (int i = from; i < to; i++) {
            byte b = row[i];
            field[length++] = b == '\\' ? (byte) unescape(row[++i]) : b;
        }
        return length;
    }

    /** An array's elements as {@link JsonLinesRowWriter} writes them. */
    private void array(List<Object> elements, Kind kind) throws IOException {
        sink.write('[');
        boolean first = true;
        for (Object element : elements) {
            if (!first) {
                sink.write(',');
            }
            first = false;
            if (element == null) {
                sink.write(NULL);
            } else if (element instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> nested = (List<Object>) element;
                array(nested, kind);
            } else {
                String item = (String) element;
                if (kind == Kind.ARRAY_OF_BOOLEANS) {
                    sink.write(JsonLinesRowWriter.isTrue(item) ? TRUE : FALSE);
                } else if (kind == Kind.ARRAY_OF_NUMBERS && JsonLinesRowWriter.isFinite(item)) {
                    sink.write(plain(new BigDecimal(item)));
                } else {
                    string(item);
                }
            }
        }
        sink.write(']');
    }

    /** A Java string as a JSON string. */
    private void string(String text) throws IOException {
        string(sink, text);
    }

    private static void string(Utf8Sink sink, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sink.write('"');
        int run = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i];
            if (!SPECIAL[b & 0xff]) {
                continue;
            }
            sink.write(bytes, run, i - run);
            escape(sink, b);
            run = i + 1;
        }
        sink.write(bytes, run, bytes.length - run);
        sink.write('"');
    }

    private static String ascii(byte[] row, int from, int to) {
        return new String(row, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** {@code before}, the label as a JSON string, and {@code :}. */
    private static byte[] prefix(char before, String label) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Utf8Sink prefix = new Utf8Sink(bytes);
        try {
            prefix.write(before);
            string(prefix, label);
            prefix.write(':');
            prefix.flush();
        } catch (IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }
}
