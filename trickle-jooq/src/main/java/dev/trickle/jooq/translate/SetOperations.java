package dev.trickle.jooq.translate;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Objects;
import org.jooq.Select;

/**
 * Reads the set operations of a parsed query: the one place that knows how jOOQ holds them. jOOQ 3.19's query object
 * model exposes no {@code UNION}, {@code INTERSECT} or {@code EXCEPT} (no {@code QOM} type, no {@code $union()}); a
 * parsed {@code SELECT} is an {@code org.jooq.impl.SelectQueryImpl} whose own clauses are the first branch and whose
 * private fields {@code unionOp} (one {@code CombineOperator} per step) and {@code union} (per step, the branches it
 * adds) hold the rest, left-associatively: {@code a op₀ b op₀ c op₁ d} is {@code ((a op₀ b) op₀ c) op₁ d}. The parser
 * applies the precedence of {@code INTERSECT} and the parentheses, so a branch may itself be a combination.
 *
 * <p>This class reads those two fields by reflection and takes the first branch alone as a copy of the query with
 * them (and the combination's {@code ORDER BY}) emptied. If jOOQ's representation changes, it fails loudly ({@link
 * IllegalStateException}), and {@code SetOperationsTest} with it; the rest of the compiler sees only {@link Tree}.
 * Reflection needs {@code org.jooq.impl} open to this code: true on the class path; on the module path the
 * application must {@code --add-opens org.jooq/org.jooq.impl=dev.trickle.jooq}.
 */
final class SetOperations {
    private SetOperations() {}

    /** A set operator as written. */
    enum Op {
        UNION("UNION"),
        UNION_ALL("UNION ALL"),
        INTERSECT("INTERSECT"),
        INTERSECT_ALL("INTERSECT ALL"),
        EXCEPT("EXCEPT"),
        EXCEPT_ALL("EXCEPT ALL");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** @return the operator as SQL spells it */
        String sql() {
            return sql;
        }
    }

    /** A query as a tree of set operations over plain {@code SELECT}s. */
    sealed interface Tree permits Leaf, Combine {}

    /**
     * A {@code SELECT} without set operations.
     *
     * @param select the branch, a query of its own (the first branch is a copy of the top-level query)
     */
    record Leaf(Select<?> select) implements Tree {}

    /**
     * {@code left op right}.
     *
     * @param op the operator
     * @param left the left operand
     * @param right the right operand
     */
    record Combine(Op op, Tree left, Tree right) implements Tree {}

    /**
     * Reads a query's set operations.
     *
     * @param select a parsed query
     * @return a {@link Leaf} of the query itself if it has none, else the tree
     * @throws IllegalStateException if jOOQ no longer holds set operations as this class expects
     */
    static Tree of(Select<?> select) {
        if (!Flattener.hasSetOperation(select)) {
            // found by rendering, without reflection: a query without set operations reads on the module path too
            return new Leaf(select);
        }
        List<?> ops = list(select, "unionOp");
        List<?> branches = list(select, "union");
        if (ops.size() != branches.size()) {
            throw broken(select, "unionOp and union differ in size");
        }
        if (ops.isEmpty()) {
            return new Leaf(select);
        }
        Tree tree = new Leaf(first(select));
        for (int i = 0; i < ops.size(); i++) {
            Op op = Op.valueOf(((Enum<?>) ops.get(i)).name());
            for (Object branch : (List<?>) branches.get(i)) {
                tree = new Combine(op, tree, of((Select<?>) branch));
            }
        }
        return tree;
    }

    /** The first branch: a copy of the query (flipping a clause twice copies it) without its set operations. */
    private static Select<?> first(Select<?> select) {
        Select<?> copy = select.$distinct(!select.$distinct()).$distinct(select.$distinct());
        if (copy == select || list(copy, "union") == list(select, "union")) {
            throw broken(select, "a copy shares the set operations of the query");
        }
        for (String name : List.of("unionOp", "union", "unionOrderBy", "unionSeek")) {
            list(copy, name).clear();
        }
        return copy;
    }

    private static List<?> list(Select<?> select, String name) {
        try {
            Field field = select.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return (List<?>) Objects.requireNonNull(field.get(select), name);
        } catch (java.lang.reflect.InaccessibleObjectException e) {
            // the module path, without the opening the javadoc names: refused, so AUTO refreshes it in full
            throw Unsupported.of(dev.trickle.UnsupportedQueryException.Reason.SET_OPERATION, select, "UNION, INTERSECT"
                    + " or EXCEPT on the module path without --add-opens org.jooq/org.jooq.impl=dev.trickle.jooq");
        } catch (ReflectiveOperationException | RuntimeException e) {
            IllegalStateException broken = broken(select, "cannot read its field " + name);
            broken.initCause(e);
            throw broken;
        }
    }

    private static IllegalStateException broken(Select<?> select, String detail) {
        return new IllegalStateException("internal error: jOOQ " + org.jooq.Constants.FULL_VERSION
                + " holds set operations differently than trickle expects (" + select.getClass().getName() + ": "
                + detail + ")");
    }
}
