package dev.chunkwise;

import dev.chunkwise.internal.PositionCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A place in a scan: the values of its ordering key at one row, plus a fingerprint of the scan
 * it belongs to. A position is the whole state needed to resume: {@code scan.startAfter(position)}
 * delivers exactly the rows after it.
 *
 * <p>Immutable and thread-safe. {@link #token()} gives a compact URL-safe string (versioned and
 * check-summed) and {@link #parse(String)} reads it back, so a position can be saved in a file,
 * a table or a URL. A position can only be used with a scan of the same table, filter and order
 * (same fingerprint); any other scan refuses it with an {@link IllegalArgumentException}.
 *
 * <p>Key values are carried as {@code Long} (every integer type), {@code BigInteger},
 * {@code BigDecimal}, {@code Double}, {@code String}, {@code UUID}, {@code LocalDate},
 * {@code LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime}, {@code Instant},
 * {@code byte[]}, {@code Boolean} or {@code null}.
 */
public final class Position {

    private final long fingerprint;
    private final List<Object> values;

    Position(long fingerprint, List<?> values) {
        this.fingerprint = fingerprint;
        List<Object> copy = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!PositionCodec.supports(value)) {
                throw new IllegalArgumentException(
                        "a key value of type " + value.getClass().getName() + " cannot be stored in a position");
            }
            copy.add(value instanceof byte[] ? ((byte[]) value).clone() : normalize(value));
        }
        this.values = Collections.unmodifiableList(copy);
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        return value;
    }

    /**
     * A position of the scan whose fingerprint is {@code fingerprint}, for integrations that
     * build their own scans over the same tokens (chunkwise-jpa). Applications get positions
     * from chunks, iterators, {@link Scan#position(Object...)} and {@link #parse(String)}.
     *
     * @throws IllegalArgumentException when a value's type cannot be carried in a position
     */
    public static Position of(long fingerprint, List<?> keyValues) {
        return new Position(fingerprint, Objects.requireNonNull(keyValues, "keyValues"));
    }

    /**
     * The fingerprint of a scan from its canonical description (source, filter, order): the
     * first 8 bytes of the description's SHA-256. Positions carry it so that a scan can refuse
     * another scan's positions.
     */
    public static long fingerprintOf(String canonicalDescription) {
        Objects.requireNonNull(canonicalDescription, "canonicalDescription");
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonicalDescription.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
        }
    }

    /** The fingerprint of the scan this position belongs to. */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * Reads a token written by {@link #token()}.
     *
     * @throws IllegalArgumentException when the token is empty, not a token, truncated, altered,
     *     or of a format version this release does not read
     */
    public static Position parse(String token) {
        PositionCodec.Decoded decoded = PositionCodec.decode(token);
        return new Position(decoded.fingerprint(), decoded.values());
    }

    /** The compact, URL-safe, versioned string form of this position. */
    public String token() {
        return PositionCodec.encode(fingerprint, values);
    }

    /**
     * The key values at this position, in the order of the scan's keys (the declared sort keys
     * followed by any tie-breaker the scan appended). Elements may be {@code null}. Byte arrays
     * are shared: do not modify them.
     */
    public List<Object> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Position
                && ((Position) other).fingerprint == fingerprint
                && PositionCodec.sameValues(values, ((Position) other).values);
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(fingerprint);
        for (Object value : values) {
            hash = 31 * hash + (value instanceof byte[] ? Arrays.hashCode((byte[]) value) : Objects.hashCode(value));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Position[");
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            text.append(i == 0 ? "" : ", ");
            text.append(
                    value instanceof byte[] ? "0x" + java.util.HexFormat.of().formatHex((byte[]) value) : value);
        }
        return text.append(']').toString();
    }
}
