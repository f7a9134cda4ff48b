package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

/**
 * Writes a {@link MatchProbe} as correlated subqueries over the other relation: {@code m_post} is {@code (SELECT
 * count(*) FROM R_post WHERE on)}, the change of the matches {@code (SELECT coalesce(sum(w), 0) FROM (ΔR WHERE on))},
 * and {@code m_pre} their difference.
 *
 * <p>The tests that look for rows whose matches crossed zero also restrict the row to the join keys the changes
 * touched: for the equalities {@code o = i} of {@code on} between an expression {@code o} of the row and {@code i} of
 * {@code R}, {@code (o, ...) IN (SELECT i, ... FROM ΔR)}, an uncorrelated semi-join the server drives from the
 * changes. Without such an equality the test reads every row of the kept side.
 */
final class MatchProbeSql {
    private MatchProbeSql() {}

    static Condition condition(MatchProbe p, DeltaContext ctx) {
        Term postOn = p.post().where(p.on());
        String count = "(" + Sql.render(TermSql.select(List.of(DSL.count()), postOn, ctx)) + ")";
        String exists = "EXISTS (" + Sql.render(TermSql.select(List.of(DSL.inline(1)), postOn, ctx)) + ")";
        String sql = switch (p.test()) {
            case NONE_BEFORE -> count + " = " + change(p, ctx);
            case SOME_BEFORE -> count + " > " + change(p, ctx);
            case LOST_LAST -> touched(p, ctx) + "NOT " + exists + " AND " + change(p, ctx) + " < 0";
            case GAINED_FIRST -> touched(p, ctx) + exists + " AND " + count + " = " + change(p, ctx);
            case SOME_NOW -> exists;
            case NONE_NOW -> "NOT " + exists;
        };
        return DSL.condition(DSL.raw("(" + sql + ")"));
    }

    /** The change of the row's matches: {@code (SELECT coalesce(sum(w), 0) FROM (ΔR WHERE on))}. */
    private static String change(MatchProbe p, DeltaContext ctx) {
        List<Select<?>> changes = new ArrayList<>();
        for (Term t : p.delta()) {
            changes.add(TermSql.select(List.of(TermSql.weight(t).as(TermSql.WEIGHT)), t.where(p.on()), ctx));
        }
        return "(SELECT coalesce(sum(" + quote("__pgt_m") + "." + quote(TermSql.WEIGHT) + "), 0) FROM ("
                + Sql.render(TermSql.unionAll(changes)) + ") AS " + quote("__pgt_m") + ")";
    }

    /** {@code (o, ...) IN (SELECT i, ... FROM ΔR) AND }, or nothing if {@code on} has no equality between the sides. */
    private static String touched(MatchProbe p, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<String> outer = new ArrayList<>();
        List<Field<?>> inner = new ArrayList<>();
        for (Condition c : Expressions.conjuncts(p.on())) {
            if (c instanceof QOM.Eq<?> eq) {
                QueryPart a = eq.$arg1();
                QueryPart b = eq.$arg2();
                if (inside(x.aliases(a), p) && outside(x.aliases(b), p)) {
                    QueryPart t = a;
                    a = b;
                    b = t;
                }
                if (outside(x.aliases(a), p) && inside(x.aliases(b), p)) {
                    outer.add(x.render(a));
                    inner.add(Sql.raw(x.render(b)).as("__pgt_k" + (inner.size() + 1)));
                }
            }
        }
        if (outer.isEmpty()) {
            return "";
        }
        List<Select<?>> keys = new ArrayList<>();
        for (Term t : p.delta()) {
            keys.add(TermSql.select(inner, t, ctx));
        }
        return "(" + String.join(", ", outer) + ") IN (" + Sql.render(TermSql.unionAll(keys)) + ") AND ";
    }

    private static boolean inside(Set<String> aliases, MatchProbe p) {
        return !aliases.isEmpty() && p.aliases().containsAll(aliases);
    }

    private static boolean outside(Set<String> aliases, MatchProbe p) {
        return !aliases.isEmpty() && !aliases.contains("?") && aliases.stream().noneMatch(p.aliases()::contains);
    }
}
