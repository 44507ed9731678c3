package dev.chunkwise.spark;

import dev.chunkwise.ScanColumn;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Spark type of each column a scan selects, decided once from the columns the JDBC driver
 * describes, and how each value is read into Spark's internal form. Exact, or refused:
 *
 * <ul>
 *   <li>integers as the Spark integer of their width ({@code tinyint} {@code ByteType},
 *       {@code smallint}/{@code int2} {@code ShortType}, {@code int}/{@code int4}/{@code mediumint}
 *       {@code IntegerType}, {@code bigint} {@code LongType}); an unsigned one as the next wider type,
 *       {@code BIGINT UNSIGNED} as {@code DECIMAL(20,0)};
 *   <li>decimals as {@code DecimalType(p,s)} of their declared precision and scale; refused when the
 *       column has no precision (PostgreSQL's bare {@code numeric}) or more than 38 digits;
 *   <li>{@code real}/{@code float4}/MariaDB {@code FLOAT} as {@code FloatType}, double precision as
 *       {@code DoubleType}; booleans ({@code BIT(1)} included) as {@code BooleanType};
 *   <li>text as {@code StringType}, binary as {@code BinaryType};
 *   <li>{@code DATE} as {@code DateType}; a timestamp without time zone ({@code timestamp},
 *       {@code DATETIME}, MariaDB's {@code TIMESTAMP} as the session shows it) as
 *       {@code TimestampNTZType}; PostgreSQL's {@code timestamptz} as {@code TimestampType} (an
 *       instant), both in microseconds;
 *   <li>PostgreSQL's one-dimensional arrays of integers, floats, booleans and text as
 *       {@code ArrayType} of their element;
 *   <li>every other type the database can show as text ({@code uuid}, {@code json}, {@code interval},
 *       {@code time}, enums, MariaDB's {@code TIME} and {@code YEAR}...) as {@code StringType} of the
 *       server's exact text; on databases other than PostgreSQL a column the driver reports as
 *       {@code OTHER}, {@code STRUCT}, {@code REF} or {@code JAVA_OBJECT} is refused.
 * </ul>
 *
 * A value that its column's type cannot hold (PostgreSQL's {@code infinity} dates, a NaN numeric, a
 * MariaDB zero date, a multi-dimensional array) fails the task naming the column and the value: it
 * is never approximated or turned into NULL.
 *
 * <p>Immutable and serializable (the reader factory carries it to the executors).
 */
final class SparkColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int MAX_DECIMAL_PRECISION = 38;

    /** How one column's values are read. */
    enum Reader {
        BOOLEAN,
        BYTE,
        SHORT,
        INT,
        LONG,
        DECIMAL,
        FLOAT,
        DOUBLE,
        STRING,
        BINARY,
        DATE,
        TIMESTAMP_NTZ,
        TIMESTAMP,
        ARRAY
    }

    /**
     * How filters on a column may be pushed to the database: {@code EXACT} when the database
     * compares its values as Spark does, {@code TEXT} when it compares by a collation (equality and
     * IN only, and Spark checks the rows again), {@code NONE} for anything else (only IS NULL).
     */
    enum Comparison {
        EXACT,
        TEXT,
        NONE
    }

    /**
     * One column's plan.
     *
     * @param label the column's name as the database reports it
     * @param typeName the database's type name
     * @param reader how values are read
     * @param element the reader of an array's elements
     * @param precision a decimal's precision
     * @param scale a decimal's scale
     * @param comparison how filters on it may be pushed
     */
    record Column(
            String label,
            String typeName,
            Reader reader,
            Reader element,
            int precision,
            int scale,
            Comparison comparison,
            boolean checkNull)
            implements Serializable {

        DataType dataType() {
            return reader == Reader.ARRAY
                    ? DataTypes.createArrayType(type(element, 0, 0), true)
                    : type(reader, precision, scale);
        }

        private static DataType type(Reader reader, int precision, int scale) {
            switch (reader) {
                case BOOLEAN:
                    return DataTypes.BooleanType;
                case BYTE:
                    return DataTypes.ByteType;
                case SHORT:
                    return DataTypes.ShortType;
                case INT:
                    return DataTypes.IntegerType;
                case LONG:
                    return DataTypes.LongType;
                case DECIMAL:
                    return DataTypes.createDecimalType(precision, scale);
                case FLOAT:
                    return DataTypes.FloatType;
                case DOUBLE:
                    return DataTypes.DoubleType;
                case BINARY:
                    return DataTypes.BinaryType;
                case DATE:
                    return DataTypes.DateType;
                case TIMESTAMP_NTZ:
                    return DataTypes.TimestampNTZType;
                case TIMESTAMP:
                    return DataTypes.TimestampType;
                default:
                    return DataTypes.StringType;
            }
        }
    }

    private final List<Column> columns;

    private SparkColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * Plans these columns (the first {@code count} of a scan's columns) for the database of {@code postgreSql}.
     *
     * @throws IllegalArgumentException naming a column whose type Spark cannot hold exactly
     */
    static SparkColumns of(List<ScanColumn> columns, boolean postgreSql) {
        List<Column> planned = new ArrayList<>();
        for (ScanColumn column : columns) {
            planned.add(postgreSql ? postgres(column) : generic(column));
        }
        return new SparkColumns(planned);
    }

    List<Column> columns() {
        return columns;
    }

    StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (Column column : columns) {
            fields.add(new StructField(column.label(), column.dataType(), true, Metadata.empty()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The plans of the named columns, in that order. */
    SparkColumns select(List<String> names) {
        List<Column> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(columns.stream()
                    .filter(column -> column.label().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column '" + name + "' in " + labels())));
        }
        return new SparkColumns(selected);
    }

    Column column(String label) {
        for (Column column : columns) {
            if (column.label().equals(label)) {
                return column;
            }
        }
        return null;
    }

    List<String> labels() {
        List<String> labels = new ArrayList<>();
        columns.forEach(column -> labels.add(column.label()));
        return labels;
    }

    private static Column of(ScanColumn column, Reader reader, Comparison comparison) {
        return new Column(column.label(), column.typeName(), reader, null, 0, 0, comparison, false);
    }

    private static Column postgres(ScanColumn column) {
        String typeName = String.valueOf(column.typeName()).toLowerCase(Locale.ROOT);
        switch (typeName) {
            case "bool":
                return of(column, Reader.BOOLEAN, Comparison.EXACT);
            case "int2":
            case "smallserial":
                return of(column, Reader.SHORT, Comparison.EXACT);
            case "int4":
            case "serial":
                return of(column, Reader.INT, Comparison.EXACT);
            case "int8":
            case "bigserial":
                return of(column, Reader.LONG, Comparison.EXACT);
            case "oid":
                return of(column, Reader.LONG, Comparison.NONE);
            case "numeric":
                return decimal(column);
            case "float4":
                return of(column, Reader.FLOAT, Comparison.EXACT);
            case "float8":
                return of(column, Reader.DOUBLE, Comparison.EXACT);
            case "text":
            case "varchar":
            case "bpchar":
                return of(column, Reader.STRING, Comparison.TEXT);
            case "bytea":
                return of(column, Reader.BINARY, Comparison.NONE);
            case "date":
                return of(column, Reader.DATE, Comparison.EXACT);
            case "timestamp":
                return of(column, Reader.TIMESTAMP_NTZ, Comparison.EXACT);
            case "timestamptz":
                return of(column, Reader.TIMESTAMP, Comparison.EXACT);
            case "_int2":
                return array(column, Reader.SHORT);
            case "_int4":
                return array(column, Reader.INT);
            case "_int8":
                return array(column, Reader.LONG);
            case "_float4":
                return array(column, Reader.FLOAT);
            case "_float8":
                return array(column, Reader.DOUBLE);
            case "_bool":
                return array(column, Reader.BOOLEAN);
            case "_text":
            case "_varchar":
            case "_bpchar":
                return array(column, Reader.STRING);
            default:
                // the server's exact text: uuid, json, jsonb, time, timetz, interval, money, enums, xml,
                // bit strings, network and geometric types, ranges, other arrays
                return of(column, Reader.STRING, Comparison.NONE);
        }
    }

    private static Column array(ScanColumn column, Reader element) {
        return new Column(column.label(), column.typeName(), Reader.ARRAY, element, 0, 0, Comparison.NONE, false);
    }

    private static Column generic(ScanColumn column) {
        String typeName = String.valueOf(column.typeName()).toUpperCase(Locale.ROOT);
        boolean unsigned = typeName.contains("UNSIGNED");
        switch (column.jdbcType()) {
            case Types.BOOLEAN:
                return of(column, Reader.BOOLEAN, Comparison.EXACT);
            case Types.BIT:
                return column.precision() <= 1
                        ? of(column, Reader.BOOLEAN, Comparison.EXACT)
                        : of(column, Reader.BINARY, Comparison.NONE);
            case Types.TINYINT:
                return of(column, unsigned ? Reader.SHORT : Reader.BYTE, Comparison.EXACT);
            case Types.SMALLINT:
                if (typeName.startsWith("YEAR")) {
                    return of(column, Reader.SHORT, Comparison.EXACT);
                }
                return of(column, unsigned ? Reader.INT : Reader.SHORT, Comparison.EXACT);
            case Types.INTEGER:
                return of(column, unsigned ? Reader.LONG : Reader.INT, Comparison.EXACT);
            case Types.BIGINT:
                if (unsigned) {
                    return new Column(
                            column.label(), column.typeName(), Reader.DECIMAL, null, 20, 0, Comparison.EXACT, false);
                }
                return of(column, Reader.LONG, Comparison.EXACT);
            case Types.DECIMAL:
            case Types.NUMERIC:
                return decimal(column);
            case Types.REAL:
                return of(column, Reader.FLOAT, Comparison.EXACT);
            case Types.FLOAT:
            case Types.DOUBLE:
                return of(column, Reader.DOUBLE, Comparison.EXACT);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                boolean plainText = typeName.contains("CHAR") || typeName.contains("TEXT");
                return of(column, Reader.STRING, plainText ? Comparison.TEXT : Comparison.NONE);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return of(column, Reader.BINARY, Comparison.NONE);
            case Types.DATE:
                return checked(column, Reader.DATE);
            case Types.TIMESTAMP:
                return checked(column, Reader.TIMESTAMP_NTZ);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return of(column, Reader.TIMESTAMP, Comparison.EXACT);
            case Types.TIME:
            case Types.TIME_WITH_TIMEZONE:
                return of(column, Reader.STRING, Comparison.NONE);
            default:
                throw new IllegalArgumentException("column '" + column.label() + "' of type " + column.typeName()
                        + " (JDBC type " + column.jdbcType() + ") has no exact Spark type; leave it out or read a view"
                        + " that casts it to text");
        }
    }

    /** A temporal column whose NULL is checked against the text: MariaDB reads a zero date as NULL. */
    private static Column checked(ScanColumn column, Reader reader) {
        return new Column(column.label(), column.typeName(), reader, null, 0, 0, Comparison.EXACT, true);
    }

    private static Column decimal(ScanColumn column) {
        int precision = column.precision();
        int scale = column.scale();
        if (precision <= 0 || precision > 1000) {
            throw new IllegalArgumentException("column '" + column.label() + "' of type " + column.typeName()
                    + " has no declared precision, so no Spark decimal holds every value exactly; read a view that"
                    + " casts it (" + column.label() + "::numeric(38,10), or to text), or leave it out");
        }
        if (precision > MAX_DECIMAL_PRECISION) {
            throw new IllegalArgumentException("column '" + column.label() + "' of type " + column.typeName() + "("
                    + precision + "," + scale + ") has more digits than a Spark decimal holds ("
                    + MAX_DECIMAL_PRECISION + "); read a view that casts it to a narrower decimal or to text");
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException("column '" + column.label() + "' of type " + column.typeName() + "("
                    + precision + "," + scale + ") has a scale that a Spark decimal cannot hold");
        }
        return new Column(
                column.label(), column.typeName(), Reader.DECIMAL, null, precision, scale, Comparison.EXACT, false);
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Reads column {@code index} (1-based) of the current row into field {@code ordinal} of
     * {@code target}, in Spark's internal form: primitives through the typed getters and setters
     * (no boxing), decimals from the driver's {@link BigDecimal}.
     *
     * @throws IllegalStateException naming the column and the value when its type cannot hold it
     */
    static void read(ResultSet row, int index, Column column, InternalRow target, int ordinal) throws SQLException {
        boolean isNull;
        try {
            isNull = readValue(row, index, column, target, ordinal);
        } catch (ArithmeticException | IllegalArgumentException | java.time.DateTimeException failure) {
            throw refused(column, row.getString(index), failure.getMessage());
        }
        if (isNull) {
            target.setNullAt(ordinal);
            if (column.checkNull()) {
                String text = row.getString(index);
                if (text != null) {
                    throw refused(column, text, "the driver has no value for it (a zero date?)");
                }
            }
        }
    }

    /** Sets the field to the column's value; returns true, leaving the field as it is, for NULL. */
    private static boolean readValue(ResultSet row, int index, Column column, InternalRow target, int ordinal)
            throws SQLException {
        switch (column.reader()) {
            case BOOLEAN: {
                boolean value = row.getBoolean(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setBoolean(ordinal, value);
                return false;
            }
            case BYTE: {
                byte value = row.getByte(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setByte(ordinal, value);
                return false;
            }
            case SHORT: {
                short value = row.getShort(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setShort(ordinal, value);
                return false;
            }
            case INT: {
                int value = row.getInt(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setInt(ordinal, value);
                return false;
            }
            case LONG: {
                long value = row.getLong(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setLong(ordinal, value);
                return false;
            }
            case FLOAT: {
                float value = row.getFloat(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setFloat(ordinal, value);
                return false;
            }
            case DOUBLE: {
                double value = row.getDouble(index);
                if (row.wasNull()) {
                    return true;
                }
                target.setDouble(ordinal, value);
                return false;
            }
            case DATE: {
                LocalDate value = row.getObject(index, LocalDate.class);
                if (value == null) {
                    return true;
                }
                target.setInt(ordinal, Math.toIntExact(value.toEpochDay()));
                return false;
            }
            case TIMESTAMP_NTZ: {
                LocalDateTime value = row.getObject(index, LocalDateTime.class);
                if (value == null) {
                    return true;
                }
                target.setLong(ordinal, micros(value.toInstant(ZoneOffset.UTC)));
                return false;
            }
            case TIMESTAMP: {
                OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
                if (value == null) {
                    return true;
                }
                target.setLong(ordinal, micros(value.toInstant()));
                return false;
            }
            default: {
                Object value = readObject(row, index, column);
                if (value == null) {
                    return true;
                }
                target.update(ordinal, value);
                return false;
            }
        }
    }

    private static Object readObject(ResultSet row, int index, Column column) throws SQLException {
        switch (column.reader()) {
            case DECIMAL: {
                BigDecimal value;
                try {
                    value = row.getBigDecimal(index);
                } catch (SQLException notADecimal) {
                    // PostgreSQL's NaN has no BigDecimal: name the column and the value, as for any other
                    String text = row.getString(index);
                    if (text != null && !isDecimal(text)) {
                        throw refused(column, text, "not a number");
                    }
                    throw notADecimal;
                }
                return value == null ? null : decimal(value, column);
            }
            case STRING: {
                String value = row.getString(index);
                return value == null ? null : UTF8String.fromString(value);
            }
            case BINARY:
                return row.getBytes(index);
            case ARRAY: {
                Array array = row.getArray(index);
                if (array == null) {
                    return null;
                }
                try {
                    Object[] elements = (Object[]) array.getArray();
                    Object[] values = new Object[elements.length];
                    for (int i = 0; i < elements.length; i++) {
                        values[i] = element(elements[i], column.element());
                    }
                    return new GenericArrayData(values);
                } finally {
                    array.free();
                }
            }
            default:
                throw new IllegalStateException("no reader for " + column.reader());
        }
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static Object element(Object element, Reader reader) {
        if (element == null) {
            return null;
        }
        if (element.getClass().isArray()) {
            throw new IllegalArgumentException("a multi-dimensional array has no exact form as a Spark array");
        }
        switch (reader) {
            case SHORT:
                return (short) Math.toIntExact(((Number) element).longValue());
            case INT:
                return Math.toIntExact(((Number) element).longValue());
            case LONG:
                return ((Number) element).longValue();
            case FLOAT:
                return ((Number) element).floatValue();
            case DOUBLE:
                return ((Number) element).doubleValue();
            case BOOLEAN:
                return (Boolean) element;
            default:
                return UTF8String.fromString(element.toString());
        }
    }

    private static Decimal decimal(BigDecimal value, Column column) {
        BigDecimal scaled = value.setScale(column.scale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > column.precision()) {
            throw new ArithmeticException("more than " + column.precision() + " digits");
        }
        return Decimal.apply(scaled, column.precision(), column.scale());
    }

    private static long micros(java.time.Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new ArithmeticException("finer than a microsecond");
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static IllegalStateException refused(Column column, String value, String why) {
        DataType type = column.dataType();
        return new IllegalStateException("column '" + column.label() + "' holds "
                + (value == null ? "a value" : "'" + value + "'") + ", which its Spark type ("
                + (type instanceof DecimalType ? type.sql() : type.simpleString()) + ") cannot hold exactly"
                + (why == null ? "" : ": " + why)
                + "; read a view that casts the column (to text, say), or leave such rows out with the 'where' option");
    }
}
