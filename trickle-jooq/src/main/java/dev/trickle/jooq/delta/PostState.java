package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.SemiJoin;
import dev.trickle.jooq.plan.UnionAll;
import java.util.List;

/**
 * The post-state of a body: the operator evaluated over the sources as of the refresh's snapshot, as one term with
 * every scan at {@link Version#POST}. Inner joins and filters commute, so the term is the product of the scans under
 * the conjunction of all conditions; an outer join does not commute with them and stays one FROM item, a join tree
 * ({@link JoinedPost}); a semi join is its left input's term under a probe of its right input; a union is one FROM
 * item too, the {@code UNION ALL} of its branches' post-states ({@link UnionRows}).
 */
final class PostState implements Body.Visitor<Term> {
    Term of(Body op) {
        return op.accept(this);
    }

    @Override
    public Term visitScan(Scan op) {
        return new Term(1, List.of(new Source(op, Version.POST)), List.of());
    }

    @Override
    public Term visitFilter(Filter op) {
        return of(op.input()).where(op.predicate());
    }

    @Override
    public Term visitInnerJoin(InnerJoin op) {
        return of(op.left()).join(of(op.right()), op.on());
    }

    /**
     * The left rows for which the condition holds with their marks now: for a semi join (an anti join), those with
     * (without) a match, a probe of the right's post-state.
     */
    @Override
    public Term visitSemiJoin(SemiJoin op) {
        List<KeepTest.Value> values = new java.util.ArrayList<>();
        for (SemiJoin.Mark m : op.marks()) {
            values.add(KeepTest.Value.of(new MatchProbe(MatchProbe.Test.SOME_NOW, of(m.right()), List.of(), m.on(),
                    SemiJoinDeltaRule.aliases(m.right()))));
        }
        SemiJoin.Mark single = op.single();
        if (single != null) {
            MatchProbe probe = values.get(0).probe();
            return of(op.left()).where(single.negated() ? new MatchProbe(MatchProbe.Test.NONE_NOW, probe.post(),
                    List.of(), probe.on(), probe.aliases()) : probe);
        }
        return of(op.left()).where(new KeepTest(op, values, true));
    }

    @Override
    public Term visitUnionAll(UnionAll op) {
        List<UnionRows.Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < op.branches().size(); i++) {
            parts.add(new UnionRows.Part(i, of(op.branches().get(i).input())));
        }
        return new Term(1, List.of(new UnionRows(op, parts, false)), List.of());
    }

    @Override
    public Term visitOuterJoin(OuterJoin op) {
        return new Term(1, List.of(new JoinedPost(op.kind(), of(op.left()), of(op.right()), op.on())), List.of());
    }

    @Override
    public Term visitGrouped(GroupedBody op) {
        return new Term(1, List.of(new GroupedSource(op, Version.POST, of(op.input()), List.of())), List.of());
    }
}
