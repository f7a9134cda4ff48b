package dev.trickle.jooq.plan;

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
public record InnerJoin(RelOp left, RelOp right, Condition on) implements RelOp {

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
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitInnerJoin(this);
    }

    @Override
    public List<RelOp> inputs() {
        return List.of(left, right);
    }
}
