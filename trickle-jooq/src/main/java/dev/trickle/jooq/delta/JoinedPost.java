package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.OuterJoin;
import java.util.Objects;
import org.jooq.Condition;

/**
 * The post-state of an outer join as one FROM item: {@code left LEFT|RIGHT|FULL JOIN right ON on}, each side the
 * post-state of its input. Its rows weigh 1, like every post-state.
 *
 * @param kind which sides keep their unmatched rows
 * @param left the post-state of the left input (every source at {@link Version#POST})
 * @param right the post-state of the right input
 * @param on the join condition
 */
public record JoinedPost(OuterJoin.Kind kind, Term left, Term right, Condition on) implements From {
    /**
     * Checks the components.
     *
     * @param kind which sides keep their unmatched rows
     * @param left the post-state of the left input
     * @param right the post-state of the right input
     * @param on the join condition
     */
    public JoinedPost {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(on, "on");
    }
}
