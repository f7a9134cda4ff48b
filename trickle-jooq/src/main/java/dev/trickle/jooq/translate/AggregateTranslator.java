package dev.trickle.jooq.translate;

import dev.trickle.UnsupportedQueryException.Reason;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Traversal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.AggregateFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.GroupField;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Translates the aggregate part of a query: {@code GROUP BY} keys (expressions, output positions such as {@code
 * GROUP BY 1}, or output names), {@code HAVING}, and the calls in the select list and in {@code HAVING}: the
 * invertible {@code COUNT(*)}, {@code COUNT(x)}, {@code SUM(x)} and {@code AVG(x)}, the extrema {@code MIN(x)} and
 * {@code MAX(x)}, each optionally with {@code FILTER (WHERE ...)}; and the calls recomputed per touched group: those
 * with {@code DISTINCT}, {@code STRING_AGG} ({@code LISTAGG} in jOOQ), {@code ARRAY_AGG}, {@code BOOL_AND}/{@code
 * EVERY}, {@code BOOL_OR}, {@code JSON[B]_AGG}, {@code JSON[B]_OBJECT_AGG}, {@code STDDEV_SAMP}/{@code _POP},
 * {@code VAR_SAMP}/{@code _POP} and {@code BIT_AND}/{@code OR}/{@code XOR}, kept as written (with their {@code ORDER
 * BY} and {@code FILTER}). Every select item and the {@code HAVING} condition must be computable from the group keys
 * and the calls.
 */
