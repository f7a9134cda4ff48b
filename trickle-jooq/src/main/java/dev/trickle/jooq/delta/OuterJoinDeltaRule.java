package dev.trickle.jooq.delta;

import dev.trickle.jooq.delta.MatchProbe.Test;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.OuterJoin;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;

/**
 * Differentiates {@link OuterJoin}. A left join is the inner join plus the anti-join padded with NULLs, {@code L ⟕ R
 * = L ⋈ R + (L ▷ R) × N_R}, where {@code l ∈ L ▷ R} when {@code m(l) = #{r ∈ R : on(l, r)}} is 0. So
 *
 * <pre>
 * Δ(L ⟕ R) = Δ(L ⋈ R)                                          the inner join rule
 *          + (ΔL ▷ R_pre) × N_R                                  changed left rows without a match before
 *          + σ[m_post(l) = 0 &lt; m_pre(l)](L_post) × N_R           left rows that lost their last match
 *          - σ[m_pre(l) = 0 &lt; m_post(l)](L_post) × N_R           left rows that gained their first match
 * </pre>
 *
 * from {@code L_post ▷ R_post - L_pre ▷ R_pre} with {@code L_pre = L_post - ΔL} (the anti-join is linear in its left
 * input). A right join mirrors it; a full join adds both paddings. {@code N_R} pads every scan of {@code R} with one
 * row of NULLs ({@link Version#NULL}).
 *
 * <p>Reads the post-states of both inputs and their deltas. The pre-state of the other side is never read: {@code
 * m_pre(l) = m_post(l) - Σ_{r ∈ ΔR, on(l, r)} w(r)} ({@link MatchProbe}), counted only for rows of {@code ΔL} and for
 * left rows whose join keys (the equalities of {@code on} between the two sides) appear in {@code ΔR}; a row without
 * such a key cannot change between matched and padded. When {@code on} is nothing but those equalities, {@code
 * m_post(l) - m_pre(l)} is the sum of the weights of {@code ΔR} at {@code l}'s key, so the lost-last term reads only
 * the keys where it is below zero and the gained-first term those where it is above ({@link MatchProbeSql}). An
 * UPDATE is a -1 row and a +1 row: moving the last match of {@code l} away is a -1 in {@code ΔR} that brings {@code
 * m} to 0, so the padded row appears, and the moved row's +1 may end the padding of another left row. Any condition
 * works, equality or not, on one side or both: a row for which {@code on} is not true, NULL keys included, matches
 * nothing and stays padded.
 *
 * <p>Row identity: a padded row's identity hashes NULL for every key of {@code R}, which no matched row has (keys are
 * not NULL), and it stays the same while {@code l} is unmatched.
 */
final class OuterJoinDeltaRule implements BodyRule<OuterJoin> {
    @Override
    public DeltaQuery apply(OuterJoin op, Differentiator d) {
        List<Term> left = d.delta(op.left()).terms();
        List<Term> right = d.delta(op.right()).terms();
        Term leftPost = d.post(op.left());
        Term rightPost = d.post(op.right());
        List<Term> terms = new ArrayList<>(InnerJoinDeltaRule.terms(left, right, leftPost, rightPost, op.on()));
        if (op.kind().keepsLeft()) {
            terms.addAll(padded(left, leftPost, right, rightPost, op.right(), op.on(), false, d));
        }
        if (op.kind().keepsRight()) {
            terms.addAll(padded(right, rightPost, left, leftPost, op.left(), op.on(), true, d));
        }
        return new DeltaQuery(terms);
    }

    /**
     * The change of the padded rows of the kept side {@code K} against the other side {@code O}: {@code (ΔK ▷ O_pre)
     * × N_O + σ[lost last](K_post) × N_O - σ[gained first](K_post) × N_O}.
     */
    private static List<Term> padded(List<Term> keptDelta, Term keptPost, List<Term> otherDelta, Term otherPost,
            Body other, Condition on, boolean nullsFirst, Differentiator d) {
        List<String> aliases = Leaves.of(other).stream().map(Leaves::alias).toList();
        Term nulls = new Term(1, Leaves.of(other).stream().map(l -> Leaves.padded(l, d)).toList(), List.of());
        List<Term> terms = new ArrayList<>();
        for (Term k : keptDelta) {
            terms.add(pad(k, nulls, nullsFirst)
                    .where(new MatchProbe(Test.NONE_BEFORE, otherPost, otherDelta, on, aliases)));
        }
        terms.add(pad(keptPost, nulls, nullsFirst)
                .where(new MatchProbe(Test.LOST_LAST, otherPost, otherDelta, on, aliases)));
        terms.add(pad(keptPost, nulls, nullsFirst)
                .where(new MatchProbe(Test.GAINED_FIRST, otherPost, otherDelta, on, aliases)).negate());
        return terms;
    }

    private static Term pad(Term kept, Term nulls, boolean nullsFirst) {
        return nullsFirst ? nulls.times(kept) : kept.times(nulls);
    }
}
