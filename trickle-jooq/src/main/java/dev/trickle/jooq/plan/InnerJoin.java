package dev.trickle.jooq.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * {@code left JOIN right ON condition}; a cross join has condition {@code true}. Equi-joins, theta joins and
 * self-joins are all this operator.
 *
 * @param left the left input
 * @param right the right input
 * @param on the join condition
 */
public record InnerJoin(Body left, Body right, Condition on) implements Body {
    /**
     * The fewest inputs ({@link #flatten}) whose change is written by the linear rule, one term per input; fewer take
     * the two-input rule's three terms.
     */
    public static final int LINEAR_RULE_INPUTS = 3;

    /**
     * Checks the components.
     *
     * @param left the left input
     * @param right the right input
     * @param on the join condition
     */
    public InnerJoin {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(on, "on");
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitInnerJoin(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of(left, right);
    }

    @Override
    public InnerJoin withInputs(List<? extends RelOp> inputs) {
        List<Body> in = RelOp.checkInputs(this, inputs, Body.class);
        return new InnerJoin(in.get(0), in.get(1), on);
    }

    /**
     * Flattens the inner joins and filters rooted here into their inputs and conditions: {@code A ⋈_p σ_q(B ⋈_r C)} is
     * {@code σ_{r ∧ q ∧ p}(A × B × C)}, inner joins and filters commuting over Z-sets. The inputs are the operators
     * that are neither (scans, outer and semi joins, grouped relations, unions).
     *
     * @return the inputs, left to right, and the conditions in the order the post-state lists them: each input's
     *     own first, then the join's or the filter's
     */
    public Flat flatten() {
        return flatten(this);
    }

    /**
     * Flattens the inner joins and filters rooted at a body, as {@link #flatten()} does: a filter over a join is one
     * product under the join's conditions and the filter's.
     *
     * @param op the body
     * @return its inputs, left to right (the body itself if it is neither an inner join nor a filter), and the
     *     conditions
     */
    public static Flat flatten(Body op) {
        List<Body> inputs = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        flatten(op, inputs, conditions);
        return new Flat(inputs, conditions);
    }

    private static void flatten(Body op, List<Body> inputs, List<Condition> conditions) {
        if (op instanceof InnerJoin j) {
            flatten(j.left, inputs, conditions);
            flatten(j.right, inputs, conditions);
            conditions.add(j.on);
        } else if (op instanceof Filter f) {
            flatten(f.input(), inputs, conditions);
            conditions.add(f.predicate());
        } else {
            inputs.add(op);
        }
    }

    /**
     * A tree of inner joins and filters as one product under one condition.
     *
     * @param inputs the joined operators, left to right, none an inner join or a filter
     * @param conditions the conjunction of the join and filter conditions
     */
    public record Flat(List<Body> inputs, List<Condition> conditions) {
        /**
         * Copies the lists.
         *
         * @param inputs the joined operators, left to right
         * @param conditions the conjunction of the join and filter conditions
         */
        public Flat {
            inputs = List.copyOf(inputs);
            conditions = List.copyOf(conditions);
        }
    }
}
