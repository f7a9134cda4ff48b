package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.OuterJoin;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.plan.SemiJoin;
import dev.trickle.jooq.plan.Top;
import dev.trickle.jooq.plan.TopK;
import dev.trickle.jooq.plan.UnionAll;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks a plan and hands each operator to its rule: body operators to a {@link BodyRule}, which returns signed terms
 * ({@link DeltaQuery}); the top operator to a {@link TopRule}, which returns the net changes ({@link NetChange}).
 * Both dispatches are exhaustive visitors over one layer, so a plan cannot reach a rule of the wrong layer.
 */
public final class Differentiator {
    private final ScanDeltaRule scan = new ScanDeltaRule();
    private final FilterDeltaRule filter = new FilterDeltaRule();
    private final InnerJoinDeltaRule join = new InnerJoinDeltaRule();
    private final OuterJoinDeltaRule outerJoin = new OuterJoinDeltaRule();
    private final GroupedDeltaRule grouped = new GroupedDeltaRule();
    private final SemiJoinDeltaRule semiJoin = new SemiJoinDeltaRule();
    private final UnionAllDeltaRule union = new UnionAllDeltaRule();
    private final PostState post = new PostState();

    /**
     * Differentiates a plan.
     *
     * @param plan the plan
     * @param ctx the storage table, expression renderer and key types
     * @return the storage query and the net changes
     */
    public NetChange differentiate(Plan plan, DeltaContext ctx) {
        return ctx.shared().first(top(plan, ctx));
    }

    /** The top rule's net changes, without the relations its terms share. */
    // tag::top-dispatch[]
    private NetChange top(Plan plan, DeltaContext ctx) {
        return plan.root().accept(new Top.Visitor<NetChange>() {
            @Override
            public NetChange visitProject(Project op) {
                List<Body> leaves = Leaves.of(op.input());
                if (leaves.stream().anyMatch(Leaves::byContent)) {
                    return new MultisetProjectDeltaRule(leaves).apply(op, Differentiator.this, ctx);
                }
                return new ProjectDeltaRule(leaves).apply(op, Differentiator.this, ctx);
            }

            @Override
            public NetChange visitAggregate(Aggregate op) {
                return new AggregateDeltaRule().apply(op, Differentiator.this, ctx);
            }

            @Override
            public NetChange visitTopK(TopK op) {
                return new TopKDeltaRule(plan).apply(op, Differentiator.this, ctx);
            }
        });
    }
    // end::top-dispatch[]


    /**
     * Lists the captured sources a plan's delta reads, with the columns their change relations must carry: every
     * column any scan of the source reads.
     *
     * @param plan the plan
     * @return the sources, in plan order
     */
    public static List<ApplyStatement.ChangedSource> changedSources(Plan plan) {
        Map<Long, Set<String>> columns = new LinkedHashMap<>();
        for (Scan s : plan.scans()) {
            columns.computeIfAbsent(s.relation().oid(), k -> new LinkedHashSet<>()).addAll(s.columns());
        }
        List<ApplyStatement.ChangedSource> sources = new ArrayList<>();
        columns.forEach((oid, cols) -> sources.add(new ApplyStatement.ChangedSource(oid, List.copyOf(cols))));
        return sources;
    }

    /**
     * Writes a query whose output columns are the keys of a plan's row identity, in order, so the server can say their
     * types: the group keys of an aggregate, else the identity columns of every scan whose rows are the body's ({@link
     * Plan#rowScans}, {@link Scan#identity}). Row identities hash some types in a
     * lossless form (see {@link RowIdSql}), so the compiler needs the types, which only the server knows for
     * expressions.
     *
     * @param plan the plan
     * @param context the expression renderer (the storage is not used; the shared relations are not either)
     * @return the query, or {@code null} if the row identity has no keys
     */
    public @Nullable String keyProbe(Plan plan, DeltaContext context) {
        DeltaContext ctx = context.unshared();
        if (plan.root() instanceof Project && plan.root().input() instanceof UnionAll u) {
            return UnionSql.keyProbe(u, this, ctx);
        }
        List<String> keys = plan.root().accept(new Top.Visitor<List<String>>() {
            @Override
            public List<String> visitProject(Project op) {
                return TermSql.keys(Leaves.of(op.input()));
            }

            @Override
            public List<String> visitAggregate(Aggregate op) {
                return op.groupBy().stream().map(g -> ctx.expressions().render(g)).toList();
            }

            @Override
            public List<String> visitTopK(TopK op) {
                return op.inner().accept(this);
            }
        });
        if (keys.isEmpty()) {
            return null;
        }
        List<org.jooq.Field<?>> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            items.add(dev.trickle.jooq.sql.Sql.raw(keys.get(i)).as(SqlNames.RESERVED_PREFIX + "k" + (i + 1)));
        }
        return dev.trickle.jooq.sql.Sql.render(TermSql.select(items, post(plan.root().input()), ctx));
    }

    /**
     * Differentiates a body operator.
     *
     * @param op a scan, filter, inner, outer, semi or anti join, grouped relation or union
     * @return its delta
     */
    DeltaQuery delta(Body op) {
        return op.accept(new Body.Visitor<>() {
            @Override
            public DeltaQuery visitScan(Scan s) {
                return scan.apply(s, Differentiator.this);
            }

            @Override
            public DeltaQuery visitFilter(Filter f) {
                InnerJoin.Flat flat = InnerJoin.flatten(f);
                return flat.inputs().size() >= InnerJoin.LINEAR_RULE_INPUTS ? join.apply(flat, Differentiator.this)
                        : filter.apply(f, Differentiator.this);
            }

            @Override
            public DeltaQuery visitInnerJoin(InnerJoin j) {
                return join.apply(j, Differentiator.this);
            }

            @Override
            public DeltaQuery visitOuterJoin(OuterJoin j) {
                return outerJoin.apply(j, Differentiator.this);
            }

            @Override
            public DeltaQuery visitGrouped(GroupedBody g) {
                return grouped.apply(g, Differentiator.this);
            }

            @Override
            public DeltaQuery visitSemiJoin(SemiJoin j) {
                return semiJoin.apply(j, Differentiator.this);
            }

            @Override
            public DeltaQuery visitUnionAll(UnionAll u) {
                return union.apply(u, Differentiator.this);
            }
        });
    }

    /**
     * Writes the post-state of a body as one term: every scan at {@link Version#POST}, every condition.
     *
     * @param op the body
     * @return the term
     */
    Term post(Body op) {
        return post.of(op);
    }
}
