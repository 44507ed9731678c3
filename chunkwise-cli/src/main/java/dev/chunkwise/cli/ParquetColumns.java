package dev.chunkwise.cli;

import dev.chunkwise.ScanColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The Parquet type of each exported column, decided once when the export is set up from the
 * columns the database describes, and how each value {@link RowReader} reads becomes a Parquet
 * value: integers as INT32/INT64 of their width (unsigned ones as unsigned, a BIGINT UNSIGNED as
 * DECIMAL(20,0)), decimals as DECIMAL(p,s), REAL/FLOAT as FLOAT, DOUBLE as DOUBLE (NaN and
 * infinities included), booleans, text as STRING, binary as BINARY, DATE, TIME and TIMESTAMP in
 * microseconds (a timestamp with time zone adjusted to UTC), UUID, JSON, PostgreSQL's
 * one-dimensional arrays of numbers, booleans and text as LISTs; every other type as STRING of the
 * database's exact text (intervals, {@code timetz}, money, enums, network types, xml...).
 *
 * <p>Nothing is approximated: a type Parquet cannot hold exactly is refused here, naming the
 * column (a {@code numeric} without a precision, a precision beyond 38 digits, H2's DECFLOAT,
 * SQLite columns without one storage class), and a value that the chosen type cannot hold
 * (an {@code infinity} date, a NaN decimal, a zero date, a TIME beyond 24 hours, a
 * multi-dimensional array) fails the export with a message naming the column and the value.
 *
 * <p>Immutable; {@link #write} is called by one thread.
 */
final class ParquetColumns {

    /** The widest decimal that Parquet's readers hold (Spark, DuckDB, Arrow's decimal128). */
    private static final int MAX_DECIMAL_PRECISION = 38;

    private static final Pattern TIME_TEXT = Pattern.compile("(-?)(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");

    /** How a column's values are written. */
    enum Shape {
        BOOLEAN,
        INT32,
        UINT32,
        INT64,
        DECIMAL,
        FLOAT,
        DOUBLE,
        STRING,
        JSON,
        BINARY,
        UUID,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMP_UTC,
        /** A PostgreSQL array, as a LIST of its elements' shape. */
        LIST
    }

    /**
     * One column's plan.
     *
     * @param bits the integer width (8, 16, 32, 64) of an INT32/INT64 column
     * @param element the shape of a LIST's elements
     */
    record Column(String label, String typeName, Shape shape, int bits, int precision, int scale, Shape element) {

        static Column of(ScanColumn source, Shape shape) {
            return new Column(source.label(), source.typeName(), shape, 0, 0, 0, null);
        }

        static Column integer(ScanColumn source, Shape shape, int bits) {
            return new Column(source.label(), source.typeName(), shape, bits, 0, 0, null);
        }

        static Column list(ScanColumn source, Shape element, int bits) {
            return new Column(source.label(), source.typeName(), Shape.LIST, bits, 0, 0, element);
        }

        static Column decimal(ScanColumn source, int precision, int scale) {
            return new Column(source.label(), source.typeName(), Shape.DECIMAL, 0, precision, scale, null);
        }
    }

    private final List<Column> columns;
    private final MessageType schema;

    private ParquetColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        List<Type> fields = new ArrayList<>();
        for (Column column : columns) {
            fields.add(field(column));
        }
        this.schema = new MessageType("schema", fields);
    }

    /**
     * The plan for these columns as this driver reads them.
     *
     * @throws BadInputException naming a column whose type Parquet cannot hold exactly
     */
    static ParquetColumns of(List<ScanColumn> columns, RowReader.Driver driver) {
        List<Column> planned = new ArrayList<>();
        for (ScanColumn column : columns) {
            planned.add(plan(column, driver));
        }
        return new ParquetColumns(planned);
    }

    List<Column> columns() {
        return columns;
    }

    MessageType schema() {
        return schema;
    }

    private static Column plan(ScanColumn column, RowReader.Driver driver) {
        String typeName = String.valueOf(column.typeName()).toLowerCase(Locale.ROOT);
        switch (driver) {
            case POSTGRESQL:
                return postgres(column, typeName);
            case MARIADB:
            case MYSQL:
                return mysql(column, typeName);
            case SQLITE:
                return sqlite(column, typeName);
            default:
                return byJdbcType(column, typeName);
        }
    }

    private static Column postgres(ScanColumn column, String typeName) {
        switch (typeName) {
            case "int2":
            case "smallserial":
                return Column.integer(column, Shape.INT32, 16);
            case "int4":
            case "serial":
                return Column.integer(column, Shape.INT32, 32);
            case "int8":
            case "bigserial":
            case "oid":
                return Column.integer(column, Shape.INT64, 64);
            case "numeric":
                return decimal(column);
            case "float4":
                return Column.of(column, Shape.FLOAT);
            case "float8":
                return Column.of(column, Shape.DOUBLE);
            case "bool":
                return Column.of(column, Shape.BOOLEAN);
            case "bytea":
                return Column.of(column, Shape.BINARY);
            case "date":
                return Column.of(column, Shape.DATE);
            case "time":
                return Column.of(column, Shape.TIME);
            case "timestamp":
                return Column.of(column, Shape.TIMESTAMP);
            case "timestamptz":
                return Column.of(column, Shape.TIMESTAMP_UTC);
            case "uuid":
                return Column.of(column, Shape.UUID);
            case "json":
            case "jsonb":
                return Column.of(column, Shape.JSON);
            case "_int2":
                return Column.list(column, Shape.INT32, 16);
            case "_int4":
                return Column.list(column, Shape.INT32, 32);
            case "_int8":
                return Column.list(column, Shape.INT64, 64);
            case "_float4":
                return Column.list(column, Shape.FLOAT, 0);
            case "_float8":
                return Column.list(column, Shape.DOUBLE, 0);
            case "_bool":
                return Column.list(column, Shape.BOOLEAN, 0);
            case "_text":
            case "_varchar":
            case "_bpchar":
                return Column.list(column, Shape.STRING, 0);
            default:
                // text types, and the server's exact text of every type Parquet has no exact form for:
                // timetz, interval, money, enums, xml, bit strings, network and geometric types, ranges, other arrays
                return Column.of(column, Shape.STRING);
        }
    }

    private static Column mysql(ScanColumn column, String typeName) {
        boolean unsigned = typeName.endsWith(" unsigned");
        switch (typeName.replace(" unsigned", "")) {
            case "tinyint":
            case "boolean":
                return Column.integer(column, unsigned ? Shape.UINT32 : Shape.INT32, 8);
            case "smallint":
                return Column.integer(column, unsigned ? Shape.UINT32 : Shape.INT32, 16);
            case "mediumint":
                return Column.integer(column, Shape.INT32, 32);
            case "int":
            case "integer":
                return Column.integer(column, unsigned ? Shape.UINT32 : Shape.INT32, 32);
            case "bigint":
                return unsigned ? Column.decimal(column, 20, 0) : Column.integer(column, Shape.INT64, 64);
            case "year":
                return Column.integer(column, Shape.INT32, 16);
            case "decimal":
            case "numeric":
                return decimal(column);
            case "float":
                return Column.of(column, Shape.FLOAT);
            case "double":
            case "real":
                return Column.of(column, Shape.DOUBLE);
            case "bit":
                return Column.of(column, column.precision() > 1 ? Shape.BINARY : Shape.BOOLEAN);
            case "date":
                return Column.of(column, Shape.DATE);
            case "datetime":
            case "timestamp":
                // as the session shows it: MariaDB's TIMESTAMP is read in the connection's time zone
                return Column.of(column, Shape.TIMESTAMP);
            case "time":
                return Column.of(column, Shape.TIME);
            case "json":
                return Column.of(column, Shape.JSON);
            default:
                return byJdbcType(column, typeName);
        }
    }

    /** SQLite: by the declared type's affinity, which fixes a storage class only for four of them. */
    private static Column sqlite(ScanColumn column, String typeName) {
        if (typeName.contains("int")) {
            return Column.integer(column, Shape.INT64, 64);
        }
        if (typeName.contains("char") || typeName.contains("clob") || typeName.contains("text")) {
            return Column.of(column, Shape.STRING);
        }
        if (typeName.contains("blob")) {
            return Column.of(column, Shape.BINARY);
        }
        if (typeName.contains("real") || typeName.contains("floa") || typeName.contains("doub")) {
            return Column.of(column, Shape.DOUBLE);
        }
        throw new BadInputException("column '" + column.label() + "' of SQLite type '" + column.typeName()
                + "' cannot be exported to Parquet: its values may be of any storage class, and a Parquet column"
                + " has one type. Export a view that casts it (CAST(" + column.label()
                + " AS INTEGER | REAL | TEXT | BLOB)), or leave it out with --columns.");
    }

    private static Column byJdbcType(ScanColumn column, String typeName) {
        if (typeName.equals("uuid")) {
            return Column.of(column, Shape.UUID);
        }
        if (typeName.equals("json")) {
            return Column.of(column, Shape.JSON);
        }
        if (typeName.equals("decfloat")) {
            throw new BadInputException("column '" + column.label() + "' of type DECFLOAT cannot be exported to"
                    + " Parquet: its values have no fixed scale, which Parquet's DECIMAL needs. Export a view that"
                    + " casts it to DECIMAL(p,s) or to text, or leave it out with --columns.");
        }
        switch (column.jdbcType()) {
            case Types.BOOLEAN:
                return Column.of(column, Shape.BOOLEAN);
            case Types.BIT:
                return Column.of(column, column.precision() > 1 ? Shape.BINARY : Shape.BOOLEAN);
            case Types.TINYINT:
                return Column.integer(column, Shape.INT32, 8);
            case Types.SMALLINT:
                return Column.integer(column, Shape.INT32, 16);
            case Types.INTEGER:
                return Column.integer(column, Shape.INT32, 32);
            case Types.BIGINT:
                return Column.integer(column, Shape.INT64, 64);
            case Types.DECIMAL:
            case Types.NUMERIC:
                return decimal(column);
            case Types.REAL:
                return Column.of(column, Shape.FLOAT);
            case Types.FLOAT:
            case Types.DOUBLE:
                return Column.of(column, Shape.DOUBLE);
            case Types.DATE:
                return Column.of(column, Shape.DATE);
            case Types.TIME:
                return Column.of(column, typeName.contains("with time zone") ? Shape.STRING : Shape.TIME);
            case Types.TIMESTAMP:
                return Column.of(column, typeName.contains("with time zone") ? Shape.TIMESTAMP_UTC : Shape.TIMESTAMP);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return Column.of(column, Shape.TIMESTAMP_UTC);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return Column.of(column, Shape.BINARY);
            default:
                // text, and the exact text RowReader reads for types without a Parquet form (time with time zone,
                // intervals, enums; H2's arrays as their JSON text)
                return Column.of(column, Shape.STRING);
        }
    }

    private static Column decimal(ScanColumn column) {
        int precision = column.precision();
        int scale = column.scale();
        if (precision <= 0 || precision > 1000 || scale < 0 || scale > precision) {
            throw new BadInputException("column '" + column.label() + "' of type " + column.typeName()
                    + " has no declared precision and scale, which Parquet's DECIMAL needs (and may hold NaN or"
                    + " infinities). Export a view that casts it, e.g. " + column.label() + "::numeric(38,10) or "
                    + column.label() + "::text, or leave it out with --columns.");
        }
        if (precision > MAX_DECIMAL_PRECISION) {
            throw new BadInputException("column '" + column.label() + "' of type " + column.typeName() + "("
                    + precision + "," + scale + ") has more digits than Parquet readers hold (" + MAX_DECIMAL_PRECISION
                    + "). Export a view that casts it to a narrower decimal or to text, or leave it out with"
                    + " --columns.");
        }
        return Column.decimal(column, precision, scale);
    }

    private static Type field(Column column) {
        if (column.shape() == Shape.LIST) {
            Type element = primitive(
                    org.apache.parquet.schema.Types.optional(primitiveType(column.element(), column.precision())),
                    column.element(),
                    column.bits(),
                    0,
                    0,
                    "element");
            return org.apache.parquet.schema.Types.optionalGroup()
                    .as(LogicalTypeAnnotation.listType())
                    .addField(org.apache.parquet.schema.Types.repeatedGroup()
                            .addField(element)
                            .named("list"))
                    .named(column.label());
        }
        return primitive(
                org.apache.parquet.schema.Types.optional(primitiveType(column.shape(), column.precision())),
                column.shape(),
                column.bits(),
                column.precision(),
                column.scale(),
                column.label());
    }

    private static PrimitiveTypeName primitiveType(Shape shape, int precision) {
        switch (shape) {
            case BOOLEAN:
                return PrimitiveTypeName.BOOLEAN;
            case INT32:
            case UINT32:
            case DATE:
                return PrimitiveTypeName.INT32;
            case INT64:
            case TIME:
            case TIMESTAMP:
            case TIMESTAMP_UTC:
                return PrimitiveTypeName.INT64;
            case DECIMAL:
                return precision <= 9
                        ? PrimitiveTypeName.INT32
                        : precision <= 18 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
            case FLOAT:
                return PrimitiveTypeName.FLOAT;
            case DOUBLE:
                return PrimitiveTypeName.DOUBLE;
            case UUID:
                return PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
            default:
                return PrimitiveTypeName.BINARY;
        }
    }

    private static Type primitive(
            org.apache.parquet.schema.Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> builder,
            Shape shape,
            int bits,
            int precision,
            int scale,
            String name) {
        switch (shape) {
            case INT32:
            case INT64:
                return builder.as(LogicalTypeAnnotation.intType(bits, true)).named(name);
            case UINT32:
                return builder.as(LogicalTypeAnnotation.intType(bits, false)).named(name);
            case DECIMAL:
                if (precision > 18) {
                    builder = builder.length(decimalBytes(precision));
                }
                return builder.as(LogicalTypeAnnotation.decimalType(scale, precision))
                        .named(name);
            case STRING:
                return builder.as(LogicalTypeAnnotation.stringType()).named(name);
            case JSON:
                return builder.as(LogicalTypeAnnotation.jsonType()).named(name);
            case UUID:
                return builder.length(16).as(LogicalTypeAnnotation.uuidType()).named(name);
            case DATE:
                return builder.as(LogicalTypeAnnotation.dateType()).named(name);
            case TIME:
                return builder.as(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(name);
            case TIMESTAMP:
                return builder.as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(name);
            case TIMESTAMP_UTC:
                return builder.as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(name);
            default:
                return builder.named(name);
        }
    }

    /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits. */
    private static int decimalBytes(int precision) {
        BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return (largest.bitLength() + 1 + 7) / 8;
    }

    /**
     * Writes one row.
     *
     * @throws BadInputException naming the column and the value when the column's Parquet type cannot hold it
     */
    void write(RecordConsumer consumer, Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                continue;
            }
            Column column = columns.get(i);
            consumer.startField(column.label(), i);
            try {
                if (column.shape() == Shape.LIST) {
                    writeList(consumer, column, value);
                } else {
                    writeValue(consumer, column, column.shape(), column.bits(), value);
                }
            } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException | ClassCastException e) {
                throw refused(column, value, e.getMessage());
            }
            consumer.endField(column.label(), i);
        }
        consumer.endMessage();
    }

    private static void writeList(RecordConsumer consumer, Column column, Object value) {
        String text = (String) value;
        if (text.startsWith("[")) {
            throw refused(column, value, "an array whose index does not start at 1 has no exact form as a list");
        }
        List<Object> elements = PgArrayText.parse(text);
        consumer.startGroup();
        if (!elements.isEmpty()) {
            consumer.startField("list", 0);
            for (Object element : elements) {
                if (element instanceof List) {
                    throw refused(column, value, "a multi-dimensional array has no exact form as a list");
                }
                consumer.startGroup();
                if (element != null) {
                    consumer.startField("element", 0);
                    writeValue(consumer, column, column.element(), column.bits(), elementValue(column, element));
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    private static Object elementValue(Column column, Object element) {
        String text = (String) element;
        switch (column.element()) {
            case INT32:
            case INT64:
                return Long.parseLong(text);
            case BOOLEAN:
                return text.equals("t") || text.equals("true");
            default:
                return text;
        }
    }

    private static void writeValue(RecordConsumer consumer, Column column, Shape shape, int bits, Object value) {
        switch (shape) {
            case BOOLEAN:
                consumer.addBoolean((Boolean) value);
                return;
            case INT32:
            case UINT32: {
                long number = integer(value);
                long min = shape == Shape.UINT32 ? 0 : -(1L << (bits - 1));
                long max = shape == Shape.UINT32 ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
                if (number < min || number > max) {
                    throw new ArithmeticException("out of the column's " + bits + "-bit range");
                }
                consumer.addInteger((int) number);
                return;
            }
            case INT64:
                consumer.addLong(integer(value));
                return;
            case DECIMAL:
                writeDecimal(consumer, column, value);
                return;
            case FLOAT:
                consumer.addFloat(Float.parseFloat(value.toString()));
                return;
            case DOUBLE:
                consumer.addDouble(value instanceof Double ? (Double) value : Double.parseDouble(value.toString()));
                return;
            case STRING:
            case JSON:
                consumer.addBinary(org.apache.parquet.io.api.Binary.fromString(text(value)));
                return;
            case BINARY:
                consumer.addBinary(org.apache.parquet.io.api.Binary.fromConstantByteArray(((Binary) value).bytes()));
                return;
            case UUID: {
                UUID uuid = UUID.fromString(text(value));
                ByteBuffer bytes = ByteBuffer.allocate(16);
                bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
                consumer.addBinary(org.apache.parquet.io.api.Binary.fromConstantByteArray(bytes.array()));
                return;
            }
            case DATE:
                consumer.addInteger(Math.toIntExact(LocalDate.parse(text(value)).toEpochDay()));
                return;
            case TIME:
                consumer.addLong(timeMicros(text(value)));
                return;
            case TIMESTAMP:
                consumer.addLong(micros(LocalDateTime.parse(text(value)).toInstant(ZoneOffset.UTC)));
                return;
            case TIMESTAMP_UTC:
                consumer.addLong(micros(OffsetDateTime.parse(text(value)).toInstant()));
                return;
            default:
                throw new IllegalStateException("no Parquet writer for " + shape);
        }
    }

    /** A value read as text (SQLite's may be of another storage class than the column declares). */
    private static String text(Object value) {
        if (value instanceof ArrayValue) {
            return JsonLinesRowWriter.text((ArrayValue) value); // an H2 array, as CSV writes it
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("a value that is not text");
        }
        return (String) value;
    }

    private static long integer(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof BigInteger) {
            return ((BigInteger) value).longValueExact();
        }
        if (value instanceof String) {
            // MariaDB's YEAR, read as its four digits
            return Long.parseLong((String) value);
        }
        throw new IllegalArgumentException("a value that is not an integer");
    }

    private static void writeDecimal(RecordConsumer consumer, Column column, Object value) {
        BigDecimal number;
        if (value instanceof BigDecimal) {
            number = (BigDecimal) value;
        } else if (value instanceof BigInteger || value instanceof Long) {
            number = new BigDecimal(value.toString());
        } else {
            // NaN and infinities, which DECIMAL has no form for
            throw new IllegalArgumentException("DECIMAL holds neither NaN nor infinities");
        }
        BigInteger unscaled =
                number.setScale(column.scale(), RoundingMode.UNNECESSARY).unscaledValue();
        if (unscaled.abs().compareTo(BigInteger.TEN.pow(column.precision())) >= 0) {
            throw new ArithmeticException("more than " + column.precision() + " digits");
        }
        if (column.precision() <= 9) {
            consumer.addInteger(unscaled.intValueExact());
        } else if (column.precision() <= 18) {
            consumer.addLong(unscaled.longValueExact());
        } else {
            byte[] minimal = unscaled.toByteArray();
            byte[] bytes = new byte[decimalBytes(column.precision())];
            byte fill = unscaled.signum() < 0 ? (byte) 0xff : 0;
            int pad = bytes.length - minimal.length;
            for (int i = 0; i < pad; i++) {
                bytes[i] = fill;
            }
            System.arraycopy(minimal, 0, bytes, pad, minimal.length);
            consumer.addBinary(org.apache.parquet.io.api.Binary.fromConstantByteArray(bytes));
        }
    }

    /** A time of day as microseconds after midnight; 24:00:00 (PostgreSQL's end of day) included. */
    private static long timeMicros(String text) {
        Matcher parts = TIME_TEXT.matcher(text);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not a time of day");
        }
        String fraction = parts.group(5) == null ? "" : parts.group(5);
        if (fraction.length() > 6 && !fraction.substring(6).matches("0*")) {
            throw new ArithmeticException("finer than a microsecond");
        }
        long micros = ((Long.parseLong(parts.group(2)) * 60 + Long.parseLong(parts.group(3))) * 60
                                + Long.parseLong(parts.group(4)))
                        * 1_000_000L
                + (fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000").substring(0, 6)));
        if (!parts.group(1).isEmpty() && micros != 0 || micros > 86_400_000_000L) {
            throw new ArithmeticException("not a time of day between 00:00:00 and 24:00:00");
        }
        return micros;
    }

    private static long micros(Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new ArithmeticException("finer than a microsecond");
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static BadInputException refused(Column column, Object value, String why) {
        String shown = value instanceof Binary ? "binary data" : "'" + value + "'";
        return new BadInputException("column '" + column.label() + "' holds " + shown + ", which its Parquet type ("
                + describe(column) + ") cannot hold exactly" + (why == null ? "" : ": " + why)
                + ". Export a view that casts the column (to text, say), or leave such rows out with --where.");
    }

    private static String describe(Column column) {
        switch (column.shape()) {
            case DECIMAL:
                return "DECIMAL(" + column.precision() + "," + column.scale() + ")";
            case LIST:
                return "LIST of " + column.element();
            case INT32:
            case INT64:
                return "INT" + column.bits();
            case UINT32:
                return "UINT" + column.bits();
            default:
                return column.shape().name();
        }
    }
}
