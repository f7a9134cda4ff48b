package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.SelectHavingStep;
import org.jooq.impl.DSL;

/**
 * Differentiates an {@link Aggregate} with algebraic calls: for each group touched by the body's delta {@code ΔQ},
 * {@code count' = count + Σw}, {@code count(x)' = count(x) + Σ(w·[x not null])}, {@code sum(x)' = sum(x) + Σ(w·x)}
 * (null when {@code count(x)'} is 0), {@code avg(x)' = sum(x)' / count(x)'}.
 *
 * <p>State read: the storage table's hidden columns {@code __pgt_count}, {@code __pgt_nn_j} (non-null count of the
 * j-th distinct argument) and {@code __pgt_sum_j} (its sum, when a SUM or AVG needs it), of the touched groups only.
 * A row's identity hashes its group key, so an UPDATE that moves a source row between groups is a -1 in the old group
 * and a +1 in the new one, and an UPDATE within a group nets its two halves in the sums. A group whose count reaches
 * 0 is deleted; a scalar aggregate (no GROUP BY) keeps its one row, as {@code SELECT count(*) FROM empty} does.
 */
final class AggregateDeltaRule implements TopRule<Aggregate> {
    private static final String S = "__pgt_s";
    private static final String COUNT = "__pgt_count";

    /** The distinct arguments of the calls, and which state each needs. */
    private record State(List<QueryPart> args, List<Boolean> needsSum, Map<Integer, Integer> argOfCall) {
        static State of(Aggregate op, Expressions x) {
            Map<String, Integer> byText = new LinkedHashMap<>();
            List<QueryPart> args = new ArrayList<>();
            List<Boolean> needsSum = new ArrayList<>();
            Map<Integer, Integer> argOfCall = new HashMap<>();
            for (int i = 0; i < op.calls().size(); i++) {
                AggregateCall call = op.calls().get(i);
                if (call.argument() == null) {
                    continue;
                }
                int j = byText.computeIfAbsent(x.render(call.argument()), k -> {
                    args.add(call.argument());
                    needsSum.add(false);
                    return args.size() - 1;
                });
                if (call.function() != AggregateCall.Function.COUNT) {
                    needsSum.set(j, true);
                }
                argOfCall.put(i, j);
            }
            return new State(args, needsSum, argOfCall);
        }

        List<String> hiddenColumns() {
            List<String> hidden = new ArrayList<>(List.of(COUNT));
            for (int j = 0; j < args.size(); j++) {
                hidden.add("__pgt_nn_" + (j + 1));
                if (needsSum.get(j)) {
                    hidden.add("__pgt_sum_" + (j + 1));
                }
            }
            return hidden;
        }
    }

    // tag::apply[]
    @Override
    public NetChange apply(Aggregate op, Differentiator d, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        State state = State.of(op, x);
        List<Select<?>> terms = new ArrayList<>();
        for (Term t : d.delta(op.input()).terms()) {
            List<Field<?>> items = new ArrayList<>();
            items.add(TermSql.weight(t).as(TermSql.WEIGHT));
            for (int k = 0; k < op.groupBy().size(); k++) {
                items.add(Sql.raw(x.render(op.groupBy().get(k))).as("__pgt_g" + (k + 1)));
            }
            for (int j = 0; j < state.args().size(); j++) {
                items.add(Sql.raw(x.render(state.args().get(j))).as("__pgt_a" + (j + 1)));
            }
            terms.add(TermSql.select(items, t, ctx));
        }
        return new NetChange(storageQuery(op, state, d, ctx), state.hiddenColumns(), List.of(
                new Sql.Cte("__pgt_delta", false, TermSql.unionAll(terms)),
                new Sql.Cte("__pgt_agg", false, deltaAggregate(op, state, ctx)),
                new Sql.Cte(S, false, newState(op, state, ctx)),
                new Sql.Cte(ApplyStatement.CHANGES, true, changes(op, state, ctx))));
    }
    // end::apply[]

