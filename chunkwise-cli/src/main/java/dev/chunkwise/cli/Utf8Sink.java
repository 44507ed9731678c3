package dev.chunkwise.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte buffer in front of a stream, for writers that put text straight into UTF-8 bytes:
 * no {@link java.io.Writer}, no encoder, no string per number. A lone surrogate is written as
 * {@code ?}, as the JDK's UTF-8 encoder of {@link java.io.OutputStreamWriter} writes it.
 *
 * <p>One thread. Does not own the stream: {@link #flush()} pushes the buffer to it and flushes it.
 */
final class Utf8Sink {

    private static final int SIZE = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[SIZE];
    private int position;

    Utf8Sink(OutputStream out) {
        this.out = out;
    }

    /** One byte. */
    void write(int b) throws IOException {
        if (position == SIZE) {
            drain();
        }
        buffer[position++] = (byte) b;
    }

    /** Bytes as they are. */
    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > SIZE - position) {
            drain();
            if (length > SIZE) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** UTF-8 bytes, each {@code "} doubled (a CSV field's inside; a {@code "} byte is never part of a longer character). */
    void writeDoublingQuotes(byte[] bytes) throws IOException {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                write(bytes, start, i + 1 - start);
                start = i; // the quote again
            }
        }
        write(bytes, start, bytes.length - start);
    }

    /** Text as UTF-8. */
    void write(CharSequence text) throws IOException {
        write(text, false);
    }

    /** Text as UTF-8, each {@code "} doubled. */
    void writeDoublingQuotes(CharSequence text) throws IOException {
        write(text, true);
    }

    private void write(CharSequence text, boolean doubleQuotes) throws IOException {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (SIZE - position < 4) {
                drain();
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer[position++] = (byte) c;
                if (c == '"' && doubleQuotes) {
                    buffer[position++] = (byte) c;
                }
            } else if (c < 0x800) {
                buffer[position++] = (byte) (0xc0 | (c >> 6));
                buffer[position++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < length ? text.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int code = Character.toCodePoint(c, low);
                    buffer[position++] = (byte) (0xf0 | (code >> 18));
                    buffer[position++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                    buffer[position++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                    buffer[position++] = (byte) (0x80 | (code & 0x3f));
                    i++;
                } else {
                    buffer[position++] = '?';
                }
            } else {
                buffer[position++] = (byte) (0xe0 | (c >> 12));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buffer[position++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    /** A long in decimal digits, as {@link Long#toString(long)} writes it. */
    void writeDecimal(long value) throws IOException {
        if (value == Long.MIN_VALUE) {
            write(Long.toString(value));
            return;
        }
        if (SIZE - position < 20) {
            drain();
        }
        if (value < 0) {
            buffer[position++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int i = end - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        position = end;
    }

    /** Pushes the buffer to the stream and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }
}
