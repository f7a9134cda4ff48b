package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.Scan;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * Differentiates {@link InnerJoin}. Two inputs: {@code Δ(L ⋈ R) = ΔL ⋈ R_post + L_post ⋈ ΔR - ΔL ⋈ ΔR}. More (the
 * inner joins and filters of a tree flattened into one product {@code σ_p(R₁ × … × Rₙ)}, {@link InnerJoin#flatten}):
 *
 * <pre>
 * Δ(R₁ ⋈ … ⋈ Rₙ) = Σᵢ R₁_post ⋈ … ⋈ R₍ᵢ₋₁₎_post ⋈ ΔRᵢ ⋈ R₍ᵢ₊₁₎_pre ⋈ … ⋈ Rₙ_pre        n terms
 * </pre>
 *
 * <p>Both from {@code X_post = X_pre + ΔX} over Z-sets. Two inputs: {@code L_post ⋈ R_post - L_pre ⋈ R_pre = ΔL ⋈
 * R_pre + L_pre ⋈ ΔR + ΔL ⋈ ΔR}, and {@code X_pre = X_post - ΔX} gives the formula, which needs no pre-state; the last
 * term cancels pairs counted twice when both sides changed. {@code n} inputs: the product telescopes, {@code Π post -
 * Π pre = Σᵢ (Π_{j<i} post_j) (post_i - pre_i) (Π_{j>i} pre_j)}, one term per input instead of the {@code 2ⁿ - 1} the
 * two-input rule gives when applied recursively. It holds for any weights, so an UPDATE of a join key (a -1 row and a
 * +1 row) removes the old tuples and adds the new ones, and a tuple whose rows changed in several inputs is counted
 * once, in the term of the first of them.
 *
 * <p>State read: the post-state of the inputs before {@code Rᵢ} and the pre-state of those after it. A scan's
 * pre-state is one FROM item ({@link Version#PRE}): its table at weight +1 and its changes at their weights negated,
 * whose sum is {@code R_post - ΔR} without netting rows by content. Any other input (an outer or semi join, a grouped
 * relation, a union: their rows are not one table's) has no such item, so it is ordered first: it is read at its
 * post-state in every scan's term, and only the terms of another such input read it at {@code R_post - ΔR}, written
 * as its post-state term and its delta terms negated, one term each. Cost: the terms of a join of {@code n} scans
 * read {@code n(n - 1)} tables, half of them through their pre-state, against {@code n 2ⁿ⁻¹} for the two-input rule.
 *
 * <p>Two inputs keep the two-input rule: its third term joins two changes only, cheaper than reading the other input's
 * pre-state in one of two terms.
 */
final class InnerJoinDeltaRule implements BodyRule<InnerJoin> {
    @Override
    public DeltaQuery apply(InnerJoin op, Differentiator d) {
        InnerJoin.Flat flat = op.flatten();
        if (flat.inputs().size() >= InnerJoin.LINEAR_RULE_INPUTS) {
            return new DeltaQuery(linear(flat, d));
        }
        return new DeltaQuery(terms(d.delta(op.left()).terms(), d.delta(op.right()).terms(), d.post(op.left()),
                d.post(op.right()), op.on()));
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

    /**
     * The {@code n} terms of the linear formula, in the order of the inputs' deltas: the inputs that are not scans
     * first, then the scans, each group left to right. Each term lists its sources in plan order.
     */
    private static List<Term> linear(InnerJoin.Flat flat, Differentiator d) {
        List<Body> inputs = flat.inputs();
        List<Integer> order = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < inputs.size(); i++) {
                if ((inputs.get(i) instanceof Scan) == (pass == 1)) {
                    order.add(i);
                }
            }
        }
        List<Term> posts = inputs.stream().map(d::post).toList();
        List<List<Term>> deltas = inputs.stream().map(i -> d.delta(i).terms()).toList();
        List<Term> terms = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            List<List<Term>> factors = new ArrayList<>();
            for (int j = 0; j < inputs.size(); j++) {
                int position = order.indexOf(j);
                if (position == k) {
                    factors.add(deltas.get(j));
                } else if (position < k) {
                    factors.add(List.of(posts.get(j)));
                } else {
                    factors.add(pre(inputs.get(j), posts.get(j), deltas.get(j)));
                }
            }
            for (Term t : product(factors)) {
                for (Condition c : flat.conditions()) {
                    t = t.where(c);
                }
                terms.add(t);
            }
        }
        return terms;
    }

    /**
     * The pre-state of an input as a sum of terms: a scan's one source at {@link Version#PRE}; any other input's
     * post-state term and its delta terms negated.
     */
    private static List<Term> pre(Body input, Term post, List<Term> delta) {
        if (input instanceof Scan s) {
            return List.of(new Term(1, List.of(new Source(s, Version.PRE)), List.of()));
        }
        List<Term> pre = new ArrayList<>(List.of(post));
        delta.forEach(t -> pre.add(t.negate()));
        return pre;
    }

    /** The product of sums of terms, expanded: one term per choice of a term from each, in order. */
    private static List<Term> product(List<List<Term>> factors) {
        List<Term> product = new ArrayList<>(factors.get(0));
        for (List<Term> factor : factors.subList(1, factors.size())) {
            List<Term> next = new ArrayList<>();
            for (Term p : product) {
                for (Term f : factor) {
                    next.add(p.times(f));
                }
            }
            product = next;
        }
        return product;
    }
}
