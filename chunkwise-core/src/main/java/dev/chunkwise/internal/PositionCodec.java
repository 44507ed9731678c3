package dev.chunkwise.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The binary form of a position token: a version byte, the scan's 8-byte fingerprint, the key
 * values each with a one-byte type tag, and a CRC-32 of everything before it; written as
 * URL-safe base64 without padding.
 *
 * <p>Stateless and thread-safe.
 */
public final class PositionCodec {

    /** The token format this release writes and reads. */
    public static final int VERSION = 1;

    private static final int MAX_VALUES = 64;
    private static final int MAX_VALUE_BYTES = 1 << 20;

    private static final byte NULL = 'N';
    private static final byte LONG = 'L';
    private static final byte DECIMAL = 'D';
    private static final byte DOUBLE = 'F';
    private static final byte STRING = 'S';
    private static final byte UUID_TAG = 'U';
    private static final byte DATE = 'd';
    private static final byte TIME = 'h';
    private static final byte DATE_TIME = 't';
    private static final byte OFFSET_DATE_TIME = 'T';
    private static final byte INSTANT = 'I';
    private static final byte BYTES = 'B';
    private static final byte BOOLEAN = 'Z';
    private static final byte BIG_INTEGER = 'G';

    private PositionCodec() {}

    /** A decoded token. */
    public record Decoded(long fingerprint, List<Object> values) {}

    /** Whether a key value of this class can be carried in a token. */
    public static boolean supports(Object value) {
        return value == null
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigDecimal
                || value instanceof BigInteger
                || value instanceof Double
                || value instanceof Float
                || value instanceof String
                || value instanceof UUID
                || value instanceof LocalDate
                || value instanceof LocalTime
                || value instanceof LocalDateTime
                || value instanceof OffsetDateTime
                || value instanceof Instant
                || value instanceof byte[]
                || value instanceof Boolean;
    }

    public static String encode(long fingerprint, List<?> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(fingerprint);
            out.writeByte(values.size());
            for (Object value : values) {
                writeValue(out, value);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /**
     * Decodes a token.
     *
     * @throws IllegalArgumentException saying what is wrong: not base64, truncated, damaged
     *     (checksum), or written by another version
     */
    public static Decoded decode(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("empty position token");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("malformed position token: not URL-safe base64");
        }
        if (bytes.length < 1 + 8 + 1 + 4) {
            throw new IllegalArgumentException("malformed position token: truncated");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("position token of format version " + (bytes[0] & 0xff)
                    + " cannot be read by this release, which reads version " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24)
                | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8)
                | (bytes[bytes.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("malformed position token: checksum mismatch (truncated or altered)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, bytes.length - 5))) {
            long fingerprint = in.readLong();
            int count = in.readUnsignedByte();
            if (count > MAX_VALUES) {
                throw new IllegalArgumentException("malformed position token: " + count + " key values");
            }
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(readValue(in));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("malformed position token: trailing bytes");
            }
            return new Decoded(fingerprint, Collections.unmodifiableList(values));
        } catch (EOFException truncated) {
            throw new IllegalArgumentException("malformed position token: truncated");
        } catch (IOException | RuntimeException broken) {
            if (broken instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) broken;
            }
            throw new IllegalArgumentException("malformed position token: " + broken.getMessage());
        }
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            out.writeByte(LONG);
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof BigDecimal) {
            out.writeByte(DECIMAL);
            writeString(out, ((BigDecimal) value).toString());
        } else if (value instanceof BigInteger) {
            out.writeByte(BIG_INTEGER);
            writeString(out, value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeDouble(((Number) value).doubleValue());
        } else if (value instanceof String) {
            out.writeByte(STRING);
            writeString(out, (String) value);
        } else if (value instanceof UUID) {
            out.writeByte(UUID_TAG);
            out.writeLong(((UUID) value).getMostSignificantBits());
            out.writeLong(((UUID) value).getLeastSignificantBits());
        } else if (value instanceof LocalDate) {
            out.writeByte(DATE);
            out.writeLong(((LocalDate) value).toEpochDay());
        } else if (value instanceof LocalTime) {
            out.writeByte(TIME);
            out.writeLong(((LocalTime) value).toNanoOfDay());
        } else if (value instanceof LocalDateTime) {
            LocalDateTime dateTime = (LocalDateTime) value;
            out.writeByte(DATE_TIME);
            out.writeLong(dateTime.toLocalDate().toEpochDay());
            out.writeLong(dateTime.toLocalTime().toNanoOfDay());
        } else if (value instanceof OffsetDateTime) {
            OffsetDateTime dateTime = (OffsetDateTime) value;
            out.writeByte(OFFSET_DATE_TIME);
            out.writeLong(dateTime.toLocalDate().toEpochDay());
            out.writeLong(dateTime.toLocalTime().toNanoOfDay());
            out.writeInt(dateTime.getOffset().getTotalSeconds());
        } else if (value instanceof Instant) {
            out.writeByte(INSTANT);
            out.writeLong(((Instant) value).getEpochSecond());
            out.writeInt(((Instant) value).getNano());
        } else if (value instanceof byte[]) {
            out.writeByte(BYTES);
            out.writeInt(((byte[]) value).length);
            out.write((byte[]) value);
        } else if (value instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeBoolean((Boolean) value);
        } else {
            throw new IllegalArgumentException(
                    "a key value of type " + value.getClass().getName() + " cannot be stored in a position");
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                return in.readLong();
            case DECIMAL:
                return new BigDecimal(readString(in));
            case BIG_INTEGER:
                return new BigInteger(readString(in));
            case DOUBLE:
                return in.readDouble();
            case STRING:
                return readString(in);
            case UUID_TAG:
                return new UUID(in.readLong(), in.readLong());
            case DATE:
                return LocalDate.ofEpochDay(in.readLong());
            case TIME:
                return LocalTime.ofNanoOfDay(in.readLong());
            case DATE_TIME:
                return LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
            case OFFSET_DATE_TIME:
                return OffsetDateTime.of(
                        LocalDate.ofEpochDay(in.readLong()),
                        LocalTime.ofNanoOfDay(in.readLong()),
                        ZoneOffset.ofTotalSeconds(in.readInt()));
            case INSTANT:
                return Instant.ofEpochSecond(in.readLong(), in.readInt());
            case BYTES:
                return readBytes(in);
            case BOOLEAN:
                return in.readBoolean();
            default:
                throw new IllegalArgumentException("malformed position token: unknown value tag " + (tag & 0xff));
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_VALUE_BYTES || length > in.available()) {
            throw new EOFException();
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Value equality of two key value arrays, comparing byte arrays by content. */
    public static boolean sameValues(Object[] left, Object[] right) {
        if (left.length != right.length) {
            return false;
        }
        for (int i = 0; i < left.length; i++) {
            Object a = left[i];
            Object b = right[i];
            if (a instanceof byte[] && b instanceof byte[]) {
                if (!Arrays.equals((byte[]) a, (byte[]) b)) {
                    return false;
                }
            } else if (a == null ? b != null : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    /** Value equality that compares byte arrays by content. */
    public static boolean sameValues(List<?> left, List<?> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            Object a = left.get(i);
            Object b = right.get(i);
            if (a instanceof byte[] && b instanceof byte[]) {
                if (!Arrays.equals((byte[]) a, (byte[]) b)) {
                    return false;
                }
            } else if (a == null ? b != null : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }
}