    private static Select<?> storageQuery(Aggregate op, State state, Differentiator d, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(Sql.raw(x.render(o.expression())).as(o.name()));
        }
        items.add(DSL.count().as(COUNT));
        for (int j = 0; j < state.args().size(); j++) {
            String arg = x.render(state.args().get(j));
            items.add(Sql.raw("count(" + arg + ")").as("__pgt_nn_" + (j + 1)));
            if (state.needsSum().get(j)) {
                items.add(Sql.raw("sum(" + arg + ")").as("__pgt_sum_" + (j + 1)));
            }
        }
        List<String> keys = op.groupBy().stream().map(x::render).toList();
        items.add(Sql.raw(RowIdSql.of(keys, ctx.keyTypes())).as(ROW_ID));
        Select<?> select = TermSql.select(items, d.post(op.input()), ctx);
        return keys.isEmpty()
                ? select
                : ((org.jooq.SelectGroupByStep<?>) select).groupBy(keys.stream().map(Sql::raw).toList());
    }

    /** Sums the delta per group: the change of each state column. */
    private static Select<?> deltaAggregate(Aggregate op, State state, DeltaContext ctx) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < op.groupBy().size(); k++) {
            keys.add("x." + quote("__pgt_g" + (k + 1)));
        }
        Field<Integer> w = DSL.field(DSL.name("x", TermSql.WEIGHT), Integer.class);
        List<Field<?>> items = new ArrayList<>();
        items.add(Sql.raw(RowIdSql.of(keys, ctx.keyTypes())).as(ROW_ID));
        keys.forEach(k -> items.add(Sql.raw(k)));
        items.add(DSL.sum(w).as("__pgt_dcount"));
        for (int j = 0; j < state.args().size(); j++) {
            Field<Object> a = col("x", "__pgt_a" + (j + 1));
            items.add(DSL.sum(DSL.when(a.isNotNull(), w)).as("__pgt_dnn_" + (j + 1)));
            if (state.needsSum().get(j)) {
                items.add(DSL.sum(w.times(number("x", "__pgt_a" + (j + 1)))).as("__pgt_dsum_" + (j + 1)));
            }
        }
        SelectHavingStep<?> grouped = keys.isEmpty()
                ? DSL.select(items).from(DSL.table(DSL.name("__pgt_delta")).as("x"))
                : DSL.select(items).from(DSL.table(DSL.name("__pgt_delta")).as("x"))
                        .groupBy(keys.stream().map(Sql::raw).toList());
        return grouped.having(DSL.count().gt(DSL.inline(0)));
    }

    /** Adds each group's change to its old state, read from the storage table. */
    private static Select<?> newState(Aggregate op, State state, DeltaContext ctx) {
        List<Field<?>> items = new ArrayList<>();
        items.add(col("a", ROW_ID));
        for (int k = 0; k < op.groupBy().size(); k++) {
            items.add(col("a", "__pgt_g" + (k + 1)));
        }
        items.add(DSL.coalesce(number("o", COUNT), DSL.inline(0L)).plus(number("a", "__pgt_dcount")).as(COUNT));
        for (int j = 0; j < state.args().size(); j++) {
            Field<Long> newNn = DSL.coalesce(number("o", "__pgt_nn_" + (j + 1)), DSL.inline(0L))
                    .plus(DSL.coalesce(number("a", "__pgt_dnn_" + (j + 1)), DSL.inline(0L)));
            items.add(newNn.as("__pgt_nn_" + (j + 1)));
            if (state.needsSum().get(j)) {
                // null when no non-null value is left; else the old sum plus the change, either of which may be null
                Field<Long> sum = number("o", "__pgt_sum_" + (j + 1));
                Field<Long> dsum = number("a", "__pgt_dsum_" + (j + 1));
                items.add(DSL.when(newNn.ne(DSL.inline(0L)), DSL.coalesce(sum.plus(dsum), sum, dsum))
                        .as("__pgt_sum_" + (j + 1)));
            }
        }
        items.add(col("o", ROW_ID).as("__pgt_old"));
        return DSL.select(items)
                .from(DSL.table(DSL.name("__pgt_agg")).as("a")
                        .leftJoin(DSL.table(ctx.storage()).as("o")).on(col("o", ROW_ID).eq(col("a", ROW_ID))));
    }

    /** A numeric column of a relation alias (its SQL type is the server's; {@code Long} only types the Java side). */
    private static Field<Long> number(String alias, String column) {
        return DSL.field(DSL.name(alias, column), Long.class);
    }

    /** Computes the new output row of each touched group, and whether it is inserted, updated or deleted. */
    private static Select<?> changes(Aggregate op, State state, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        Map<QueryPart, String> byIdentity = new IdentityHashMap<>();
        for (int i = 0; i < op.calls().size(); i++) {
            String value = stateValue(op.calls().get(i), state.argOfCall().get(i));
            op.callSites().get(i).forEach(site -> byIdentity.put(site, value));
        }
        Map<String, String> byText = new HashMap<>();
        for (int k = 0; k < op.groupBy().size(); k++) {
            byText.put(x.render(op.groupBy().get(k)), quote(S) + "." + quote("__pgt_g" + (k + 1)));
        }
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(Sql.raw(x.render(o.expression(), byIdentity, byText, null)).as(o.name()));
        }
        state.hiddenColumns().forEach(h -> items.add(col(S, h)));
        items.add(col(S, ROW_ID));
        Field<Object> old = col(S, "__pgt_old");
        Field<Object> count = col(S, COUNT);
        items.add((op.isScalar()
                ? DSL.when(old.isNull(), DSL.inline("I")).otherwise(DSL.inline("U"))
                : DSL.when(count.eq(DSL.inline(0)), DSL.inline("D")).when(old.isNull(), DSL.inline("I"))
                        .otherwise(DSL.inline("U")))
                .as(ApplyStatement.ACTION));
        var select = DSL.select(items).from(DSL.table(DSL.name(S)));
        return op.isScalar() ? select : select.where(count.gt(DSL.inline(0)).or(old.isNotNull()));
    }

    private static String stateValue(AggregateCall call, Integer arg) {
        String s = quote(S) + ".";
        return switch (call.function()) {
            case COUNT_STAR -> s + quote(COUNT);
            case COUNT -> s + quote("__pgt_nn_" + (arg + 1));
            case SUM -> s + quote("__pgt_sum_" + (arg + 1));
            case AVG -> "(" + s + quote("__pgt_sum_" + (arg + 1)) + " / " + s + quote("__pgt_nn_" + (arg + 1))
                    + "::numeric)";
        };
    }
}
