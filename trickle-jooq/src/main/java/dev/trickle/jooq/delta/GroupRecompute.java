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
 * <p>State read: the body's post-state, only the rows of flagged groups: the group keys are matched by equality, so
 * a hash or an index on the group key columns serves the probe; groups with a NULL key (which {@code GROUP BY} groups
 * as equal) are matched in a second branch, skipped when no flagged group has one. Cost: every row of each flagged
 * group, once per refresh that flags it.
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

    /**
     * Aggregates the post-state over the flagged groups. A group with no NULL key is found by equality of every key,
     * which a hash or an index serves; a group with a NULL key (so it matches by {@code IS NULL}) is found by a second
     * branch, which a one-time check skips when no flagged group has one. The two branches find disjoint groups.
     */
    private static Select<?> recompute(Aggregate op, AggregateState state, Differentiator d, DeltaContext ctx,
            String merged, String flag) {
        Expressions x = ctx.expressions();
        List<String> keys = op.groupBy().stream().map(x::render).toList();
        String flagged = "EXISTS (SELECT 1 FROM " + quote(merged) + " AS \"f\" WHERE \"f\"." + quote(flag);
        if (keys.isEmpty()) {
            return groups(op, state, d, ctx, keys, flagged + ")");
        }
        List<String> equal = new ArrayList<>();
        List<String> nullSafe = new ArrayList<>();
        List<String> keyNull = new ArrayList<>();
        List<String> groupNull = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String key = "(" + keys.get(k) + ")";
            String g = "\"f\"." + quote("__pgt_g" + (k + 1));
            equal.add(key + " = " + g);
            nullSafe.add("(" + key + " = " + g + " OR (" + key + " IS NULL AND " + g + " IS NULL))");
            keyNull.add(key + " IS NULL");
            groupNull.add(g + " IS NULL");
        }
        String anyGroupNull = "(" + String.join(" OR ", groupNull) + ")";
        Select<?> byEquality = groups(op, state, d, ctx, keys, flagged + " AND " + String.join(" AND ", equal) + ")");
        Select<?> withNull = groups(op, state, d, ctx, keys, "(" + String.join(" OR ", keyNull) + ") AND " + flagged
                + " AND " + anyGroupNull + ") AND " + flagged + " AND " + anyGroupNull + " AND "
                + String.join(" AND ", nullSafe) + ")");
        return TermSql.unionAll(List.of(byEquality, withNull));
    }

    /** The state of the groups of the post-state rows that pass {@code condition}. */
    private static Select<?> groups(Aggregate op, AggregateState state, Differentiator d, DeltaContext ctx,
            List<String> keys, String condition) {
        List<Field<?>> items = new ArrayList<>();
        items.add(Sql.raw(RowIdSql.of(keys, ctx.keyTypes())).as(ROW_ID));
        items.addAll(state.aggregates(ctx.expressions(), true));
        Term rows = d.post(op.input()).where(DSL.condition(DSL.raw(condition)));
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
        if (op.copies() != null) {
            items.add(col("s", AggregateDeltaRule.M_OLD));
        }
        return DSL.select(items).from(DSL.table(DSL.name(merged)).as("s")
                .leftJoin(DSL.table(DSL.name(R)).as("r")).on(col("r", ROW_ID).eq(col("s", ROW_ID))));
    }
}
