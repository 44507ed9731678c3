package dev.chunkwise.cli;

import java.nio.charset.StandardCharsets;

/**
 * A text value as the driver received it, in UTF-8, not decoded into a {@link String}: the CSV and
 * JSON Lines writers write these bytes as they are (quoted, escaped), which is the same output as
 * decoding and encoding them again, without doing either. {@link RowReader} reads text columns
 * so only when asked to ({@link RowReader#readingTextAsUtf8()}).
 *
 * @param bytes the value's UTF-8 bytes; not copied, not to be modified
 */
record Utf8Text(byte[] bytes) {

    /** The text decoded, for a writer that needs a string. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
