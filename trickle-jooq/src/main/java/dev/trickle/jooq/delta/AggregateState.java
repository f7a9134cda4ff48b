package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Aggregate;
import dev.trickle.jooq.plan.AggregateCall;
import dev.trickle.jooq.plan.AggregateCall.Function;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.QueryPart;

/**
 * The state an {@link Aggregate} keeps per group, in hidden storage columns after the outputs: {@code __pgt_count},
 * and for the j-th distinct argument {@code __pgt_nn_j} (its non-null count), {@code __pgt_sum_j} (when a SUM or
 * AVG reads it), {@code __pgt_min_j} and {@code __pgt_max_j} (when a MIN or MAX reads it). Recomputed calls keep no
 * state: the i-th distinct one is computed as {@code __pgt_r_i} whenever its group is touched.
 *
 * @param args the distinct arguments of the non-recomputed calls
 * @param functions for each argument, the functions that read it
 * @param argOfCall for each non-recomputed call with an argument, the index of its argument
 * @param recomputed the distinct recomputed calls
 * @param recomputedOfCall for each recomputed call, its index in {@code recomputed}
 */
record AggregateState(List<QueryPart> args, List<List<Function>> functions, Map<Integer, Integer> argOfCall,
        List<QueryPart> recomputed, Map<Integer, Integer> recomputedOfCall) {
    static final String COUNT = SqlNames.RESERVED_PREFIX + "count";

    static AggregateState of(Aggregate op, Expressions x) {
        Map<String, Integer> argByText = new LinkedHashMap<>();
        Map<String, Integer> recomputedByText = new LinkedHashMap<>();
        List<QueryPart> args = new ArrayList<>();
        List<List<Function>> functions = new ArrayList<>();
        Map<Integer, Integer> argOfCall = new HashMap<>();
        List<QueryPart> recomputed = new ArrayList<>();
        Map<Integer, Integer> recomputedOfCall = new HashMap<>();
        for (int i = 0; i < op.calls().size(); i++) {
            AggregateCall call = op.calls().get(i);
            if (call.call() != null) {
                recomputedOfCall.put(i, recomputedByText.computeIfAbsent(x.render(call.call()), k -> {
                    recomputed.add(call.call());
                    return recomputed.size() - 1;
                }));
                continue;
            }
            if (call.argument() == null) {
                continue;
            }
            int j = argByText.computeIfAbsent(x.render(call.argument()), k -> {
                args.add(call.argument());
                functions.add(new ArrayList<>());
                return args.size() - 1;
            });
            functions.get(j).add(call.function());
            argOfCall.put(i, j);
        }
        return new AggregateState(args, functions, argOfCall, recomputed, recomputedOfCall);
    }

    boolean needs(int arg, Function f) {
        return switch (f) {
            case SUM -> functions.get(arg).contains(Function.SUM) || functions.get(arg).contains(Function.AVG);
            default -> functions.get(arg).contains(f);
        };
    }

    /** Whether some touched group may have to be recomputed from the sources. */
    boolean rescans(Aggregate op) {
        if (op.having() != null || !recomputed.isEmpty()) {
            return true;
        }
        for (int j = 0; j < args.size(); j++) {
            if (needs(j, Function.MIN) || needs(j, Function.MAX)) {
                return true;
            }
        }
        return false;
    }

    static String nn(int arg) {
        return SqlNames.RESERVED_PREFIX + "nn_" + (arg + 1);
    }

    static String sum(int arg) {
        return SqlNames.RESERVED_PREFIX + "sum_" + (arg + 1);
    }

    static String min(int arg) {
        return SqlNames.RESERVED_PREFIX + "min_" + (arg + 1);
    }

    static String max(int arg) {
        return SqlNames.RESERVED_PREFIX + "max_" + (arg + 1);
    }

    static String recomputed(int call) {
        return SqlNames.RESERVED_PREFIX + "r_" + (call + 1);
    }

    /** The hidden storage columns, in order. */
    List<String> hiddenColumns() {
        List<String> hidden = new ArrayList<>(List.of(COUNT));
        for (int j = 0; j < args.size(); j++) {
            hidden.add(nn(j));
            if (needs(j, Function.SUM)) {
                hidden.add(sum(j));
            }
            if (needs(j, Function.MIN)) {
                hidden.add(min(j));
            }
            if (needs(j, Function.MAX)) {
                hidden.add(max(j));
            }
        }
        return hidden;
    }

    /**
     * The state of a group computed from its rows: the hidden columns, then each recomputed call, as aggregate
     * items over the aggregate's input. The storage query and the recompute of touched groups share them.
     */
    List<Field<?>> aggregates(Expressions x, boolean withRecomputed) {
        List<Field<?>> items = new ArrayList<>();
        items.add(Sql.raw("count(*)").as(COUNT));
        for (int j = 0; j < args.size(); j++) {
            String arg = x.render(args.get(j));
            items.add(Sql.raw("count(" + arg + ")").as(nn(j)));
            if (needs(j, Function.SUM)) {
                items.add(Sql.raw("sum(" + arg + ")").as(sum(j)));
            }
            if (needs(j, Function.MIN)) {
                items.add(Sql.raw("min(" + arg + ")").as(min(j)));
            }
            if (needs(j, Function.MAX)) {
                items.add(Sql.raw("max(" + arg + ")").as(max(j)));
            }
        }
        if (withRecomputed) {
            for (int i = 0; i < recomputed.size(); i++) {
                items.add(Sql.raw(x.render(recomputed.get(i))).as(recomputed(i)));
            }
        }
        return items;
    }
}
