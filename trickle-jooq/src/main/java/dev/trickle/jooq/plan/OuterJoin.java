package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * {@code left LEFT|RIGHT|FULL JOIN right ON condition}: the inner join, plus each row of the preserved side(s) that
 * matches no row of the other side, padded with NULLs. The condition may be any condition (equalities, theta
 * predicates, predicates on one side only); a row for which it is not true matches nothing.
 *
 * @param left the left input
 * @param right the right input
 * @param on the join condition
 * @param kind which sides are preserved
 */
public record OuterJoin(Body left, Body right, Condition on, Kind kind) implements Body {

    /** Which sides of an outer join keep their unmatched rows. */
    public enum Kind {
        /** {@code LEFT JOIN}: the left side. */
        LEFT,
        /** {@code RIGHT JOIN}: the right side. */
        RIGHT,
        /** {@code FULL JOIN}: both sides. */
        FULL;

        /** @return whether unmatched left rows are kept */
        public boolean keepsLeft() {
            return this != RIGHT;
        }

        /** @return whether unmatched right rows are kept */
        public boolean keepsRight() {
            return this != LEFT;
        }
    }

    /**
     * Checks the components.
     *
     * @param left the left input
     * @param right the right input
     * @param on the join condition
     * @param kind which sides are preserved
     */
    public OuterJoin {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitOuterJoin(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of(left, right);
    }

    @Override
    public OuterJoin withInputs(List<? extends RelOp> inputs) {
        List<Body> in = RelOp.checkInputs(this, inputs, Body.class);
        return new OuterJoin(in.get(0), in.get(1), on, kind);
    }
}
