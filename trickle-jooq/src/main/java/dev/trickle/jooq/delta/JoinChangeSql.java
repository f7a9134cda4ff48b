package dev.trickle.jooq.delta;

import static dev.trickle.jooq.sql.SqlNames.quote;

import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.GroupedBody;
import dev.trickle.jooq.plan.OutputColumnExpr;
import dev.trickle.jooq.plan.Scan;
import dev.trickle.jooq.sql.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Writes a {@link JoinChange}: {@code (WITH level₍ₙ₋₁₎ AS (...), ..., level₁ AS (...) <level₀>) AS alias}, then one
 * {@code CROSS JOIN LATERAL (SELECT alias.__pgt_cₖ AS column, ...) AS leaf} per leaf, so that the leaves' aliases read
 * the item's columns. Level {@code m} is the change of the join of the inputs {@code m} to {@code n - 1} in chain
 * order ({@link #order}), under the conditions that read only them:
 *
 * <pre>
 * D₍ₙ₋₁₎ = ΔR₍ₙ₋₁₎
 * D_m    = ΔR_m ⋈ S₍ₘ₊₁₎_post + R_m_post ⋈ D₍ₘ₊₁₎ − ΔR_m ⋈ D₍ₘ₊₁₎        S₍ₘ₊₁₎ = R₍ₘ₊₁₎ ⋈ … ⋈ R₍ₙ₋₁₎
 * </pre>
 *
 * Each level reads the one below it twice, so the server computes it once (a common table expression read twice is
 * materialized); its terms join a change to tables or a table to a small relation, which the server plans from
 * statistics, never a pre-state it cannot estimate.
 */
final class JoinChangeSql {
    private static final String COLUMN = "__pgt_c";

    private JoinChangeSql() {}

    /** Writes the item. */
    static Table<?> table(JoinChange j, DeltaContext ctx) {
        List<JoinChange.Input> inputs = order(j, ctx);
        List<List<Condition>> conditions = levels(j, inputs, ctx);
        int n = inputs.size();
        List<String> ctes = new ArrayList<>();
        String below = null;
        String last = null;
        for (int m = n - 1; m >= 0; m--) {
            JoinChange.Input input = inputs.get(m);
            List<Body> leaves = leaves(inputs.subList(m, n));
            List<Term> terms = new ArrayList<>();
            if (below == null) {
                terms.addAll(input.delta());
            } else {
                Term rest = new Term(1, List.of(), List.of());
                for (JoinChange.Input i : inputs.subList(m + 1, n)) {
                    rest = rest.times(i.post());
                }
                for (int k = m + 1; k < n; k++) {
                    rest = where(rest, conditions.get(k));
                }
                String alias = j.alias() + "_" + (m + 1);
                Term level = new Term(1, List.of(new JoinChange.Level(below, alias, leaves(inputs.subList(m + 1, n)))),
                        List.of());
                for (Term d : input.delta()) {
                    terms.add(d.times(rest));
                }
                terms.add(input.post().times(level));
                for (Term d : input.delta()) {
                    terms.add(d.times(level).negate());
                }
            }
            List<Select<?>> selects = new ArrayList<>();
            for (Term t : terms) {
                selects.add(TermSql.select(items(t, leaves), where(t, conditions.get(m)), ctx));
            }
            String sql = Sql.render(TermSql.unionAll(selects));
            if (m > 0) {
                below = j.alias() + "_" + m;
                ctes.add(quote(below) + " AS (" + sql + ")");
            } else {
                last = sql;
            }
        }
        String with = ctes.isEmpty() ? "" : "WITH " + String.join(", ", ctes) + " ";
        return exposed("(" + with + last + ")", j.alias(), leaves(inputs));
    }

    /** Writes a level's rows, read by the level above it. */
    static Table<?> table(JoinChange.Level level) {
        return exposed(quote(level.cte()), level.alias(), level.leaves());
    }

    /** The rows of a level with each leaf's columns under the leaf's alias. */
    private static Table<?> exposed(String rows, String alias, List<Body> leaves) {
        StringBuilder sql = new StringBuilder(rows).append(" AS ").append(quote(alias));
        int k = 0;
        for (Body leaf : leaves) {
            List<String> columns = new ArrayList<>();
            for (String c : columns(leaf)) {
                columns.add(quote(alias) + "." + quote(COLUMN + (++k)) + " AS " + quote(c));
            }
            sql.append(" CROSS JOIN LATERAL (SELECT ").append(String.join(", ", columns)).append(") AS ")
                    .append(quote(Leaves.alias(leaf)));
        }
        return DSL.table(DSL.raw(sql.toString()));
    }

    /** The weight and every leaf's columns, in order, as {@code __pgt_c1, __pgt_c2, ...}. */
    private static List<Field<?>> items(Term t, List<Body> leaves) {
        List<Field<?>> items = new ArrayList<>();
        items.add(TermSql.weight(t).as(TermSql.WEIGHT));
        for (Body leaf : leaves) {
            for (String c : columns(leaf)) {
                items.add(Sql.col(Leaves.alias(leaf), c).as(COLUMN + items.size()));
            }
        }
        return items;
    }

    private static List<String> columns(Body leaf) {
        if (leaf instanceof Scan s) {
            return s.columns();
        }
        return ((GroupedBody) leaf).outputs().stream().map(OutputColumnExpr::name).toList();
    }

    private static List<Body> leaves(List<JoinChange.Input> inputs) {
        List<Body> leaves = new ArrayList<>();
        inputs.forEach(i -> leaves.addAll(i.leaves()));
        return leaves;
    }

    private static Term where(Term t, List<Condition> conditions) {
        for (Condition c : conditions) {
            t = t.where(c);
        }
        return t;
    }

    /**
     * Orders the inputs from the last level up: each level takes the input that shares a condition with the levels
     * below it (so that {@code R_m ⋈ D₍ₘ₊₁₎} is a join, not a product) and, among those, one with a condition of its
     * own (a filter: the levels below it then carry fewer rows); ties go to the input last in plan order.
     */
    static List<JoinChange.Input> order(JoinChange j, DeltaContext ctx) {
        List<Set<String>> reads = new ArrayList<>();
        for (Condition c : conjuncts(j)) {
            reads.add(ctx.expressions().aliases(c));
        }
        List<JoinChange.Input> remaining = new ArrayList<>(j.inputs());
        List<JoinChange.Input> placed = new ArrayList<>();
        Set<String> below = new HashSet<>();
        while (!remaining.isEmpty()) {
            JoinChange.Input next = null;
            int best = -1;
            for (int i = remaining.size() - 1; i >= 0; i--) {
                Set<String> own = aliases(remaining.get(i));
                boolean joined = reads.stream().anyMatch(r -> r.stream().anyMatch(own::contains)
                        && r.stream().anyMatch(below::contains));
                boolean filtered = reads.stream().anyMatch(r -> !r.isEmpty() && own.containsAll(r));
                int score = (joined ? 2 : 0) + (filtered ? 1 : 0);
                if (score > best) {
                    best = score;
                    next = remaining.get(i);
                }
            }
            remaining.remove(next);
            placed.add(0, next);
            below.addAll(aliases(next));
        }
        return placed;
    }

    /**
     * Assigns each condition to the highest level whose inputs it reads only ({@code m} is the first in chain order of
     * the inputs it reads); a condition that reads none of them, or a column it cannot place, to level 0.
     */
    private static List<List<Condition>> levels(JoinChange j, List<JoinChange.Input> inputs, DeltaContext ctx) {
        List<List<Condition>> levels = new ArrayList<>();
        inputs.forEach(i -> levels.add(new ArrayList<>()));
        for (Condition c : conjuncts(j)) {
            Set<String> reads = ctx.expressions().aliases(c);
            int level = -1;
            for (int m = 0; m < inputs.size() && level < 0; m++) {
                Set<String> own = aliases(inputs.get(m));
                if (reads.stream().anyMatch(own::contains)) {
                    level = m;
                }
            }
            Set<String> inside = new HashSet<>();
            inputs.subList(Math.max(level, 0), inputs.size()).forEach(i -> inside.addAll(aliases(i)));
            levels.get(level < 0 || !inside.containsAll(reads) ? 0 : level).add(c);
        }
        return levels;
    }

    private static List<Condition> conjuncts(JoinChange j) {
        List<Condition> all = new ArrayList<>();
        for (Condition c : j.conditions()) {
            for (Condition part : Expressions.conjuncts(c)) {
                if (!part.equals(DSL.noCondition())) {
                    all.add(part);
                }
            }
        }
        return all;
    }

    /** The aliases of an input's scans, its grouped relations' and its semi joins' right sides included. */
    private static Set<String> aliases(JoinChange.Input input) {
        Set<String> aliases = new HashSet<>();
        input.leaves().forEach(l -> aliases.add(Leaves.alias(l)));
        input.post().sources().forEach(f -> aliases.addAll(sourceAliases(f)));
        return aliases;
    }

    private static List<String> sourceAliases(From f) {
        if (f instanceof Source s) {
            return List.of(s.scan().alias());
        }
        if (f instanceof GroupedSource g) {
            return List.of(g.grouped().alias());
        }
        if (f instanceof JoinedPost p) {
            List<String> all = new ArrayList<>();
            p.left().sources().forEach(x -> all.addAll(sourceAliases(x)));
            p.right().sources().forEach(x -> all.addAll(sourceAliases(x)));
            return all;
        }
        return List.of();
    }
}
