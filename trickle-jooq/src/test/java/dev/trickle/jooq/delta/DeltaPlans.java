package dev.trickle.jooq.delta;

import dev.trickle.jooq.Shop;
import dev.trickle.jooq.plan.Body;
import dev.trickle.jooq.plan.Expressions;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.sql.SqlNames;
import java.util.List;
import java.util.stream.Collectors;

/** Plans over {@link Shop} for the delta rule tests, and a one-line notation for delta terms. */
final class DeltaPlans {
    /** The stream table id every test compiles for. */
    static final long ID = 7;

    private DeltaPlans() {}

    static Plan plan(String sql, String... outputs) {
        return Shop.query(sql).outputs(outputs).plan();
    }

    /** The join-and-filter part of a plan: the input of its top operator. */
    static Body body(Plan plan) {
        return plan.root().input();
    }

    static DeltaContext ctx(Plan plan) {
        return new DeltaContext(SqlNames.name(new dev.trickle.TableName("public", "st")), new Expressions(plan.columns()),
                List.of());
    }

    /** The differential statement of a plan, as the compiler renders it for stream table {@link #ID}. */
    static String differentialSql(Plan plan) {
        NetChange net = new Differentiator().differentiate(plan, ctx(plan));
        return dev.trickle.jooq.sql.ApplyStatement.differential(ctx(plan).storage(), List.of(),
                new dev.trickle.jooq.sql.XidWindow(ID), Differentiator.changedSources(plan), net.ctes(), "");
    }

    static DeltaQuery delta(Plan plan) {
        return new Differentiator().delta(body(plan));
    }

    /**
     * Writes a term as {@code +1 Δo × c | "c"."id" = "o"."customer_id"}: its sign, its sources in order (Δ marks a
     * delta source, ⊥ a NULL-padded one, a bare alias the post-state, {@code Δ⋈(o c r)} the change of a join, γ a grouped
     * relation, {@code (o ⟕ c)} the post-state of an outer join, {@code (1:Δo ⊎ 2:c)} the rows of a union, each branch
     * term by branch number), its conditions, and its probes as {@code none-before(c)}, {@code lost-last(c)}, {@code
     * gained-first(c)} with the aliases of the probed relation.
     */
    static String describe(Term term, Expressions x) {
        String sources = term.sources().stream().map(DeltaPlans::describe).collect(Collectors.joining(" × "));
        String conditions = term.conditions().stream().map(x::render).collect(Collectors.joining(" and "));
        String probes = term.probes().stream().map(DeltaPlans::describe).collect(Collectors.joining(" and "));
        return (term.sign() > 0 ? "+1 " : "-1 ") + sources + (conditions.isEmpty() ? "" : " | " + conditions)
                + (probes.isEmpty() ? "" : " | " + probes);
    }

    /**
     * Writes a probe: a test of one relation's matches as {@code gained-first(c)}; a mark join's condition as {@code
     * keep(true, some-now(c), some-before(r))} with each mark's value, {@code not-keep(...)} when it must not hold.
     */
    private static String describe(Probe probe) {
        if (probe instanceof MatchProbe p) {
            return p.test().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "("
                    + String.join(" ", p.aliases()) + ")";
        }
        KeepTest k = (KeepTest) probe;
        return (k.holds() ? "keep(" : "not-keep(") + k.values().stream()
                .map(v -> v.probe() != null ? describe(v.probe()) : String.valueOf(v.constant()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String describe(From f) {
        if (f instanceof JoinedPost j) {
            String op = switch (j.kind()) {
                case LEFT -> " ⟕ ";
                case RIGHT -> " ⟖ ";
                case FULL -> " ⟗ ";
            };
            return "(" + j.left().sources().stream().map(DeltaPlans::describe).collect(Collectors.joining(" × "))
                    + op + j.right().sources().stream().map(DeltaPlans::describe).collect(Collectors.joining(" × "))
                    + ")";
        }
        if (f instanceof UnionRows u) {
            // branch i's term as i:(sources | conditions), parts joined by ⊎
            return "(" + u.parts().stream().map(p -> (p.branch() + 1) + ":" + (p.term().sign() < 0 ? "-" : "")
                    + p.term().sources().stream().map(DeltaPlans::describe).collect(Collectors.joining(" × ")))
                    .collect(Collectors.joining(" ⊎ ")) + ")";
        }
        if (f instanceof JoinChange j) {
            return "Δ⋈(" + j.inputs().stream().flatMap(i -> i.leaves().stream()).map(Leaves::alias)
                    .collect(Collectors.joining(" ")) + ")";
        }
        Version version = f instanceof GroupedSource g ? g.version() : ((Source) f).version();
        String alias = f instanceof GroupedSource g ? "γ" + g.grouped().alias() : ((Source) f).scan().alias();
        return switch (version) {
            case DELTA -> "Δ" + alias;
            case NULL -> "⊥" + alias;
            case POST -> alias;
        };
    }

    static List<String> describe(DeltaQuery delta, Plan plan) {
        Expressions x = new Expressions(plan.columns());
        return delta.terms().stream().map(t -> describe(t, x)).toList();
    }
}
