package dev.chunkwise.cli;

import java.util.Locale;

/**
 * How a CSV export spells what CSV has no word for (NULL, binary, booleans, bits), so that the
 * loader that will read the file gets back the values that were written:
 *
 * <ul>
 *   <li>{@code postgresql}, for {@code COPY ... FROM ... WITH (FORMAT csv, HEADER true)}: NULL an
 *       unquoted empty field, an empty string {@code ""}; binary as {@code \x} hex, which
 *       {@code bytea} reads; booleans {@code true}/{@code false}.
 *   <li>{@code mariadb}, for {@code LOAD DATA ... FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY
 *       '"' ESCAPED BY '' LINES TERMINATED BY '\r\n' IGNORE 1 LINES}: NULL the unquoted word
 *       {@code NULL}, an empty string {@code ""}; booleans and {@code BIT} values as numbers,
 *       binary as hex (load such columns with {@code SET c = UNHEX(@c)}, and {@code BIT} columns
 *       with {@code SET b = CAST(@b AS UNSIGNED)}).
 *   <li>{@code generic} (RFC 4180; H2's {@code CSVREAD} reads it): NULL an unquoted empty field, an
 *       empty string {@code ""}; binary as hex or base64 ({@code --binary}).
 * </ul>
 *
 * Text is always quoted, numbers never (unless {@code --quote-all}), so a text field that spells
 * the NULL string stays text.
 *
 * @param target the loader's conventions
 * @param nullString how NULL is written (unquoted)
 * @param delimiter the field separator
 * @param header whether a header row of column labels starts a new file
 * @param quoteAll whether numbers are quoted too
 * @param binary how binary values are written
 */
record CsvStyle(Target target, String nullString, char delimiter, boolean header, boolean quoteAll, BinaryText binary) {

    /** The loader a CSV file is written for. */
    enum Target {
        postgresql,
        mariadb,
        generic
    }

    /** How binary values are written as text. */
    enum BinaryText {
        hex,
        base64
    }

    /** The conventions of a target, with the options' overrides (null where not given). */
    static CsvStyle of(
            Target target,
            String nullString,
            Character delimiter,
            boolean noHeader,
            boolean quoteAll,
            BinaryText binary) {
        if (target == Target.postgresql && binary == BinaryText.base64) {
            throw new BadInputException("--binary base64 does not load into PostgreSQL: --csv-for postgresql writes"
                    + " bytea as \\x hex, which COPY reads.");
        }
        String nulls = nullString != null ? nullString : target == Target.mariadb ? "NULL" : "";
        char separator = delimiter != null ? delimiter : ',';
        if (separator == '"' || separator == '\r' || separator == '\n') {
            throw new BadInputException("--delimiter cannot be a quote or a line break.");
        }
        if (nulls.indexOf('"') >= 0 || nulls.indexOf(separator) >= 0 || nulls.contains("\n") || nulls.contains("\r")) {
            throw new BadInputException("--null '" + nulls + "' holds a quote, the delimiter or a line break.");
        }
        return new CsvStyle(target, nulls, separator, !noHeader, quoteAll, binary != null ? binary : BinaryText.hex);
    }

    /** The target by default: the conventions of the database the export reads. */
    static Target defaultFor(RowReader.Driver driver) {
        switch (driver) {
            case POSTGRESQL:
                return Target.postgresql;
            case MARIADB:
            case MYSQL:
                return Target.mariadb;
            default:
                return Target.generic;
        }
    }

    /** For messages. */
    String describe() {
        return target.name().toLowerCase(Locale.ROOT);
    }
}
