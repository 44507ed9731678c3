package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
 * CSV (Commons CSV) in the conventions of the loader that will read it ({@link CsvStyle}): a
 * header row of column labels, CRLF line ends, text quoted and numbers not (every non-NULL field
 * with {@code --quote-all}), NULL unquoted as the style spells it, so that an empty string
 * ({@code ""}) and NULL stay apart; decimals in plain notation, dates and times as ISO-8601.
 */
final class CsvRowWriter implements RowWriter {

    /** A number printed as it is (CSV's numeric fields are not quoted): plain digits, never an exponent. */
    private static final class Digits extends Number {
        private static final long serialVersionUID = 1L;

        private final String text;

        Digits(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public int intValue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long longValue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public float floatValue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double doubleValue() {
            throw new UnsupportedOperationException();
        }
    }

    /** Buffered: Commons CSV writes a field in several small pieces, each an encoder call if not. */
    private final Writer text;

    private final CsvStyle style;
    private CSVPrinter printer;
    /** Per column: whether it is a MariaDB or MySQL BIT, written as its unsigned number. */
    private boolean[] bits;
    /** Per column: whether it is a PostgreSQL date or timestamp, its years before 1 written as BC. */
    private boolean[] eras;

    CsvRowWriter(OutputStream out, CsvStyle style) {
        this.text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.style = style;
    }

    @Override
    public void start(List<ScanColumn> columns, boolean header) throws IOException {
        CSVFormat.Builder format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(style.delimiter())
                .setNullString(style.nullString())
                .setAutoFlush(false);
        printer = new CSVPrinter(
                text,
                format.setQuoteMode(style.quoteAll() ? QuoteMode.ALL_NON_NULL : QuoteMode.NON_NUMERIC)
                        .get());
        bits = new boolean[columns.size()];
        eras = new boolean[columns.size()];
        for (int i = 0; i < bits.length; i++) {
            String type = String.valueOf(columns.get(i).typeName()).toLowerCase(Locale.ROOT);
            bits[i] = style.target() == CsvStyle.Target.mariadb && type.startsWith("bit");
            eras[i] = style.target() == CsvStyle.Target.postgresql && PG_ERA_TYPES.contains(type);
        }
        if (header && style.header()) {
            // labels are quoted only where they need it, as a header is read by name
            new CSVPrinter(text, format.setQuoteMode(QuoteMode.MINIMAL).get())
                    .printRecord(columns.stream().map(ScanColumn::label).toList());
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            printer.print(
                    eras[i] && row[i] instanceof String ? postgresqlEra((String) row[i]) : field(row[i], bits[i]));
        }
        printer.println();
    }

    private Object field(Object value, boolean bit) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return new Digits(((BigDecimal) value).toPlainString());
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return new Digits(value.toString());
        }
        if (value instanceof Double) {
            return new Digits(value.toString());
        }
        if (value instanceof Boolean) {
            if (style.target() == CsvStyle.Target.mariadb) {
                return new Digits((Boolean) value ? "1" : "0");
            }
            return value.toString();
        }
        if (value instanceof ArrayValue) {
            return JsonLinesRowWriter.text((ArrayValue) value);
        }
        if (value instanceof Binary) {
            byte[] bytes = ((Binary) value).bytes();
            if (bit) {
                return new Digits(new BigInteger(1, bytes).toString());
            }
            if (style.target() == CsvStyle.Target.postgresql) {
                return "\\x" + HexFormat.of().formatHex(bytes);
            }
            return style.binary() == CsvStyle.BinaryText.base64
                    ? Base64.getEncoder().encodeToString(bytes)
                    : HexFormat.of().formatHex(bytes);
        }
        return value.toString();
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
        printer.flush();
    }
}
