package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.UnionAll;
import java.util.ArrayList;
import java.util.List;

/**
 * Differentiates {@link UnionAll}: {@code Δ(A ⊎ B) = ΔA ⊎ ΔB}. Linear: each term of a branch's delta becomes one term
 * of the union's, the branch's rows with its items as the union's columns, its number, and (when the top operator
 * needs it) the row's identity {@code hash(i, identity in branch i)}, so rows of two branches never share an identity.
 *
 * <p>State read: none beyond the branches' own terms (probes of joined tables). A top operator reads the union's
 * columns as {@code "__pgt_u"."__pgt_cj"}; the weight of a row is the weight its branch term gives it.
 */
final class UnionAllDeltaRule implements BodyRule<UnionAll> {
    @Override
    public DeltaQuery apply(UnionAll op, Differentiator d) {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < op.branches().size(); i++) {
            for (Term t : d.delta(op.branches().get(i).input()).terms()) {
                terms.add(new Term(1, List.of(new UnionRows(op, List.of(new UnionRows.Part(i, t)), true)),
                        List.of()));
            }
        }
        return new DeltaQuery(terms);
    }
}
