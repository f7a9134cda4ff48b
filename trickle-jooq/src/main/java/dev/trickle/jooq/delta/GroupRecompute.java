package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.AggregateState.COUNT;
import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The "recompute the affected groups" strategy of an {@link Aggregate}, which any aggregate call can use: for each
 * touched group {@code g} flagged for recompute, {@code state'(g) = γ(σ_{key = g}(Q_post))}, the group's state (every
 * hidden column and every recomputed call) aggregated over the body's post-state restricted to that group; an
 * unflagged group keeps the state its rule merged. A flagged group with no row left has count 0.
 *
 * <p>State read: the body's post-state, only the rows of flagged groups: the group keys are matched by equality
 * (NULL matching NULL, as {@code GROUP BY} groups them), so an index on the group key columns serves the probe. Cost:
 * every row of each flagged group, once per refresh that flags it.
 */
final class GroupRecompute {
    private static final String R = "__pgt_r";

    private GroupRecompute() {}

    /**
     * Writes the recompute and the merge.
     *
     * @param op the aggregate
     * @param state its state
     * @param d the differentiator, for the body's post-state
     * @param ctx the expression renderer and key types
     * @param merged the CTE of the merged state: {@code __pgt_row_id}, the group keys {@code __pgt_g1...}, the
     *     hidden columns, {@code __pgt_old}, and the boolean column {@code flag}
     * @param flag the name of that column: whether to recompute the group
     * @param out the name of the CTE to write: the state of every touched group, with {@code __pgt_old} and each
     *     recomputed call
     * @return the two CTEs, the recompute and the merge
     */
    static List<Sql.Cte> ctes(Aggregate op, AggregateState state, Differentiator d, DeltaContext ctx, String merged,
            String flag, String out) {
        return List.of(new Sql.Cte(R, false, recompute(op, state, d, ctx, merged, flag)),
                new Sql.Cte(out, false, merge(op, state, merged, flag)));
    }

    private static Select<?> recompute(Aggregate op, AggregateState state, Differentiator d, DeltaContext ctx,
            String merged, String flag) {
        Expressions x = ctx.expressions();
        List<String> keys = op.groupBy().stream().map(x::render).toList();
        StringBuilder flagged = new StringBuilder("EXISTS (SELECT 1 FROM " + quote(merged) + " AS \"f\" WHERE \"f\"."
                + quote(flag));
        for (int k = 0; k < keys.size(); k++) {
            String key = "(" + keys.get(k) + ")";
            String g = "\"f\"." + quote("__pgt_g" + (k + 1));
            flagged.append(" AND (").append(key).append(" = ").append(g).append(" OR (").append(key)
                    .append(" IS NULL AND ").append(g).append(" IS NULL))");
        }
        flagged.append(")");
        List<Field<?>> items = new ArrayList<>();
        items.add(Sql.raw(RowIdSql.of(keys, ctx.keyTypes())).as(ROW_ID));
        items.addAll(state.aggregates(x, true));
        Term rows = d.post(op.input()).where(DSL.condition(DSL.raw(flagged.toString())));
        Select<?> select = TermSql.select(items, rows, ctx);
        return keys.isEmpty() ? select
                : ((org.jooq.SelectGroupByStep<?>) select).groupBy(keys.stream().map(Sql::raw).toList());
    }

    private static Select<?> merge(Aggregate op, AggregateState state, String merged, String flag) {
        Field<Boolean> recomputed = DSL.field(DSL.name("s", flag), Boolean.class);
        List<Field<?>> items = new ArrayList<>();
        items.add(col("s", ROW_ID));
        for (int k = 0; k < op.groupBy().size(); k++) {
            items.add(col("s", "__pgt_g" + (k + 1)));
        }
        for (String h : state.hiddenColumns()) {
            boolean counter = h.equals(COUNT) || h.startsWith("__pgt_nn_");
            Field<Object> fresh = counter ? DSL.coalesce(col("r", h), DSL.inline(0)) : col("r", h);
            items.add(DSL.when(recomputed, fresh).otherwise(col("s", h)).as(h));
        }
        for (int i = 0; i < state.recomputed().size(); i++) {
            items.add(col("r", AggregateState.recomputed(i)));
        }
        items.add(col("s", "__pgt_old"));
        return DSL.select(items).from(DSL.table(DSL.name(merged)).as("s")
                .leftJoin(DSL.table(DSL.name(R)).as("r")).on(col("r", ROW_ID).eq(col("s", ROW_ID))));
    }
}
