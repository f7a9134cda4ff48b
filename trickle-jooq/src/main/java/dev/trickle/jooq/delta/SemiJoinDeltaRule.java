package dev.trickle.jooq.delta;

import dev.trickle.jooq.delta.MatchProbe.Test;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.SemiJoin;
import java.util.ArrayList;
import java.util.List;

/**
 * Differentiates {@link SemiJoin}. With {@code m(l) = #{r ∈ R : on(l, r)}} the matches of a left row (a sum of
 * weights),
 *
 * <pre>
 * Δ(L ⋉ R) = ΔL · [m_pre(l) &gt; 0]                   changed left rows that had a match before
 *          + L_post · [m_pre(l) = 0 &lt; m_post(l)]     left rows that gained their first match
 *          - L_post · [m_post(l) = 0 &lt; m_pre(l)]     left rows that lost their last match
 *
 * Δ(L ▷ R) = ΔL · [m_pre(l) = 0]
 *          - L_post · [m_pre(l) = 0 &lt; m_post(l)]
 *          + L_post · [m_post(l) = 0 &lt; m_pre(l)]
 * </pre>
 *
 * From {@code L_post ⋉ R_post - L_pre ⋉ R_pre} with {@code L_pre = L_post - ΔL}: {@code Σ_l L_post(l) · ([m_post > 0]
 * - [m_pre > 0]) + ΔL(l) · [m_pre > 0]}, and {@code [m_post > 0] - [m_pre > 0]} is {@code +1} for a row that gained
 * its first match, {@code -1} for one that lost its last, 0 otherwise. The anti join is {@code L - L ⋉ R}, so its
 * delta is {@code ΔL - Δ(L ⋉ R)}: the same cases with the other signs, and {@code [m_pre = 0]} for the changed rows.
 *
 * <p>Reads the post-states of both inputs and their deltas; as in {@link OuterJoinDeltaRule}, the right's pre-state is
 * never read: {@code m_pre(l) = m_post(l) - Σ_{r ∈ ΔR, on(l, r)} w(r)} ({@link MatchProbe}). The two {@code L_post}
 * terms only look at left rows whose join keys (the equalities of {@code on} between the sides) appear in {@code ΔR}
 * ({@link MatchProbeSql}); without such an equality they read every left row. The formula holds over Z-sets, so an
 * UPDATE (a -1 row and a +1 row) needs no case of its own: a left row moved to another key leaves with its -1 if its
 * old key had a match before, and enters with its +1 if its new key had one before or through the gained term if the
 * new key's first match arrived in the same changes; a right row moved to another key is a -1 that may end the last
 * match of some left rows and a +1 that may start the first match of others. A match condition that is NULL matches
 * nothing, as in {@code EXISTS}; {@code NOT IN}'s NULL semantics are in the condition the translator writes.
 *
 * <p>Row identity: a row of {@code L ⋉ R} is a row of {@code L} and keeps its identity; the right side's keys take no
 * part in it ({@link Leaves#of}).
 */
final class SemiJoinDeltaRule implements BodyRule<SemiJoin> {
    @Override
    public DeltaQuery apply(SemiJoin op, Differentiator d) {
        List<Term> left = d.delta(op.left()).terms();
        List<Term> right = d.delta(op.right()).terms();
        Term leftPost = d.post(op.left());
        Term rightPost = d.post(op.right());
        List<String> aliases = aliases(op.right());
        List<Term> terms = new ArrayList<>();
        Test changed = op.anti() ? Test.NONE_BEFORE : Test.SOME_BEFORE;
        for (Term l : left) {
            terms.add(l.where(new MatchProbe(changed, rightPost, right, op.on(), aliases)));
        }
        Term gained = leftPost.where(new MatchProbe(Test.GAINED_FIRST, rightPost, right, op.on(), aliases));
        Term lost = leftPost.where(new MatchProbe(Test.LOST_LAST, rightPost, right, op.on(), aliases));
        terms.add(op.anti() ? gained.negate() : gained);
        terms.add(op.anti() ? lost : lost.negate());
        return new DeltaQuery(terms);
    }

    /** The aliases of every scan of a body, to tell the sides of a match condition apart. */
    static List<String> aliases(Body op) {
        return Leaves.all(op).stream().map(Leaves::alias).toList();
    }
}
