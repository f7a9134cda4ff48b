package dev.trickle.jooq.delta;

import dev.trickle.jooq.delta.MatchProbe.Test;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.SemiJoin;
import java.util.ArrayList;
import java.util.List;

/**
 * Differentiates {@link SemiJoin}, the mark join: the left rows {@code l} for which {@code P(l, b₁(l), …, bₙ(l))} is
 * true, {@code bᵢ(l) = [mᵢ(l) > 0]} the row's mark in {@code Rᵢ}, {@code mᵢ(l) = #{r ∈ Rᵢ : onᵢ(l, r)}} its matches (a
 * sum of weights). With {@code Pₖ(v) = P(l, b₁_post, …, bₖ₋₁_post, v, bₖ₊₁_pre, …, bₙ_pre)}, the condition with the
 * marks before {@code k} read after the changes, those after it before them, and mark {@code k} fixed to {@code v},
 *
 * <pre>
 * Δ = ΔL · [P(l, b_pre)]                                                   changed left rows kept before
 *   + Σₖ L_post · ([gained first]ₖ - [lost last]ₖ) · ([Pₖ(true)] - [Pₖ(false)])   rows whose mark k flipped
 * </pre>
 *
 * From {@code Σ_l L_post(l)·[P(b_post)] - L_pre(l)·[P(b_pre)]} with {@code L_pre = L_post - ΔL}: {@code ΔL(l)·[P(b_pre)]
 * + L_post(l)·([P(b_post)] - [P(b_pre)])}, and the last difference telescopes over the marks flipped one at a time,
 * {@code Σₖ [Qₖ] - [Qₖ₋₁]} with {@code Qₖ} the condition with the first {@code k} marks after the changes: {@code Qₖ}
 * and {@code Qₖ₋₁} differ in mark {@code k} only, which is {@code [Pₖ(true)] - [Pₖ(false)]} when the row gained its
 * first match in {@code Rₖ}, the opposite when it lost its last, and 0 when the mark did not flip. Each product is
 * written as four terms, {@code [Pₖ(true)] - [Pₖ(false)]} being {@code [Pₖ(true) ∧ ¬Pₖ(false)] - [Pₖ(false) ∧
 * ¬Pₖ(true)]} ({@link KeepTest}s). {@code [·]} is 1 when the condition is true: NULL counts as false, as {@code WHERE}
 * reads it.
 *
 * <p>A semi join is one mark and {@code P = b}: {@code [P(true)] - [P(false)] = 1}, so its delta is
 *
 * <pre>
 * Δ(L ⋉ R) = ΔL · [m_pre(l) &gt; 0]                   changed left rows that had a match before
 *          + L_post · [m_pre(l) = 0 &lt; m_post(l)]     left rows that gained their first match
 *          - L_post · [m_post(l) = 0 &lt; m_pre(l)]     left rows that lost their last match
 * </pre>
 *
 * and an anti join ({@code P = ¬b}) the same with the other signs and {@code [m_pre(l) = 0]}; these two are written
 * with {@link MatchProbe}s alone.
 *
 * <p>Reads the post-states of all inputs and their deltas; as in {@link OuterJoinDeltaRule}, a right input's pre-state
 * is never read: {@code m_pre(l) = m_post(l) - Σ_{r ∈ ΔR, on(l, r)} w(r)} ({@link MatchProbe}). The flip terms only
 * look at left rows whose join keys (the equalities of {@code onₖ} between the sides) appear in {@code ΔRₖ} ({@link
 * MatchProbeSql}); without such an equality they read every left row. The marks other than {@code k} are read for
 * those rows only, each by a correlated count. The formula holds over Z-sets, so an UPDATE (a -1 row and a +1 row)
 * needs no case of its own: a left row moved to another key leaves with its -1 if it was kept before, and enters with
 * its +1 if it would have been kept before or through a flip term if its new key's mark flipped in the same changes; a
 * right row moved to another key is a -1 that may end the last match of some left rows and a +1 that may start the
 * first match of others. A match condition that is NULL matches nothing, as in {@code EXISTS}; the NULL semantics of
 * {@code NOT IN} and {@code ALL} are in the condition the translator writes.
 *
 * <p>Row identity: a row of the join is a row of {@code L} and keeps its identity; the right sides' keys take no part
 * in it ({@link Leaves#of}).
 */
final class SemiJoinDeltaRule implements BodyRule<SemiJoin> {
    @Override
    public DeltaQuery apply(SemiJoin op, Differentiator d) {
        List<Term> rightPost = new ArrayList<>();
        List<List<Term>> rightDelta = new ArrayList<>();
        for (SemiJoin.Mark m : op.marks()) {
            rightPost.add(d.post(m.right()));
            rightDelta.add(d.delta(m.right()).terms());
        }
        Marks marks = new Marks(op, rightPost, rightDelta);
        Term leftPost = d.post(op.left());
        List<Term> terms = new ArrayList<>();
        SemiJoin.Mark single = op.single();
        Probe before = single != null ? marks.probe(0, single.negated() ? Test.NONE_BEFORE : Test.SOME_BEFORE)
                : marks.keep(-1, false, true);
        for (Term l : d.delta(op.left()).terms()) {
            terms.add(l.where(before));
        }
        for (int k = 0; k < op.marks().size(); k++) {
            Term gained = leftPost.where(marks.probe(k, Test.GAINED_FIRST));
            Term lost = leftPost.where(marks.probe(k, Test.LOST_LAST));
            if (single != null) {
                // P(true) and not P(false) for a semi join, the reverse for an anti join
                terms.add(single.negated() ? gained.negate() : gained);
                terms.add(single.negated() ? lost : lost.negate());
                continue;
            }
            // [P(true) ∧ ¬P(false)] - [P(false) ∧ ¬P(true)], times +1 for a gained match, -1 for a lost one
            KeepTest trueHolds = marks.keep(k, true, true);
            KeepTest trueFails = marks.keep(k, true, false);
            KeepTest falseHolds = marks.keep(k, false, true);
            KeepTest falseFails = marks.keep(k, false, false);
            terms.add(gained.where(trueHolds).where(falseFails));
            terms.add(gained.where(falseHolds).where(trueFails).negate());
            terms.add(lost.where(falseHolds).where(trueFails));
            terms.add(lost.where(trueHolds).where(falseFails).negate());
        }
        return new DeltaQuery(terms);
    }

    /** The probes of a mark join's marks. */
    private record Marks(SemiJoin op, List<Term> post, List<List<Term>> delta) {
        MatchProbe probe(int i, Test test) {
            return new MatchProbe(test, post.get(i), delta.get(i), op.marks().get(i).on(),
                    aliases(op.marks().get(i).right()));
        }

        /**
         * {@code [Pₖ(v)]} (or, unless {@code holds}, its negation): the marks before {@code k} after the changes,
         * those after it before them; with {@code k = -1}, every mark before them.
         */
        KeepTest keep(int k, boolean v, boolean holds) {
            List<KeepTest.Value> values = new ArrayList<>();
            for (int j = 0; j < op.marks().size(); j++) {
                values.add(j == k ? KeepTest.Value.of(v)
                        : KeepTest.Value.of(probe(j, j < k ? Test.SOME_NOW : Test.SOME_BEFORE)));
            }
            return new KeepTest(op, values, holds);
        }
    }

    /** The aliases of every scan of a body, to tell the sides of a match condition apart. */
    static List<String> aliases(Body op) {
        return Leaves.all(op).stream().map(Leaves::alias).toList();
    }
}
