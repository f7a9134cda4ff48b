package dev.trickle.jooq.delta;

import static dev.trickle.jooq.delta.AggregateState.COUNT;
import static dev.trickle.jooq.sql.Sql.col;
import static dev.trickle.jooq.sql.SqlNames.ROW_ID;
import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.AggregateCall.Function;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.sql.ApplyStatement;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.SelectHavingStep;
import org.jooq.impl.DSL;

/**
 * Differentiates an {@link Aggregate}: for each group touched by the body's delta {@code ΔQ},
 * {@code count' = count + Σw}, {@code count(x)' = count(x) + Σ(w·[x not null])}, {@code sum(x)' = sum(x) + Σ(w·x)}
 * (null when {@code count(x)'} is 0), {@code avg(x)' = sum(x)' / count(x)'}; {@code min(x)' = least(min(x),
 * min{x : w > 0})} and {@code max(x)' = greatest(max(x), max{x : w > 0})} unless a row with {@code w < 0} held a value
 * at or beyond that candidate; {@code FILTER (WHERE p)} reads {@code CASE WHEN p THEN x END}. A group is recomputed
 * from the sources' post-state instead (see {@link GroupRecompute}) when an extremum may have left, when it has no
 * stored row under {@code HAVING} or under a top-k (its state was not kept), or always when a call has no running
 * state ({@code STRING_AGG}, {@code COUNT(DISTINCT x)}, ...). {@code HAVING h}: the group's row is present iff {@code
 * count' > 0 ∧ h'}: inserted when it becomes true, updated while true, deleted when false, NULL or empty. Under a
 * top-k ({@link DeltaContext#windowed()}) the net changes list every touched group, also one gone without a row.
 *
 * <p>State read: the storage table's hidden columns ({@link AggregateState}) of the touched groups only. A row's
 * identity hashes its group key, so an UPDATE that moves a source row between groups is a -1 in the old group and a +1
 * in the new one, and an UPDATE within a group nets its two halves in the sums. A group whose count reaches 0 is
 * deleted; a scalar aggregate (no GROUP BY) keeps its one row, as {@code SELECT count(*) FROM empty} does, unless its
 * {@code HAVING} is false.
 */
final class AggregateDeltaRule implements TopRule<Aggregate> {
    private static final String S = "__pgt_s";
    private static final String S0 = "__pgt_s0";
    private static final String RESCAN = "__pgt_rescan";
    /** The number of copies of a group's row ({@link Aggregate#copies}): now, and before the change. */
    private static final String M = "__pgt_m";
    static final String M_OLD = "__pgt_m_old";
    private static final String OCCURRENCE = "__pgt_j";

    // tag::apply[]
    @Override
    public NetChange apply(Aggregate op, Differentiator d, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        AggregateState state = AggregateState.of(op, x);
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
        List<Sql.Cte> ctes = new ArrayList<>(List.of(
                new Sql.Cte("__pgt_delta", false, TermSql.unionAll(terms)),
                new Sql.Cte("__pgt_agg", false, deltaAggregate(op, state, ctx))));
        if (state.rescans(op) || ctx.windowed()) {
            ctes.add(new Sql.Cte(S0, false, newState(op, state, ctx, true)));
            ctes.addAll(GroupRecompute.ctes(op, state, d, ctx, S0, RESCAN, S));
        } else {
            ctes.add(new Sql.Cte(S, false, newState(op, state, ctx, false)));
        }
        ctes.add(new Sql.Cte(ApplyStatement.CHANGES, true, changes(op, state, ctx)));
        return new NetChange(storageQuery(op, state, d, ctx), state.hiddenColumns(), ctes);
    }
    // end::apply[]

