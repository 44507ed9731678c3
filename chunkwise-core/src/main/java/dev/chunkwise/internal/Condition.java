package dev.chunkwise.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a WHERE clause with its bind values, or one of the constants TRUE and FALSE, which
 * are simplified away rather than rendered. Disjunctions are always parenthesised, so a
 * condition can be combined with AND without changing its meaning.
 */
final class Condition {

    static final Condition TRUE = new Condition("TRUE", List.of());
    static final Condition FALSE = new Condition("FALSE", List.of());

    final String text;
    final List<Object> binds;

    private Condition(String text, List<Object> binds) {
        this.text = text;
        this.binds = binds;
    }

    static Condition of(String text, Object... binds) {
        return new Condition(text, List.of(binds));
    }

    static Condition and(Condition left, Condition right) {
        if (left == FALSE || right == FALSE) {
            return FALSE;
        }
        if (left == TRUE) {
            return right;
        }
        if (right == TRUE) {
            return left;
        }
        return new Condition(left.text + " AND " + right.text, concat(left.binds, right.binds));
    }

    static Condition or(Condition left, Condition right) {
        if (left == TRUE || right == TRUE) {
            return TRUE;
        }
        if (left == FALSE) {
            return right;
        }
        if (right == FALSE) {
            return left;
        }
        return new Condition("(" + left.text + " OR " + right.text + ")", concat(left.binds, right.binds));
    }

    private static List<Object> concat(List<Object> left, List<Object> right) {
        List<Object> all = new ArrayList<>(left.size() + right.size());
        all.addAll(left);
        all.addAll(right);
        return all;
    }
}
