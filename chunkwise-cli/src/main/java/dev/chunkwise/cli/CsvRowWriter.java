package dev.chunkwise.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV (Commons CSV): a header row of column labels, CRLF line ends, fields quoted when
 * they need it. NULL is an empty field (as is an empty string: CSV has no NULL), booleans are
 * {@code true}/{@code false}, decimals are written in plain notation, binary as base64, dates and
 * times as ISO-8601.
 */
final class CsvRowWriter implements RowWriter {

    private final OutputStreamWriter text;
    private CSVPrinter printer;

    CsvRowWriter(OutputStream out) {
        this.text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    @Override
    public void start(List<String> labels, boolean header) throws IOException {
        printer = new CSVPrinter(
                text, CSVFormat.RFC4180.builder().setAutoFlush(false).get());
        if (header) {
            printer.printRecord(labels);
        }
    }

    @Override
    public void write(Object[] row) throws IOException {
        for (Object value : row) {
            printer.print(field(value));
        }
        printer.println();
    }

    private static String field(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Binary) {
            return Base64.getEncoder().encodeToString(((Binary) value).bytes());
        }
        return value.toString();
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }
}
