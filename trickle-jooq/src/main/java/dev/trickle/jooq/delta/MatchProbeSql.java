package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.ColumnRef;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.Sql;
import dev.trickle.jooq.sql.SqlNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link MatchProbe} as SQL over the other relation: {@code m_post} is {@code (SELECT count(*) FROM R_post
 * WHERE on)}, a correlated subquery the server answers from an index on {@code R}'s join keys when there is one, and
 * {@code m_pre = m_post - change}.
 *
 * <p>The change of a row's matches, {@code Σ_{r ∈ ΔR, on(l, r)} w(r)}, is read from {@code ΔR} grouped by its join
 * keys, when {@code on} has equalities {@code o = i} between an expression {@code o} of the row and {@code i} of
 * {@code R}: the derived table {@code (SELECT i, ..., sum(w) FROM ΔR GROUP BY i, ...)} is joined to the term's rows on
 * {@code o = i} ({@link Written#lookup}), so the server computes {@code ΔR} once and finds a row's change by hashing,
 * instead of scanning {@code ΔR} for each row. The conjuncts of {@code on} that read {@code R} only filter {@code ΔR}
 * before it is grouped. The others (a residual such as {@code r.s <> l.s}) are tested per row on the group's changed
 * rows: the group also carries, as arrays, the weights and the values of {@code R}'s columns the residual reads, and
 * the change is {@code (SELECT sum(w) FROM unnest(...) WHERE residual)}.
 * The tests that look for rows whose matches crossed zero (gained the first, lost the last) need a changed key, so
 * their join is an inner join: it restricts the kept side to the join keys the changes touched. With the lookup,
 * {@code m_post} is a lateral FROM item after it ({@link Written#matches}), which the server evaluates after the joins
 * that drop rows, where a condition of the {@code WHERE} clause on one relation would run for every row of it.
 *
 * <p>Otherwise the change is a correlated subquery over {@code ΔR}, {@code (SELECT coalesce(sum(w), 0) FROM (ΔR WHERE
 * on))}: without an equality between the sides; when {@code ΔR} reads a query level above {@code R} (a subquery
 * nested in {@code R}'s that is correlated to the query holding {@code R}), which a derived table cannot; or when the
 * residual reads a column whose values cannot be gathered in an array of the same type (an array column, a column of
 * a grouped relation). Then the crossing tests are restricted to the touched keys by {@code (o, ...) IN (SELECT i, ...
 * FROM ΔR)}, an uncorrelated semi join the server drives from the changes, and without an equality by nothing but
 * {@code NOT IN}'s NULL rule (the kept side is read whole).
 *
 * <p>Grouping {@code ΔR} by {@code i} needs a type with a default equality or ordering operator class, as {@code
 * GROUP BY} does.
 */
final class MatchProbeSql {
    /** Alias of the unnested changed rows of a group. */
    private static final String ROWS = SqlNames.RESERVED_PREFIX + "u";

    private MatchProbeSql() {}

    /**
     * A probe as a term writes it: the condition for its {@code WHERE}, and the grouped changes to join to its FROM
     * list, if the change of the matches is read from them.
     *
     * @param condition the test
     * @param lookup {@code ΔR} grouped by its join keys, under its alias, or {@code null}
     * @param on the join of the lookup with the term's row: its join keys equal
     * @param inner whether the join keeps only the rows with a changed key (an inner join), else it is a left join
     * @param matches {@code m_post} of the row (or, for the lost-last test, whether it is positive) as a lateral
     *     subquery to cross-join after the lookup, or {@code null}
     */
    record Written(Condition condition, @Nullable Table<?> lookup, @Nullable Condition on, boolean inner,
            @Nullable Table<?> matches) {}

    /**
     * Writes a probe of a term whose FROM items are in scope of the condition and of the lookup's join.
     *
     * @param p the probe
     * @param ctx the expression renderer
     * @param alias a name for the lookup, unique in the term
     * @return the probe's SQL
     */
    static Written write(MatchProbe p, DeltaContext ctx, String alias) {
        Expressions x = ctx.expressions();
        if (p.test() == MatchProbe.Test.SOME_NOW || p.test() == MatchProbe.Test.NONE_NOW) {
            return new Written(condition(p, ctx), null, null, false, null);
        }
        List<QueryPart[]> pairs = new ArrayList<>();
        List<Condition> own = new ArrayList<>();
        List<Condition> residual = new ArrayList<>();
        for (Condition c : Expressions.conjuncts(p.on())) {
            QueryPart[] pair = equality(c, p, x);
            if (pair != null) {
                pairs.add(pair);
            } else if (inside(x.aliases(c), p)) {
                own.add(c);
            } else {
                residual.add(c);
            }
        }
        Map<QueryPart, String> unnested = new IdentityHashMap<>();
        Map<String, String> read = new LinkedHashMap<>();
        if (pairs.isEmpty() || !closed(p, x) || !gathered(residual, p, x, unnested, read)) {
            return new Written(condition(p, ctx), null, null, false, null);
        }
        List<String> keys = new ArrayList<>();
        List<Condition> on = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            String key = "__pgt_k" + (k + 1);
            keys.add(quote(key));
            on.add(DSL.condition(DSL.raw(x.render(pairs.get(k)[0]) + " = " + quote(alias) + "." + quote(key))));
        }
        List<Select<?>> changes = new ArrayList<>();
        for (Term t : p.delta()) {
            List<Field<?>> items = new ArrayList<>();
            for (int k = 0; k < pairs.size(); k++) {
                items.add(Sql.raw(x.render(pairs.get(k)[1])).as("__pgt_k" + (k + 1)));
            }
            read.forEach((sql, name) -> items.add(Sql.raw(sql).as(name)));
            items.add(TermSql.weight(t).as(TermSql.WEIGHT));
            changes.add(TermSql.select(items, own.isEmpty() ? t : t.where(DSL.and(own)), ctx));
        }
        String m = quote("__pgt_m") + ".";
        String w = quote(TermSql.WEIGHT);
        List<String> aggregates = new ArrayList<>();
        String change;
        if (residual.isEmpty()) {
            aggregates.add("sum(" + m + w + ") AS " + w);
            change = "coalesce(" + quote(alias) + "." + w + ", 0)";
        } else {
            List<String> arrays = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            for (String name : read.values()) {
                aggregates.add("array_agg(" + m + quote(name) + ") AS " + quote(name));
                arrays.add(quote(alias) + "." + quote(name));
                columns.add(quote(name));
            }
            aggregates.add("array_agg(" + m + w + ") AS " + w);
            arrays.add(quote(alias) + "." + w);
            columns.add(w);
            List<String> tests = new ArrayList<>();
            for (Condition c : residual) {
                tests.add("(" + x.render(c, unnested, Map.of(), null) + ")");
            }
            change = "(SELECT coalesce(sum(" + quote(ROWS) + "." + w + "), 0) FROM unnest(" + String.join(", ", arrays)
                    + ") AS " + quote(ROWS) + "(" + String.join(", ", columns) + ") WHERE " + String.join(" AND ", tests)
                    + ")";
        }
        String lookup = "(SELECT " + String.join(", ", keys.stream().map(k -> m + k + " AS " + k).toList()) + ", "
                + String.join(", ", aggregates) + " FROM (" + Sql.render(TermSql.unionAll(changes)) + ") AS "
                + quote("__pgt_m") + " GROUP BY " + String.join(", ", keys.stream().map(k -> m + k).toList()) + ") AS "
                + quote(alias);
        // m_post as a lateral FROM item, not a subquery in WHERE: the server evaluates a condition on one relation
        // where it reads that relation, for every row, before any join could drop the row; a lateral item it places
        // in the join order, after the joins that drop rows
        Postcount post = new Postcount(p, ctx);
        boolean lost = p.test() == MatchProbe.Test.LOST_LAST;
        String n = quote(alias + "n") + "." + quote("__pgt_n");
        // OFFSET 0 keeps the lateral item a plan node of its own: pulled up, its subquery became an expression of
        // the join's filter, whose cost the planner then weighed so that it preferred a hash join reading the kept
        // side whole (100,000 customers for 3 changed keys, seen after the change buffer's statistics grew)
        String matches = "LATERAL (SELECT " + (lost ? post.exists : post.count) + " AS " + quote("__pgt_n")
                + " OFFSET 0) AS " + quote(alias + "n");
        // m_pre = 0 is written m_post - change = 0, not m_post = change: an equality between an expression of the
        // row (m_post) and one of the lookup (the change) is a hash join key to the server, which then computes
        // m_post for every row of the kept side while it builds the hash table, a cost its planner does not count
        // (seen: 100,000 counts for 3 changed keys); a difference of both sides is a join filter, tested on the rows
        // that the key join kept
        String sql = switch (p.test()) {
            case NONE_BEFORE -> "(" + n + " - " + change + ") = 0";
            case SOME_BEFORE -> n + " > " + change;
            case LOST_LAST -> "NOT " + n + " AND " + change + " < 0";
            // m_pre = 0 < m_post is m_post = change > 0: the test on the change alone is pushed into the grouped
            // changes, so only keys whose matches grew are counted (rows whose change nets to 0 are most)
            case GAINED_FIRST -> change + " > 0 AND (" + n + " - " + change + ") = 0";
            case SOME_NOW, NONE_NOW -> throw new IllegalStateException("internal error: " + p.test());
        };
        boolean inner = lost || p.test() == MatchProbe.Test.GAINED_FIRST;
        return new Written(DSL.condition(DSL.raw("(" + sql + ")")), DSL.table(DSL.raw(lookup)), DSL.and(on), inner,
                DSL.table(DSL.raw(matches)));
    }

    /** {@code m_post} of a probe: its count and its existence, as correlated subqueries over {@code R_post}. */
    private static final class Postcount {
        final String count;
        final String exists;

        Postcount(MatchProbe p, DeltaContext ctx) {
            Term postOn = p.post().where(p.on());
            count = "(" + Sql.render(TermSql.select(List.of(DSL.count()), postOn, ctx)) + ")";
            exists = "EXISTS (" + Sql.render(TermSql.select(List.of(DSL.inline(1)), postOn, ctx)) + ")";
        }
    }

    /**
     * Writes a probe as one condition, its change a correlated subquery over {@code ΔR}: the probes of a post-state
     * (which read no change), and the probes {@link #write} cannot join a lookup for.
     *
     * @param p the probe
     * @param ctx the expression renderer
     * @return the condition
     */
    static Condition condition(MatchProbe p, DeltaContext ctx) {
        return DSL.condition(DSL.raw(sql(p, ctx)));
    }

    /**
     * Writes any probe as one condition: a {@link MatchProbe} as {@link #condition(MatchProbe, DeltaContext)} does; a
     * {@link KeepTest} as the mark join's condition with each subquery predicate replaced by its mark's value, {@code
     * ((keep) IS TRUE)} or {@code ((keep) IS NOT TRUE)}, each mark's value a probe written as one condition.
     *
     * @param p the probe
     * @param ctx the expression renderer
     * @return the condition
     */
    static Condition condition(Probe p, DeltaContext ctx) {
        if (p instanceof MatchProbe m) {
            return condition(m, ctx);
        }
        KeepTest k = (KeepTest) p;
        List<String> values = new ArrayList<>();
        for (KeepTest.Value v : k.values()) {
            MatchProbe probe = v.probe();
            values.add(probe != null ? sql(probe, ctx) : v.constant() ? "TRUE" : "FALSE");
        }
        Set<String> inner = new java.util.HashSet<>();
        k.join().marks().forEach(m -> inner.addAll(SemiJoinDeltaRule.aliases(m.right())));
        String keep = ctx.expressions().render(k.join().keep(), k.join().atoms(values), Map.of(), part -> {
            ColumnRef ref = ctx.expressions().resolve(part);
            if (ref == null || inner.contains(ref.alias())) {
                // a subquery predicate that kept its subquery would be evaluated as it is, without its mark
                throw new IllegalStateException("internal error: a subquery predicate of " + keepSql(k, ctx)
                        + " was not replaced by its mark");
            }
        });
        return DSL.condition(DSL.raw("((" + keep + ") IS " + (k.holds() ? "" : "NOT ") + "TRUE)"));
    }

    private static String keepSql(KeepTest k, DeltaContext ctx) {
        return ctx.expressions().render(k.join().keep());
    }

    private static String sql(MatchProbe p, DeltaContext ctx) {
        Postcount post = new Postcount(p, ctx);
        String sql = switch (p.test()) {
            case NONE_BEFORE -> post.count + " = " + change(p, ctx);
            case SOME_BEFORE -> post.count + " > " + change(p, ctx);
            case LOST_LAST -> touched(p, ctx) + "NOT " + post.exists + " AND " + change(p, ctx) + " < 0";
            case GAINED_FIRST -> touched(p, ctx) + post.exists + " AND " + post.count + " = " + change(p, ctx);
            case SOME_NOW -> post.exists;
            case NONE_NOW -> "NOT " + post.exists;
        };
        return "(" + sql + ")";
    }

    /**
     * Finds the columns of {@code R} the residual conjuncts read, for the lookup to gather them: {@code read} maps each
     * one's SQL to its name in the lookup, {@code unnested} each reference to its unnested value. False if one cannot
     * be gathered: a reference not resolved, or not to a column of a scan of {@code R} with a known type that is no
     * array ({@code array_agg} of arrays makes a two-dimensional array, which {@code unnest} flattens).
     */
    private static boolean gathered(List<Condition> residual, MatchProbe p, Expressions x,
            Map<QueryPart, String> unnested, Map<String, String> read) {
        Map<String, Scan> scans = new HashMap<>();
        scans(p.post(), scans);
        for (Condition c : residual) {
            for (QueryPart part : x.references(c)) {
                ColumnRef ref = x.resolve(part);
                if (ref == null) {
                    return false;
                }
                if (!p.aliases().contains(ref.alias())) {
                    continue;
                }
                Scan scan = scans.get(ref.alias());
                String type = scan == null ? null : scan.relation().column(ref.column())
                        .map(SourceRelation.Column::type).orElse(null);
                if (type == null || type.endsWith("]")) {
                    return false;
                }
                String sql = x.render(part);
                String name = read.computeIfAbsent(sql, s -> "__pgt_r" + (read.size() + 1));
                unnested.put(part, quote(ROWS) + "." + quote(name));
            }
        }
        return true;
    }

    /** The scans of a post-state term, by alias. */
    private static void scans(Term post, Map<String, Scan> scans) {
        for (From f : post.sources()) {
            if (f instanceof Source s) {
                scans.put(s.scan().alias(), s.scan());
            } else if (f instanceof JoinedPost j) {
                scans(j.left(), scans);
                scans(j.right(), scans);
            }
        }
    }

    /**
     * Whether the terms of {@code ΔR} read only relations of {@code R}, so that they can be a derived table: a
     * subquery nested in {@code R}'s may be correlated to the query level above {@code R}, whose rows the derived
     * table cannot see. A grouped relation is uncorrelated.
     */
    private static boolean closed(MatchProbe p, Expressions x) {
        return p.delta().stream().allMatch(t -> closed(t, p.aliases(), x));
    }

    private static boolean closed(Term t, List<String> inside, Expressions x) {
        for (Condition c : t.conditions()) {
            if (!inside.containsAll(x.aliases(c))) {
                return false;
            }
        }
        for (Probe probe : t.probes()) {
            List<MatchProbe> tests = new ArrayList<>();
            if (probe instanceof MatchProbe q) {
                tests.add(q);
            } else if (probe instanceof KeepTest k) {
                List<String> none = k.values().stream().map(v -> "TRUE").toList();
                if (!inside.containsAll(x.aliases(k.join().keep(), k.join().atoms(none)))) {
                    return false;
                }
                k.values().stream().map(KeepTest.Value::probe).filter(java.util.Objects::nonNull).forEach(tests::add);
            }
            for (MatchProbe q : tests) {
                if (!inside.containsAll(x.aliases(q.on())) || !closed(q.post(), inside, x)
                        || !q.delta().stream().allMatch(d -> closed(d, inside, x))) {
                    return false;
                }
            }
        }
        for (From f : t.sources()) {
            if (f instanceof JoinedPost j && !(inside.containsAll(x.aliases(j.on())) && closed(j.left(), inside, x)
                    && closed(j.right(), inside, x))) {
                return false;
            }
            if (f instanceof UnionRows u && !u.parts().stream().allMatch(part -> closed(part.term(), inside, x))) {
                return false;
            }
        }
        return true;
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
