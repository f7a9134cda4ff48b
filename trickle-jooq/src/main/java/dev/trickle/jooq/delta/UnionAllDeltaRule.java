package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.UnionAll;
import java.util.ArrayList;
import java.util.List;

/**
 * Differentiates {@link UnionAll}: {@code Δ(A ⊎ B) = ΔA ⊎ ΔB}. Linear: each term of a branch's delta becomes one term
 * of the union's, the branch's rows with its items as the union's columns, its number, and (when the top operator
 * needs it) the row's identity {@code hash(i, identity in branch i)}, so rows of two branches never share an identity.
 *
 * <p>Two layers. Each branch of a set operation has its own select list, a projection, yet a plan has one top. The
 * branch's projection is therefore computed inside the body: a union's rows are one FROM item, {@code (SELECT
 * CAST(item₁ AS type₁) AS "__pgt_c1", ..., i AS "__pgt_branch", ... FROM <branch term>) UNION ALL ... AS "__pgt_u"}
 * ({@link UnionSql}), and the top operator above reads only the union's columns: a {@code Project} of them for
 * {@code UNION ALL}, an {@code Aggregate} grouping by them (with a count per branch) for {@code UNION}, {@code
 * INTERSECT} and {@code EXCEPT}. A projection is linear, so computing it per branch term is exact; the casts give
 * every term the union's types, so a change read from one branch hashes and compares as the union's post-state.
 *
 * <p>State read: none beyond the branches' own terms (probes of joined tables). The weight of a row is the weight its
 * branch term gives it ({@code "__pgt_u"."__pgt_w"}).
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
