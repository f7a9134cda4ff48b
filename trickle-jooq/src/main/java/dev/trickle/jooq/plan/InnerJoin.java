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
public record InnerJoin(Body left, Body right, Condition on) implements Body {

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
}
