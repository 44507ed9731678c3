package dev.chunkwise.jpa.internal;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A condition over key attributes, built once per chunk and rendered either as a Criteria
 * {@link Predicate} or as JPQL text with named parameters. Constant TRUE and FALSE fold away when
 * conditions are combined, so the rendered form has no {@code 1 = 1} noise.
 */
sealed interface KeyCondition {

    KeyCondition TRUE = new Constant(true);
    KeyCondition FALSE = new Constant(false);

    record Constant(boolean value) implements KeyCondition {}

    /** {@code key > value}, {@code key >= value}, {@code key < value} or {@code key <= value}. */
    record Compare(KeyAttribute key, boolean greater, boolean orEqual, Object value) implements KeyCondition {}

    record Equal(KeyAttribute key, Object value) implements KeyCondition {}

    record IsNull(KeyAttribute key, boolean isNull) implements KeyCondition {}

    record And(List<KeyCondition> terms) implements KeyCondition {}

    record Or(List<KeyCondition> terms) implements KeyCondition {}

    static KeyCondition and(KeyCondition left, KeyCondition right) {
        if (left == FALSE || right == FALSE) {
            return FALSE;
        }
        if (left == TRUE) {
            return right;
        }
        if (right == TRUE) {
            return left;
        }
        List<KeyCondition> terms = new ArrayList<>();
        for (KeyCondition side : List.of(left, right)) {
            if (side instanceof And) {
                terms.addAll(((And) side).terms());
            } else {
                terms.add(side);
            }
        }
        return new And(List.copyOf(terms));
    }

    static KeyCondition or(KeyCondition left, KeyCondition right) {
        if (left == TRUE || right == TRUE) {
            return TRUE;
        }
        if (left == FALSE) {
            return right;
        }
        if (right == FALSE) {
            return left;
        }
        List<KeyCondition> terms = new ArrayList<>();
        for (KeyCondition side : List.of(left, right)) {
            if (side instanceof Or) {
                terms.addAll(((Or) side).terms());
            } else {
                terms.add(side);
            }
        }
        return new Or(List.copyOf(terms));
    }

    /** Renders this condition as a Criteria predicate over {@code root}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    default Predicate toPredicate(CriteriaBuilder builder, Root<?> root) {
        if (this instanceof Constant) {
            return ((Constant) this).value() ? builder.conjunction() : builder.disjunction();
        }
        if (this instanceof Compare) {
            Compare compare = (Compare) this;
            Expression path = path(root, compare.key());
            Comparable value = (Comparable) compare.value();
            if (compare.greater()) {
                return compare.orEqual() ? builder.greaterThanOrEqualTo(path, value) : builder.greaterThan(path, value);
            }
            return compare.orEqual() ? builder.lessThanOrEqualTo(path, value) : builder.lessThan(path, value);
        }
        if (this instanceof Equal) {
            Equal equal = (Equal) this;
            return builder.equal(path(root, equal.key()), equal.value());
        }
        if (this instanceof IsNull) {
            IsNull isNull = (IsNull) this;
            Path<?> path = path(root, isNull.key());
            return isNull.isNull() ? builder.isNull(path) : builder.isNotNull(path);
        }
        List<KeyCondition> terms = this instanceof And ? ((And) this).terms() : ((Or) this).terms();
        Predicate[] predicates = new Predicate[terms.size()];
        for (int i = 0; i < predicates.length; i++) {
            predicates[i] = terms.get(i).toPredicate(builder, root);
        }
        return this instanceof And ? builder.and(predicates) : builder.or(predicates);
    }

    /**
     * Renders this condition as JPQL over the entity alias {@code alias}, adding its values to
     * {@code parameters} under generated names.
     */
    default String toJpql(String alias, Map<String, Object> parameters) {
        if (this instanceof Constant) {
            return ((Constant) this).value() ? "1 = 1" : "1 = 0";
        }
        if (this instanceof Compare) {
            Compare compare = (Compare) this;
            String operator = (compare.greater() ? ">" : "<") + (compare.orEqual() ? "=" : "");
            return alias + "." + compare.key().path() + " " + operator + " :" + parameter(parameters, compare.value());
        }
        if (this instanceof Equal) {
            Equal equal = (Equal) this;
            return alias + "." + equal.key().path() + " = :" + parameter(parameters, equal.value());
        }
        if (this instanceof IsNull) {
            IsNull isNull = (IsNull) this;
            return alias + "." + isNull.key().path() + (isNull.isNull() ? " IS NULL" : " IS NOT NULL");
        }
        boolean and = this instanceof And;
        List<KeyCondition> terms = and ? ((And) this).terms() : ((Or) this).terms();
        StringBuilder text = new StringBuilder();
        for (KeyCondition term : terms) {
            if (text.length() > 0) {
                text.append(and ? " AND " : " OR ");
            }
            boolean group = term instanceof And || term instanceof Or;
            text.append(group ? "(" : "").append(term.toJpql(alias, parameters)).append(group ? ")" : "");
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