final class AggregateTranslator {
    /** The aggregate functions maintained differentially, as refusals name them. */
    static final String SUPPORTED = "COUNT, SUM, AVG, MIN, MAX, STRING_AGG, ARRAY_AGG, BOOL_AND, BOOL_OR, EVERY,"
            + " JSON_AGG, JSONB_AGG, JSON_OBJECT_AGG, JSONB_OBJECT_AGG, STDDEV, STDDEV_SAMP, STDDEV_POP, VARIANCE,"
            + " VAR_SAMP, VAR_POP,"
            + " BIT_AND, BIT_OR and BIT_XOR";
    /**
     * The names of those functions besides count, sum and avg, as the server's catalog spells them ({@code stddev} and
     * {@code variance} reach jOOQ's parser as {@code stddev_samp} and {@code var_samp}: see {@code
     * SqlText.forJooqParser}).
     */
    private static final Set<String> SUPPORTED_NAMES = Set.of("min", "max", "string_agg", "array_agg", "bool_and",
            "bool_or", "every", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev",
            "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "bit_and", "bit_or", "bit_xor");

    private AggregateTranslator() {}

    /**
     * Refuses aggregate functions the compiler does not maintain, found by name in the server's catalog (an
     * aggregate jOOQ does not know parses as a plain function call).
     *
     * @param otherAggregates the names of aggregates the query calls other than count, sum and avg
     */
    static void checkNames(Set<String> otherAggregates) {
        Set<String> refused = new java.util.TreeSet<>(otherAggregates);
        refused.removeAll(SUPPORTED_NAMES);
        if (!refused.isEmpty()) {
            throw Unsupported.of(Reason.AGGREGATE_FUNCTION, String.join(", ", refused),
                    "an aggregate function other than " + SUPPORTED);
        }
    }

    static boolean hasAggregates(List<Field<?>> items) {
        for (Field<?> item : items) {
            if (!aggregatesIn(item).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static Aggregate translate(Select<?> select, Body input, List<Field<?>> items, List<String> names, Scope scope) {
        return translate(select, input, items, names, scope, List.of());
    }

    /**
     * Translates an aggregate that also groups by {@code moreKeys}: values the same on every row (the scalar
     * subqueries its select list and {@code HAVING} read), so that expressions may read them.
     */
    static Aggregate translate(Select<?> select, Body input, List<Field<?>> items, List<String> names, Scope scope,
            List<Field<?>> moreKeys) {
        List<Field<?>> groupBy = new ArrayList<>(groupKeys(select, items, names, scope));
        if (!moreKeys.isEmpty() && groupBy.isEmpty()) {
            throw Unsupported.of(Reason.SUBQUERY, moreKeys.get(0), "a scalar subquery in the select list or HAVING"
                    + " of an aggregate without GROUP BY");
        }
        groupBy.addAll(moreKeys);
        Condition having = select.$having();
        List<QueryPart> expressions = new ArrayList<>(items);
        if (having != null) {
            expressions.add(having);
        }
        Map<String, Integer> callIndex = new LinkedHashMap<>();
        List<AggregateCall> calls = new ArrayList<>();
        List<List<QueryPart>> sites = new ArrayList<>();
        for (QueryPart expression : expressions) {
            scope.resolveAll(expression, Set.of());
            for (QueryPart part : aggregatesIn(expression)) {
                AggregateCall call = call(part);
                Expressions x = new Expressions(scope.resolver());
                String key = call.call() != null ? x.render(call.call())
                        : call.function() + "(" + (call.argument() == null ? "*" : x.render(call.argument())) + ")";
                Integer index = callIndex.computeIfAbsent(key, k -> {
                    calls.add(call);
                    sites.add(new ArrayList<>());
                    return calls.size() - 1;
                });
                sites.get(index).add(part);
            }
        }
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            outputs.add(new OutputColumnExpr(names.get(i), items.get(i)));
        }
        checkGrouped(expressions, groupBy, sites, scope);
        return new Aggregate(input, groupBy, calls, outputs, having, sites);
    }

    /**
     * Translates {@code SELECT DISTINCT items}: the same rows as {@code SELECT items ... GROUP BY items}, so each
     * distinct row is a group without calls. Its hidden count is the row's multiplicity in the input: the row enters
     * the stream table when the count leaves 0 and leaves it when the count returns to 0. Both compare rows as
     * {@code IS NOT DISTINCT FROM} does, NULLs equal.
     */
    static Aggregate distinct(Body input, List<Field<?>> items, List<String> names, Scope scope) {
        List<OutputColumnExpr> outputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            scope.resolveAll(items.get(i), Set.of());
            outputs.add(new OutputColumnExpr(names.get(i), items.get(i)));
        }
        return new Aggregate(input, items, List.of(), outputs, null, List.of());
    }

    /** Resolves GROUP BY items: positions and output names mean select items, as in PostgreSQL. */
    private static List<Field<?>> groupKeys(Select<?> select, List<Field<?>> items, List<String> names, Scope scope) {
        List<Field<?>> keys = new ArrayList<>();
        Set<String> outputNames = new HashSet<>(names);
        for (GroupField g : select.$groupBy()) {
            if (g instanceof QOM.EmptyGroupingSet) {
                continue;
            }
            if (!(g instanceof Field<?> field)) {
                throw Unsupported.of(Reason.GROUPING_SETS, g, "this GROUP BY item");
            }
            if (field instanceof Param<?> param && param.getValue() instanceof Number n) {
                int position = n.intValue();
                if (position < 1 || position > items.size()) {
                    throw Unsupported.of(Reason.OTHER, g, "a GROUP BY position outside the select list");
                }
                keys.add(items.get(position - 1));
                continue;
            }
            List<TableField<?, ?>> aliases = scope.resolveAll(field, outputNames);
            if (!aliases.isEmpty()) {
                if (aliases.size() != 1 || aliases.get(0) != field) {
                    throw Unsupported.of(Reason.GROUPING, g, "an output column name inside a GROUP BY expression");
                }
                String name = Identifiers.parts(field.getQualifiedName()).get(0);
                keys.add(items.get(names.indexOf(name)));
                continue;
            }
            keys.add(field);
        }
        for (Field<?> key : keys) {
            scope.resolveAll(key, Set.of());
        }
        return keys;
    }

    private static AggregateCall call(QueryPart part) {
        AggregateFunction<?> agg = (AggregateFunction<?>) part;
        Condition filter = agg.$filterWhere();
        if (part instanceof QOM.Count count && !count.$distinct()) {
            if (Unsupported.sql(count.$field()).equals("*")) {
                return filter == null ? new AggregateCall(AggregateCall.Function.COUNT_STAR, null)
                        : new AggregateCall(AggregateCall.Function.COUNT, DSL.when(filter, DSL.inline(1)));
            }
            return new AggregateCall(AggregateCall.Function.COUNT, filtered(count.$field(), filter));
        }
        if (part instanceof QOM.Sum sum && !sum.$distinct()) {
            return new AggregateCall(AggregateCall.Function.SUM, filtered(sum.$field(), filter));
        }
        if (part instanceof QOM.Avg avg && !avg.$distinct()) {
            return new AggregateCall(AggregateCall.Function.AVG, filtered(avg.$field(), filter));
        }
        if (part instanceof QOM.Min<?> min) {
            // MIN(DISTINCT x) = MIN(x)
            return new AggregateCall(AggregateCall.Function.MIN, filtered(min.$field(), filter));
        }
        if (part instanceof QOM.Max<?> max) {
            return new AggregateCall(AggregateCall.Function.MAX, filtered(max.$field(), filter));
        }
        if (part instanceof QOM.Count || part instanceof QOM.Sum || part instanceof QOM.Avg
                || part instanceof QOM.ArrayAgg<?> || part instanceof QOM.BoolAnd || part instanceof QOM.BoolOr
                || part instanceof QOM.JSONArrayAgg<?> || part instanceof QOM.JSONObjectAgg<?>
                || part instanceof QOM.StddevSamp || part instanceof QOM.StddevPop || part instanceof QOM.VarSamp
                || part instanceof QOM.VarPop || part instanceof QOM.BitAndAgg<?> || part instanceof QOM.BitOrAgg<?>
                || part instanceof QOM.BitXorAgg<?> || part.getClass().getSimpleName().equals("ListAgg")) {
            // DISTINCT, or no running state: the call as written, over the rows of each touched group
            return new AggregateCall(AggregateCall.Function.RECOMPUTED, null, part);
        }
        throw Unsupported.of(Reason.AGGREGATE_FUNCTION, part, "an aggregate function other than " + SUPPORTED);
    }

    /**
     * An argument under {@code FILTER (WHERE p)}: {@code CASE WHEN p THEN x END}, which the aggregates that ignore
     * NULLs read alike ({@code SUM(x) FILTER (WHERE p) = SUM(CASE WHEN p THEN x END)}).
     */
    private static Field<?> filtered(Field<?> argument, @Nullable Condition filter) {
        return filter == null ? argument : DSL.when(filter, argument);
    }

    /** Every select item and the HAVING condition must be a function of the group keys and the aggregate calls. */
    private static void checkGrouped(
            List<QueryPart> expressions, List<Field<?>> groupBy, List<List<QueryPart>> sites, Scope scope) {
        Expressions x = new Expressions(scope.resolver());
        Map<QueryPart, String> byIdentity = new IdentityHashMap<>();
        sites.forEach(list -> list.forEach(p -> byIdentity.put(p, "NULL")));
        Map<String, String> byText = new HashMap<>();
        groupBy.forEach(g -> byText.put(x.render(g), "NULL"));
        for (QueryPart expression : expressions) {
            List<QueryPart> leftover = new ArrayList<>();
            x.render(expression, byIdentity, byText, leftover::add);
            if (!leftover.isEmpty()) {
                throw Unsupported.of(Reason.GROUPING, expression, (expression instanceof Condition
                        ? "a HAVING condition" : "a select item") + " that is neither grouped nor aggregated ("
                        + Unsupported.sql(leftover.get(0)) + ")");
            }
        }
    }

    /** Lists the outermost aggregate calls in an expression. */
    static List<QueryPart> aggregatesIn(QueryPart expression) {
        List<QueryPart> found = new ArrayList<>();
        int[] inside = {0};
        int[] subquery = {0};
        Traversal.walk(expression, new Traversal.Visitor() {
            @Override
            public void enter(VisitContext context) {
                if (context.queryPart() instanceof QOM.ScalarSubquery<?>) {
                    // its aggregates are its own
                    subquery[0]++;
                }
                if (subquery[0] == 0 && context.queryPart() instanceof AggregateFunction<?>) {
                    if (inside[0] == 0) {
                        found.add(context.queryPart());
                    } else {
                        throw Unsupported.of(Reason.AGGREGATE_EXPRESSION, context.queryPart(), "a nested aggregate");
                    }
                    inside[0]++;
                }
            }

            @Override
            public void leave(VisitContext context) {
                if (context.queryPart() instanceof QOM.ScalarSubquery<?>) {
                    subquery[0]--;
                }
                if (subquery[0] == 0 && context.queryPart() instanceof AggregateFunction<?>) {
                    inside[0]--;
                }
            }
        });
        return found;
    }
}
