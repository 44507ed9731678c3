package dev.chunkwise.cli;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Dates and date-times as {@link DateTimeFormatter#ISO_LOCAL_DATE} and
 * {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} write them (seconds always, the fraction without
 * its trailing zeros), without the formatter's machinery for the years 0 to 9999; other years
 * through the formatter.
 */
final class IsoText {

    private IsoText() {}

    static String date(LocalDate value) {
        int year = value.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(value);
        }
        byte[] text = new byte[10];
        date(text, year, value.getMonthValue(), value.getDayOfMonth());
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    static String dateTime(LocalDateTime value) {
        int year = value.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value);
        }
        int nano = value.getNano();
        int fraction = 9;
        if (nano == 0) {
            fraction = 0;
        } else {
            for (int rest = nano; rest % 10 == 0; rest /= 10) {
                fraction--;
            }
        }
        byte[] text = new byte[19 + (fraction == 0 ? 0 : 1 + fraction)];
        date(text, year, value.getMonthValue(), value.getDayOfMonth());
        text[10] = 'T';
        two(text, 11, value.getHour());
        text[13] = ':';
        two(text, 14, value.getMinute());
        text[16] = ':';
        two(text, 17, value.getSecond());
        if (fraction > 0) {
            text[19] = '.';
            int digits = nano;
            for (int i = 8; i >= 0; i--) {
                if (i < fraction) {
                    text[20 + i] = (byte) ('0' + digits % 10);
                }
                digits /= 10;
            }
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void date(byte[] text, int year, int month, int day) {
        text[0] = (byte) ('0' + year / 1000);
        text[1] = (byte) ('0' + year / 100 % 10);
        text[2] = (byte) ('0' + year / 10 % 10);
        text[3] = (byte) ('0' + year % 10);
        text[4] = '-';
        two(text, 5, month);
        text[7] = '-';
        two(text, 8, day);
    }

    private static void two(byte[] text, int at, int value) {
        text[at] = (byte) ('0' + value / 10);
        text[at + 1] = (byte) ('0' + value % 10);
    }

    /**
     * PostgreSQL's text of a date ({@code 2024-02-29}) or a timestamp ({@code 2024-02-29
     * 10:15:30.5}, DateStyle ISO) as ISO-8601 ({@code 2024-02-29T10:15:30.5}), where the text is
     * that with a space for the {@code T}: years 0001 to 9999, no era, no infinity. The server writes
     * seconds always and the fraction without trailing zeros, as the ISO formatter does. Null for
     * any other text ({@code BC} years, {@code infinity}, five-digit years), which the caller
     * reads as a value instead.
     */
    static String fromPostgresql(byte[] text) {
        if (!isPlainPostgresql(text, 0, text.length)) {
            return null;
        }
        if (text.length == 10) {
            return new String(text, StandardCharsets.ISO_8859_1);
        }
        byte[] iso = text.clone();
        iso[10] = 'T';
        return new String(iso, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether {@code length} bytes of {@code text} from {@code from} are PostgreSQL's plain ISO
     * text of a date ({@code yyyy-MM-dd}) or a timestamp ({@code yyyy-MM-dd HH:mm:ss[.f...]}), with
     * a four-digit year: the text {@link #fromPostgresql} turns into ISO-8601 by a {@code T} for the
     * space.
     */
    static boolean isPlainPostgresql(byte[] text, int from, int length) {
        if (length != 10 && (length < 19 || length > 26 || length == 20)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte b = text[from + i];
            boolean ok;
            switch (i) {
                case 4:
                case 7:
                    ok = b == '-';
                    break;
                case 10:
                    ok = b == ' ';
                    break;
                case 13:
                case 16:
                    ok = b == ':';
                    break;
                case 19:
                    ok = b == '.';
                    break;
                default:
                    ok = b >= '0' && b <= '9';
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
