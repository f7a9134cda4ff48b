package dev.trickle.jooq.plan;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;

/**
 * {@code left ⋉ right ON condition} (a semi join: the left rows for which some right row satisfies the condition) or,
 * when {@code anti}, {@code left ▷ right} (the left rows for which none does). {@code EXISTS}, {@code IN (subquery)}
 * and their negations translate into it. Its rows are the left input's rows, each at most once: a semi join never
 * multiplies rows, so its columns and its row identity are the left's, and the right input's tables are not visible
 * above it. A row for which the condition is NULL for every right row has no match, as {@code EXISTS} reads it.
 *
 * @param left the rows kept or dropped
 * @param right the rows they are matched against (the subquery's {@code FROM} and {@code WHERE})
 * @param on the match condition over a left and a right row (the subquery's correlation, {@code x = y} of {@code
 *     IN})
 * @param anti whether the rows without a match are kept ({@code NOT EXISTS}, {@code NOT IN})
 */
public record SemiJoin(Body left, Body right, Condition on, boolean anti) implements Body {

    /**
     * Checks the components.
     *
     * @param left the rows kept or dropped
     * @param right the rows they are matched against
     * @param on the match condition
     * @param anti whether the rows without a match are kept
     */
    public SemiJoin {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(on, "on");
    }

    @Override
    public <R> R accept(Body.Visitor<R> visitor) {
        return visitor.visitSemiJoin(this);
    }

    @Override
    public List<Body> inputs() {
        return List.of(left, right);
    }

    @Override
    public SemiJoin withInputs(List<? extends RelOp> inputs) {
        List<Body> in = RelOp.checkInputs(this, inputs, Body.class);
        return new SemiJoin(in.get(0), in.get(1), on, anti);
    }
}