    private static Select<?> storageQuery(Aggregate op, AggregateState state, Differentiator d, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(Sql.raw(x.render(o.expression())).as(o.name()));
        }
        items.addAll(state.aggregates(x, false));
        List<String> keys = op.groupBy().stream().map(x::render).toList();
        items.add(Sql.raw(RowIdSql.of(keys, ctx.keyTypes())).as(ROW_ID));
        if (op.copies() != null) {
            items.add(Sql.raw("(" + x.render(op.copies()) + ")::bigint").as(M));
        }
        Select<?> select = TermSql.select(items, d.post(op.input()), ctx.unshared());
        SelectHavingStep<?> grouped = keys.isEmpty() ? (SelectHavingStep<?>) select
                : ((org.jooq.SelectGroupByStep<?>) select).groupBy(keys.stream().map(Sql::raw).toList());
        Select<?> groups = op.having() == null ? grouped
                : grouped.having(DSL.condition(DSL.raw(x.render(op.having()))));
        if (op.copies() == null) {
            return groups;
        }
        // each group's row m times: occurrence j of the lateral series, the head (j = 1) holding the state
        List<Field<?>> copies = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            copies.add(col("g", o.name()));
        }
        String j = quote(OCCURRENCE) + "." + quote(OCCURRENCE);
        for (String h : state.hiddenColumns()) {
            copies.add(Sql.raw("CASE WHEN " + j + " = 1 THEN " + ref("g", h) + " END").as(h));
        }
        copies.add(Sql.raw(copyId(j, ref("g", ROW_ID))).as(ROW_ID));
        return DSL.select(copies).from(groups.asTable("g")
                .crossJoin(DSL.table(DSL.raw("LATERAL generate_series(1, " + ref("g", M) + ") AS "
                        + quote(OCCURRENCE) + "(" + quote(OCCURRENCE) + ")"))));
    }

    /**
     * The row identity of occurrence {@code j} of a group's row: the group's own for the head ({@code j = 1}), so the
     * state is read by the group's identity; {@code hashint8extended(j, group)} for the others.
     */
    private static String copyId(String j, String group) {
        return "CASE WHEN " + j + " = 1 THEN " + group + " ELSE hashint8extended(" + j + ", " + group + ") END";
    }

    /** Sums the delta per group: the change of each state column, and the extremes of what came and went. */
    private static Select<?> deltaAggregate(Aggregate op, AggregateState state, DeltaContext ctx) {
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
            if (state.needs(j, Function.SUM)) {
                items.add(DSL.sum(w.times(number("x", "__pgt_a" + (j + 1)))).as("__pgt_dsum_" + (j + 1)));
            }
            if (state.needs(j, Function.MIN)) {
                items.add(DSL.min(a).filterWhere(w.gt(DSL.inline(0))).as("__pgt_imin_" + (j + 1)));
                items.add(DSL.min(a).filterWhere(w.lt(DSL.inline(0))).as("__pgt_dmin_" + (j + 1)));
            }
            if (state.needs(j, Function.MAX)) {
                items.add(DSL.max(a).filterWhere(w.gt(DSL.inline(0))).as("__pgt_imax_" + (j + 1)));
                items.add(DSL.max(a).filterWhere(w.lt(DSL.inline(0))).as("__pgt_dmax_" + (j + 1)));
            }
        }
        SelectHavingStep<?> grouped = keys.isEmpty()
                ? DSL.select(items).from(DSL.table(DSL.name("__pgt_delta")).as("x"))
                : DSL.select(items).from(DSL.table(DSL.name("__pgt_delta")).as("x"))
                        .groupBy(keys.stream().map(Sql::raw).toList());
        return grouped.having(DSL.count().gt(DSL.inline(0)));
    }

    /**
     * Adds each group's change to its old state, read from the storage table. With {@code rescan}, also flags the
     * groups whose new state the old one and the change do not determine.
     */
    private static Select<?> newState(Aggregate op, AggregateState state, DeltaContext ctx, boolean rescan) {
        List<Field<?>> items = new ArrayList<>();
        List<String> left = new ArrayList<>();
        items.add(col("a", ROW_ID));
        for (int k = 0; k < op.groupBy().size(); k++) {
            items.add(col("a", "__pgt_g" + (k + 1)));
        }
        items.add(DSL.coalesce(number("o", COUNT), DSL.inline(0L)).plus(number("a", "__pgt_dcount")).as(COUNT));
        for (int j = 0; j < state.args().size(); j++) {
            Field<Long> newNn = DSL.coalesce(number("o", AggregateState.nn(j)), DSL.inline(0L))
                    .plus(DSL.coalesce(number("a", "__pgt_dnn_" + (j + 1)), DSL.inline(0L)));
            items.add(newNn.as(AggregateState.nn(j)));
            if (state.needs(j, Function.SUM)) {
                // null when no non-null value is left; else the old sum plus the change, either of which may be null
                Field<Long> sum = number("o", AggregateState.sum(j));
                Field<Long> dsum = number("a", "__pgt_dsum_" + (j + 1));
                items.add(DSL.when(newNn.ne(DSL.inline(0L)), DSL.coalesce(sum.plus(dsum), sum, dsum))
                        .as(AggregateState.sum(j)));
            }
            if (state.needs(j, Function.MIN)) {
                String merged = "least(" + ref("o", AggregateState.min(j)) + ", " + ref("a", "__pgt_imin_" + (j + 1))
                        + ")";
                items.add(Sql.raw(merged).as(AggregateState.min(j)));
                left.add(extremumLeft(ref("a", "__pgt_dmin_" + (j + 1)), "<=", merged));
            }
            if (state.needs(j, Function.MAX)) {
                String merged = "greatest(" + ref("o", AggregateState.max(j)) + ", "
                        + ref("a", "__pgt_imax_" + (j + 1)) + ")";
                items.add(Sql.raw(merged).as(AggregateState.max(j)));
                left.add(extremumLeft(ref("a", "__pgt_dmax_" + (j + 1)), ">=", merged));
            }
        }
        items.add(col("o", ROW_ID).as("__pgt_old"));
        if (op.copies() != null) {
            // a group without a stored row had no copies; the stored state is the head's
            items.add(Sql.raw("(" + ctx.expressions().render(op.copies(), stateValues(op, state, "o", true), Map.of(),
                    null) + ")::bigint").as(M_OLD));
        }
        if (rescan) {
            if (!state.recomputed().isEmpty()) {
                left = List.of("true");
            } else if (op.having() != null || ctx.windowed()) {
                // a group without a row was never kept, failed HAVING or is outside the window: its state is unknown
                left.add(ref("o", ROW_ID) + " IS NULL");
            }
            items.add(Sql.raw(String.join(" OR ", left)).as(RESCAN));
        }
        return DSL.select(items)
                .from(DSL.table(DSL.name("__pgt_agg")).as("a")
                        .leftJoin(DSL.table(ctx.storage()).as("o")).on(col("o", ROW_ID).eq(col("a", ROW_ID))));
    }

    /**
     * Whether a row that went held a value at or beyond the merged extremum: then the merge may be wrong and the group
     * is recomputed. Comparing with the merged value, not the old one, keeps a value that came and went in the same
     * refresh (a +x and -x of two delta terms) from becoming the extremum.
     */
    private static String extremumLeft(String gone, String beyond, String merged) {
        return "(" + gone + " IS NOT NULL AND (" + merged + " IS NULL OR " + gone + " " + beyond + " " + merged + "))";
    }

    private static String ref(String alias, String column) {
        return quote(alias) + "." + quote(column);
    }

    /** A numeric column of a relation alias (its SQL type is the server's; {@code Long} only types the Java side). */
    private static Field<Long> number(String alias, String column) {
        return DSL.field(DSL.name(alias, column), Long.class);
    }

    /** Computes the new output row of each touched group, and whether it is inserted, updated or deleted. */
    private static Select<?> changes(Aggregate op, AggregateState state, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        Map<QueryPart, String> byIdentity = stateValues(op, state, S, false);
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
        Condition having = op.having() == null ? null
                : DSL.condition(DSL.raw("coalesce((" + x.render(op.having(), byIdentity, byText, null) + "), false)"));
        Condition kept;
        if (op.isScalar()) {
            kept = having;
        } else {
            kept = having == null ? count.gt(DSL.inline(0)) : count.gt(DSL.inline(0)).and(having);
        }
        if (kept == null) {
            items.add(DSL.when(old.isNull(), DSL.inline("I")).otherwise(DSL.inline("U")).as(ApplyStatement.ACTION));
            return DSL.select(items).from(DSL.table(DSL.name(S)));
        }
        Condition gone = having == null ? count.eq(DSL.inline(0)) : DSL.not(kept);
        items.add(DSL.when(gone, DSL.inline("D")).when(old.isNull(), DSL.inline("I")).otherwise(DSL.inline("U"))
                .as(ApplyStatement.ACTION));
        if (op.copies() != null) {
            items.add(Sql.raw("(" + x.render(op.copies(), byIdentity, byText, null) + ")::bigint").as(M));
            items.add(col(S, M_OLD));
        }
        // over a window, a group that left the query without a stored row is listed too (the top-k reads it)
        Select<?> groups = DSL.select(items).from(DSL.table(DSL.name(S)))
                .where(ctx.windowed() ? DSL.noCondition() : kept.or(old.isNotNull()));
        return op.copies() == null ? groups : copies(op, state, groups);
    }

    /**
     * The changes of the copies of each group's row: the head ({@code j = 1}) as the group's row (inserted, updated
     * with the state, or deleted), and the occurrences between the old count {@code m} and the new {@code m'}:
     * inserted up to {@code m'} when it grew, deleted beyond it when it shrank. The others do not change (a group's
     * output is its key, which its identity hashes), so the cost is the difference of the counts, plus the head.
     */
    private static Select<?> copies(Aggregate op, AggregateState state, Select<?> groups) {
        String j = quote(OCCURRENCE) + "." + quote(OCCURRENCE);
        String m = ref("c", M);
        String mOld = ref("c", M_OLD);
        List<Field<?>> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(col("c", o.name()));
        }
        for (String h : state.hiddenColumns()) {
            items.add(Sql.raw("CASE WHEN " + j + " = 1 THEN " + ref("c", h) + " END").as(h));
        }
        items.add(Sql.raw(copyId(j, ref("c", ROW_ID))).as(ROW_ID));
        items.add(Sql.raw("CASE WHEN " + j + " = 1 THEN " + ref("c", ApplyStatement.ACTION) + " WHEN " + j + " > "
                + m + " THEN 'D' ELSE 'I' END").as(ApplyStatement.ACTION));
        String occurrences = "LATERAL (SELECT 1 AS " + quote(OCCURRENCE) + " UNION ALL SELECT generate_series("
                + "greatest(least(" + mOld + ", " + m + "), 1) + 1, greatest(" + mOld + ", " + m + "))) AS "
                + quote(OCCURRENCE);
        return DSL.select(items).from(groups.asTable("c").crossJoin(DSL.table(DSL.raw(occurrences))));
    }

    /** The value of each call's sites in the state of relation {@code alias}, counts read as 0 when absent. */
    private static Map<QueryPart, String> stateValues(Aggregate op, AggregateState state, String alias,
            boolean absentAsZero) {
        Map<QueryPart, String> byIdentity = new IdentityHashMap<>();
        for (int i = 0; i < op.calls().size(); i++) {
            String value = stateValue(op.calls().get(i), i, state, alias);
            Function f = op.calls().get(i).function();
            String v = absentAsZero && (f == Function.COUNT || f == Function.COUNT_STAR)
                    ? "coalesce(" + value + ", 0)" : value;
            op.callSites().get(i).forEach(site -> byIdentity.put(site, v));
        }
        return byIdentity;
    }

    private static String stateValue(AggregateCall call, int index, AggregateState state, String alias) {
        String s = quote(alias) + ".";
        Integer arg = state.argOfCall().get(index);
        return switch (call.function()) {
            case COUNT_STAR -> s + quote(COUNT);
            case COUNT -> s + quote(AggregateState.nn(arg));
            case SUM -> s + quote(AggregateState.sum(arg));
            case AVG -> "(" + s + quote(AggregateState.sum(arg)) + " / " + s + quote(AggregateState.nn(arg))
                    + "::numeric)";
            case MIN -> s + quote(AggregateState.min(arg));
            case MAX -> s + quote(AggregateState.max(arg));
            case RECOMPUTED -> s + quote(AggregateState.recomputed(state.recomputedOfCall().get(index)));
        };
    }
}
