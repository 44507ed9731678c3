package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.KeyCondition;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;
import java.util.Map;

/**
 * Renders core's key conditions ({@link KeyCondition}, built by
 * {@link dev.chunkwise.internal.KeyConditions} for JDBC and JPA scans alike) for Jakarta
 * Persistence: as a Criteria {@link Predicate}, or as JPQL text with named parameters. JPA scans
 * never ask for row values, so a {@link KeyCondition.RowCompare} does not occur.
 */
final class JpaConditions {

    private JpaConditions() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Predicate toPredicate(KeyCondition<KeyAttribute> condition, CriteriaBuilder builder, Root<?> root) {
        if (condition instanceof KeyCondition.Constant<KeyAttribute> constant) {
            return constant.value() ? builder.conjunction() : builder.disjunction();
        }
        if (condition instanceof KeyCondition.Compare<KeyAttribute> compare) {
            Expression path = path(root, compare.key());
            Comparable value = (Comparable) compare.value();
            if (compare.greater()) {
                return compare.orEqual() ? builder.greaterThanOrEqualTo(path, value) : builder.greaterThan(path, value);
            }
            return compare.orEqual() ? builder.lessThanOrEqualTo(path, value) : builder.lessThan(path, value);
        }
        if (condition instanceof KeyCondition.Equal<KeyAttribute> equal) {
            return builder.equal(path(root, equal.key()), equal.value());
        }
        if (condition instanceof KeyCondition.IsNull<KeyAttribute> isNull) {
            Path<?> path = path(root, isNull.key());
            return isNull.isNull() ? builder.isNull(path) : builder.isNotNull(path);
        }
        if (condition instanceof KeyCondition.In<KeyAttribute> in) {
            return path(root, in.key()).in(in.values());
        }
        if (condition instanceof KeyCondition.RowIn<KeyAttribute> in) {
            Predicate[] rows = new Predicate[in.rows().size()];
            for (int row = 0; row < rows.length; row++) {
                Predicate[] equal = new Predicate[in.keys().size()];
                for (int i = 0; i < equal.length; i++) {
                    equal[i] = builder.equal(
                            path(root, in.keys().get(i)), in.rows().get(row).get(i));
                }
                rows[row] = builder.and(equal);
            }
            return builder.or(rows);
        }
        if (condition instanceof KeyCondition.AnyOf<KeyAttribute> any) {
            Predicate[] terms = new Predicate[any.terms().size()];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = toPredicate(any.terms().get(i), builder, root);
            }
            return builder.or(terms);
        }
        if (condition instanceof KeyCondition.RowCompare) {
            throw new IllegalStateException("JPA scans do not compare row values");
        }
        List<KeyCondition<KeyAttribute>> terms = KeyCondition.terms(condition);
        Predicate[] predicates = new Predicate[terms.size()];
        for (int i = 0; i < predicates.length; i++) {
            predicates[i] = toPredicate(terms.get(i), builder, root);
        }
        return condition instanceof KeyCondition.And ? builder.and(predicates) : builder.or(predicates);
    }

    /**
     * JPQL over the entity alias {@code alias}, adding the condition's values to
     * {@code parameters} under generated names; nested groups in parentheses.
     */
    static String toJpql(KeyCondition<KeyAttribute> condition, String alias, Map<String, Object> parameters) {
        if (condition instanceof KeyCondition.Constant<KeyAttribute> constant) {
            return constant.value() ? "1 = 1" : "1 = 0";
        }
        if (condition instanceof KeyCondition.Compare<KeyAttribute> compare) {
            String operator = (compare.greater() ? ">" : "<") + (compare.orEqual() ? "=" : "");
            return alias + "." + compare.key().path() + " " + operator + " :" + parameter(parameters, compare.value());
        }
        if (condition instanceof KeyCondition.Equal<KeyAttribute> equal) {
            return alias + "." + equal.key().path() + " = :" + parameter(parameters, equal.value());
        }
        if (condition instanceof KeyCondition.IsNull<KeyAttribute> isNull) {
            return alias + "." + isNull.key().path() + (isNull.isNull() ? " IS NULL" : " IS NOT NULL");
        }
        if (condition instanceof KeyCondition.In<KeyAttribute> in) {
            return alias + "." + in.key().path() + " IN :" + parameter(parameters, in.values());
        }
        if (condition instanceof KeyCondition.RowIn<KeyAttribute> in) {
            StringBuilder rows = new StringBuilder("(");
            for (List<Object> row : in.rows()) {
                rows.append(rows.length() > 1 ? " OR (" : "(");
                for (int i = 0; i < row.size(); i++) {
                    rows.append(i == 0 ? "" : " AND ")
                            .append(alias)
                            .append('.')
                            .append(in.keys().get(i).path())
                            .append(" = :")
                            .append(parameter(parameters, row.get(i)));
                }
                rows.append(')');
            }
            return rows.append(')').toString();
        }
        if (condition instanceof KeyCondition.AnyOf<KeyAttribute> any) {
            StringBuilder terms = new StringBuilder("(");
            for (KeyCondition<KeyAttribute> term : any.terms()) {
                terms.append(terms.length() > 1 ? " OR (" : "(")
                        .append(toJpql(term, alias, parameters))
                        .append(')');
            }
            return terms.append(')').toString();
        }
        if (condition instanceof KeyCondition.RowCompare) {
            throw new IllegalStateException("JPA scans do not compare row values");
        }
        boolean and = condition instanceof KeyCondition.And;
        StringBuilder text = new StringBuilder();
        for (KeyCondition<KeyAttribute> term : KeyCondition.terms(condition)) {
            if (text.length() > 0) {
                text.append(and ? " AND " : " OR ");
            }
            boolean group = term instanceof KeyCondition.And || term instanceof KeyCondition.Or;
            text.append(group ? "(" : "")
                    .append(toJpql(term, alias, parameters))
                    .append(group ? ")" : "");
        }
        return text.toString();
    }

    private static String parameter(Map<String, Object> parameters, Object value) {
        String name = "chunkwise_" + parameters.size();
        parameters.put(name, value);
        return name;
    }

    /** The path of a key attribute from the entity root. */
    static Path<?> path(Root<?> root, KeyAttribute key) {
        Path<?> path = root;
        for (String part : key.parts()) {
            path = path.get(part);
        }
        return path;
    }
}
