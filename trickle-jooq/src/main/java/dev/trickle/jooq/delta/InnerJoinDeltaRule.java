package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.InnerJoin;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * Differentiates {@link InnerJoin}. Two inputs: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}. More (the
 * inner joins and filters of a tree flattened into one product {@code σ_p(R₀ × … × R₍ₙ₋₁₎)}, {@link
 * InnerJoin#flatten}), level by level from the last input, {@code S_m = R_m ⋈ … ⋈ R₍ₙ₋₁₎} and {@code D_m = ΔS_m}:
 *
 * <pre>
 * D₍ₙ₋₁₎ = ΔR₍ₙ₋₁₎
 * D_m    = ΔR_m ⋈ S₍ₘ₊₁₎_post + R_m_post ⋈ D₍ₘ₊₁₎ − ΔR_m ⋈ D₍ₘ₊₁₎          Δ(R₀ ⋈ … ⋈ R₍ₙ₋₁₎) = D₀
 * </pre>
 *
 * <p>Both from {@code X_post = X_pre + ΔX} over Z-sets: {@code L_post ⋈ R_post - L_pre ⋈ R_pre = ΔL ⋈ R_pre + L_pre ⋈
 * ΔR + ΔL ⋈ ΔR}, and {@code X_pre = X_post - ΔX} gives the two-input formula, which needs no pre-state. Applied to
 * {@code R_m ⋈ S₍ₘ₊₁₎} with the change of {@code S₍ₘ₊₁₎} computed once (a common table expression), the join of
 * {@code n} inputs takes {@code 3n - 2} terms instead of the {@code 2ⁿ - 1} of the recursive expansion: expanded, it is
 * {@code Σᵢ R₀_post ⋈ … ⋈ ΔRᵢ ⋈ R₍ᵢ₊₁₎_pre ⋈ … ⋈ R₍ₙ₋₁₎_pre}, one product per input, each pre-state {@code R_pre =
 * R_post − ΔR} left to the levels below instead of written as a relation the server could not estimate. It holds for
 * any weights, so an UPDATE of a join key (a -1 row and a +1 row) removes the old tuples and adds the new ones, and a
 * tuple whose rows changed in several inputs is counted once.
 *
 * <p>The delta is one term over one FROM item ({@link JoinChange}, written by {@link JoinChangeSql}), whose rows
 * expose every input's scans under their aliases, so the rules above read it as they read the scans. Any input works,
 * a scan, an outer or semi join, a grouped relation: a level reads its post-state term and its delta terms.
 *
 * <p>State read: the post-states of the inputs and their changes; per level, the tables of the input joined to the
 * (small) change of the levels below, and the change of the input joined to the post-states of the inputs below.
 * Each level's conditions are those that read only its inputs and the inputs below it.
 */
final class InnerJoinDeltaRule implements BodyRule<InnerJoin> {
    @Override
    public DeltaQuery apply(InnerJoin op, Differentiator d) {
        InnerJoin.Flat flat = op.flatten();
        if (flat.inputs().size() >= InnerJoin.LINEAR_RULE_INPUTS) {
            return apply(flat, d);
        }
        return new DeltaQuery(terms(d.delta(op.left()).terms(), d.delta(op.right()).terms(), d.post(op.left()),
                d.post(op.right()), op.on()));
    }

    /**
     * Differentiates inner joins and filters flattened into three inputs or more: one term over their change ({@link
     * JoinChange}). The differentiator hands a filter over such a join here too, so that its condition applies at the
     * levels, not to the change of the product.
     */
    DeltaQuery apply(InnerJoin.Flat flat, Differentiator d) {
        List<JoinChange.Input> inputs = new ArrayList<>();
        for (Body input : flat.inputs()) {
            inputs.add(new JoinChange.Input(d.post(input), d.delta(input).terms(), Leaves.of(input)));
        }
        String alias = "__pgt_j_" + Leaves.alias(Leaves.of(flat.inputs().get(0)).get(0));
        return new DeltaQuery(List.of(new Term(1, List.of(new JoinChange(alias, inputs, flat.conditions())),
                List.of())));
    }

    /** The three parts of the two-input formula, over the inputs' deltas and post-states; outer joins reuse them. */
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
