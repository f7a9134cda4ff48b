package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.InnerJoin;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * Differentiates {@link InnerJoin}: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}.
 *
 * <p>Reads both inputs' post-states (the tables as of the refresh's snapshot) and their deltas. From {@code L_post =
 * L_pre + ΔL}: {@code L_post ⋈ R_post - L_pre ⋈ R_pre = ΔL ⋈ R_pre + L_pre ⋈ ΔR + ΔL ⋈ ΔR}, and substituting {@code
 * X_pre = X_post - ΔX} gives the formula, which needs no pre-state. Over Z-sets it holds for any weights, so an
 * UPDATE of a join key (a -1 row and a +1 row) removes the old pairs and adds the new ones; the last term cancels
 * pairs counted twice when both sides changed. Multi-way joins apply the rule recursively: {@code n} tables give
 * {@code 2^n - 1} terms, each with at least one delta source.
 */
final class InnerJoinDeltaRule implements BodyRule<InnerJoin> {
    @Override
    public DeltaQuery apply(InnerJoin op, Differentiator d) {
        return new DeltaQuery(terms(d.delta(op.left()).terms(), d.delta(op.right()).terms(), d.post(op.left()),
                d.post(op.right()), op.on()));
    }

    /** The three parts of the formula, over the inputs' deltas and post-states; the outer join rule reuses them. */
    static List<Term> terms(List<Term> left, List<Term> right, Term leftPost, Term rightPost, Condition on) {
        List<Term> terms = new ArrayList<>();
        for (Term l : left) {
            terms.add(l.join(rightPost, on));
        }
        for (Term r : right) {
            terms.add(leftPost.join(r, on));
        }
        for (Term l : left) {
            for (Term r : right) {
                terms.add(l.join(r, on).negate());
            }
        }
        return terms;
    }
}
