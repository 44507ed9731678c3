package dev.chunkwise.spark;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;

/**
 * A Spark predicate rendered as SQL for the scan's filter: quoted, catalog-checked column names,
 * {@code ?} placeholders, and the literal values as bind parameters (never pasted into the text).
 * Rendered are comparisons of a column with a literal ({@code = <> < <= > >= <=>}), {@code IN},
 * {@code IS [NOT] NULL}, and {@code AND}, {@code OR} and {@code NOT} of those:
 * {@code ("rating" > ? AND "blog_id" IN (?, ?))}.
 *
 * <p>A column is compared in the database only where the database compares as Spark does
 * ({@link SparkColumns.Comparison#EXACT}: numbers, booleans, dates, timestamps). A text column's
 * equality and {@code IN} are pushed too, but the database compares by the column's collation
 * (case-insensitive on MariaDB by default), so it may keep more rows than Spark would: such a
 * predicate is also left for Spark to check again ({@link #exact()} false). Anything else is not
 * pushed. Immutable and serializable.
 *
 * @param sql the condition
 * @param parameters its bind values, in order
 * @param exact whether the database's result is exactly Spark's, so that Spark need not check again
 */
record PushedFilter(String sql, List<Object> parameters, boolean exact) implements Serializable {

    /** The most values an {@code IN} list is pushed with. */
    static final int MAX_IN_VALUES = 1000;

    PushedFilter {
        parameters = List.copyOf(parameters);
    }

    /** Renders {@code predicate}, or empty when it cannot be rendered safely. */
    static Optional<PushedFilter> render(Predicate predicate, SparkColumns columns, String quote, boolean postgreSql) {
        Renderer renderer = new Renderer(columns, quote, postgreSql);
        StringBuilder sql = new StringBuilder();
        if (!renderer.render(predicate, sql, false)) {
            return Optional.empty();
        }
        return Optional.of(new PushedFilter(sql.toString(), renderer.parameters, renderer.exact));
    }

    /** The conjunction of several rendered filters. */
    static PushedFilter and(List<PushedFilter> filters) {
        List<String> parts = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        boolean exact = true;
        for (PushedFilter filter : filters) {
            parts.add("(" + filter.sql() + ")");
            parameters.addAll(filter.parameters());
            exact &= filter.exact();
        }
        return new PushedFilter(String.join(" AND ", parts), parameters, exact);
    }

    private static final class Renderer {
        private final SparkColumns columns;
        private final String quote;
        private final boolean postgreSql;
        private final List<Object> parameters = new ArrayList<>();
        private boolean exact = true;

        Renderer(SparkColumns columns, String quote, boolean postgreSql) {
            this.columns = columns;
            this.quote = quote;
            this.postgreSql = postgreSql;
        }

        /** @param negated whether the predicate sits under a NOT (text columns may not: NOT of a superset is a subset) */
        boolean render(Predicate predicate, StringBuilder sql, boolean negated) {
            Expression[] children = predicate.children();
            switch (predicate.name()) {
                case "AND":
                case "OR": {
                    sql.append('(');
                    for (int i = 0; i < children.length; i++) {
                        if (!(children[i] instanceof Predicate)) {
                            return false;
                        }
                        if (i > 0) {
                            sql.append(' ').append(predicate.name()).append(' ');
                        }
                        if (!render((Predicate) children[i], sql, negated)) {
                            return false;
                        }
                    }
                    sql.append(')');
                    return true;
                }
                case "NOT":
                    if (children.length != 1 || !(children[0] instanceof Predicate)) {
                        return false;
                    }
                    sql.append("(NOT ");
                    if (!render((Predicate) children[0], sql, !negated)) {
                        return false;
                    }
                    sql.append(')');
                    return true;
                case "IS_NULL":
                case "IS_NOT_NULL": {
                    String column = column(children.length == 1 ? children[0] : null);
                    if (column == null) {
                        return false;
                    }
                    sql.append(column).append(predicate.name().equals("IS_NULL") ? " IS NULL" : " IS NOT NULL");
                    return true;
                }
                case "IN":
                    return in(children, sql, negated);
                case "=":
                case "<>":
                case "<":
                case "<=":
                case ">":
                case ">=":
                case "<=>":
                    return comparison(predicate.name(), children, sql, negated);
                case "ALWAYS_TRUE":
                    sql.append("1 = 1");
                    return true;
                case "ALWAYS_FALSE":
                    sql.append("1 = 0");
                    return true;
                default:
                    return false;
            }
        }

