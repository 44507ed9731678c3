package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV in the conventions of the loader that will read it ({@link CsvStyle}): a
 * header row of column labels, CRLF line ends, text quoted and numbers not (every non-NULL field
 * with {@code --quote-all}), NULL unquoted as the style spells it, so that an empty string
 * ({@code ""}) and NULL stay apart; decimals in plain notation, dates and times as ISO-8601.
 *
 * <p>The fields are written straight into UTF-8 bytes ({@link Utf8Sink}): a quote inside a quoted
 * field is doubled, numbers are written as digits without a string between, and text the driver
 * handed over as bytes ({@link Utf8Text}) is copied. The output is byte for byte what Commons CSV's
 * {@code CSVFormat.RFC4180} with quote mode {@code NON_NUMERIC} (or {@code ALL_NON_NULL}) and the
 * style's NULL string and delimiter writes through a UTF-8 writer; the header is written by Commons
 * CSV itself (labels quoted only where needed, as a header is read by name).
 */
final class CsvRowWriter implements RowWriter {

    private final Utf8Sink out;

    private final CsvStyle style;
    private final boolean mariadb;
    private final boolean quoteNumbers;
    private byte[] delimiter;
    private byte[] nullText;
    /** Per column: whether it is a MariaDB or MySQL BIT, written as its unsigned number. */
    private boolean[] bits;
    /** Per column: whether it is a PostgreSQL date or timestamp, its years before 1 written as BC. */
    private boolean[] eras;

    CsvRowWriter(OutputStream out, CsvStyle style) {
        this.out = new Utf8Sink(out);
        this.style = style;
        this.mariadb = style.target() == CsvStyle.Target.mariadb;
        this.quoteNumbers = style.quoteAll();
    }

    @Override
    public void start(List<ScanColumn> columns, boolean header) throws IOException {
        delimiter = String.valueOf(style.delimiter()).getBytes(StandardCharsets.UTF_8);
        nullText = style.nullString().getBytes(StandardCharsets.UTF_8);
        bits = new boolean[columns.size()];
        eras = new boolean[columns.size()];
        for (int i = 0; i < bits.length; i++) {
            String type = String.valueOf(columns.get(i).typeName()).toLowerCase(Locale.ROOT);
            bits[i] = mariadb && type.startsWith("bit");
            eras[i] = style.target() == CsvStyle.Target.postgresql && PG_ERA_TYPES.contains(type);
        }
        if (header && style.header()) {
            // labels are quoted only where they need it, as a header is read by name
            StringBuilder line = new StringBuilder();
            CSVFormat format = CSVFormat.RFC4180
                    .builder()
                    .setDelimiter(style.delimiter())
                    .setNullString(style.nullString())
                    .setQuoteMode(QuoteMode.MINIMAL)
                    .get();
            new CSVPrinter(line, format)
                    .printRecord(columns.stream().map(ScanColumn::label).toList());
            out.write(line);
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            Object value = row[i];
            if (eras[i] && value instanceof String) {
                value = postgresqlEra((String) value);
            }
            field(value, bits[i]);
        }
        out.write('\r');
        out.write('\n');
    }

    private void field(Object value, boolean bit) throws IOException {
        if (value == null) {
            out.write(nullText);
        } else if (value instanceof Utf8Text) {
            out.write('"');
            out.writeDoublingQuotes(((Utf8Text) value).bytes());
            out.write('"');
        } else if (value instanceof String) {
            quoted((String) value);
        } else if (value instanceof Long) {
            if (quoteNumbers) {
                out.write('"');
                out.writeDecimal((Long) value);
                out.write('"');
            } else {
                out.writeDecimal((Long) value);
            }
        } else if (value instanceof BigDecimal) {
            number(((BigDecimal) value).toPlainString());
        } else if (value instanceof BigInteger || value instanceof Double) {
            number(value.toString());
        } else if (value instanceof Boolean) {
            if (mariadb) {
                number((Boolean) value ? "1" : "0");
            } else {
                quoted(value.toString());
            }
        } else if (value instanceof ArrayValue) {
            quoted(JsonLinesRowWriter.text((ArrayValue) value));
        } else if (value instanceof Binary) {
            byte[] bytes = ((Binary) value).bytes();
            if (bit) {
                number(new BigInteger(1, bytes).toString());
            } else if (style.target() == CsvStyle.Target.postgresql) {
                quoted("\\x" + HexFormat.of().formatHex(bytes));
            } else {
                quoted(
                        style.binary() == CsvStyle.BinaryText.base64
                                ? Base64.getEncoder().encodeToString(bytes)
                                : HexFormat.of().formatHex(bytes));
            }
        } else {
            quoted(value.toString());
        }
    }

    /** A number's digits: unquoted, unless --quote-all. */
    private void number(String digits) throws IOException {
        if (quoteNumbers) {
            quoted(digits);
        } else {
            out.write(digits);
        }
    }

    private void quoted(String text) throws IOException {
        out.write('"');
        out.writeDoublingQuotes(text);
        out.write('"');
    }

    private static final java.util.Set<String> PG_ERA_TYPES = java.util.Set.of("date", "timestamp", "timestamptz");

    /**
     * An ISO-8601 date or date-time as PostgreSQL's input reads it: a year past 9999 without its
     * {@code +}, a year before 1 (ISO year 0 is 1 BC, -1 is 2 BC) as {@code YYYY-...  BC}.
     * {@code infinity} and {@code -infinity} are unchanged.
     */
    static String postgresqlEra(String iso) {
        if (iso.startsWith("+")) {
            return iso.substring(1);
        }
        boolean negative = iso.startsWith("-");
        int end = iso.indexOf('-', 1);
        if (end < 0 || !(negative || iso.startsWith("0000-"))) {
            return iso;
        }
        long year = Long.parseLong(iso.substring(0, end));
        return String.format(Locale.ROOT, "%04d", 1 - year) + iso.substring(end) + " BC";
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
