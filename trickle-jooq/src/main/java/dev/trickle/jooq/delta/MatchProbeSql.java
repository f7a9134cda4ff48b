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
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link MatchProbe} as correlated subqueries over the other relation: {@code m_post} is {@code (SELECT
 * count(*) FROM R_post WHERE on)}, the change of the matches {@code (SELECT coalesce(sum(w), 0) FROM (ΔR WHERE on))},
 * and {@code m_pre} their difference.
 *
 * <p>The tests that look for rows whose matches crossed zero also restrict the row to the join keys the changes
 * touched: for the equalities {@code o = i} of {@code on} between an expression {@code o} of the row and {@code i} of
 * {@code R}, {@code (o, ...) IN (SELECT i, ... FROM ΔR)}, an uncorrelated semi-join the server drives from the
 * changes. Without such an equality the test reads every row of the kept side. When {@code on} is nothing but such
 * equalities, the change of a row's matches is the sum of the weights of {@code ΔR} at its key, {@code Σ_{r ∈ ΔR, i(r)
 * = o(l)} w(r)}, so the semi-join keeps only the keys whose sum has the sign the test needs: {@code (o, ...) IN (SELECT
 * i, ... FROM ΔR GROUP BY i, ... HAVING sum(w) < 0)} for the last match lost (then {@code NOT EXISTS} of a match is
 * the whole test), {@code > 0} for the first match gained (then {@code m_post = change}); the keys whose matches only
 * moved or changed values, the most frequent, are not probed at all.
 */
final class MatchProbeSql {
    private MatchProbeSql() {}