        private boolean comparison(String operator, Expression[] children, StringBuilder sql, boolean negated) {
            if (children.length != 2) {
                return false;
            }
            Expression left = children[0];
            Expression right = children[1];
            if (left instanceof Literal && right instanceof NamedReference) {
                Expression swap = left;
                left = right;
                right = swap;
                operator = flipped(operator);
            }
            if (!(left instanceof NamedReference) || !(right instanceof Literal)) {
                return false;
            }
            SparkColumns.Column column = target(left);
            if (column == null || !comparable(column, operator, negated)) {
                return false;
            }
            Literal<?> literal = (Literal<?>) right;
            if (literal.value() == null) {
                if (!operator.equals("<=>")) {
                    return false; // a comparison with NULL is NULL in Spark and in SQL: Spark keeps it
                }
                sql.append(quoted(column)).append(" IS NULL");
                return true;
            }
            Object value = bindValue(literal.value(), literal.dataType(), column);
            if (value == null) {
                return false;
            }
            if (operator.equals("<=>")) {
                // the literal is not NULL here, so null-safe equality is equality that is false (not NULL) for a NULL
                // column
                sql.append('(')
                        .append(quoted(column))
                        .append(" = ? AND ")
                        .append(quoted(column))
                        .append(" IS NOT NULL)");
            } else {
                sql.append(quoted(column)).append(' ').append(operator).append(" ?");
            }
            parameters.add(value);
            return true;
        }

        private boolean in(Expression[] children, StringBuilder sql, boolean negated) {
            if (children.length < 2 || children.length - 1 > MAX_IN_VALUES) {
                return false;
            }
            SparkColumns.Column column = target(children[0]);
            if (column == null || !comparable(column, "=", negated)) {
                return false;
            }
            List<Object> values = new ArrayList<>();
            for (int i = 1; i < children.length; i++) {
                if (!(children[i] instanceof Literal) || ((Literal<?>) children[i]).value() == null) {
                    return false;
                }
                Literal<?> literal = (Literal<?>) children[i];
                Object value = bindValue(literal.value(), literal.dataType(), column);
                if (value == null) {
                    return false;
                }
                values.add(value);
            }
            sql.append(quoted(column)).append(" IN (");
            for (int i = 0; i < values.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            parameters.addAll(values);
            return true;
        }

        private boolean comparable(SparkColumns.Column column, String operator, boolean negated) {
            switch (column.comparison()) {
                case EXACT:
                    return true;
                case TEXT:
                    if (negated || !(operator.equals("=") || operator.equals("<=>"))) {
                        return false;
                    }
                    exact = false;
                    return true;
                default:
                    return false;
            }
        }

        private SparkColumns.Column target(Expression expression) {
            if (!(expression instanceof NamedReference)) {
                return null;
            }
            String[] names = ((NamedReference) expression).fieldNames();
            return names.length == 1 ? columns.column(names[0]) : null;
        }

        private String column(Expression expression) {
            SparkColumns.Column column = target(expression);
            return column == null ? null : quoted(column);
        }

        private String quoted(SparkColumns.Column column) {
            return quote + column.label().replace(quote, quote + quote) + quote;
        }

        /** The value to bind for a literal compared with {@code column}, or null when there is no exact one. */
        private Object bindValue(Object value, DataType type, SparkColumns.Column column) {
            boolean sameType = type.equals(column.dataType())
                    || type instanceof DecimalType && column.dataType() instanceof DecimalType;
            if (!sameType) {
                return null; // Spark compares in another type than the column's: it keeps the predicate
            }
            if (type.equals(DataTypes.StringType)) {
                return column.reader() == SparkColumns.Reader.STRING ? value.toString() : null;
            }
            if (type.equals(DataTypes.BooleanType)) {
                return value;
            }
            if (type.equals(DataTypes.ByteType)
                    || type.equals(DataTypes.ShortType)
                    || type.equals(DataTypes.IntegerType)
                    || type.equals(DataTypes.LongType)) {
                return ((Number) value).longValue();
            }
            if (type instanceof DecimalType) {
                return ((Decimal) value).toJavaBigDecimal();
            }
            if (type.equals(DataTypes.FloatType)) {
                return value;
            }
            if (type.equals(DataTypes.DoubleType)) {
                double number = (Double) value;
                return Double.isFinite(number) ? value : null; // MariaDB has no NaN or infinities to compare with
            }
            if (type.equals(DataTypes.DateType)) {
                return LocalDate.ofEpochDay((Integer) value);
            }
            if (type.equals(DataTypes.TimestampNTZType)) {
                return LocalDateTime.ofEpochSecond(
                        Math.floorDiv((Long) value, 1_000_000L),
                        (int) Math.floorMod((Long) value, 1_000_000L) * 1000,
                        ZoneOffset.UTC);
            }
            if (type.equals(DataTypes.TimestampType) && postgreSql) {
                return LocalDateTime.ofEpochSecond(
                                Math.floorDiv((Long) value, 1_000_000L),
                                (int) Math.floorMod((Long) value, 1_000_000L) * 1000,
                                ZoneOffset.UTC)
                        .atOffset(ZoneOffset.UTC);
            }
            return null;
        }

        private static String flipped(String operator) {
            switch (operator) {
                case "<":
                    return ">";
                case "<=":
                    return ">=";
                case ">":
                    return "<";
                case ">=":
                    return "<=";
                default:
                    return operator;
            }
        }
    }
}
