package dev.trickle.jooq.delta;

import dev.trickle.jooq.OutputColumn;
import dev.trickle.jooq.ddl.SqlNames;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.Filter;
import dev.trickle.jooq.plan.InnerJoin;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.Project;
import dev.trickle.jooq.plan.RelOp;
import dev.trickle.jooq.plan.Scan;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Dispatches each operator to its rule; holds no logic of its own. Join-and-filter operators differentiate into a
 * {@link DeltaQuery}; the plan's top operator turns that into the refresh statement.
 */
public final class Differentiator {
    private final ScanDeltaRule scan = new ScanDeltaRule();
    private final FilterDeltaRule filter = new FilterDeltaRule();
    private final InnerJoinDeltaRule join = new InnerJoinDeltaRule();
    private final PostState post = new PostState();

    /**
     * Writes the SQL of a stream table.
     *
     * @param plan the plan
     * @param ctx the stream table's id, storage table and expression renderer
     * @param outputs the storage table's output columns (names and comparability), in order
     * @return the storage query and the differential statement
     */
    public RefreshSql compile(Plan plan, DeltaContext ctx, List<OutputColumn> outputs) {
        RelOp root = plan.root();
        if (root instanceof Project p) {
            return ProjectDeltaRule.compile(p, plan.scans(), this, ctx, outputs);
        }
        if (root instanceof Aggregate a) {
            return AggregateDeltaRule.compile(a, plan.scans(), this, ctx, outputs);
        }
        throw new IllegalStateException("internal error: plan root " + root.getClass().getSimpleName());
    }

    /**
     * Writes a query whose output columns are the keys of a plan's row identity, in order, so the server can say their
     * types: the group keys of an aggregate, else the key columns of every scan. Row identities hash some types in a
     * lossless form (see {@link RowIdSql}), so the compiler needs the types, which only the server knows for
     * expressions.
     *
     * @param plan the plan
     * @param ctx the expression renderer (the id and storage are not used)
     * @return the query, or {@code null} if the row identity has no keys
     */
    public @Nullable String keyProbe(Plan plan, DeltaContext ctx) {
        RelOp root = plan.root();
        List<String> keys = root instanceof Aggregate a
                ? a.groupBy().stream().map(g -> ctx.expressions().render(g)).toList()
                : TermSql.keys(plan.scans());
        if (keys.isEmpty()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            items.add(keys.get(i) + " AS " + SqlNames.quote("__pgt_k" + (i + 1)));
        }
        return "SELECT " + String.join(", ", items) + "\n" + TermSql.fromWhere(post(root.inputs().get(0)), ctx);
    }

    /**
     * Differentiates a join-and-filter operator.
     *
     * @param op a scan, filter or inner join
     * @return its delta
     */
    DeltaQuery delta(RelOp op) {
        return op.accept(new RelOp.Visitor<>() {
            @Override
            public DeltaQuery visitScan(Scan s) {
                return scan.apply(s, Differentiator.this);
            }

            @Override
            public DeltaQuery visitFilter(Filter f) {
                return filter.apply(f, Differentiator.this);
            }

            @Override
            public DeltaQuery visitInnerJoin(InnerJoin j) {
                return join.apply(j, Differentiator.this);
            }

            @Override
            public DeltaQuery visitProject(Project p) {
                throw new IllegalStateException("internal error: a projection below the top of a plan");
            }

            @Override
            public DeltaQuery visitAggregate(Aggregate a) {
                throw new IllegalStateException("internal error: an aggregate below the top of a plan");
            }
        });
    }

    /**
     * Writes the post-state of a join-and-filter operator as one term: every scan at {@link Version#POST}, every
     * condition.
     *
     * @param op a scan, filter or inner join
     * @return the term
     */
    Term post(RelOp op) {
        return post.of(op);
    }
}