    static Condition condition(MatchProbe p, DeltaContext ctx) {
        Term postOn = p.post().where(p.on());
        String count = "(" + Sql.render(TermSql.select(List.of(DSL.count()), postOn, ctx)) + ")";
        String exists = "EXISTS (" + Sql.render(TermSql.select(List.of(DSL.inline(1)), postOn, ctx)) + ")";
        List<QueryPart[]> equalities = equiJoin(p, ctx.expressions());
        String sql = switch (p.test()) {
            case NONE_BEFORE -> count + " = " + change(p, ctx);
            case SOME_BEFORE -> count + " > " + change(p, ctx);
            case LOST_LAST -> equalities != null ? netKeys(equalities, p, ctx, "<") + "NOT " + exists
                    : touched(p, ctx) + "NOT " + exists + " AND " + change(p, ctx) + " < 0";
            case GAINED_FIRST -> equalities != null ? netKeys(equalities, p, ctx, ">") + count + " = " + change(p, ctx)
                    : touched(p, ctx) + exists + " AND " + count + " = " + change(p, ctx);
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

    /**
     * {@code (o, ...) IN (SELECT i, ... FROM ΔR) AND } over the equalities between the sides; without one, the same
     * for a {@code NOT IN} match {@code (o = i OR o IS NULL OR i IS NULL)}, whose NULLs match too: {@code ((o) IN
     * (SELECT i FROM ΔR) OR o IS NULL OR EXISTS (SELECT 1 FROM ΔR WHERE i IS NULL)) AND }; else nothing.
     */
    private static String touched(MatchProbe p, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<String> outer = new ArrayList<>();
        List<Field<?>> inner = new ArrayList<>();
        String notIn = "";
        for (Condition c : Expressions.conjuncts(p.on())) {
            QueryPart[] pair = equality(c, p, x);
            if (pair != null) {
                outer.add(x.render(pair[0]));
                inner.add(Sql.raw(x.render(pair[1])).as("__pgt_k" + (inner.size() + 1)));
            } else if (notIn.isEmpty()) {
                notIn = notIn(c, p, ctx);
            }
        }
        if (outer.isEmpty()) {
            return notIn;
        }
        return "(" + String.join(", ", outer) + ") IN (" + keys(inner, p, ctx) + ") AND ";
    }

    /**
     * The sides of each equality {@code o = i} of {@code on} between the row and {@code R}, if {@code on} is one or
     * more such equalities and nothing else, else {@code null}.
     */
    private static @Nullable List<QueryPart[]> equiJoin(MatchProbe p, Expressions x) {
        List<QueryPart[]> pairs = new ArrayList<>();
        for (Condition c : Expressions.conjuncts(p.on())) {
            QueryPart[] pair = equality(c, p, x);
            if (pair == null) {
                return null;
            }
            pairs.add(pair);
        }
        return pairs.isEmpty() ? null : pairs;
    }

    /**
     * {@code (o, ...) IN (SELECT i, ... FROM ΔR GROUP BY i, ... HAVING sum(w) <sign> 0) AND }: the keys of an equi-join
     * whose matches grew ({@code >}) or shrank ({@code <}) in the changes.
     */
    private static String netKeys(List<QueryPart[]> equalities, MatchProbe p, DeltaContext ctx, String sign) {
        Expressions x = ctx.expressions();
        List<String> outer = new ArrayList<>();
        List<Field<?>> inner = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (QueryPart[] pair : equalities) {
            String k = "__pgt_k" + (inner.size() + 1);
            outer.add(x.render(pair[0]));
            inner.add(Sql.raw(x.render(pair[1])).as(k));
            keys.add(quote("__pgt_m") + "." + quote(k));
        }
        List<Select<?>> changes = new ArrayList<>();
        for (Term t : p.delta()) {
            List<Field<?>> items = new ArrayList<>(inner);
            items.add(TermSql.weight(t).as(TermSql.WEIGHT));
            changes.add(TermSql.select(items, t, ctx));
        }
        String k = String.join(", ", keys);
        return "(" + String.join(", ", outer) + ") IN (SELECT " + k + " FROM (" + Sql.render(TermSql.unionAll(changes))
                + ") AS " + quote("__pgt_m") + " GROUP BY " + k + " HAVING sum(" + quote("__pgt_m") + "."
                + quote(TermSql.WEIGHT) + ") " + sign + " 0) AND ";
    }

    /** The sides of {@code o = i} between the row ({@code o}) and {@code R} ({@code i}), or {@code null}. */
    private static QueryPart @Nullable [] equality(Condition c, MatchProbe p, Expressions x) {
        if (!(c instanceof QOM.Eq<?> eq)) {
            return null;
        }
        QueryPart a = eq.$arg1();
        QueryPart b = eq.$arg2();
        if (outside(x.aliases(a), p) && inside(x.aliases(b), p)) {
            return new QueryPart[] {a, b};
        }
        return inside(x.aliases(a), p) && outside(x.aliases(b), p) ? new QueryPart[] {b, a} : null;
    }

    /** The restriction of a {@code (o = i OR o IS NULL OR i IS NULL)} condition, or nothing for any other. */
    private static String notIn(Condition c, MatchProbe p, DeltaContext ctx) {
        Expressions x = ctx.expressions();
        List<Condition> or = disjuncts(c);
        QueryPart[] pair = or.size() > 1 ? equality(or.get(0), p, x) : null;
        if (pair == null) {
            return "";
        }
        String o = x.render(pair[0]);
        String i = x.render(pair[1]);
        StringBuilder sql = new StringBuilder("((" + o + ") IN (" + keys(List.of(Sql.raw(i).as("__pgt_k1")), p, ctx)
                + ")");
        for (Condition d : or.subList(1, or.size())) {
            String tested = d instanceof QOM.IsNull n ? x.render(n.$arg1()) : null;
            if (o.equals(tested)) {
                sql.append(" OR ").append(o).append(" IS NULL");
            } else if (i.equals(tested)) {
                List<Select<?>> nulls = new ArrayList<>();
                for (Term t : p.delta()) {
                    nulls.add(TermSql.select(List.of(DSL.inline(1)), t.where(d), ctx));
                }
                sql.append(" OR EXISTS (").append(Sql.render(TermSql.unionAll(nulls))).append(")");
            } else {
                return "";
            }
        }
        return sql.append(") AND ").toString();
    }

    private static List<Condition> disjuncts(Condition c) {
        if (c instanceof QOM.Or or) {
            List<Condition> all = new ArrayList<>(disjuncts(or.$arg1()));
            all.addAll(disjuncts(or.$arg2()));
            return all;
        }
        return List.of(c);
    }

    /** {@code SELECT i, ... FROM ΔR}, one query per term of {@code ΔR}. */
    private static String keys(List<Field<?>> inner, MatchProbe p, DeltaContext ctx) {
        List<Select<?>> keys = new ArrayList<>();
        for (Term t : p.delta()) {
            keys.add(TermSql.select(inner, t, ctx));
        }
        return Sql.render(TermSql.unionAll(keys));
    }

    private static boolean inside(Set<String> aliases, MatchProbe p) {
        return !aliases.isEmpty() && p.aliases().containsAll(aliases);
    }

    private static boolean outside(Set<String> aliases, MatchProbe p) {
        return !aliases.isEmpty() && !aliases.contains("?") && aliases.stream().noneMatch(p.aliases()::contains);
    }
}
