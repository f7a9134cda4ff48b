package dev.trickle.jooq.delta;

import static dev.trickle.jooq.ddl.SqlNames.ROW_ID;
import static dev.trickle.jooq.ddl.SqlNames.quote;

import dev.trickle.jooq.OutputColumn;
import dev.trickle.jooq.ddl.ApplySql;
import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Scan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.QueryPart;

/**
 * Differentiates an {@link Aggregate} at the top of a plan with algebraic calls: for each group touched by the
 * input's delta {@code ΔQ}, {@code count' = count + Σw}, {@code count(x)' = count(x) + Σ(w·[x not null])},
 * {@code sum(x)' = sum(x) + Σ(w·x)} (null when {@code count(x)'} is 0), {@code avg(x)' = sum(x)' / count(x)'}.
 *
 * <p>Reads the old state from the storage table's hidden columns ({@code __pgt_count}, {@code __pgt_nn_j},
 * {@code __pgt_sum_j}), and the delta of its input. A row's identity hashes its group key, so an UPDATE that moves
 * a source row between groups is a -1 in the old group and a +1 in the new one, and an UPDATE within a group nets
 * its two halves in the sums. A group whose count reaches 0 is deleted; a scalar aggregate (no GROUP BY) keeps its
 * one row, as {@code SELECT count(*) FROM empty} does.
 */
final class AggregateDeltaRule {
    private static final String S = quote("__pgt_s");
    private static final String COUNT = quote("__pgt_count");

