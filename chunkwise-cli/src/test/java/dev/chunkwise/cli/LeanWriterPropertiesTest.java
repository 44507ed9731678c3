package dev.chunkwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.ScanColumn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The export's own byte writers against the libraries they replace on the hot path: the CSV of
 * {@link CsvRowWriter} is byte for byte Commons CSV's through a UTF-8 writer (quote modes, NULL
 * strings, delimiters, text with quotes, line breaks, non-BMP characters and lone surrogates, text
 * handed over as bytes), {@link Utf8Sink#writeDecimal} is {@link Long#toString(long)}, and
 * {@link IsoText} is the ISO formatters.
 */
class LeanWriterPropertiesTest {

    /** A number Commons CSV leaves unquoted in NON_NUMERIC mode, as the writer formerly handed over. */
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
            return 0;
        }

        @Override
        public long longValue() {
            return 0;
        }

        @Override
        public float floatValue() {
            return 0;
        }

        @Override
        public double doubleValue() {
            return 0;
        }
    }

    @Property
    void csvRowsAreWhatCommonsCsvWritesThroughAUtf8Writer(
            @ForAll("rows") List<Object[]> rows,
            @ForAll boolean quoteAll,
            @ForAll("targets") CsvStyle.Target target,
            @ForAll("delimiters") char delimiter)
            throws IOException {
        CsvStyle style = CsvStyle.of(target, null, delimiter, true, quoteAll, null);
        int width = rows.isEmpty() ? 1 : rows.get(0).length;
        List<ScanColumn> columns = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            columns.add(new ScanColumn("c" + i, Types.VARCHAR, "varchar", 0, 0));
        }
        ByteArrayOutputStream lean = new ByteArrayOutputStream();
        CsvRowWriter writer = new CsvRowWriter(lean, style);
        writer.start(columns, false);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Writer text = new OutputStreamWriter(expected, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(
                text,
                CSVFormat.RFC4180
                        .builder()
                        .setDelimiter(delimiter)
                        .setNullString(style.nullString())
                        .setQuoteMode(quoteAll ? QuoteMode.ALL_NON_NULL : QuoteMode.NON_NUMERIC)
                        .get());
        for (Object[] row : rows) {
            Object[] fitted = java.util.Arrays.copyOf(row, width);
            writer.write(fitted);
            for (Object value : fitted) {
                printer.print(commonsField(value, target));
            }
            printer.println();
        }
        writer.flush();
        printer.flush();
        assertThat(lean.toByteArray()).isEqualTo(expected.toByteArray());
    }

    private static Object commonsField(Object value, CsvStyle.Target target) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal) {
            return new Digits(((BigDecimal) value).toPlainString());
        }
        if (value instanceof Long || value instanceof BigInteger || value instanceof Double) {
            return new Digits(value.toString());
        }
        if (value instanceof Boolean) {
            return target == CsvStyle.Target.mariadb ? new Digits((Boolean) value ? "1" : "0") : value.toString();
        }
        return value.toString(); // String, and Utf8Text decoded
    }

    @Provide
    Arbitrary<List<Object[]>> rows() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("\",;\r\n a\u00e9\u20ac").ofMaxLength(8),
                Arbitraries.of("\ud83d\ude00", "\ud83d", "a\ude00b", "", "NULL"));
        Arbitrary<Object> value = Arbitraries.oneOf(
                text.map(s -> (Object) s),
                Arbitraries.strings().ofMaxLength(10).map(s -> (Object)
                        new Utf8Text(s.replaceAll("[\\ud800-\\udfff]", "x").getBytes(StandardCharsets.UTF_8))),
                Arbitraries.longs().map(n -> (Object) n),
                Arbitraries.bigDecimals().ofScale(3).map(n -> (Object) n),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null));
        return value.array(Object[].class).ofMinSize(1).ofMaxSize(5).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<CsvStyle.Target> targets() {
        return Arbitraries.of(CsvStyle.Target.class);
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(',', ';', '\t', '|', '\u00a7');
    }

    @Property
    void aLongIsWrittenAsLongToStringWritesIt(@ForAll long value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Utf8Sink sink = new Utf8Sink(bytes);
        sink.writeDecimal(value);
        sink.flush();
        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
    }

    @Property
    void dateTimesAreWrittenAsTheIsoFormatterWritesThem(
            @ForAll @IntRange(min = -2000, max = 12000) int year,
            @ForAll @IntRange(min = 0, max = 365 * 24 * 3600 - 1) int second,
            @ForAll("nanos") int nano) {
        LocalDateTime value =
                LocalDateTime.of(year, 1, 1, 0, 0).plusSeconds(second).withNano(nano);
        assertThat(IsoText.dateTime(value)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value));
        LocalDate date = value.toLocalDate();
        assertThat(IsoText.date(date)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999_999).map(micros -> micros * 1000),
                Arbitraries.integers().between(0, 999_999_999));
    }
}
