package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.InnerJoin;
import java.util.ArrayList;
import java.util.List;

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
        List<Term> left = d.delta(op.left()).terms();
        List<Term> right = d.delta(op.right()).terms();
        Term leftPost = d.post(op.left());
        Term rightPost = d.post(op.right());
        List<Term> terms = new ArrayList<>();
        for (Term l : left) {
            terms.add(l.join(rightPost, op.on()));
        }
        for (Term r : right) {
            terms.add(leftPost.join(r, op.on()));
        }
        for (Term l : left) {
            for (Term r : right) {
                terms.add(l.join(r, op.on()).negate());
            }
        }
        return new DeltaQuery(terms);
    }
}