    private AggregateDeltaRule() {}

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
            List<String> hidden = new ArrayList<>(List.of("__pgt_count"));
            for (int j = 0; j < args.size(); j++) {
                hidden.add("__pgt_nn_" + (j + 1));
                if (needsSum.get(j)) {
                    hidden.add("__pgt_sum_" + (j + 1));
                }
            }
            return hidden;
        }
    }

    static RefreshSql compile(Aggregate op, List<Scan> scans, Differentiator d, DeltaContext ctx,
            List<OutputColumn> outputs) {
        Expressions x = ctx.expressions();
        State state = State.of(op, x);
        List<String> hidden = state.hiddenColumns();
        String storageQuery = storageQuery(op, state, d, ctx);
        List<String> terms = new ArrayList<>();
        for (Term t : d.delta(op.input()).terms()) {
            StringBuilder select = new StringBuilder("SELECT ").append(TermSql.weight(t)).append(" AS ")
                    .append(TermSql.WEIGHT);
            for (int k = 0; k < op.groupBy().size(); k++) {
                select.append(", ").append(x.render(op.groupBy().get(k))).append(" AS ").append(quote("__pgt_g" + (k + 1)));
            }
            for (int j = 0; j < state.args().size(); j++) {
                select.append(", ").append(x.render(state.args().get(j))).append(" AS ").append(quote("__pgt_a" + (j + 1)));
            }
            terms.add(select + "\n" + TermSql.fromWhere(t, ctx));
        }
        List<OutputColumn> columns = new ArrayList<>(outputs);
        hidden.forEach(h -> columns.add(new OutputColumn(h, "", true)));
        String sql = "WITH " + quote("__pgt_delta") + " AS (\n" + String.join("\nUNION ALL\n", terms) + "\n),\n"
                + quote("__pgt_agg") + " AS (\n" + deltaAggregate(op, state, ctx) + "\n),\n"
                + S + " AS (\n" + newState(op, state, ctx) + "\n),\n"
                + quote(ApplySql.CHANGES) + " AS MATERIALIZED (\n" + changes(op, state, hidden, ctx) + "\n),\n"
                + ApplySql.applyCtes(ctx.storage(), columns, ctx.afterApply());
        return new RefreshSql(storageQuery, hidden, sql);
    }

    private static String storageQuery(Aggregate op, State state, Differentiator d, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<String> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(x.render(o.expression()) + " AS " + quote(o.name()));
        }
        items.add("count(*) AS " + COUNT);
        for (int j = 0; j < state.args().size(); j++) {
            String arg = x.render(state.args().get(j));
            items.add("count(" + arg + ") AS " + quote("__pgt_nn_" + (j + 1)));
            if (state.needsSum().get(j)) {
                items.add("sum(" + arg + ") AS " + quote("__pgt_sum_" + (j + 1)));
            }
        }
        List<String> keys = op.groupBy().stream().map(x::render).toList();
        items.add(RowIdSql.of(keys, ctx.keyTypes()) + " AS " + quote(ROW_ID));
        return "SELECT " + String.join(",\n       ", items) + "\n" + TermSql.fromWhere(d.post(op.input()), ctx)
                + (keys.isEmpty() ? "" : "\n GROUP BY " + String.join(", ", keys));
    }

    /** Sums the delta per group: the change of each state column. */
    private static String deltaAggregate(Aggregate op, State state, DeltaContext ctx) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < op.groupBy().size(); k++) {
            keys.add("x." + quote("__pgt_g" + (k + 1)));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(RowIdSql.of(keys, ctx.keyTypes())).append(" AS ").append(quote(ROW_ID));
        keys.forEach(k -> sql.append(", ").append(k));
        sql.append(",\n       sum(x.").append(TermSql.WEIGHT).append(") AS ").append(quote("__pgt_dcount"));
        for (int j = 0; j < state.args().size(); j++) {
            String a = "x." + quote("__pgt_a" + (j + 1));
            sql.append(",\n       sum(CASE WHEN ").append(a).append(" IS NOT NULL THEN x.").append(TermSql.WEIGHT)
                    .append(" END) AS ").append(quote("__pgt_dnn_" + (j + 1)));
            if (state.needsSum().get(j)) {
                sql.append(",\n       sum(x.").append(TermSql.WEIGHT).append(" * ").append(a).append(") AS ")
                        .append(quote("__pgt_dsum_" + (j + 1)));
            }
        }
        sql.append("\n  FROM ").append(quote("__pgt_delta")).append(" x");
        if (!keys.isEmpty()) {
            sql.append("\n GROUP BY ").append(String.join(", ", keys));
        }
        return sql.append("\nHAVING count(*) > 0").toString();
    }

    /** Adds each group's change to its old state, read from the storage table. */
    private static String newState(Aggregate op, State state, DeltaContext ctx) {
        StringBuilder sql = new StringBuilder("SELECT a.").append(quote(ROW_ID));
        for (int k = 0; k < op.groupBy().size(); k++) {
            sql.append(", a.").append(quote("__pgt_g" + (k + 1)));
        }
        sql.append(",\n       coalesce(o.").append(COUNT).append(", 0) + a.").append(quote("__pgt_dcount"))
                .append(" AS ").append(COUNT);
        for (int j = 0; j < state.args().size(); j++) {
            String nn = quote("__pgt_nn_" + (j + 1));
            String newNn = "coalesce(o." + nn + ", 0) + coalesce(a." + quote("__pgt_dnn_" + (j + 1)) + ", 0)";
            sql.append(",\n       ").append(newNn).append(" AS ").append(nn);
            if (state.needsSum().get(j)) {
                String sum = quote("__pgt_sum_" + (j + 1));
                String dsum = "a." + quote("__pgt_dsum_" + (j + 1));
                sql.append(",\n       CASE WHEN ").append(newNn).append(" = 0 THEN NULL WHEN o.").append(sum)
                        .append(" IS NULL THEN ").append(dsum).append(" WHEN ").append(dsum)
                        .append(" IS NULL THEN o.").append(sum).append(" ELSE o.").append(sum).append(" + ")
                        .append(dsum).append(" END AS ").append(sum);
            }
        }
        sql.append(",\n       o.").append(quote(ROW_ID)).append(" AS ").append(quote("__pgt_old"));
        sql.append("\n  FROM ").append(quote("__pgt_agg")).append(" a LEFT JOIN ").append(ctx.storage())
                .append(" o ON o.").append(quote(ROW_ID)).append(" = a.").append(quote(ROW_ID));
        return sql.toString();
    }

    /** Computes the new output row of each touched group, and whether it is inserted, updated or deleted. */
    private static String changes(Aggregate op, State state, List<String> hidden, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        Map<QueryPart, String> byIdentity = new IdentityHashMap<>();
        for (int i = 0; i < op.calls().size(); i++) {
            String value = stateValue(op.calls().get(i), state.argOfCall().get(i));
            op.callSites().get(i).forEach(site -> byIdentity.put(site, value));
        }
        Map<String, String> byText = new HashMap<>();
        for (int k = 0; k < op.groupBy().size(); k++) {
            byText.put(x.render(op.groupBy().get(k)), S + "." + quote("__pgt_g" + (k + 1)));
        }
        List<String> items = new ArrayList<>();
        for (OutputColumnExpr o : op.outputs()) {
            items.add(x.render(o.expression(), byIdentity, byText, null) + " AS " + quote(o.name()));
        }
        hidden.forEach(h -> items.add(S + "." + quote(h)));
        items.add(S + "." + quote(ROW_ID));
        String old = S + "." + quote("__pgt_old");
        String action = op.isScalar()
                ? "CASE WHEN " + old + " IS NULL THEN 'I' ELSE 'U' END"
                : "CASE WHEN " + S + "." + COUNT + " = 0 THEN 'D' WHEN " + old + " IS NULL THEN 'I' ELSE 'U' END";
        items.add(action + " AS " + quote(ApplySql.ACTION));
        return "SELECT " + String.join(",\n       ", items) + "\n  FROM " + S
                + (op.isScalar() ? "" : "\n WHERE " + S + "." + COUNT + " > 0 OR " + old + " IS NOT NULL");
    }

    private static String stateValue(AggregateCall call, Integer arg) {
        return switch (call.function()) {
            case COUNT_STAR -> S + "." + COUNT;
            case COUNT -> S + "." + quote("__pgt_nn_" + (arg + 1));
            case SUM -> S + "." + quote("__pgt_sum_" + (arg + 1));
            case AVG -> "(" + S + "." + quote("__pgt_sum_" + (arg + 1)) + " / " + S + "."
                    + quote("__pgt_nn_" + (arg + 1)) + "::numeric)";
        };
    }
}
