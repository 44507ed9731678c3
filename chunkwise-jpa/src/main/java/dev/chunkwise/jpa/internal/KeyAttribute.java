package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.OrderKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One key of a scan's total order, resolved against the metamodel: an attribute path from the
 * entity root (through embeddables only), its Java type, whether it can be NULL, its direction
 * and where its NULLs go (already flipped for a reverse scan).
 *
 * @param path the attribute path, dot-separated ({@code "id.isbn"} for an {@code @EmbeddedId} part)
 * @param javaType the attribute's Java type, primitives boxed
 * @param nullable whether the attribute may hold NULL
 * @param descending whether the scan walks it from high to low
 * @param nullsFirst whether NULLs come before every value in scan order
 */
public record KeyAttribute(String path, Class<?> javaType, boolean nullable, boolean descending, boolean nullsFirst)
        implements OrderKey<KeyAttribute> {

    private static final Set<Class<?>> SUPPORTED = Set.of(
            Long.class,
            Integer.class,
            Short.class,
            Byte.class,
            BigInteger.class,
            BigDecimal.class,
            Double.class,
            Float.class,
            String.class,
            UUID.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetDateTime.class,
            Instant.class,
            byte[].class,
            Boolean.class);

    /** Whether a position can carry values of this Java type. */
    public static boolean supports(Class<?> type) {
        return SUPPORTED.contains(type);
    }

    /** The supported key types, for error messages. */
    public static String supportedTypes() {
        return "long, int, short, byte, BigInteger, BigDecimal, double, float, String, UUID, LocalDate, LocalTime,"
                + " LocalDateTime, OffsetDateTime, Instant, byte[] and boolean";
    }

    /** The dot-separated path as its parts. */
    public List<String> parts() {
        return List.of(path.split("\\."));
    }

    /** The same key walked the other way: direction and NULLs placement flipped. */
    @Override
    public KeyAttribute reversed() {
        return new KeyAttribute(path, javaType, nullable, !descending, !nullsFirst);
    }

    /** The same key, known to be non-NULL in some segment. */
    @Override
    public KeyAttribute notNull() {
        return new KeyAttribute(path, javaType, false, descending, nullsFirst);
    }

    /**
     * A value from a position converted to this attribute's Java type (positions carry every
     * integer as {@code Long} and every floating point number as {@code Double}).
     *
     * @throws IllegalArgumentException naming the attribute when the value does not fit
     */
    public Object coerce(Object value) {
        if (value == null) {
            if (!nullable) {
                throw new IllegalArgumentException(
                        "attribute '" + path + "' cannot be NULL, but the position holds NULL");
            }
            return null;
        }
        if (javaType.isInstance(value)) {
            return value;
        }
        if (value instanceof Long) {
            long number = (Long) value;
            if (javaType == Integer.class && number == (int) number) {
                return (int) number;
            }
            if (javaType == Short.class && number == (short) number) {
                return (short) number;
            }
            if (javaType == Byte.class && number == (byte) number) {
                return (byte) number;
            }
            if (javaType == BigInteger.class) {
                return BigInteger.valueOf(number);
            }
            if (javaType == BigDecimal.class) {
                return BigDecimal.valueOf(number);
            }
        }
        if (value instanceof Double && javaType == Float.class) {
            return ((Double) value).floatValue();
        }
        throw new IllegalArgumentException("a value of type " + value.getClass().getSimpleName() + " (" + value
                + ") does not fit attribute '" + path + "' of type " + javaType.getSimpleName());
    }
}
